"""Who may open the case page and use its actions: one table of URL x role -> status."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases import transitions
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.cases.views import SIMPLE_ACTIONS
from kring.outbox import services as outbox

pytestmark = pytest.mark.django_db

POST_URLS = [
    "cases:declare",
    "cases:first_contact",
    "cases:log_contact",
    "cases:stop",
    "cases:withdraw",
    "coordinators:assign",
    *[f"cases:{a.name}" for a in SIMPLE_ACTIONS],
]


@pytest.fixture
def people(manager, admin_user, coordinator, make_user, other_region, funder):
    other_manager = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    return {
        "manager": manager,
        "admin": admin_user,
        "coordinator": coordinator,
        "other_coordinator": make_user(Role.COORDINATOR),
        "other_manager": other_manager,
        "professional": make_user(Role.PROFESSIONAL),
        "funder": funder,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("manager", 200),
        ("admin", 200),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("other_manager", 404),
        ("professional", 404),
        ("funder", 404),
    ],
)
def test_case_page_by_role(who, expected, people, declared_case, client_for):
    response = client_for(people[who]).get(reverse("cases:detail", args=[declared_case.uuid]))
    assert response.status_code == expected


def test_anonymous_visitors_are_sent_to_login(client, declared_case):
    response = client.get(reverse("cases:detail", args=[declared_case.uuid]))
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


@pytest.mark.parametrize("name", POST_URLS)
def test_every_action_url_refuses_get(name, declared_case, client_for, manager):
    response = client_for(manager).get(reverse(name, args=[declared_case.uuid]))
    assert response.status_code == 405


@pytest.mark.parametrize("name", POST_URLS)
@pytest.mark.parametrize("who", ["other_coordinator", "other_manager", "professional", "funder"])
def test_outsiders_get_404_on_every_action(name, who, people, declared_case, client_for):
    response = client_for(people[who]).post(reverse(name, args=[declared_case.uuid]))
    assert response.status_code == 404
    declared_case.refresh_from_db()
    assert declared_case.status == Status.COORDINATOR_ASSIGNED


@pytest.mark.parametrize("trait", ["checked_in", "stopped"])
def test_after_check_in_or_stop_the_coordinator_gets_404_everywhere(
    trait, coordinator, municipality, client_for
):
    case = new_case(municipality=municipality, coordinator=coordinator, **{trait: True})
    client = client_for(coordinator)
    assert client.get(reverse("cases:detail", args=[case.uuid])).status_code == 404
    for name in POST_URLS:
        assert client.post(reverse(name, args=[case.uuid])).status_code == 404, name


def test_coordinator_may_not_use_manager_only_actions(coordinator, municipality, client_for):
    case = new_case(municipality=municipality, coordinator=coordinator, delivered=True)
    client = client_for(coordinator)
    response = client.post(reverse("cases:stop", args=[case.uuid]), {"stop-reason": "withdrawn"})
    assert response.status_code == 403


def test_page_shows_only_the_allowed_actions_per_role(
    coordinator, manager, municipality, client_for
):
    case = new_case(municipality=municipality, coordinator=coordinator, checked_in=True)
    manager_page = client_for(manager).get(reverse("cases:detail", args=[case.uuid]))
    html = manager_page.content.decode()
    # The follow-up is recorded on its own page (kring.followup), which starts it.
    assert reverse("followup:case", args=[case.uuid]) in html
    assert reverse("cases:close_case", args=[case.uuid]) in html
    assert reverse("cases:stop", args=[case.uuid]) in html
    assert reverse("conferences:record", args=[case.uuid]) not in html
    assert "Conferentie voorbereiden" not in html

    case = new_case(municipality=municipality, coordinator=coordinator, held=True)
    html = client_for(coordinator).get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert reverse("plans:detail", args=[case.uuid]) in html
    assert reverse("cases:stop", args=[case.uuid]) not in html
    assert reverse("cases:close_case", args=[case.uuid]) not in html


def test_buttons_move_the_case_and_the_timeline_shows_it(
    coordinator, municipality, client_for, manager
):
    case = new_case(municipality=municipality, coordinator=coordinator, checked_in=True)
    client = client_for(manager)
    response = client.post(reverse("cases:close_case", args=[case.uuid]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    page = client.get(reverse("cases:detail", args=[case.uuid]))
    assert "Afgesloten" in page.content.decode()
    assert manager.full_name in page.content.decode()


def test_a_refused_transition_is_shown_in_dutch_not_a_500(
    coordinator, manager, municipality, client_for
):
    case = new_case(municipality=municipality, coordinator=coordinator, checked_in=True)
    client = client_for(manager)
    client.post(reverse("cases:close_case", args=[case.uuid]))
    # A second tab still shows the button; the state table refuses in plain Dutch.
    response = client.post(reverse("cases:close_case", args=[case.uuid]), follow=True)
    assert response.status_code == 200
    assert "Dit kan nu niet: het traject staat op" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_stop_form_errors_keep_what_was_typed(declared_case, manager, client_for):
    response = client_for(manager).post(
        reverse("cases:stop", args=[declared_case.uuid]),
        {"stop-reason": "other", "stop-note": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf kort op waarom het traject stopt." in html
    assert "error-summary" in html


def test_stop_with_a_reason(declared_case, manager, client_for):
    response = client_for(manager).post(
        reverse("cases:stop", args=[declared_case.uuid]),
        {"stop-reason": "plan_without_conference", "stop-note": "Familie maakte zelf een plan"},
    )
    assert response.status_code == 302
    declared_case.refresh_from_db()
    assert declared_case.status == Status.STOPPED


def test_viewing_the_case_writes_a_read_event(declared_case, manager, client_for):
    client_for(manager).get(reverse("cases:detail", args=[declared_case.uuid]))
    assert AuditEvent.objects.filter(case_id=declared_case.uuid, action="view").count() == 1


@pytest.mark.parametrize("n", [1, 50])
def test_case_page_exact_query_count(
    n, declared_case, manager, client_for, django_assert_num_queries, make_user
):
    # A coordinator history whose rows name three users each: their names are read with the
    # rows (only the names, ASSIGNMENT_FIELDS), never one by one.
    for i in range(n):
        successor = make_user("coordinator", full_name=f"Opvolger {i}")
        transitions.replace_coordinator(
            declared_case,
            successor,
            actor=manager,
            reason=f"Ziek {i}",
            check=lambda _case: {"rank": 2, "score": 7},
        )
    for i in range(n):
        # No address: stored as failed at once, shown on the case page to be handled.
        outbox.queue(
            "test.undelivered", to="", subject=f"Uitnodiging {i}", text="-", case=declared_case
        )
    for i in range(n):
        transitions.log_contact(
            declared_case,
            actor=manager,
            occurred_on=timezone.localdate(),
            with_whom=f"Buurvrouw {i}",
            channel="phone",
        )
    client = client_for(manager)
    # session, user (+region ids), the case once for the gate and the page (+region,
    # municipality, coordinator, manager, request), audit insert, timeline (+actor), assignment
    # history (staff), main people, contacts (+author), undelivered messages, plan summary, funding
    # summary (staff)
    with django_assert_num_queries(11):
        response = client.get(reverse("cases:detail", args=[declared_case.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Buurvrouw") == n
    shown = min(n, 20)  # ASSIGNMENTS_CAP
    assert html.count("naar Opvolger") == shown
    assert html.count("(geen e-mailadres)") == min(n, 20)  # UNDELIVERED_CAP
    assert html.count("nummer 2, 7 punten") >= shown
    assert f"naar Opvolger {n - 1}" in html and f"Ziek {n - 1}" in html
    assert html.count(f"— {manager.full_name}") >= shown


def test_manager_withdraws_the_coordinator_and_chooses_again(
    declared_case, manager, coordinator, client_for
):
    response = client_for(manager).post(
        reverse("cases:withdraw", args=[declared_case.uuid]),
        {"withdraw-reason": "Coördinator is ziek geworden"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coordinators:match", args=[declared_case.uuid])
    declared_case.refresh_from_db()
    assert declared_case.status == Status.REQUESTED
    assert (
        client_for(coordinator).get(reverse("cases:detail", args=[declared_case.uuid])).status_code
        == 404
    )


def test_withdraw_without_reason_is_explained(declared_case, manager, client_for):
    response = client_for(manager).post(reverse("cases:withdraw", args=[declared_case.uuid]))
    assert response.status_code == 400
    assert "Schrijf kort op waarom u de coördinator terugneemt." in response.content.decode()


def test_coordinator_cannot_withdraw_themselves(declared_case, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("cases:withdraw", args=[declared_case.uuid]), {"withdraw-reason": "x"}
    )
    assert response.status_code == 403
