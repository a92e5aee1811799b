"""Before the independence declaration a coordinator sees the first name and municipality only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.models import Case, IndependenceDeclaration
from kring.cases.states import Status

pytestmark = pytest.mark.django_db


def test_before_declaring_only_first_name_municipality_and_the_form(
    assigned_case, coordinator, client_for
):
    response = client_for(coordinator).get(reverse("cases:detail", args=[assigned_case.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fatima" in html
    assert "Amsterdam" in html
    assert "el Idrissi" not in html
    assert assigned_case.question not in html
    assert "Verklaring van onafhankelijkheid" in html
    # Nothing personal was shown, so no read event of personal data.
    assert not AuditEvent.objects.filter(case_id=assigned_case.uuid, action="view").exists()


@pytest.mark.parametrize("name", ["cases:first_contact", "cases:log_contact"])
def test_before_declaring_changes_are_refused(name, assigned_case, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse(name, args=[assigned_case.uuid]),
        {
            "first-occurred_on": timezone.localdate().isoformat(),
            "first-with_whom": "Moeder",
            "first-channel": "phone",
        },
    )
    assert response.status_code == 404


def test_declaring_independence_opens_the_full_case(assigned_case, coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(
        reverse("cases:declare", args=[assigned_case.uuid]), {"answer": "independent"}
    )
    assert response.status_code == 302
    html = client.get(reverse("cases:detail", args=[assigned_case.uuid])).content.decode()
    assert "Fatima el Idrissi" in html
    assert assigned_case.question in html
    assert "Eerste contact vastleggen" in html


def test_declaring_a_conflict_hands_the_case_back(
    assigned_case, coordinator, client_for, manager, django_capture_on_commit_callbacks
):
    from django.core import mail

    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:declare", args=[assigned_case.uuid]),
            {"answer": "conflict", "note": "Ik ben de buurvrouw van de tante"},
        )
    assert response.status_code == 302
    case = Case.objects.get(pk=assigned_case.pk)
    assert case.status == Status.REQUESTED and case.coordinator is None
    assert IndependenceDeclaration.objects.get(case=case).has_conflict
    assert mail.outbox[0].to == [manager.email]
    assert client.get(reverse("cases:detail", args=[case.uuid])).status_code == 404


def test_a_conflict_needs_a_short_explanation(assigned_case, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("cases:declare", args=[assigned_case.uuid]), {"answer": "conflict"}
    )
    assert response.status_code == 400
    assert "Schrijf kort op wat de relatie of het belang is." in response.content.decode()
    assert Case.objects.get(pk=assigned_case.pk).status == Status.COORDINATOR_ASSIGNED


def test_no_answer_gives_a_clear_error(assigned_case, coordinator, client_for):
    response = client_for(coordinator).post(reverse("cases:declare", args=[assigned_case.uuid]))
    assert response.status_code == 400
    assert "Kies een van de twee antwoorden." in response.content.decode()


def test_a_manager_cannot_declare_for_the_coordinator(assigned_case, manager, client_for):
    response = client_for(manager).post(
        reverse("cases:declare", args=[assigned_case.uuid]), {"answer": "independent"}
    )
    assert response.status_code == 403


def test_the_worklist_row_shows_list_level_data_only(assigned_case, coordinator, client_for):
    html = client_for(coordinator).get(reverse("portal:start")).content.decode()
    assert assigned_case.reference in html
    assert "Fatima" in html
    assert "el Idrissi" not in html
