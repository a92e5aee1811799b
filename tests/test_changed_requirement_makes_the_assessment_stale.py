"""End to end (deliverable 2): the professional changes their minimum requirement on the safety
page; the assessment they gave goes stale, the plan cannot be delivered until they assess
again. A requirement handed over to a colleague is assessed by the colleague from then on; a
withdrawn one no longer counts for delivery."""

from typing import Any

import pytest
from django.urls import reverse

from kring.accounts.models import Role
from kring.accounts.tests.factories import UserFactory
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.conferences.tests.factories import PersonFactory
from kring.plans.models import PlanVersion
from kring.plans.tests.factories import AgreementFactory, PlanFactory, RequirementFactory

pytestmark = pytest.mark.django_db

STALE = "Vraag de professional opnieuw te beoordelen."


@pytest.fixture
def world(municipality, coordinator, professional):
    case = CaseFactory(held=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Fatima Amrani")
    aunt = PersonFactory(case=case, name="Ria Amrani")
    author = PersonFactory(
        case=case,
        professional=True,
        name="Sanne Visser",
        user=professional,
        organisation="Jeugdbescherming",
    )
    plan = PlanFactory(case=case, ready=True)
    agreement: Any = AgreementFactory(plan=plan, what="Oma brengt de kinderen naar school.")
    agreement.performers.set([aunt])
    requirement = RequirementFactory(set_by=author, text="De kinderen slapen thuis.")
    agreement.meets_requirements.set([requirement])
    return case, author, requirement


def _assess(client, requirement):
    response = client.post(reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"})
    assert response.status_code == 302


def _deliver(client, case, capture):
    with capture(execute=True):
        return client.post(reverse("plans:deliver", args=[case.uuid]), {"recipients": []})


def test_changing_the_text_on_the_safety_page_makes_the_assessment_stale(
    client_for, coordinator, professional, world, django_capture_on_commit_callbacks
):
    case, _author, requirement = world
    pro = client_for(professional)
    _assess(pro, requirement)
    prefix = f"change-{requirement.uuid.hex}"
    response = pro.post(
        reverse("network:change_requirement", args=[case.uuid, requirement.uuid]),
        {
            f"{prefix}-text": "De kinderen slapen thuis of bij oma.",
            f"{prefix}-organisation": "Jeugdbescherming",
        },
    )
    assert response.status_code == 302
    c = client_for(coordinator)
    assert STALE in c.get(reverse("plans:detail", args=[case.uuid])).content.decode()
    refused = _deliver(c, case, django_capture_on_commit_callbacks)
    assert refused.status_code == 200 and not PlanVersion.objects.exists()
    own_case = pro.get(reverse("portal:professional_case", args=[case.uuid])).content.decode()
    assert "opnieuw beoordelen" in own_case
    assess = pro.get(reverse("plans:assess", args=[requirement.uuid])).content.decode()
    assert "De kinderen slapen thuis of bij oma." in assess
    _assess(pro, requirement)
    delivered = _deliver(c, case, django_capture_on_commit_callbacks)
    assert delivered.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PLAN_DELIVERED


def test_a_colleague_takes_over_and_assesses(
    client_for, coordinator, professional, world, django_capture_on_commit_callbacks
):
    case, _author, requirement = world
    colleague_user = UserFactory(role=Role.PROFESSIONAL, full_name="Ruud de Wit")
    colleague = PersonFactory(
        case=case,
        professional=True,
        name="Ruud de Wit",
        user=colleague_user,
        organisation="Jeugdbescherming",
    )
    c = client_for(coordinator)
    prefix = f"handover-{requirement.uuid.hex}"
    response = c.post(
        reverse("network:hand_over_requirement", args=[case.uuid, requirement.uuid]),
        {f"{prefix}-to": colleague.uuid.hex, f"{prefix}-reason": "Sanne is vertrokken."},
    )
    assert response.status_code == 302
    # The author who left no longer reaches it; the colleague does.
    assert (
        client_for(professional).get(reverse("plans:assess", args=[requirement.uuid])).status_code
        == 404
    )
    ruud = client_for(colleague_user)
    page = ruud.get(reverse("portal:professional_case", args=[case.uuid])).content.decode()
    assert "De kinderen slapen thuis." in page
    _assess(ruud, requirement)
    assert _deliver(c, case, django_capture_on_commit_callbacks).status_code == 302


def test_a_withdrawn_requirement_does_not_hold_up_delivery(
    client_for, coordinator, professional, world, django_capture_on_commit_callbacks
):
    case, _author, requirement = world
    c = client_for(coordinator)
    # Not assessed: delivery waits for it.
    assert _deliver(c, case, django_capture_on_commit_callbacks).status_code == 200
    prefix = f"withdraw-{requirement.uuid.hex}"
    client_for(professional).post(
        reverse("network:withdraw_requirement", args=[case.uuid, requirement.uuid]),
        {f"{prefix}-reason": "De zorg is weg."},
    )
    assert (
        "De kinderen slapen thuis."
        not in c.get(reverse("plans:detail", args=[case.uuid])).content.decode()
    )
    assert _deliver(c, case, django_capture_on_commit_callbacks).status_code == 302
