"""The professional's portal (issue 9, deliverable 2): per case they joined, and only that, enough
context to know which family it is and how to reach the coordinator, the questions put to
them, their own requirements, the support asked of them, and the plan only when the main person
chose to share it with them; access ends when the case closes."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.states import Status
from kring.conferences.models import InformationItem
from kring.network.models import ContactRestriction, RestrictionKind
from kring.plans.models import SupportRequest
from kring.plans.tests.factories import PersonFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def _case_page(case: Any) -> str:
    return reverse("portal:professional_case", args=[case.uuid])


@pytest.fixture
def colleague_items(circle, ready_plan, make_user):
    """Another professional in the same circle, with a question, a requirement and support
    of their own: none of it is ours to see."""
    other = make_user(Role.PROFESSIONAL, organisation="Veilig Thuis")
    them: Any = PersonFactory(
        case=circle.case, professional=True, name="Joris Bakker", user=other, organisation="VT"
    )
    InformationItem.objects.create(
        case=circle.case, question="Hoe is de thuissituatie?", answered_by=them
    )
    RequirementFactory(set_by=them, text="Vader woont niet meer thuis.")
    SupportRequest.objects.create(
        plan=ready_plan, what="Huiselijk-geweldhulp", organisation="VT", professional=them
    )
    return them


def test_the_case_page_says_which_family_and_how_to_reach_the_coordinator(
    client_for, professional, coordinator, circle, ready_plan
):
    coordinator.phone = "06 12345678"
    coordinator.save()
    ContactRestriction.objects.create(
        case=circle.case,
        person_a=circle.uncle,
        person_b=circle.main,
        kind=RestrictionKind.RESTRAINING_ORDER,
        note="Straatverbod tot juni",
    )
    response = client_for(professional).get(_case_page(circle.case))
    assert response.status_code == 200
    body = response.content.decode()
    case = circle.case
    for fact in (
        case.main_person_first_name,
        case.municipality.name,
        case.question,
        coordinator.full_name,
        "06 12345678",
        coordinator.email,
    ):
        assert fact in body, fact
    # Not the circle, its contact details, the restriction or the conference.
    for secret in ("Ria Amrani", "Karim Amrani", circle.main.email, "Straatverbod"):
        assert secret not in body, secret
    # The template gets only what it shows: facts of the case, not the case itself.
    assert "people" not in response.context
    assert "restrictions" not in response.context
    assert not hasattr(response.context["case"], "main_person_names")
    assert not hasattr(response.context["contact"], "password")
    assert AuditEvent.objects.filter(
        key="plans.professional_case_viewed", object_id=str(case.uuid)
    ).exists()


def test_only_what_was_asked_of_them(client_for, professional, circle, ready_plan, colleague_items):
    mine = InformationItem.objects.create(
        case=circle.case, question="Hoe gaat het op school?", answered_by=circle.prof
    )
    RequirementFactory(set_by=circle.prof, text="De kinderen gaan elke dag naar school.")
    SupportRequest.objects.create(
        plan=ready_plan,
        what="Gezinscoach",
        organisation="Jeugdbescherming",
        professional=circle.prof,
    )
    body = client_for(professional).get(_case_page(circle.case)).content.decode()
    for own in (mine.question, "De kinderen gaan elke dag naar school.", "Gezinscoach"):
        assert own in body, own
    for theirs in (
        "Hoe is de thuissituatie?",
        "Vader woont niet meer thuis.",
        "Huiselijk-geweldhulp",
    ):
        assert theirs not in body, theirs
    # The ways to answer: the information page, the assessment and the support answer.
    assert reverse("conferences:information", args=[circle.case.uuid]) in body
    assert reverse("network:safety", args=[circle.case.uuid]) in body
    assert "/professional/minimumeisen/" in body
    assert "/professional/steunvragen/" in body
    # The start page counts what waits, per case.
    start = client_for(professional).get(reverse("portal:start")).content.decode()
    assert circle.case.reference in start
    assert "1 vraag om informatie" in start
    assert "1 minimumeis te beoordelen" in start
    assert "1 steunvraag te beantwoorden" in start


def test_the_plan_only_when_the_main_person_shared_it(
    client_for, professional, coordinator, circle, ready_plan, post_commit
):
    c = client_for(coordinator)
    p = client_for(professional)
    plan_url = reverse("portal:professional_plan", args=[circle.case.uuid])
    pdf_url = reverse("portal:professional_plan_pdf", args=[circle.case.uuid])
    post_commit(c, reverse("plans:deliver", args=[circle.case.uuid]), {"recipients": []})
    page = p.get(_case_page(circle.case)).content.decode()
    assert "Het plan is niet met u gedeeld." in page
    assert plan_url not in page
    assert p.get(plan_url).status_code == 404
    assert p.get(pdf_url).status_code == 404

    # A change, and the main person now shares version 2 with the professional.
    c.post(
        reverse("plans:edit", args=[circle.case.uuid]),
        {
            "question": ready_plan.question,
            "contingency": "Als oma ziek is, belt Ria de buurvrouw.",
            "follow_up_at": timezone.localtime(ready_plan.follow_up_at).strftime("%Y-%m-%dT%H:%M"),
            "follow_up_place": ready_plan.follow_up_place,
            "follow_up_organiser": ready_plan.follow_up_organiser,
        },
    )
    post_commit(
        c, reverse("plans:deliver", args=[circle.case.uuid]), {"recipients": [circle.prof.pk]}
    )
    page = p.get(_case_page(circle.case)).content.decode()
    assert "De hoofdpersoon heeft het plan met u gedeeld (versie 2" in page
    read = p.get(plan_url)
    assert read.status_code == 200
    assert "Als oma ziek is, belt Ria de buurvrouw." in read.content.decode()
    assert AuditEvent.objects.get(key="portal.professional_plan_read").changes == {"version": 2}
    download = p.get(pdf_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.get(key="portal.professional_plan_downloaded").changes == {
        "version": 2
    }


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED])
def test_access_ends_when_the_case_closes(client_for, professional, circle, ready_plan, status):
    requirement: Any = RequirementFactory(set_by=circle.prof)
    p = client_for(professional)
    assert p.get(_case_page(circle.case)).status_code == 200
    type(circle.case).objects.filter(pk=circle.case.pk).update(
        status=status, stop_reason="situation_changed" if status == Status.STOPPED else ""
    )
    assert p.get(_case_page(circle.case)).status_code == 404
    assert p.get(reverse("plans:assess", args=[requirement.uuid])).status_code == 404
    assert circle.case.reference not in p.get(reverse("portal:start")).content.decode()


def test_after_the_coordinators_task_the_page_stays_but_the_circle_pages_close(
    client_for, professional, circle, ready_plan
):
    type(circle.case).objects.filter(pk=circle.case.pk).update(status=Status.CHECK_IN_DONE)
    InformationItem.objects.create(
        case=circle.case, question="Hoe gaat het?", answered_by=circle.prof
    )
    body = client_for(professional).get(_case_page(circle.case)).content.decode()
    assert "Hoe gaat het?" in body
    assert reverse("conferences:information", args=[circle.case.uuid]) not in body
    assert reverse("network:safety", args=[circle.case.uuid]) not in body


def test_a_professional_outside_the_circle_or_without_consent_sees_nothing(
    client_for, professional, make_user, circle, ready_plan, coordinator
):
    outsider = make_user(Role.PROFESSIONAL)
    assert client_for(outsider).get(_case_page(circle.case)).status_code == 404
    assert client_for(coordinator).get(_case_page(circle.case)).status_code == 404
    type(circle.prof).objects.filter(pk=circle.prof.pk).update(consent_withdrawn_at=timezone.now())
    assert client_for(professional).get(_case_page(circle.case)).status_code == 404


def test_the_old_worklist_address_leads_to_the_start_page(client_for, professional):
    response = client_for(professional).get(reverse("portal:professional"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:start")


def test_declining_support_needs_a_reason(client_for, professional, circle, ready_plan):
    """Issue 12: support asked of the professional's organisation is accepted, or declined with
    a reason the family can act on."""
    support = SupportRequest.objects.create(
        plan=ready_plan,
        what="Gezinscoach",
        organisation="Jeugdbescherming",
        professional=circle.prof,
    )
    p = client_for(professional)
    url = reverse("plans:support_answer", args=[support.uuid])
    refused = p.post(url, {"answer": "decline", "note": ""})
    assert refused.status_code == 200
    assert "Leg kort uit waarom" in refused.content.decode()
    support.refresh_from_db()
    assert support.status == "asked"
    assert p.post(url, {"answer": "decline", "note": "Wachtlijst tot juni"}).status_code == 302
    support.refresh_from_db()
    assert (support.status, support.answer) == ("declined", "Wachtlijst tot juni")
