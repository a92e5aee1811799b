"""Funding per case through the screens: the manager asks a funder, records approval (order
number) or refusal (reason, shown on the case); a region may require approval before the
conference can be scheduled, otherwise the case page warns."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.funding import funding_status
from kring.cases.models import Case
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.conferences.models import Conference
from kring.conferences.services import conference_for
from kring.funding.models import Funder, FundingRequest, RequestStatus
from kring.funding.tests.factories import FunderFactory
from kring.network.models import PersonStatus
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(municipality, coordinator) -> Case:
    return new_case(in_preparation=True, municipality=municipality, coordinator=coordinator)


@pytest.fixture
def ready(case):
    """Date, place and the main person coming: only the funding can stand in the way."""
    person = PersonFactory(case=case, main=True, name="Fatima el Amrani")
    person.status = PersonStatus.COMING
    person.save()
    conference = conference_for(case)
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=10), place_name="Wijkcentrum"
    )
    return case


def ask(client, case, funder) -> None:
    response = client.post(
        reverse("funding:case_request", args=[case.uuid]),
        {"funder": str(funder.uuid), "remind_on": "2026-12-14"},
    )
    assert response.status_code == 302


def decide(client, case, **data):
    obj = FundingRequest.objects.get(case=case, status=RequestStatus.PENDING)
    return client.post(reverse("funding:case_decide", args=[case.uuid, obj.uuid]), data)


def test_approved_with_the_order_number(client_for, manager, case, municipality):
    funder = FunderFactory(municipality=municipality)
    client = client_for(manager)
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Nog niet aangevraagd." in page and "Let op: de financiering" in page
    ask(client, case, funder)
    assert funding_status(case) == "pending"
    # Approving needs the funder's order number: the form says so, and nothing is lost.
    response = decide(client, case, decision="approved", order_number="")
    assert response.status_code == 400
    assert "Vul het ordernummer van de financier in." in response.content.decode()
    assert decide(client, case, decision="approved", order_number="PO-4711").status_code == 302
    obj = FundingRequest.objects.get(case=case)
    assert (obj.status, obj.order_number) == ("approved", "PO-4711")
    assert funding_status(case) == "approved"
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Goedgekeurd" in page and "Let op: de financiering" not in page
    keys = list(AuditEvent.objects.filter(key__startswith="funding.").values_list("key", flat=True))
    assert sorted(keys) == ["funding.approved", "funding.requested"]
    # The case row itself is not written by money.
    assert Case.objects.get(pk=case.pk).updated_at == case.updated_at


def test_refused_with_a_reason_the_case_shows_and_may_stop_for(
    client_for, manager, case, municipality
):
    funder = FunderFactory(municipality=municipality)
    client = client_for(manager)
    ask(client, case, funder)
    response = decide(client, case, decision="refused", reason="")
    assert response.status_code == 400
    response = decide(client, case, decision="refused", reason="Budget is op voor dit jaar.")
    assert response.status_code == 302
    page = client.get(reverse("funding:case", args=[case.uuid])).content.decode()
    assert "Budget is op voor dit jaar." in page and "Geen financiering" in page
    case_page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "De financiering is afgewezen" in case_page
    # The manager stops the case with the existing reason, through the case's own step.
    response = client.post(
        reverse("cases:stop", args=[case.uuid]), {"stop-reason": "no_funding", "stop-note": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.stop_reason) == (Status.STOPPED, "no_funding")


def test_a_region_that_requires_approval_blocks_scheduling_until_approved(
    client_for, manager, ready, municipality, region
):
    region.funding_required = True
    region.save()
    case = ready
    funder = FunderFactory(municipality=municipality)
    client = client_for(manager)
    client.post(reverse("conferences:schedule", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.IN_PREPARATION
    page = client.get(reverse("conferences:conference", args=[case.uuid])).content.decode()
    assert "goedgekeurde financiering" in page
    ask(client, case, funder)
    decide(client, case, decision="approved", order_number="PO-1")
    client.post(reverse("conferences:schedule", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.CONFERENCE_SCHEDULED


def test_without_the_region_setting_scheduling_goes_ahead_with_a_warning(
    client_for, manager, ready
):
    case = ready
    client = client_for(manager)
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Let op: de financiering is nog niet goedgekeurd." in page
    client.post(reverse("conferences:schedule", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.CONFERENCE_SCHEDULED


def test_the_region_setting_is_kept_in_the_organisation_screens(client_for, admin_user, region):
    response = client_for(admin_user).post(
        reverse("accounts:edit_region", args=[region.uuid]),
        {
            "name": region.name,
            "contact_deadline_days": 3,
            "funding_required": "on",
        },
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.funding_required


def _funder_fields(municipality) -> dict:
    return {
        "kind": "municipality",
        "name": f"Gemeente {municipality.name}",
        "municipality": municipality,
        "invoice_street": "Markt 1",
        "invoice_postcode": "5611 AA",
        "invoice_city": municipality.name,
    }


def test_one_live_request_per_case(client_for, manager, case, municipality, other_municipality):
    client = client_for(manager)
    ask(client, case, FunderFactory(municipality=municipality))
    response = client.post(
        reverse("funding:case_request", args=[case.uuid]),
        {"funder": str(Funder.objects.create(**_funder_fields(other_municipality)).uuid)},
    )
    # Another region's funder is not offered to this manager: an invalid choice.
    assert response.status_code == 400
    assert FundingRequest.objects.filter(case=case).count() == 1


def test_the_coordinator_does_not_reach_the_money(client_for, coordinator, case):
    client = client_for(coordinator)
    assert client.get(reverse("funding:case", args=[case.uuid])).status_code == 404
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Financiering" not in page
