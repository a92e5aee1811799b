"""The ranked list of coordinators for a case, each rank with its reasons."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.cases.models import IndependenceDeclaration
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.coordinators.matching import rank_coordinators
from kring.coordinators.tests.factories import AbsenceFactory, CoordinatorProfileFactory

pytestmark = pytest.mark.django_db


def _texts(match):
    return [(r.ok, r.text) for r in match.reasons]


def _by_user(matches, user):
    return next(m for m in matches if m.user == user)


@pytest.fixture
def turkish_case(municipality, manager):
    return new_case(
        municipality=municipality,
        regional_manager=manager,
        languages=["tr", "nl"],
        preferred_gender="f",
        preferred_culture="Turks",
    )


def test_best_match_speaks_the_language_in_the_region_and_fits_the_wish(
    turkish_case, make_user, region, other_region
):
    ayse = make_user(Role.COORDINATOR, regions=[region], full_name="Ayşe Kaya")
    CoordinatorProfileFactory(
        user=ayse, languages=["nl", "tr"], gender="f", cultural_background="Turks-Nederlands"
    )
    wim = make_user(Role.COORDINATOR, regions=[region], full_name="Wim Hoekstra")
    CoordinatorProfileFactory(user=wim, languages=["nl", "fy"], gender="m")
    far = make_user(Role.COORDINATOR, regions=[other_region], full_name="Selin Demir")
    CoordinatorProfileFactory(user=far, languages=["tr"], gender="f", cultural_background="Turks")
    matches = rank_coordinators(turkish_case)
    assert [m.user for m in matches] == [ayse, far, wim]
    best = matches[0]
    assert best.rank == 1
    assert (True, "Werkt in regio Noord-Holland") in _texts(best)
    assert (True, "Spreekt Türkçe, de hoofdtaal van het gezin") in _texts(best)
    assert (True, "Past bij de wens: Een vrouw") in _texts(best)
    assert (True, "Culturele achtergrond past bij de wens: Turks") in _texts(best)
    assert (True, "Heeft ruimte: 0 van 3 trajecten") in _texts(best)
    assert (True, "Beschikbaar de komende weken") in _texts(best)
    assert (True, "Geen belang of relatie gemeld") in _texts(best)
    assert (False, "Werkt niet in regio Noord-Holland") in _texts(matches[1])
    assert (False, "Past niet bij de wens: Een vrouw") in _texts(matches[2])
    # Wim does not speak the family's language: a warning line, not only a reason.
    assert matches[2].warnings == [
        "Let op: spreekt geen Türkçe, de taal van het gezin. Dan is er bij elk gesprek een "
        "tolk nodig."
    ]
    assert best.warnings == []


def test_a_full_or_absent_coordinator_ranks_lower_with_the_reason(
    requested_case, make_coordinator, municipality
):
    free = make_coordinator()
    full = make_coordinator(max_cases=1)
    new_case(municipality=municipality, coordinator=full, in_preparation=True)
    away = make_coordinator()
    AbsenceFactory(
        profile=away.coordinator_profile,
        starts_on=timezone.localdate() + datetime.timedelta(days=2),
        ends_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    matches = rank_coordinators(requested_case)
    assert matches[0].user == free
    assert (False, "Zit vol: 1 van 1 trajecten") in _texts(_by_user(matches, full))
    away_texts = [t for ok, t in _texts(_by_user(matches, away)) if not ok]
    assert any(t.startswith("Afwezig van ") for t in away_texts)


def test_untrained_unsigned_and_conflicted_cannot_be_chosen(
    requested_case, make_user, make_coordinator
):
    untrained = make_user(Role.COORDINATOR)
    CoordinatorProfileFactory(user=untrained, untrained=True)
    unsigned = make_user(Role.COORDINATOR)
    CoordinatorProfileFactory(user=unsigned, unsigned=True)
    conflicted = make_coordinator()
    IndependenceDeclaration.objects.create(
        case=requested_case, coordinator=conflicted, has_conflict=True, note="buurman"
    )
    ok = make_coordinator()
    matches = rank_coordinators(requested_case)
    assert matches[0].user == ok and matches[0].eligible
    assert _by_user(matches, untrained).blockers == ["Training nog niet afgerond"]
    assert _by_user(matches, unsigned).blockers == [
        "Verklaring van onafhankelijkheid nog niet getekend"
    ]
    assert _by_user(matches, conflicted).blockers == [
        "Heeft voor dit traject een belang of relatie gemeld"
    ]
    assert all(not m.eligible for m in matches[1:])


@pytest.mark.parametrize("n", [1, 50])
def test_ranking_costs_an_exact_number_of_queries(
    n, requested_case, make_coordinator, django_assert_num_queries
):
    for _i in range(n):
        make_coordinator()
    # profiles (+user, running cases), their regions, absences, conflicts declared
    with django_assert_num_queries(4):
        matches = rank_coordinators(requested_case)
    assert len(matches) == n


class TestMatchPage:
    def test_manager_sees_the_ranked_list_with_reasons(
        self, requested_case, coordinator, manager, client_for
    ):
        response = client_for(manager).get(
            reverse("coordinators:match", args=[requested_case.uuid])
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert coordinator.full_name in html
        assert "Werkt in regio Noord-Holland" in html
        assert "beste keuze" in html

    def test_assigning_from_the_list(self, requested_case, coordinator, manager, client_for):
        response = client_for(manager).post(
            reverse("coordinators:assign", args=[requested_case.uuid]),
            {"coordinator": str(coordinator.uuid)},
        )
        assert response.status_code == 302
        requested_case.refresh_from_db()
        assert requested_case.coordinator == coordinator
        assert requested_case.status == Status.COORDINATOR_ASSIGNED

    def test_a_lower_pick_without_reason_explains_itself(
        self, requested_case, coordinator, manager, client_for, make_coordinator, other_region
    ):
        elsewhere = make_coordinator(regions=[other_region])
        response = client_for(manager).post(
            reverse("coordinators:assign", args=[requested_case.uuid]),
            {"coordinator": str(elsewhere.uuid)},
        )
        assert response.status_code == 400
        assert "staat niet bovenaan de lijst" in response.content.decode()
        requested_case.refresh_from_db()
        assert requested_case.status == Status.REQUESTED

    def test_no_choice_gives_a_clear_error(self, requested_case, manager, client_for):
        response = client_for(manager).post(
            reverse("coordinators:assign", args=[requested_case.uuid]), {}
        )
        assert response.status_code == 400
        assert "Kies een coördinator." in response.content.decode()

    def test_second_manager_is_told_it_is_already_assigned(
        self, requested_case, coordinator, manager, client_for, make_user
    ):
        client_for(manager).post(
            reverse("coordinators:assign", args=[requested_case.uuid]),
            {"coordinator": str(coordinator.uuid)},
        )
        second = make_user(Role.REGIONAL_MANAGER)
        response = client_for(second).post(
            reverse("coordinators:assign", args=[requested_case.uuid]),
            {"coordinator": str(coordinator.uuid)},
            follow=True,
        )
        assert "al een coördinator" in response.content.decode()

    @pytest.mark.parametrize("who", ["coordinator", "professional", "funder"])
    def test_others_may_not_match(
        self, who, requested_case, coordinator, professional, funder, client_for
    ):
        user = {"coordinator": coordinator, "professional": professional, "funder": funder}[who]
        response = client_for(user).get(reverse("coordinators:match", args=[requested_case.uuid]))
        assert response.status_code == 404

    @pytest.mark.parametrize("n", [1, 50])
    def test_match_page_exact_query_count(
        self,
        n,
        requested_case,
        manager,
        make_coordinator,
        client_for,
        django_assert_num_queries,
    ):
        for _i in range(n):
            make_coordinator()
        client = client_for(manager)
        url = reverse("coordinators:match", args=[requested_case.uuid])
        # session, user, case for the gate and for viewing (+region, municipality, coordinator,
        # manager), audit insert, the ranking's 4 (profiles, regions, absences, conflicts)
        with django_assert_num_queries(9):
            response = client.get(url)
        assert len(response.context["matches"]) == n


def test_the_main_language_is_the_one_chosen_not_the_first_ticked(municipality, make_user, region):
    # The family speaks Dutch too, but its main language is Turkish: that is what counts.
    case = new_case(municipality=municipality, languages=["nl", "tr"], main_language="tr")
    dutch = make_user(Role.COORDINATOR, regions=[region], full_name="Aad Dutch")
    CoordinatorProfileFactory(user=dutch, languages=["nl"])
    turkish = make_user(Role.COORDINATOR, regions=[region], full_name="Zeynep Türk")
    CoordinatorProfileFactory(user=turkish, languages=["tr"])
    matches = rank_coordinators(case)
    assert [m.user for m in matches] == [turkish, dutch]
    assert matches[1].warnings and "Türkçe" in matches[1].warnings[0]
    assert (False, "Spreekt geen Türkçe, de hoofdtaal van het gezin") in _texts(matches[1])


def test_equal_scores_are_ordered_by_fixed_rules_and_each_is_explained(
    municipality, make_user, region
):
    case = new_case(municipality=municipality, languages=["tr", "ku"], main_language="tr")

    def candidate(name, languages, running=0):
        user = make_user(Role.COORDINATOR, regions=[region], full_name=name)
        CoordinatorProfileFactory(user=user, languages=languages, max_cases=5)
        for _i in range(running):
            new_case(municipality=municipality, coordinator=user, in_preparation=True)
        return user

    zeki = candidate("Zeki Aydın", ["tr", "ku"])
    busy = candidate("Ahmet Busy", ["tr"], running=2)
    free_b = candidate("Berk Free", ["tr"])
    free_a = candidate("Aylin Free", ["tr"])
    matches = rank_coordinators(case)
    assert [m.user for m in matches] == [zeki, free_a, free_b, busy]
    assert len({m.score for m in matches}) == 1
    assert matches[0].tie_note == ""
    assert matches[1].tie_note == (
        "Evenveel punten als nummer 1: nummer 1 spreekt meer talen van het gezin."
    )
    assert matches[2].tie_note == (
        "Evenveel punten als nummer 2: bij een gelijke stand gaat de naam op alfabet voor."
    )
    assert matches[3].tie_note == (
        "Evenveel punten als nummer 3: nummer 3 heeft minder lopende trajecten."
    )
    # The same order every time.
    assert [m.user for m in rank_coordinators(case)] == [zeki, free_a, free_b, busy]


def test_a_language_wish_counts_and_is_explained(municipality, make_user, region):
    case = new_case(municipality=municipality, preferred_language="ar")
    speaks = make_user(Role.COORDINATOR, regions=[region], full_name="Nadia Wens")
    CoordinatorProfileFactory(user=speaks, languages=["nl", "ar"])
    not_ = make_user(Role.COORDINATOR, regions=[region], full_name="Aad Geen")
    CoordinatorProfileFactory(user=not_, languages=["nl"])
    matches = rank_coordinators(case)
    assert matches[0].user == speaks
    assert (True, "Spreekt العربيّة, zoals gewenst") in _texts(matches[0])
    assert (False, "Spreekt geen العربيّة (gewenst)") in _texts(matches[1])
    assert matches[0].score == matches[1].score + 10


def test_the_match_page_shows_the_warning_and_the_tie_notes(
    requested_case, manager, make_user, region, client_for
):
    type(requested_case).objects.filter(pk=requested_case.pk).update(
        main_language="tr", languages=["tr"]
    )
    for name in ("Bas Een", "Cas Twee"):
        user = make_user(Role.COORDINATOR, regions=[region], full_name=name)
        CoordinatorProfileFactory(user=user, languages=["nl"])
    html = (
        client_for(manager)
        .get(reverse("coordinators:match", args=[requested_case.uuid]))
        .content.decode()
    )
    assert "Let op: spreekt geen Türkçe, de taal van het gezin." in html
    assert "Evenveel punten als nummer 1" in html
    assert "Hoofdtaal van het gezin" in html


@pytest.mark.parametrize("n", [1, 50])
def test_match_page_exact_query_count(
    n, requested_case, manager, make_coordinator, client_for, django_assert_num_queries
):
    for _i in range(n):
        make_coordinator()
    c = client_for(manager)
    url = reverse("coordinators:match", args=[requested_case.uuid])
    c.get(url)
    # session, user, case for the check and for viewing (+...), audit insert; the ranking:
    # profiles (+user, running cases), their regions, absences, conflicts
    with django_assert_num_queries(9):
        assert c.get(url).status_code == 200
