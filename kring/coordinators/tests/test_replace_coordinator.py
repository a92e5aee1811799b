"""Replacing a coordinator at any point before the check-in call (illness happens)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.models import Case, CoordinatorAssignment
from kring.cases.states import Status
from kring.cases.tests.factories import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(municipality, manager, coordinator):
    return new_case(
        municipality=municipality,
        regional_manager=manager,
        coordinator=coordinator,
        in_preparation=True,
        main_person_names="Ayten Yılmaz",
    )


def _replace(client, case, coordinator, reason="Anouk is voor langere tijd ziek."):
    return client.post(
        reverse("coordinators:replace", args=[case.uuid]),
        {"coordinator": str(coordinator.uuid), "reason": reason},
    )


def test_manager_replaces_the_coordinator_and_the_old_one_loses_access(
    running, coordinator, manager, make_coordinator, client_for, django_capture_on_commit_callbacks
):
    new = make_coordinator()
    old_client = client_for(coordinator)
    detail = reverse("cases:detail", args=[running.uuid])
    assert old_client.get(detail).status_code == 200
    page = client_for(manager).get(reverse("coordinators:replace", args=[running.uuid]))
    assert page.status_code == 200
    assert "Is nu de coördinator van dit traject" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(client_for(manager), running, new)
    assert response.status_code == 302
    running.refresh_from_db()
    # The state stays; the new coordinator first declares independence.
    assert running.status == Status.IN_PREPARATION
    assert running.coordinator == new and running.independence_declared_at is None
    # The old coordinator loses access on their next request, and hears so by mail.
    assert old_client.get(detail).status_code == 404
    assert old_client.get(reverse("network:circle", args=[running.uuid])).status_code == 404
    assert {m.to[0] for m in mail.outbox} == {new.email, coordinator.email}
    row = CoordinatorAssignment.objects.get(case=running)
    assert (row.kind, row.from_coordinator, row.to_coordinator, row.actor) == (
        "replaced",
        coordinator,
        new,
        manager,
    )
    assert row.reason == "Anouk is voor langere tijd ziek." and row.rank == 1
    event = AuditEvent.objects.get(key="case.coordinator_replaced")
    assert event.changes["coordinator"] == [str(coordinator.uuid), str(new.uuid)]
    assert event.changes["assignment"] == str(row.uuid)
    assert "ziek" not in str(event.changes) + event.reason + event.message
    # The manager sees the history on the case page, with the reason.
    html = client_for(manager).get(detail).content.decode()
    assert "Coördinatoren van dit traject" in html and "voor langere tijd ziek" in html


def test_the_new_coordinator_declares_first_and_then_sees_the_case(
    running, manager, make_coordinator, client_for
):
    new = make_coordinator()
    _replace(client_for(manager), running, new)
    c = client_for(new)
    detail = reverse("cases:detail", args=[running.uuid])
    before = c.get(detail).content.decode()
    assert "Ayten" in before  # the first name, as before any declaration
    assert "Yılmaz" not in before
    assert c.get(reverse("cases:facts", args=[running.uuid])).status_code == 404
    c.post(reverse("cases:declare", args=[running.uuid]), {"answer": "independent"})
    assert "Ayten Yılmaz" in c.get(detail).content.decode()


def test_a_conflict_after_replacing_leaves_the_case_without_a_coordinator(
    running, manager, make_coordinator, client_for, django_capture_on_commit_callbacks
):
    new = make_coordinator()
    _replace(client_for(manager), running, new)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(new).post(
            reverse("cases:declare", args=[running.uuid]),
            {"answer": "conflict", "note": "Ik ken de familie van school."},
        )
    running.refresh_from_db()
    assert running.status == Status.IN_PREPARATION
    assert running.coordinator is None and running.coordinator_vacant
    assert reverse("coordinators:replace", args=[running.uuid]) in mail.outbox[0].body
    assert client_for(new).get(reverse("cases:detail", args=[running.uuid])).status_code == 404
    conflict = CoordinatorAssignment.objects.filter(kind="conflict").get()
    assert conflict.from_coordinator == new
    # The note reaches the managers through the history, never through the audit trail.
    assert conflict.reason == "Ik ken de familie van school."
    event = AuditEvent.objects.get(key="case.conflict_declared")
    assert "school" not in str(event.changes) + event.reason
    # The manager sees it on the start page and chooses the next one (no reason needed).
    start = client_for(manager).get(reverse("portal:start")).content.decode()
    assert running.reference in start and "Nieuwe coördinator kiezen" in start
    third = make_coordinator()
    page = client_for(manager).get(reverse("coordinators:replace", args=[running.uuid]))
    # The one who declared a conflict cannot be chosen again.
    assert "Heeft voor dit traject een belang of relatie gemeld" in page.content.decode()
    response = _replace(client_for(manager), running, third, reason="")
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.coordinator == third


def test_replacing_needs_a_reason(running, manager, make_coordinator, client_for):
    new = make_coordinator()
    response = _replace(client_for(manager), running, new, reason="")
    assert response.status_code == 400
    assert "Schrijf kort op waarom u de coördinator vervangt." in response.content.decode()
    running.refresh_from_db()
    assert running.coordinator != new


def test_not_after_the_check_in_call(
    municipality, manager, coordinator, make_coordinator, client_for
):
    case = new_case(municipality=municipality, coordinator=coordinator, checked_in=True)
    new = make_coordinator()
    c = client_for(manager)
    page = c.get(reverse("coordinators:replace", args=[case.uuid]))
    assert page.status_code == 302
    assert _replace(c, case, new).status_code == 403
    assert Case.objects.get(pk=case.pk).coordinator == coordinator


@pytest.mark.parametrize("trait", ["assigned", "declared", "scheduled", "held", "delivered"])
def test_possible_in_every_state_of_the_task(
    trait, municipality, manager, coordinator, make_coordinator, client_for
):
    case = new_case(municipality=municipality, coordinator=coordinator, **{trait: True})
    new = make_coordinator()
    assert _replace(client_for(manager), case, new).status_code == 302
    assert Case.objects.get(pk=case.pk).coordinator == new


def test_a_coordinator_cannot_replace(running, coordinator, make_coordinator, client_for):
    other = make_coordinator()
    c = client_for(coordinator)
    assert c.get(reverse("coordinators:replace", args=[running.uuid])).status_code == 403
    assert _replace(c, running, other).status_code == 403


def test_someone_outside_the_registry_is_refused(running, manager, make_user, client_for):
    from kring.accounts.models import Role

    outsider = make_user(Role.COORDINATOR)
    response = _replace(client_for(manager), running, outsider)
    assert response.status_code == 400
    assert "Deze persoon staat niet in het register" in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_replace_page_exact_query_count(
    n, running, manager, make_coordinator, client_for, django_assert_num_queries
):
    for _i in range(n):
        make_coordinator()
    c = client_for(manager)
    url = reverse("coordinators:replace", args=[running.uuid])
    c.get(url)
    # session, user (+region ids), case once for the check and the page (+...), audit insert; the
    # ranking: the best of however many, how many there are, the absences of those shown
    with django_assert_num_queries(7):
        assert c.get(url).status_code == 200


def test_withdraw_and_conflict_before_first_contact_keep_their_reasons_out_of_the_trail(
    municipality, manager, coordinator, client_for
):
    case = new_case(municipality=municipality, coordinator=coordinator, assigned=True)
    client_for(coordinator).post(
        reverse("cases:declare", args=[case.uuid]),
        {"answer": "conflict", "note": "Buurvrouw van de moeder"},
    )
    event = AuditEvent.objects.get(key="case.conflict_declared")
    assert "Buurvrouw" not in str(event.changes) + event.reason + event.message
    assert CoordinatorAssignment.objects.get(kind="conflict").from_coordinator == coordinator
    assert Case.objects.get(pk=case.pk).status == Status.REQUESTED


def test_the_worklist_tells_a_new_coordinator_to_declare_first(
    running, manager, make_coordinator, client_for
):
    new = make_coordinator()
    _replace(client_for(manager), running, new)
    html = client_for(new).get(reverse("portal:start")).content.decode()
    assert running.reference in html and "Onafhankelijkheid verklaren" in html
    assert running.first_contact_at is not None
    assert running.first_contact_at <= timezone.now()
