"""The main person records a follow-up meeting in the family portal (issue 12, deliverable 5;
decision 0184): only the main person, only after the check-in call, never closing the case;
the manager sees it on the case's follow-up page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.states import Status
from kring.followup.models import AgreementProgress, FollowUp
from kring.plans.tests.factories import AgreementFactory, PlanFactory
from kring.portal.tests.test_family_portal import sign_in

pytestmark = pytest.mark.django_db

URL = reverse("portal:family_record_follow_up")


@pytest.fixture
def follow_plan(make_circle):
    circle = make_circle(checked_in=True)
    plan = PlanFactory(case=circle.case, ready=True)
    a1: Any = AgreementFactory(plan=plan, what="Oma brengt de kinderen naar school.")
    a1.performers.set([circle.aunt])
    a2: Any = AgreementFactory(plan=plan, what="Karim helpt met de administratie.")
    a2.performers.set([circle.uncle])
    return circle, plan


def _data(plan: Any, people: list[Any], **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": timezone.localdate().isoformat(),
        "present": [p.pk for p in people],
        "agreements": "partly",
        "question_answered": "partly",
        "professional_help": "same",
        "safety_holds": "none",
        "changes": "",
        "next_at": (timezone.localtime() + datetime.timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
    }
    for agreement in plan.agreements.all():
        data[f"progress_{agreement.pk}"] = "done"
        data[f"note_{agreement.pk}"] = ""
    data.update(overrides)
    return data


def test_the_main_person_records_a_follow_up(follow_plan, post_commit, manager, client_for):
    circle, plan = follow_plan
    client = Client()
    sign_in(client, circle.main, post_commit)
    home = client.get(reverse("portal:family_home")).content.decode()
    assert URL in home
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Karim helpt met de administratie." in html
    assert 'name="next_step"' not in html  # the portal never closes the case
    assert AuditEvent.objects.filter(key="portal.family_follow_up_form_read").count() == 1

    first = plan.agreements.first()
    data = _data(plan, [circle.main, circle.aunt], **{f"progress_{first.pk}": "partly"})
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    (follow_up,) = FollowUp.objects.all()
    assert follow_up.recorded_by is None
    assert follow_up.recorded_by_person == circle.main
    assert not follow_up.closes_case
    assert set(follow_up.present.all()) == {circle.main, circle.aunt}
    assert AgreementProgress.objects.filter(follow_up=follow_up).count() == 2
    circle.case.refresh_from_db()
    assert circle.case.status == Status.FOLLOW_UP
    plan.refresh_from_db()
    assert plan.follow_up_at is not None and plan.follow_up_at > timezone.now()
    event = AuditEvent.objects.get(key="followup.recorded")
    assert event.actor is None
    assert event.actor_label == f"family:{circle.main.uuid}"

    # The manager sees it on the case's follow-up page, recorded by the main person.
    staff_page = client_for(manager).get(reverse("followup:case", args=[circle.case.uuid]))
    assert "Vastgelegd door de hoofdpersoon" in staff_page.content.decode()


def test_closing_is_refused_and_bad_input_keeps_what_was_typed(follow_plan, post_commit):
    circle, plan = follow_plan
    client = Client()
    sign_in(client, circle.main, post_commit)
    data = _data(plan, [circle.main], next_at="", changes="Tante Ria neemt het over.")
    data["next_step"] = "close"
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul de datum en tijd van de volgende bijeenkomst in." in html
    assert "Tante Ria neemt het over." in html
    data = _data(plan, [circle.main], agreements="")
    assert client.post(URL, data).status_code == 400
    assert not FollowUp.objects.exists()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CHECK_IN_DONE


def test_a_participant_gets_a_404(follow_plan, post_commit):
    circle, plan = follow_plan
    client = Client()
    sign_in(client, circle.aunt, post_commit)
    assert URL not in client.get(reverse("portal:family_home")).content.decode()
    assert client.get(URL).status_code == 404
    assert client.post(URL, _data(plan, [circle.aunt])).status_code == 404
    assert not FollowUp.objects.exists()


def test_before_the_check_in_call_the_page_says_why_and_refuses(make_circle, post_commit):
    circle = make_circle(delivered=True)
    plan = PlanFactory(case=circle.case, ready=True)
    client = Client()
    sign_in(client, circle.main, post_commit)
    page = client.get(URL)
    assert page.status_code == 200
    assert "na het plan heeft gebeld" in page.content.decode()
    assert client.post(URL, _data(plan, [circle.main])).status_code == 400
    assert not FollowUp.objects.exists()


def test_without_a_family_session_you_are_sent_to_sign_in(follow_plan):
    assert Client().get(URL).status_code == 302
