"""Two weeks after a planned follow-up without a record: a signal on the manager's worklist and
one mail (frozen time); recording the follow-up resolves it."""

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kring.followup import reminders
from kring.followup.models import OverdueSignal
from kring.outbox.models import Message
from kring.plans.tests.factories import AgreementFactory, PlanFactory

pytestmark = pytest.mark.django_db

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
PLANNED = datetime.datetime(2026, 3, 2, 19, 0, tzinfo=AMS)


def _day(days: int) -> datetime.datetime:
    return PLANNED.replace(hour=7) + datetime.timedelta(days=days)


@pytest.fixture
def planned(make_circle, manager):
    with time_machine.travel(PLANNED - datetime.timedelta(days=30), tick=False):
        circle = make_circle(checked_in=True)
        circle.case.regional_manager = manager
        circle.case.save()
        plan = PlanFactory(case=circle.case, ready=True, follow_up_at=PLANNED)
        first: Any = AgreementFactory(plan=plan)
        first.performers.set([circle.aunt])
    return circle


def test_thirteen_days_late_is_not_yet_a_signal_fourteen_is(planned, manager, client_for):
    with time_machine.travel(_day(13), tick=False):
        assert reminders.overdue_follow_ups(_day(13).date()) == 0
    assert not OverdueSignal.objects.exists()
    with time_machine.travel(_day(14), tick=False):
        assert reminders.overdue_follow_ups(_day(14).date()) == 1
    with time_machine.travel(_day(15), tick=False):
        assert reminders.overdue_follow_ups(_day(15).date()) == 0  # still one signal
    signal = OverdueSignal.objects.get()
    assert signal.planned_for == PLANNED.date()
    (mail,) = Message.objects.filter(kind="reminder.follow_up_overdue")
    assert mail.to == manager.email
    assert reverse("followup:case", args=[planned.case.uuid]) in mail.text

    with time_machine.travel(_day(15), tick=False):
        worklist = client_for(manager).get(reverse("followup:worklist"))
        assert worklist.status_code == 200
        html = worklist.content.decode()
        assert planned.case.reference in html
        assert "te laat" in html
        start = client_for(manager).get(reverse("portal:start")).content.decode()
        assert reverse("followup:worklist") in start


def test_recording_the_follow_up_resolves_the_signal(planned, manager, client_for):
    with time_machine.travel(_day(14), tick=False):
        reminders.overdue_follow_ups(_day(14).date())
    with time_machine.travel(_day(16), tick=False):
        client = client_for(manager)
        agreement = planned.case.plan.agreements.get()
        response = client.post(
            reverse("followup:case", args=[planned.case.uuid]),
            {
                "held_on": _day(15).date().isoformat(),
                "agreements": "done",
                "question_answered": "yes",
                "professional_help": "same",
                "safety_holds": "none",
                "next_step": "close",
                f"progress_{agreement.pk}": "done",
            },
        )
        assert response.status_code == 302
        assert OverdueSignal.objects.get().resolved_at is not None
        html = client.get(reverse("followup:worklist")).content.decode()
        assert "Geen vervolgbijeenkomsten te laat." in html


def test_a_recorded_follow_up_raises_no_signal(planned, manager, client_for):
    with time_machine.travel(_day(1), tick=False):
        agreement = planned.case.plan.agreements.get()
        client_for(manager).post(
            reverse("followup:case", args=[planned.case.uuid]),
            {
                "held_on": PLANNED.date().isoformat(),
                "agreements": "done",
                "question_answered": "yes",
                "professional_help": "same",
                "safety_holds": "none",
                "next_step": "next",
                "next_at": "2026-05-04T19:00",
                f"progress_{agreement.pk}": "done",
            },
        )
    with time_machine.travel(_day(20), tick=False):
        assert reminders.overdue_follow_ups(_day(20).date()) == 0


def test_the_worklist_is_for_staff_and_costs_the_same_with_more_signals(
    make_circle, manager, coordinator, client_for
):
    assert client_for(coordinator).get(reverse("followup:worklist")).status_code == 403
    client = client_for(manager)
    counts = []
    for _ in range(2):
        with time_machine.travel(PLANNED - datetime.timedelta(days=30), tick=False):
            circle = make_circle(checked_in=True)
            PlanFactory(case=circle.case, ready=True, follow_up_at=PLANNED)
        with time_machine.travel(_day(14), tick=False):
            reminders.overdue_follow_ups(_day(14).date())
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("followup:worklist")).status_code == 200
            counts.append(len(ctx))
    assert counts[0] == counts[1]
