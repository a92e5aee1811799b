"""The ranked list of coordinators for a case, each rank with its reasons."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.cases import transitions
from kring.cases.load import recount
from kring.cases.models import CoordinatorAssignment, IndependenceDeclaration
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.coordinators import matching
from kring.coordinators.matching import SHORTLIST, rank_coordinators
from kring.coordinators.models import CoordinatorProfile
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
    matches = rank_coordinators(turkish_case).top
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
    matches = rank_coordinators(requested_case).top
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
    matches = rank_coordinators(requested_case).top
    assert matches[0].user == ok and matches[0].eligible
    assert _by_user(matches, untrained).blockers == ["Training nog niet afgerond"]
    assert _by_user(matches, unsigned).blockers == [
        "Verklaring van onafhankelijkheid nog niet getekend"
    ]
    assert _by_user(matches, conflicted).blockers == [
        "Heeft voor dit traject een belang of relatie gemeld"
    ]
    assert all(not m.eligible for m in matches[1:])


@pytest.mark.parametrize("n", [1, SHORTLIST + 30])
def test_ranking_costs_an_exact_number_of_queries(
    n, requested_case, make_coordinator, django_assert_num_queries
):
    for _i in range(n):
        make_coordinator()
    # the best (profiles + users, with their score), how many there are, their absences
    with django_assert_num_queries(3):
        ranking = rank_coordinators(requested_case)
    assert len(ranking.top) == min(n, SHORTLIST)
    assert ranking.total == n
    assert ranking.others == max(n - SHORTLIST, 0)
    assert [m.rank for m in ranking.top] == list(range(1, len(ranking.top) + 1))


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

    @pytest.mark.parametrize("n", [1, SHORTLIST + 30])
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
        # session, user (+region ids), case once for the gate and the page (+region,
        # municipality, coordinator, manager), audit insert; the ranking's 3 (the best, how many,
        # absences)
        with django_assert_num_queries(7):
            response = client.get(url)
        assert len(response.context["matches"]) == min(n, SHORTLIST)


def test_every_kind_of_card_costs_no_query_more(
    municipality, manager, make_coordinator, region, client_for, django_assert_num_queries
):
    """The ranking selects only `RANKED_FIELDS`: a card that read another column of a profile
    or its user would cost a query per card. Every reason, badge and blocker is on this page:
    all three wishes met and not, another language, an absence, a conflict, untrained,
    unsigned, full, with and without a certificate, outside the region."""
    case = new_case(
        municipality=municipality,
        regional_manager=manager,
        languages=["tr", "ku"],
        main_language="tr",
        preferred_language="ku",
        preferred_gender="m",
        preferred_culture="Koerdisch",
    )
    fits = make_coordinator(
        regions=[region], languages=["tr", "ku"], gender="m", cultural_background="Koerdisch"
    )
    absent = make_coordinator(regions=[region], languages=["tr"], gender="f")
    AbsenceFactory(profile=absent.coordinator_profile)
    conflicted = make_coordinator(regions=[region])
    IndependenceDeclaration.objects.create(
        case=case, coordinator=conflicted, has_conflict=True, note="Buurman"
    )
    make_coordinator(regions=[region], training_completed_on=None, certificate_number="")
    make_coordinator(regions=[region], declaration_signed_at=None)
    full = make_coordinator(regions=[region], max_cases=1)
    new_case(municipality=municipality, assigned=True, coordinator=full)
    recount([full.pk])
    make_coordinator(regions=[], languages=["ar"], cultural_background="Marokkaans")
    client = client_for(manager)
    url = reverse("coordinators:match", args=[case.uuid])
    with django_assert_num_queries(7):
        response = client.get(url)
    html = response.content.decode()
    assert response.context["matches"][0].user == fits
    assert len(response.context["matches"]) == 7
    assert fits.full_name.split()[0] in html


def test_the_main_language_is_the_one_chosen_not_the_first_ticked(municipality, make_user, region):
    # The family speaks Dutch too, but its main language is Turkish: that is what counts.
    case = new_case(municipality=municipality, languages=["nl", "tr"], main_language="tr")
    dutch = make_user(Role.COORDINATOR, regions=[region], full_name="Aad Dutch")
    CoordinatorProfileFactory(user=dutch, languages=["nl"])
    turkish = make_user(Role.COORDINATOR, regions=[region], full_name="Zeynep Türk")
    CoordinatorProfileFactory(user=turkish, languages=["tr"])
    matches = rank_coordinators(case).top
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
    matches = rank_coordinators(case).top
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
    assert [m.user for m in rank_coordinators(case).top] == [zeki, free_a, free_b, busy]


def test_a_language_wish_counts_and_is_explained(municipality, make_user, region):
    case = new_case(municipality=municipality, preferred_language="ar")
    speaks = make_user(Role.COORDINATOR, regions=[region], full_name="Nadia Wens")
    CoordinatorProfileFactory(user=speaks, languages=["nl", "ar"])
    not_ = make_user(Role.COORDINATOR, regions=[region], full_name="Aad Geen")
    CoordinatorProfileFactory(user=not_, languages=["nl"])
    matches = rank_coordinators(case).top
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


@pytest.mark.parametrize("n", [1, SHORTLIST + 30])
@pytest.mark.parametrize("search", ["", "Ka"])
def test_match_page_exact_query_count(
    n, search, requested_case, manager, make_coordinator, client_for, django_assert_num_queries
):
    for _i in range(n):
        make_coordinator()
    c = client_for(manager)
    url = reverse("coordinators:match", args=[requested_case.uuid]) + f"?q={search}"
    c.get(url)
    # session, user (+region ids), case once for the check and the page (+...), audit insert; the
    # ranking: the best, how many there are, the absences of those shown; a name search adds one
    # query (those found, numbered among all). However many coordinators there are.
    with django_assert_num_queries(8 if search else 7):
        assert c.get(url).status_code == 200


class TestFindingOthersByName:
    """The page ranks the best SHORTLIST; anyone else is found by name, ranked with the same
    rules, and may be chosen (with a reason when not the best)."""

    @pytest.fixture
    def crowded(self, requested_case, make_user, region, other_region):
        """SHORTLIST good candidates in the region, and Zwaan Verweg far away."""
        for i in range(SHORTLIST):
            user = make_user(Role.COORDINATOR, regions=[region], full_name=f"Kandidaat {i:02d}")
            CoordinatorProfileFactory(user=user)
        far = make_user(Role.COORDINATOR, regions=[other_region], full_name="Zwaan Verweg")
        CoordinatorProfileFactory(user=far)
        return far

    def _page(self, client, case, q=""):
        url = reverse("coordinators:match", args=[case.uuid])
        return client.get(url, {"q": q} if q else {})

    def test_the_page_shows_the_best_and_says_how_many_others_there_are(
        self, crowded, requested_case, manager, client_for
    ):
        response = self._page(client_for(manager), requested_case)
        html = response.content.decode()
        assert len(response.context["matches"]) == SHORTLIST
        assert "Zwaan Verweg" not in html
        assert "Er is nog 1 andere coördinator." in html
        assert "Zoek een andere coördinator op naam" in html

    @pytest.mark.parametrize("q", ["Zwa", "verw", "  VERWEG "])
    def test_a_first_or_last_name_finds_them_with_place_and_reasons(
        self, q, crowded, requested_case, manager, client_for
    ):
        html = self._page(client_for(manager), requested_case, q).content.decode()
        assert "Gevonden met „" in html
        assert f"{SHORTLIST + 1}. Zwaan Verweg" in html
        assert "Werkt niet in regio Noord-Holland" in html
        assert f'value="{crowded.uuid}"' in html
        assert "Het nummer is de plaats in de hele lijst." in html

    def test_too_short_nobody_and_already_in_the_list_are_said_plainly(
        self, crowded, requested_case, manager, client_for
    ):
        c = client_for(manager)
        assert (
            "Typ minstens 2 letters van de naam."
            in self._page(c, requested_case, "Z").content.decode()
        )
        assert (
            "Niemand gevonden met deze naam."
            in self._page(c, requested_case, "Qx").content.decode()
        )
        html = self._page(c, requested_case, "Kandidaat 03").content.decode()
        assert "Staat al bij de beste coördinatoren hieronder:" in html
        assert html.count('id="kies-') == SHORTLIST  # nobody twice

    def test_many_found_are_capped_with_a_hint(
        self, crowded, requested_case, make_user, region, monkeypatch
    ):
        monkeypatch.setattr(matching, "FOUND_LIMIT", 2)
        ranking = rank_coordinators(requested_case, limit=3, name="kandidaat")
        assert len(ranking.found) == 2 and ranking.more_found
        assert [m.rank for m in ranking.found] == [4, 5]
        assert [m.rank for m in ranking.found_in_top] == [1, 2, 3]

    def test_a_found_coordinator_can_be_chosen_with_a_reason(
        self, crowded, requested_case, manager, client_for
    ):
        c = client_for(manager)
        url = reverse("coordinators:assign", args=[requested_case.uuid])
        refused = c.post(url, {"coordinator": str(crowded.uuid), "q": "zwa"})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "staat niet bovenaan de lijst" in html
        # Still on the page, still chosen, the search kept.
        assert f'value="{crowded.uuid}" id="kies-{crowded.uuid}" checked' in html
        assert 'name="q" value="zwa"' in html
        # Chosen without a search (the search box emptied): still shown, under "Uw keuze".
        html = c.post(url, {"coordinator": str(crowded.uuid)}).content.decode()
        assert "Uw keuze" in html and f'id="kies-{crowded.uuid}" checked' in html
        response = c.post(
            url, {"coordinator": str(crowded.uuid), "override_reason": "Kent de familie al"}
        )
        assert response.status_code == 302
        requested_case.refresh_from_db()
        assert requested_case.coordinator == crowded
        row = CoordinatorAssignment.objects.get(case=requested_case)
        assert (row.rank, row.reason) == (SHORTLIST + 1, "Kent de familie al")

    def test_a_found_coordinator_who_cannot_take_it_is_refused(
        self, crowded, requested_case, manager, client_for, make_user
    ):
        untrained = make_user(Role.COORDINATOR, full_name="Ongetraind Persoon")
        CoordinatorProfileFactory(user=untrained, untrained=True)
        c = client_for(manager)
        html = self._page(c, requested_case, "ongetr").content.decode()
        assert f'id="kies-{untrained.uuid}" disabled' in html
        response = c.post(
            reverse("coordinators:assign", args=[requested_case.uuid]),
            {"coordinator": str(untrained.uuid), "override_reason": "toch"},
        )
        assert response.status_code == 400
        assert "Training nog niet afgerond" in response.content.decode()
        requested_case.refresh_from_db()
        assert requested_case.status == Status.REQUESTED


def test_the_ranking_reads_the_kept_count_not_the_cases(
    requested_case, make_coordinator, municipality
):
    """Each coordinator's running cases come from the kept count (`cases.RunningCaseCount`,
    decision 192), joined to the registry's rows: the ranking's query reads no case rows, however
    many cases there are."""
    busy = make_coordinator()
    for _i in range(2):
        new_case(municipality=municipality, coordinator=busy, in_preparation=True)
    new_case(municipality=municipality, coordinator=busy, checked_in=True)
    make_coordinator()
    with CaptureQueriesContext(connection) as captured:
        ranking = rank_coordinators(requested_case)
    sql = captured.captured_queries[0]["sql"]
    assert '"cases_runningcasecount"' in sql
    assert '"cases_case"' not in sql, sql
    assert _by_user(ranking.top, busy).active_cases == 2


def test_the_case_itself_does_not_count_for_its_own_coordinator(
    municipality, manager, make_coordinator
):
    """Matched again (a replacement), the current coordinator's load leaves this case out, as
    long as it runs; their other running cases count."""
    current = make_coordinator(max_cases=2)
    case = new_case(
        municipality=municipality,
        regional_manager=manager,
        coordinator=current,
        in_preparation=True,
    )
    new_case(municipality=municipality, coordinator=current, in_preparation=True)
    match = rank_coordinators(case).get(current)
    assert match is not None and match.active_cases == 1
    assert (True, "Heeft ruimte: 1 van 2 trajecten") in _texts(match)
    # Stopped, the case no longer runs: nothing to leave out.
    transitions.stop_case(case, actor=manager, reason="withdrawn")
    case.refresh_from_db()
    match = rank_coordinators(case).get(current)
    assert match is not None and match.active_cases == 1


@pytest.mark.parametrize(
    ("language", "fits", "fits_not", "best", "cannot"),
    [
        ("nl", "Past:", "Past niet:", "beste keuze", "Kan niet:"),
        ("en", "Fits:", "Does not fit:", "best choice", "Cannot:"),
    ],
)
def test_every_card_carries_its_words_for_a_screen_reader_in_the_users_language(
    language, fits, fits_not, best, cannot, requested_case, manager, make_coordinator, client_for
):
    """The words of a card are translated once per page (a third of the template's work on 20
    cards): every card still has them, in the page's language, and the chosen one stays ticked."""
    make_coordinator()
    elsewhere = make_coordinator(regions=[])
    untrained = make_coordinator()
    CoordinatorProfile.objects.filter(user=untrained).update(training_completed_on=None)
    client = client_for(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # A lower pick without a reason: the page again, with the choice kept.
    response = client.post(
        reverse("coordinators:assign", args=[requested_case.uuid]),
        {"coordinator": str(elsewhere.uuid)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    ranking = rank_coordinators(requested_case)
    hidden = re.findall(r'<span class="visually-hidden">([^<]*)</span>', html)
    reasons = [r for m in ranking.top for r in m.reasons]
    assert hidden.count(fits) == sum(r.ok for r in reasons) > 0
    assert hidden.count(fits_not) == sum(not r.ok for r in reasons) > 0
    assert hidden.count(cannot) == sum(len(m.blockers) for m in ranking.top) > 0
    assert html.count(best) == 1
    for m in ranking.top:
        assert f'id="redenen-{m.user.uuid}"' in html
        assert f'for="kies-{m.user.uuid}"' in html
    assert re.findall(r'value="([^"]+)" id="kies-[^"]+" checked', html) == [str(elsewhere.uuid)]
