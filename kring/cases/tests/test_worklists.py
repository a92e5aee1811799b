"""Start pages: the manager's cases (unassigned and overdue first), the coordinator's own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.cases.tests.factories import new_case

pytestmark = pytest.mark.django_db


def _sections(html):
    return (
        html.index('id="zonder-coordinator"'),
        html.index('id="te-laat"'),
        html.index('id="alle"'),
    )


def test_start_and_case_list_are_different_pages_for_staff(
    municipality, manager, coordinator, client_for
):
    running = new_case(
        municipality=municipality,
        coordinator=coordinator,
        scheduled=True,
        reference="EK-2026-10009",
    )
    client = client_for(manager)
    start = client.get(reverse("portal:start")).content.decode()
    cases = client.get(reverse("cases:list")).content.decode()
    # Start holds what waits now; "Trajecten" lists every running case of the regions.
    assert running.reference not in start
    assert running.reference in cases
    assert "Welkom" in start and "Welkom" not in cases
    assert reverse("cases:list") in start


def test_manager_sees_unassigned_and_overdue_first(municipality, manager, coordinator, client_for):
    unassigned = new_case(municipality=municipality, reference="EK-2026-10001")
    late = new_case(
        municipality=municipality,
        coordinator=coordinator,
        assigned=True,
        reference="EK-2026-10002",
        contact_due=timezone.localdate() - datetime.timedelta(days=2),
    )
    running = new_case(
        municipality=municipality,
        coordinator=coordinator,
        scheduled=True,
        reference="EK-2026-10003",
    )
    html = client_for(manager).get(reverse("portal:start")).content.decode()
    first, second, third = _sections(html)
    assert first < html.index(unassigned.reference) < second
    assert second < html.index(late.reference) < third
    assert running.reference not in html  # on the case list, not on the start page
    assert "Coördinator kiezen" in html  # the next step for a requested case


def test_manager_filters_by_state(municipality, manager, coordinator, client_for):
    new_case(
        municipality=municipality,
        coordinator=coordinator,
        scheduled=True,
        reference="EK-2026-20001",
    )
    new_case(municipality=municipality, checked_in=True, status="closed", reference="EK-2026-20002")
    client = client_for(manager)
    html = client.get(reverse("cases:list"), {"status": "conference_scheduled"}).content.decode()
    assert "EK-2026-20001" in html and "EK-2026-20002" not in html
    html = client.get(reverse("cases:list")).content.decode()
    assert "EK-2026-20002" not in html  # closed cases are hidden by default
    html = client.get(reverse("cases:list"), {"status": "alle"}).content.decode()
    assert "EK-2026-20002" in html


def test_manager_does_not_see_other_regions(other_municipality, manager, client_for):
    case = new_case(municipality=other_municipality)
    html = client_for(manager).get(reverse("portal:start")).content.decode()
    assert case.reference not in html


def test_coordinator_sees_own_running_cases_with_next_step(
    municipality, coordinator, make_user, client_for
):
    mine = new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
    finished = new_case(municipality=municipality, coordinator=coordinator, checked_in=True)
    other = new_case(
        municipality=municipality, coordinator=make_user(Role.COORDINATOR), in_preparation=True
    )
    html = client_for(coordinator).get(reverse("portal:start")).content.decode()
    assert mine.reference in html
    assert "Kring samenstellen en conferentie plannen" in html
    assert finished.reference not in html
    assert other.reference not in html


def test_delivered_plan_shows_the_check_in_deadline(municipality, coordinator, client_for):
    new_case(municipality=municipality, coordinator=coordinator, delivered=True)
    html = client_for(coordinator).get(reverse("portal:start")).content.decode()
    assert "Nabellen rond" in html


def test_an_overdue_check_in_is_announced_as_a_late_check_in(municipality, coordinator, client_for):
    case = new_case(municipality=municipality, coordinator=coordinator, delivered=True)
    long_ago = timezone.now() - datetime.timedelta(days=60)
    type(case).objects.filter(pk=case.pk).update(conference_held_at=long_ago)
    html = client_for(coordinator).get(reverse("portal:start")).content.decode()
    assert "Bij 1 traject is het nabelgesprek te laat." in html
    assert "eerste contact verlopen" not in html


def test_an_overdue_first_contact_is_announced_as_such(municipality, coordinator, client_for):
    new_case(
        municipality=municipality,
        coordinator=coordinator,
        declared=True,
        contact_due=timezone.localdate() - datetime.timedelta(days=3),
    )
    html = client_for(coordinator).get(reverse("portal:start")).content.decode()
    assert "Bij 1 traject is de termijn voor het eerste contact verlopen." in html
    assert "nabelgesprek te laat" not in html


def test_worklists_write_one_read_event_per_page_without_names(
    municipality, manager, coordinator, client_for
):
    from kring.audit.models import AuditEvent

    new_case(municipality=municipality, main_person_names="Ayten Yılmaz")
    new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
    client_for(manager).get(reverse("portal:start"))
    client_for(manager).get(reverse("cases:list"))
    client_for(coordinator).get(reverse("portal:start"))
    events = AuditEvent.objects.filter(action="view").order_by("id")
    assert [(e.key, e.changes) for e in events] == [
        ("case.list_viewed", {"list": "manager_start", "rows": 1}),
        ("case.list_viewed", {"list": "cases", "rows": 2}),
        ("case.list_viewed", {"list": "coordinator_start", "rows": 1}),
    ]
    assert "Ayten" not in str([e.changes for e in events])


def test_worklist_pages_with_a_cursor(municipality, manager, client_for):
    for i in range(30):
        new_case(municipality=municipality, reference=f"EK-2026-3{i:04d}", status="requested")
    client = client_for(manager)
    response = client.get(reverse("cases:list"), {"status": "requested"})
    page = response.context["page"]
    assert len(page.items) == 25 and page.has_next
    second = client.get(reverse("cases:list"), {"status": "requested", "na": page.next_cursor})
    assert len(second.context["page"].items) == 5


# One case in each running state, in turn: every branch of worklists.rows() gets rows.
TRAITS = [{"assigned": True}, {}, {"in_preparation": True}, {"scheduled": True}]
TRAITS += [{"held": True}, {"delivered": True}, {"checked_in": True}]


def _running_cases(n, municipality, coordinator):
    late = timezone.localdate() - datetime.timedelta(days=1)
    for i in range(n):
        traits = TRAITS[i % len(TRAITS)]
        if traits:
            traits = {**traits, "coordinator": coordinator}
        new_case(municipality=municipality, contact_due=late, **traits)


@pytest.mark.parametrize("n", [1, 50])
def test_manager_start_exact_query_count(
    n, municipality, manager, coordinator, client_for, django_assert_num_queries
):
    _running_cases(n, municipality, coordinator)
    client = client_for(manager)
    # session, user (+region ids), cases: without coordinator, overdue
    # (+municipality, coordinator); the read event; capped counts: without coordinator,
    # overdue, new requests
    with django_assert_num_queries(8):
        response = client.get(reverse("portal:start"))
    assert response.context["overdue"]


@pytest.mark.parametrize("n", [1, 50])
def test_coordinator_start_exact_query_count(
    n, municipality, coordinator, client_for, django_assert_num_queries
):
    _running_cases(n, municipality, coordinator)
    client = client_for(coordinator)
    # session, user, the page of own cases (+municipality, conference), the read event
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:start"))
    assert response.context["page_rows"]


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("status", ["", "alle", "te-laat"])
def test_manager_case_list_exact_query_count(
    n, status, municipality, manager, coordinator, client_for, django_assert_num_queries
):
    _running_cases(n, municipality, coordinator)
    client = client_for(manager)
    # every case of the regions, filtered: session, user (+region ids), the page
    # (+municipality, coordinator, conference), the read event
    with django_assert_num_queries(4):
        response = client.get(reverse("cases:list"), {"status": status})
    assert response.context["page_rows"]


@pytest.mark.parametrize("n", [1, 50])
def test_coordinator_case_list_exact_query_count(
    n, municipality, coordinator, client_for, django_assert_num_queries
):
    _running_cases(n, municipality, coordinator)
    client = client_for(coordinator)
    # the coordinator's start page: session, user, the page of own cases, the read event
    with django_assert_num_queries(4):
        response = client.get(reverse("cases:list"))
    assert response.context["page_rows"]


@pytest.mark.parametrize("who", ["professional", "funder"])
def test_case_list_is_not_for_professionals_or_funders(who, professional, funder, client_for):
    user = {"professional": professional, "funder": funder}[who]
    assert client_for(user).get(reverse("cases:list")).status_code == 403


def test_manager_filters_all_overdue_cases(municipality, manager, client_for):
    late = new_case(
        municipality=municipality,
        reference="EK-2026-40001",
        contact_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    in_time = new_case(
        municipality=municipality,
        reference="EK-2026-40002",
        contact_due=timezone.localdate() + datetime.timedelta(days=1),
    )
    response = client_for(manager).get(reverse("cases:list"), {"status": "te-laat"})
    items = response.context["page"].items
    assert late in items and in_time not in items
