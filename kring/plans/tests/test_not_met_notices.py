"""A "not met" judgement reaches someone, and the professional sees plainly who (issue 9,
finding 8): the main people through the outbox (one without an address shows on the case page),
the coordinator while their task runs, else the regional manager(s)."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.cases.states import Status
from kring.outbox.models import Message, MessageStatus

pytestmark = pytest.mark.django_db

NOT_MET = {"outcome": "not_met", "explanation": "Wie let op in het weekend?"}


def _judge(post_commit: Any, client: Any, requirement: Any) -> Any:
    return post_commit(client, reverse("plans:assess", args=[requirement.uuid]), NOT_MET)


def test_a_main_person_without_an_address_is_shown_as_not_reached(
    client_for, professional, coordinator, circle, ready_plan, requirement, post_commit
):
    type(circle.main).objects.filter(pk=circle.main.pk).update(email="")
    p = client_for(professional)
    response = _judge(post_commit, p, requirement)
    case_page = reverse("portal:professional_case", args=[circle.case.uuid])
    assert response.status_code == 302
    assert response["Location"].startswith(case_page)
    page = p.get(case_page).content.decode()
    assert "Uw oordeel is vastgelegd. Hieronder ziet u wie er bericht over heeft gekregen." in page
    assert "Fatima (hoofdpersoon)" in page
    assert "niet bereikt" in page and "(geen e-mailadres bekend)" in page
    assert "De coördinator" in page and "bericht verstuurd" in page
    assert "Niet iedereen van de familie kon per e-mail worden bereikt" in page
    # The same on the assessment page.
    assess = p.get(reverse("plans:assess", args=[requirement.uuid])).content.decode()
    assert "Fatima (hoofdpersoon)" in assess and "niet bereikt" in assess
    # Only the coordinator got a mail, without the safety texts.
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert NOT_MET["explanation"] not in mail.outbox[0].body
    # The undelivered message shows on the case page, for the coordinator to phone.
    case = client_for(coordinator).get(reverse("cases:detail", args=[circle.case.uuid]))
    assert "Berichten die niet zijn aangekomen" in case.content.decode()
    assert Message.objects.get(kind="plan.not_met").status == MessageStatus.FAILED
    event = AuditEvent.objects.get(key="plans.not_met_notified")
    assert event.changes == {"told": 1, "not_reached": 1}


def test_after_the_coordinators_task_the_regional_manager_is_told(
    client_for, professional, manager, circle, ready_plan, requirement, post_commit
):
    type(circle.case).objects.filter(pk=circle.case.pk).update(status=Status.CHECK_IN_DONE)
    p = client_for(professional)
    _judge(post_commit, p, requirement)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([circle.main.email, manager.email])
    page = p.get(reverse("portal:professional_case", args=[circle.case.uuid])).content.decode()
    assert "De regiomanager" in page
    assert "De coördinator" not in page
    # The case page names no coordinator any more: the region's office is the contact.
    assert "Regiokantoor Noord-Holland" in page


def test_when_nobody_of_the_organisation_can_be_mailed_the_page_says_to_call(
    client_for, professional, circle, ready_plan, requirement, post_commit, settings
):
    # The coordinator's task has ended and the region has no manager with an account.
    type(circle.case).objects.filter(pk=circle.case.pk).update(status=Status.CHECK_IN_DONE)
    type(circle.main).objects.filter(pk=circle.main.pk).update(email="")
    p = client_for(professional)
    _judge(post_commit, p, requirement)
    page = p.get(reverse("portal:professional_case", args=[circle.case.uuid])).content.decode()
    assert "Niemand van de organisatie kon per e-mail worden bereikt" in page
    assert settings.KRING_PHONE in page
    assert not mail.outbox
    assert AuditEvent.objects.get(key="plans.not_met_notified").changes == {
        "told": 0,
        "not_reached": 1,
    }


def test_a_met_judgement_sends_nothing_and_shows_no_report(
    client_for, professional, circle, ready_plan, requirement, post_commit
):
    p = client_for(professional)
    post_commit(p, reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"})
    assert not mail.outbox
    page = p.get(reverse("portal:professional_case", args=[circle.case.uuid])).content.decode()
    assert "Wie heeft bericht gekregen" not in page


def test_when_nothing_could_be_sent_at_all_the_page_still_says_to_call(
    client_for, professional, circle, ready_plan, requirement, post_commit, settings
):
    type(circle.case).objects.filter(pk=circle.case.pk).update(status=Status.CHECK_IN_DONE)
    circle.main.delete()  # no main person in the circle, no manager in the region
    p = client_for(professional)
    _judge(post_commit, p, requirement)
    page = p.get(reverse("portal:professional_case", args=[circle.case.uuid])).content.decode()
    assert "Wie heeft bericht gekregen" in page
    assert "Niemand van de organisatie kon per e-mail worden bereikt" in page
