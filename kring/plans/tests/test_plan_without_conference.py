"""A plan made without a conference is a supported outcome."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from kring.cases.states import Status, StopReason
from kring.plans.models import Plan, PlanVersion
from kring.plans.tests.factories import AgreementFactory


@pytest.mark.django_db
def test_plan_without_conference_is_delivered_and_the_case_stops_with_that_reason(
    client_for, coordinator, make_circle, post_commit
):
    circle = make_circle(in_preparation=True)
    c = client_for(coordinator)
    assert c.post(reverse("plans:start", args=[circle.case.uuid])).status_code == 302
    plan = Plan.objects.get(case=circle.case)
    edit = reverse("plans:edit", args=[circle.case.uuid])
    data = {
        "question": circle.case.question,
        "contingency": "Dan bellen we de huisarts.",
        "follow_up_at": "2030-03-01T19:00",
        "follow_up_place": "Bij oma thuis",
        "follow_up_organiser": "Ria",
        "agreed_by": [circle.main.pk, circle.aunt.pk],
        "made_without_conference": "on",
        "no_conference_reason": "",
    }
    missing = c.post(edit, data)
    assert missing.status_code == 200
    assert "waarom er geen conferentie was" in missing.content.decode()
    data["no_conference_reason"] = "De familie maakte het plan zelf aan de keukentafel."
    assert c.post(edit, data).status_code == 302
    agreement: Any = AgreementFactory(plan=plan)
    agreement.performers.set([circle.aunt])
    response = post_commit(
        c, reverse("plans:deliver", args=[circle.case.uuid]), {"recipients": [circle.aunt.pk]}
    )
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.STOPPED
    assert circle.case.stop_reason == StopReason.PLAN_WITHOUT_CONFERENCE
    assert "keukentafel" in circle.case.stop_note
    version = PlanVersion.objects.get()
    assert version.content["made_without_conference"]
    assert len(mail.outbox) == 2
    # The coordinator's task ended with it.
    assert c.get(reverse("plans:detail", args=[circle.case.uuid])).status_code == 404


@pytest.mark.django_db
def test_a_normal_plan_cannot_be_delivered_before_the_conference(
    client_for, coordinator, make_circle
):
    circle = make_circle(in_preparation=True)
    c = client_for(coordinator)
    c.post(reverse("plans:start", args=[circle.case.uuid]))
    plan = Plan.objects.get(case=circle.case)
    Plan.objects.filter(pk=plan.pk).update(
        follow_up_place="x", follow_up_organiser="y", follow_up_at="2030-01-01T10:00Z"
    )
    AgreementFactory(plan=plan, organisation="Wijkteam")
    response = c.post(reverse("plans:deliver", args=[circle.case.uuid]), {})
    assert "na de conferentie" in response.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.IN_PREPARATION


@pytest.mark.django_db
def test_plan_without_conference_after_scheduling_cancels_the_meeting_for_everyone(
    client_for, coordinator, make_circle, post_commit
):
    from icalendar import Calendar

    from kring.conferences.models import Conference
    from kring.network.models import PersonStatus

    circle = make_circle(scheduled=True)
    Conference.objects.create(
        case=circle.case,
        ical_uid="plan-zonder-conferentie@kring",
        ical_sequence=1,
        starts_at="2030-02-01T10:00Z",
        ends_at="2030-02-01T14:00Z",
        place_name="Buurthuis De Pijp",
    )
    circle.main.__class__.objects.filter(pk__in=[circle.main.pk, circle.aunt.pk]).update(
        status=PersonStatus.COMING
    )
    circle.aunt.__class__.objects.filter(pk=circle.aunt.pk).update(email="ria@example.nl")
    plan = Plan.objects.create(
        case=circle.case,
        question=circle.case.question,
        follow_up_at="2030-03-01T19:00Z",
        follow_up_place="Bij oma thuis",
        follow_up_organiser="Ria",
        made_without_conference=True,
        no_conference_reason="De familie maakte het plan zelf.",
    )
    agreement: Any = AgreementFactory(plan=plan)
    agreement.performers.set([circle.aunt])
    c = client_for(coordinator)
    response = post_commit(
        c, reverse("plans:deliver", args=[circle.case.uuid]), {"recipients": [circle.aunt.pk]}
    )
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.STOPPED
    assert circle.case.stop_reason == StopReason.PLAN_WITHOUT_CONFERENCE
    conference = Conference.objects.get(case=circle.case)
    assert conference.cancelled_at is not None
    cancels = [
        Calendar.from_ical(a[1])
        for m in mail.outbox
        for a in m.attachments
        if a[0].endswith(".ics")
    ]
    assert cancels
    assert all(str(cal["method"]) == "CANCEL" for cal in cancels)
    cancelled_to = {m.to[0] for m in mail.outbox if m.subject.startswith("Afgelast")}
    assert "fatima@example.nl" in cancelled_to
