"""Two workers sending the same reminders at the same moment: each goes out once (PostgreSQL;
SQLite has one writer at a time and no row-level concurrency to test)."""

import datetime
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from kring.followup import reminders, survey
from kring.followup.models import Reminder, SurveyInvitation
from kring.network.models import Person
from kring.network.states import PersonStatus
from kring.outbox.models import Message
from kring.plans.tests.factories import AgreementFactory, PlanFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]


def _twice(job) -> list[object]:
    barrier = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(job())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_workers_send_each_reminder_once(make_circle):
    circle = make_circle(checked_in=True)
    today = timezone.localdate()
    plan = PlanFactory(case=circle.case, ready=True)
    for n in range(5):
        agreement: Any = AgreementFactory(plan=plan, due=today + datetime.timedelta(days=n % 3))
        agreement.performers.set([circle.aunt, circle.uncle])
    results = _twice(lambda: reminders.agreements_due(today))
    assert sum(results) == 10  # type: ignore[arg-type]
    assert Reminder.objects.count() == 10
    assert Message.objects.filter(kind="reminder.agreement_due").count() == 10


def test_two_workers_send_each_survey_once(make_circle):
    circle = make_circle(held=True)
    circle.case.conference_held_at = timezone.now() - datetime.timedelta(days=2)
    circle.case.save()
    Person.objects.filter(case=circle.case).update(status=PersonStatus.PRESENT)
    results = _twice(survey.send_surveys)
    assert sum(results) == 4  # type: ignore[arg-type]
    assert SurveyInvitation.objects.count() == 4
    assert Message.objects.filter(kind="survey.invitation").count() == 4
