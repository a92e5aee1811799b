"""The database ranks, Python explains: both must give every coordinator the same score, the
same eligibility and the same place, or the page shows points that do not match its order.

A varied registry (every criterion both ways, ties at every tie-break, names that differ only
in case or in letters outside A-Z, language codes that are prefixes of others) is ranked for a
few cases by `ranked_profiles` and by `_score` on facts read here independently, with plain
Python; the two lists must be equal. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections import Counter

import pytest

from kring.accounts.models import Role
from kring.cases.models import Case, IndependenceDeclaration
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.cases.tests.factories import new_case
from kring.coordinators.matching import (
    AVAILABILITY_WINDOW_DAYS,
    Match,
    _score,
    rank_coordinators,
    ranked_profiles,
)
from kring.coordinators.models import Absence, CoordinatorProfile
from kring.coordinators.tests.factories import AbsenceFactory, CoordinatorProfileFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
LANGUAGES = ["nl", "tr", "ar", "ku", "ber", "be", "pap", "pa", "en"]
CULTURES = ["", "Turks", "turks-nederlands", "  TURKS ", "Nederlands", "Koerdisch", "tu", "Özbeeks"]
NAMES = [
    "Anna de Vries",
    "anna de vries",
    "ANNA DE VRIES",
    "Özlem Kaya",
    "özlem Kaya",
    "Zeki Aydın",
    "Émile Bos",
    "ábel Smit",
    "Bas",
]


def _python_ranking(case: Case) -> list[Match]:
    """What `rank_coordinators` did before SQL ranked: every profile scored by `_score` on
    facts read with plain queries and Python, then sorted by `Match.order`."""
    window_end = TODAY + datetime.timedelta(days=AVAILABILITY_WINDOW_DAYS)
    profiles = list(
        CoordinatorProfile.objects.filter(user__role=Role.COORDINATOR, user__is_active=True)
        .select_related("user")
        .prefetch_related("user__regions")
    )
    running = Counter(
        Case.objects.filter(status__in=COORDINATOR_TASK_STATES)
        .exclude(pk=case.pk)
        .values_list("coordinator_id", flat=True)
    )
    first_absence: dict[int, Absence] = {}
    for absence in Absence.objects.order_by("starts_on", "id"):
        if absence.starts_on <= window_end and absence.ends_on >= TODAY:
            first_absence.setdefault(absence.profile_id, absence)
    conflicted = {
        d.coordinator_id
        for d in IndependenceDeclaration.objects.filter(case=case)
        if d.has_conflict
    }
    matches = []
    for profile in profiles:
        profile.running = running[profile.user_id]  # type: ignore[attr-defined]
        matches.append(
            _score(
                case,
                profile,
                in_region=case.region_id in {r.pk for r in profile.user.regions.all()},
                absence=first_absence.get(profile.pk),
                conflict=profile.user_id in conflicted,
            )
        )
    matches.sort(key=lambda m: m.order)
    return matches


@pytest.fixture
def registry(make_user, region, other_region, municipality, other_municipality):
    """About sixty coordinators drawn from small pools (so that scores tie), plus the odd ones."""
    rng = random.Random(145)
    window_end = TODAY + datetime.timedelta(days=AVAILABILITY_WINDOW_DAYS)
    absences = [
        None,
        None,
        (TODAY, TODAY),  # today only: counts
        (window_end, window_end + datetime.timedelta(days=5)),  # starts on the last day: counts
        (window_end + datetime.timedelta(days=1), window_end + datetime.timedelta(days=9)),
        (TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=1)),  # over
    ]
    users = []
    for i in range(60):
        user = make_user(
            Role.COORDINATOR,
            regions=rng.choice([[], [region], [other_region], [region, other_region]]),
            full_name=rng.choice(NAMES),
        )
        profile = CoordinatorProfileFactory(
            user=user,
            languages=rng.sample(LANGUAGES, rng.randint(0, 3)),
            gender=rng.choice(["", "f", "m", "x"]),
            cultural_background=rng.choice(CULTURES),
            max_cases=rng.randint(1, 3),
            untrained=rng.random() < 0.1,
            unsigned=rng.random() < 0.1,
        )
        absence = rng.choice(absences)
        if absence:
            AbsenceFactory(profile=profile, starts_on=absence[0], ends_on=absence[1])
        for _n in range(rng.choice([0, 0, 0, 1, 2])):
            new_case(
                municipality=rng.choice([municipality, other_municipality]),
                coordinator=user,
                in_preparation=True,
            )
        if i % 7 == 0:
            # Cases that no longer count: closed, or stopped.
            new_case(municipality=municipality, coordinator=user, checked_in=True)
        users.append(user)
    # Three the same in everything but the uuid (and the case of their name).
    for name in ("Cas Gelijk", "cas gelijk", "Cas Gelijk"):
        CoordinatorProfileFactory(
            user=make_user(Role.COORDINATOR, regions=[region], full_name=name),
            languages=["nl", "tr"],
        )
    # Not in the registry's ranking: inactive, or a profile left on another role.
    CoordinatorProfileFactory(user=make_user(Role.COORDINATOR, is_active=False))
    CoordinatorProfileFactory(user=make_user(Role.REGIONAL_MANAGER))
    return users


def _cases(municipality, registry):
    turkish = new_case(
        municipality=municipality,
        languages=["tr", "ku", "ber", "tr"],
        main_language="tr",
        preferred_language="ar",
        preferred_gender="f",
        preferred_culture="Turks",
    )
    for coordinator, conflict in zip(
        registry[:6], [True, False, True, False, True, True], strict=True
    ):
        IndependenceDeclaration.objects.create(
            case=turkish, coordinator=coordinator, has_conflict=conflict
        )
    plain = new_case(municipality=municipality, languages=["nl"], main_language="nl")
    # A running case: its coordinator cannot be chosen again, and it does not count as load.
    running = new_case(
        municipality=municipality,
        coordinator=registry[10],
        in_preparation=True,
        languages=["pa", "nl"],
        main_language="pa",
        preferred_language="be",
        preferred_gender="x",
        preferred_culture=" TURKS-nederlands ",
    )
    blank_wish = new_case(municipality=municipality, preferred_culture="   ", main_language="ber")
    return [turkish, plain, running, blank_wish]


def _sql_rows(case):
    return list(
        ranked_profiles(case, TODAY).values_list(  # type: ignore[misc]
            "user_id", "score", "eligible", "other_languages", "running"
        )
    )


def _python_rows(matches):
    return [(m.user.pk, m.score, m.eligible, m.other_languages, m.active_cases) for m in matches]


def test_sql_scores_and_orders_like_python(registry, municipality):
    for case in _cases(municipality, registry):
        expected = _python_ranking(case)
        assert _sql_rows(case) == _python_rows(expected), case.reference
        # And the page's ranking: the same people, places and reasons.
        ranking = rank_coordinators(case, TODAY, limit=len(expected))
        assert [(m.user.pk, m.rank, m.score) for m in ranking.top] == [
            (m.user.pk, rank, m.score) for rank, m in enumerate(expected, start=1)
        ]
        assert [m.reasons for m in ranking.top] == [m.reasons for m in expected]
        assert [m.blockers for m in ranking.top] == [m.blockers for m in expected]


def test_the_set_exercises_every_criterion_and_every_tie_break(registry, municipality):
    """Guards the test above: a registry that never hits a criterion proves nothing about it."""
    texts: set[str] = set()
    tie_breaks: set[str] = set()
    for case in _cases(municipality, registry):
        matches = _python_ranking(case)
        for m in matches:
            texts.update(f"{r.ok}:{r.text.split(' ')[0]} {r.text.split(' ')[1]}" for r in m.reasons)
            texts.update(m.blockers)
        eligible = [m for m in matches if m.eligible]
        for above, below in itertools.pairwise(eligible):
            if above.score != below.score:
                continue
            if above.other_languages != below.other_languages:
                tie_breaks.add("languages")
            elif above.active_cases != below.active_cases:
                tie_breaks.add("load")
            elif above.order[4] != below.order[4]:
                tie_breaks.add("name")
            else:
                tie_breaks.add("uuid")
    for expected in [
        "True:Werkt in",
        "False:Werkt niet",
        "True:Spreekt Türkçe,",
        "False:Spreekt geen",
        "True:Spreekt ook",
        "True:Spreekt العربيّة,",
        "True:Past bij",
        "False:Past niet",
        "True:Culturele achtergrond",  # both "fits" and "does not fit" start so
        "True:Heeft ruimte:",
        "False:Zit vol:",
        "True:Beschikbaar de",
        "False:Afwezig van",
        "Is nu de coördinator van dit traject",
        "Heeft voor dit traject een belang of relatie gemeld",
        "Training nog niet afgerond",
        "Verklaring van onafhankelijkheid nog niet getekend",
    ]:
        assert expected in texts, expected
    assert "False:Culturele achtergrond" in texts
    assert tie_breaks == {"languages", "load", "name", "uuid"}


def test_a_found_coordinator_has_their_place_among_all(registry, municipality, make_user):
    """Those found by name or asked for by id keep the place the whole ranking gives them."""
    case = _cases(municipality, registry)[0]
    expected = {m.user.pk: rank for rank, m in enumerate(_python_ranking(case), start=1)}
    ranking = rank_coordinators(case, TODAY, limit=3, name="öz", include=[registry[-1].uuid])
    assert [m.rank for m in ranking.top] == [1, 2, 3]
    assert ranking.found
    for m in [*ranking.top, *ranking.found]:
        assert m.rank == expected[m.user.pk]
    assert registry[-1].pk in {m.user.pk for m in [*ranking.top, *ranking.found]}
    found_by_name = {m.user.pk for m in ranking.found if m.user.pk != registry[-1].pk}
    assert {m.user.full_name.split()[0].lower() for m in ranking.found_in_top} <= {"özlem"}
    assert all(
        m.user.full_name.lower().startswith("özlem")
        for m in ranking.found
        if m.user.pk in found_by_name
    )
    assert ranking.total == len(expected)
