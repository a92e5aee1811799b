"""Rank coordinators for a case, with a plain-Dutch reason for every point of the rank.

The regional manager sees the ranked list and picks one; picking another than the best
candidate needs a reason (see `assignment.assign`). The criteria come from
practice: region, the family's main language (`Case.main_language`, chosen explicitly), a
gender, language or culture wish when one is recorded, room for another case, availability in
the coming weeks, and no conflict of interest. A candidate who does not speak the family's main
language gets a warning line. Equal scores are ordered by fixed rules, each explained
(`TIE_BREAKS`): more of the family's other languages, then fewer running cases, then the name.

The ranking costs a fixed number of queries however many coordinators there are: profiles
with users, their regions, their running cases, absences, and conflicts on this case.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.cases.models import Case, IndependenceDeclaration
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.coordinators.models import Absence, CoordinatorProfile
from kring.core.languages import language_name

# Weights: region and language matter most; a recorded wish next; capacity and availability
# turn a candidate from "good" into "possible now".
W_REGION = 40
W_LANGUAGE = 30
W_WISH = 10
W_CAPACITY = 15
W_AVAILABLE = 15
PENALTY_FULL = 40
PENALTY_ABSENT = 40

# How far ahead an absence counts: the first weeks are when contact and preparation happen.
AVAILABILITY_WINDOW_DAYS = 21


@dataclass
class Reason:
    ok: bool
    text: str


@dataclass
class Match:
    """One candidate for a case: the score, why, and whether they may be assigned at all."""

    profile: CoordinatorProfile
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    # Shown apart from the reasons, so that nobody misses them (no shared language).
    warnings: list[str] = field(default_factory=list)
    active_cases: int = 0
    # How many of the family's languages besides the main one this coordinator speaks.
    other_languages: int = 0
    rank: int = 0
    # Why this candidate stands below one with the same score.
    tie_note: str = ""

    @property
    def user(self) -> User:
        return self.profile.user

    @property
    def eligible(self) -> bool:
        return not self.blockers

    @property
    def order(self) -> tuple[bool, int, int, int, str, str]:
        """The fixed order: eligible first, then score, then the tie-breaks."""
        return (
            not self.eligible,
            -self.score,
            -self.other_languages,
            self.active_cases,
            self.user.full_name.casefold(),
            str(self.user.uuid),
        )


def _tie_note(above: Match, below: Match) -> str:
    """Why `below` comes after `above` although both have the same score."""
    if above.other_languages != below.other_languages:
        reason = _("nummer %(rank)s spreekt meer talen van het gezin")
    elif above.active_cases != below.active_cases:
        reason = _("nummer %(rank)s heeft minder lopende trajecten")
    else:
        reason = _("bij een gelijke stand gaat de naam op alfabet voor")
    return _("Evenveel punten als nummer %(rank)s: %(reason)s.") % {
        "rank": above.rank,
        "reason": reason % {"rank": above.rank},
    }


def running_cases(coordinator: OuterRef, *, exclude: int | None = None) -> Coalesce:
    """How many cases a coordinator runs now, as a correlated subquery with the status in its
    WHERE: it reads the (coordinator, status, ...) index for their running cases only, not
    every historical case of every coordinator joined and grouped (issue 15)."""
    running = Case.objects.filter(
        coordinator=coordinator, status__in=sorted(COORDINATOR_TASK_STATES)
    )
    if exclude is not None:
        running = running.exclude(pk=exclude)
    counted = running.order_by().values("coordinator").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def rank_coordinators(case: Case, today: datetime.date | None = None) -> list[Match]:
    """All active coordinators ranked for `case`: eligible first, then by score and load."""
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=AVAILABILITY_WINDOW_DAYS)
    profiles = list(
        CoordinatorProfile.objects.filter(user__role=Role.COORDINATOR, user__is_active=True)
        .select_related("user")
        .prefetch_related("user__regions")
        .annotate(running=running_cases(OuterRef("user_id"), exclude=case.pk))
    )
    absent: dict[int, Absence] = {}
    for absence in Absence.objects.filter(
        profile__in=[p.pk for p in profiles], starts_on__lte=window_end, ends_on__gte=today
    ).order_by("starts_on"):
        absent.setdefault(absence.profile_id, absence)
    conflicted = set(
        IndependenceDeclaration.objects.filter(case=case, has_conflict=True).values_list(
            "coordinator_id", flat=True
        )
    )
    matches = [_score(case, p, absent.get(p.pk), p.user_id in conflicted) for p in profiles]
    matches.sort(key=lambda m: m.order)
    for position, match in enumerate(matches, start=1):
        match.rank = position
    for above, below in itertools.pairwise(matches):
        if above.eligible and below.eligible and above.score == below.score:
            below.tie_note = _tie_note(above, below)
    return matches


def _score(
    case: Case, profile: CoordinatorProfile, absence: Absence | None, conflict: bool
) -> Match:
    match = Match(profile=profile, active_cases=getattr(profile, "running", 0))
    add = match.reasons.append

    if profile.user_id == case.coordinator_id:
        match.blockers.append(_("Is nu de coördinator van dit traject"))
    if conflict:
        match.blockers.append(_("Heeft voor dit traject een belang of relatie gemeld"))
    if not profile.is_trained:
        match.blockers.append(_("Training nog niet afgerond"))
    if not profile.has_signed_declaration:
        match.blockers.append(_("Verklaring van onafhankelijkheid nog niet getekend"))

    region_ids = {r.pk for r in profile.user.regions.all()}
    if case.region_id in region_ids:
        match.score += W_REGION
        add(Reason(True, _("Werkt in regio %(region)s") % {"region": case.region.name}))
    else:
        add(Reason(False, _("Werkt niet in regio %(region)s") % {"region": case.region.name}))

    spoken = set(profile.languages)
    main = case.main_language
    main_name = language_name(main)
    if main in spoken:
        match.score += W_LANGUAGE
        add(
            Reason(
                True,
                _("Spreekt %(language)s, de hoofdtaal van het gezin") % {"language": main_name},
            )
        )
    else:
        add(
            Reason(
                False,
                _("Spreekt geen %(language)s, de hoofdtaal van het gezin")
                % {"language": main_name},
            )
        )
        match.warnings.append(
            _(
                "Let op: spreekt geen %(language)s, de taal van het gezin. Dan is er bij elk "
                "gesprek een tolk nodig."
            )
            % {"language": main_name}
        )
    others = [code for code in case.languages if code != main and code in spoken]
    match.other_languages = len(others)
    if others:
        add(
            Reason(
                True,
                _("Spreekt ook %(languages)s")
                % {"languages": ", ".join(language_name(c) for c in others)},
            )
        )
    if case.preferred_language:
        wished = language_name(case.preferred_language)
        if case.preferred_language in spoken:
            match.score += W_WISH
            add(Reason(True, _("Spreekt %(language)s, zoals gewenst") % {"language": wished}))
        else:
            add(Reason(False, _("Spreekt geen %(language)s (gewenst)") % {"language": wished}))

    if case.preferred_gender:
        wish = case.get_preferred_gender_display()
        if profile.gender == case.preferred_gender:
            match.score += W_WISH
            add(Reason(True, _("Past bij de wens: %(wish)s") % {"wish": wish}))
        else:
            add(Reason(False, _("Past niet bij de wens: %(wish)s") % {"wish": wish}))
    if case.preferred_culture:
        wanted = case.preferred_culture.strip().casefold()
        own = profile.cultural_background.strip().casefold()
        if wanted and own and (wanted in own or own in wanted):
            match.score += W_WISH
            add(
                Reason(
                    True,
                    _("Culturele achtergrond past bij de wens: %(wish)s")
                    % {"wish": case.preferred_culture},
                )
            )
        else:
            add(
                Reason(
                    False,
                    _("Culturele achtergrond past niet bij de wens: %(wish)s")
                    % {"wish": case.preferred_culture},
                )
            )

    if match.active_cases < profile.max_cases:
        match.score += W_CAPACITY
        add(
            Reason(
                True,
                _("Heeft ruimte: %(n)s van %(max)s trajecten")
                % {"n": match.active_cases, "max": profile.max_cases},
            )
        )
    else:
        match.score -= PENALTY_FULL
        add(
            Reason(
                False,
                _("Zit vol: %(n)s van %(max)s trajecten")
                % {"n": match.active_cases, "max": profile.max_cases},
            )
        )

    if absence is None:
        match.score += W_AVAILABLE
        add(Reason(True, _("Beschikbaar de komende weken")))
    else:
        match.score -= PENALTY_ABSENT
        add(
            Reason(
                False,
                _("Afwezig van %(start)s tot en met %(end)s")
                % {
                    "start": absence.starts_on.strftime("%d-%m-%Y"),
                    "end": absence.ends_on.strftime("%d-%m-%Y"),
                },
            )
        )
    if not conflict:
        add(Reason(True, _("Geen belang of relatie gemeld")))
    return match
