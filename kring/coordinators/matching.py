"""Rank coordinators for a case, with a plain-Dutch reason for every point of the rank.

The regional manager sees the best candidates and picks one; picking another than the best
candidate needs a reason (see `assignment.assign`). The criteria come from practice: region,
the family's main language (`Case.main_language`, chosen explicitly), a gender, language or
culture wish when one is recorded, room for another case, availability in the coming weeks,
and no conflict of interest. A candidate who does not speak the family's main language gets a
warning line. Equal scores are ordered by fixed rules, each explained (`_tie_note`): more of the
family's other languages, then fewer running cases, then the name.

The database ranks, Python explains (decision 145). `ranked_profiles` computes every active
coordinator's score, eligibility and place in one query, ordered like `Match.order`; only the
best `SHORTLIST` (and those asked for by name or by id) come back, and `_score` builds their
reasons. `_score` also computes the score itself, from the same facts: the two must agree, and
`tests/test_matching_sql_equals_python.py` (in this app) checks that they do over a varied registry.
Nothing in Python grows with the registry: three queries (the best, how many there are, their
absences) however many coordinators there are, and one more to find others by name.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import operator
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models import Case as SQLCase
from django.db.models.functions import Cast, Coalesce, Length, RowNumber, StrIndex, Trim
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.cases.models import Case, IndependenceDeclaration
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.coordinators.models import Absence, CoordinatorProfile
from kring.core.languages import language_name

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

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

# How many candidates the matching page ranks and explains: the ones a manager actually
# compares (a region has a few dozen coordinators; the rest of the country scores lower on
# region alone). Everybody else is found by name.
SHORTLIST = 20
# A name search needs this many letters, and shows at most this many people outside the
# shortlist (more: "type more letters").
MIN_NAME_LENGTH = 2
FOUND_LIMIT = 20

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower case for A-Z only: what SQL's LOWER() does on both databases (see `AsciiLower`),
    so that Python and SQL compare and order names and wishes the same way."""
    return text.translate(_ASCII_LOWER)


def _fold(text: str) -> str:
    """A wish or a background as compared: spaces trimmed, A-Z in lower case."""
    return ascii_lower(text.strip(" "))


class AsciiLower(Func):
    """LOWER() of A-Z only, ordered by code point, on SQLite and PostgreSQL alike.

    SQLite's LOWER() folds only A-Z and its default collation compares code points. On
    PostgreSQL the "C" collation does both (its LOWER() under "C" leaves other letters alone,
    and the result sorts byte-wise, which for UTF-8 is code point order, as Python compares
    `str`). Without it, PostgreSQL would fold "Ö" and sort by the database's locale, and the
    SQL order would differ from `Match.order`.
    """

    function = "LOWER"
    output_field = CharField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _AsSqlType:
        return self.as_sql(
            compiler, connection, template='LOWER((%(expressions)s) COLLATE "C")', **extra
        )


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
        """The fixed order: eligible first, then score, then the tie-breaks. `ranked_profiles`
        orders the same way in SQL."""
        return (
            not self.eligible,
            -self.score,
            -self.other_languages,
            self.active_cases,
            ascii_lower(self.user.full_name),
            str(self.user.uuid),
        )


@dataclass
class Ranking:
    """The best candidates for a case, those asked for by name or by id, and how many
    coordinators there are in all."""

    # The best `SHORTLIST`, ranks 1, 2, 3...
    top: list[Match]
    # Found by name or asked for by id, outside the top; each with their own rank.
    found: list[Match]
    # Found by name but already in the top.
    found_in_top: list[Match]
    # The name matched more people outside the top than `FOUND_LIMIT`.
    more_found: bool
    # Active coordinators in the registry.
    total: int

    @property
    def best(self) -> Match | None:
        return next((m for m in self.top if m.eligible), None)

    @property
    def others(self) -> int:
        """How many active coordinators are not in the top."""
        return max(self.total - len(self.top), 0)

    def get(self, user: User) -> Match | None:
        return next((m for m in [*self.top, *self.found] if m.user.pk == user.pk), None)


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


def running_cases(user: str = "") -> Coalesce:
    """How many cases a coordinator runs now: the kept count (`cases.RunningCaseCount`, decision
    192) of the rows being annotated (users), or of the user at the path `user` from them; 0
    for someone who never had a case. A LEFT JOIN on a one-to-one, read with the row: no count
    over the cases per coordinator (issue 15)."""
    path = f"{user}__running_case_count__running" if user else "running_case_count__running"
    return Coalesce(F(path), Value(0))


def _running_besides(case: Case) -> Expression:
    """Each candidate's running cases other than `case`: its own coordinator, while it runs,
    counts one fewer (they are not weighed down by the case they are matched for)."""
    running: Expression = running_cases("user")
    if case.coordinator_id is not None and case.status in COORDINATOR_TASK_STATES:
        running = running - _points(Q(user_id=case.coordinator_id), 1)
    return ExpressionWrapper(running, output_field=IntegerField())


def _points(condition: Q | Expression, points: int, otherwise: int = 0) -> SQLCase:
    return SQLCase(
        When(condition, then=Value(points)), default=Value(otherwise), output_field=IntegerField()
    )


def _speaks(code: str) -> GreaterThan:
    """The profile's `languages` list holds `code`. A text match on the JSON text of the list:
    '"tr"' with its quotes occurs in it exactly when one element is "tr" (the codes are plain
    ISO letters); the same on SQLite's JSON text and PostgreSQL's jsonb, and case-sensitive
    like Python's `in`. Cheap on the registry's ~1 500 rows."""
    return GreaterThan(StrIndex(Cast("languages", TextField()), Value(json.dumps(code))), 0)


def _culture_fits(wanted: str) -> Q:
    """The background holds the wish or the wish holds the background, both trimmed and in
    lower case, neither empty (`_score` says the same in Python)."""
    own = AsciiLower(Trim("cultural_background"))
    return Q(GreaterThan(Length(Trim("cultural_background")), 0)) & (
        Q(GreaterThan(StrIndex(own, Value(wanted)), 0))
        | Q(GreaterThan(StrIndex(Value(wanted), own), 0))
    )


def _name_matches(name: str) -> Q:
    """A word of the name starts with `name` (first or last name). The registry is small and
    the ranking reads all of its rows anyway: no index could serve this."""
    return Q(user__full_name__istartswith=name) | Q(user__full_name__icontains=" " + name)


# What the ranking, its explanations (`_score`) and the cards read of a profile and its user:
# the rest of their ~35 columns (certificate files, notes, the account's own fields) would be
# selected and built into objects for each of ~1 500 rows sorted and 20 shown (issue 15).
RANKED_FIELDS = (
    "user_id",
    "languages",
    "gender",
    "cultural_background",
    "training_completed_on",
    "max_cases",
    "declaration_signed_at",
    "user__uuid",
    "user__full_name",
)

# `Match.order` in SQL: the annotations of `ranked_profiles`.
ORDER = [
    F("eligible").desc(),
    F("score").desc(),
    F("other_languages").desc(),
    F("running").asc(),
    F("name_key").asc(),
    F("user__uuid").asc(),
]


def ranked_profiles(case: Case, today: datetime.date | None = None) -> QuerySet[CoordinatorProfile]:
    """Every active coordinator's profile annotated with what `_score` computes, in SQL:
    `score`, `eligible`, `other_languages`, `running`, `in_region`, `conflict` and `name_key`;
    ordered like `Match.order`. Slice it for the best N."""
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=AVAILABILITY_WINDOW_DAYS)
    main = case.main_language
    regions = User.regions.through.objects.filter(region_id=case.region_id)
    conflicts = IndependenceDeclaration.objects.filter(case=case, has_conflict=True)
    absences = Absence.objects.filter(
        profile=OuterRef("pk"), starts_on__lte=window_end, ends_on__gte=today
    )
    qs = (
        active_profiles()
        .select_related("user")
        .only(*RANKED_FIELDS)
        .annotate(
            running=_running_besides(case),
            # Uncorrelated IN: PostgreSQL hashes the few rows once instead of probing per row.
            in_region=ExpressionWrapper(
                Q(user_id__in=regions.values("user_id")), output_field=BooleanField()
            ),
            conflict=ExpressionWrapper(
                Q(user_id__in=conflicts.values("coordinator_id")), output_field=BooleanField()
            ),
            name_key=AsciiLower("user__full_name"),
        )
        # Only in the score: the reasons read the absence itself (its dates).
        .alias(absent=Exists(absences))
    )
    others = [code for code in case.languages if code != main]
    other_languages: Expression = functools.reduce(
        operator.add, [_points(_speaks(code), 1) for code in others], Value(0)
    )
    parts: list[Expression] = [
        _points(Q(in_region=True), W_REGION),
        _points(_speaks(main), W_LANGUAGE),
        _points(Q(running__lt=F("max_cases")), W_CAPACITY, -PENALTY_FULL),
        _points(Q(absent=True), -PENALTY_ABSENT, W_AVAILABLE),
    ]
    if case.preferred_language:
        parts.append(_points(_speaks(case.preferred_language), W_WISH))
    if case.preferred_gender:
        parts.append(_points(Q(gender=case.preferred_gender), W_WISH))
    if case.preferred_culture and (wanted := _fold(case.preferred_culture)):
        parts.append(_points(_culture_fits(wanted), W_WISH))
    eligible = (
        Q(conflict=False)
        & Q(training_completed_on__isnull=False)
        & Q(declaration_signed_at__isnull=False)
    )
    if case.coordinator_id is not None:
        eligible &= ~Q(user_id=case.coordinator_id)
    return qs.annotate(
        score=ExpressionWrapper(functools.reduce(operator.add, parts), IntegerField()),
        other_languages=ExpressionWrapper(other_languages, IntegerField()),
        eligible=ExpressionWrapper(eligible, output_field=BooleanField()),
    ).order_by(*ORDER)


def rank_coordinators(
    case: Case,
    today: datetime.date | None = None,
    *,
    limit: int = SHORTLIST,
    name: str = "",
    include: Collection[uuid.UUID] = (),
) -> Ranking:
    """The best `limit` active coordinators for `case`, ranked and explained; also those whose
    name has a word starting with `name` (at least `MIN_NAME_LENGTH` letters; at most
    `FOUND_LIMIT` outside the top) and the users whose uuid is in `include`, each with their
    place among all.

    The best: one query, `ORDER BY ... LIMIT`; how many there are: a count; the absences of the
    rows shown: one more. Those found or asked for: one query more, which numbers the whole
    registry with a window function and returns only them.
    """
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=AVAILABILITY_WINDOW_DAYS)
    name = name.strip()
    searching = len(name) >= MIN_NAME_LENGTH
    ranked = ranked_profiles(case, today)
    top_rows = list(ranked[:limit])
    total = active_profiles().count()
    extra_rows = _found(ranked, name if searching else "", include, limit)
    absent: dict[int, Absence] = {}
    for absence in Absence.objects.filter(
        profile__in=[p.pk for p in [*top_rows, *extra_rows]],
        starts_on__lte=window_end,
        ends_on__gte=today,
    ).order_by("starts_on", "id"):
        absent.setdefault(absence.profile_id, absence)

    def explain(profile: CoordinatorProfile, rank: int) -> Match:
        match = _score(
            case,
            profile,
            in_region=bool(_annotated(profile, "in_region")),
            absence=absent.get(profile.pk),
            conflict=bool(_annotated(profile, "conflict")),
        )
        match.rank = rank
        return match

    top = [explain(p, rank) for rank, p in enumerate(top_rows, start=1)]
    for above, below in itertools.pairwise(top):
        if above.eligible and below.eligible and above.score == below.score:
            below.tie_note = _tie_note(above, below)
    position = functools.partial(_annotated, name="position")
    outside = [p for p in extra_rows if position(p) > limit]
    asked = [p for p in outside if p.user.uuid in include]
    by_name = [p for p in outside if p.user.uuid not in include]
    named_in_top = {p.pk for p in extra_rows if position(p) <= limit and getattr(p, "found", False)}
    return Ranking(
        top=top,
        found=[
            explain(p, position(p)) for p in sorted([*asked, *by_name[:FOUND_LIMIT]], key=position)
        ],
        found_in_top=[m for m in top if m.profile.pk in named_in_top],
        more_found=len(by_name) > FOUND_LIMIT,
        total=total,
    )


def _annotated(profile: CoordinatorProfile, name: str) -> int:
    """An annotation of `ranked_profiles` or `_found` on a row (mypy knows only the model)."""
    value: int = getattr(profile, name)
    return value


def active_profiles() -> QuerySet[CoordinatorProfile]:
    """The registry that matching ranks: profiles of active coordinators."""
    return CoordinatorProfile.objects.filter(user__role=Role.COORDINATOR, user__is_active=True)


def _found(
    ranked: QuerySet[CoordinatorProfile],
    name: str,
    include: Collection[uuid.UUID],
    limit: int,
) -> list[CoordinatorProfile]:
    """The profiles found by `name` (if given) or asked for by uuid, each with its `position` in the
    whole ranking (a window over every row). A condition on a window runs after it (Django
    wraps the query), so the other conditions are joined to one with OR: they filter the
    numbered rows instead of the rows to number."""
    if not name and not include:
        return []
    ranked = ranked.annotate(position=Window(RowNumber(), order_by=ORDER))
    wanted = Q(position__lt=1)  # never true: it makes the whole condition one on the window
    if include:
        wanted |= Q(user__uuid__in=list(include))
    if name:
        # Each match's place among the matches: enough to fill FOUND_LIMIT outside the top,
        # and one more to tell that there are more.
        ranked = ranked.annotate(
            found=ExpressionWrapper(_name_matches(name), output_field=BooleanField())
        ).annotate(found_position=Window(RowNumber(), partition_by=F("found"), order_by=ORDER))
        wanted |= Q(found=True, found_position__lte=limit + FOUND_LIMIT + 1)
    return list(ranked.filter(wanted).order_by("position"))


def _score(
    case: Case,
    profile: CoordinatorProfile,
    *,
    in_region: bool,
    absence: Absence | None,
    conflict: bool,
) -> Match:
    """Score `profile` for `case` and say why, point by point. The facts that need other
    tables come in (`in_region`, the first `absence` in the window, a declared `conflict`),
    with the running cases as `profile.running`; the rest is read from the profile here."""
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

    if in_region:
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
        wanted = _fold(case.preferred_culture)
        own = _fold(profile.cultural_background)
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
