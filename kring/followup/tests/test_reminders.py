"""Reminders with frozen time: each is sent on its day, in the person's language, exactly once;
a person can switch them off through the link in each reminder or by the coordinator."""

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.cases.states import Status
from kring.conferences.services import conference_for
from kring.followup import reminders
from kring.followup.models import Reminder
from kring.network.models import Person
from kring.network.states import PersonStatus
from kring.outbox.models import Message
from kring.plans.tests.factories import AgreementFactory, PlanFactory

pytestmark = pytest.mark.django_db

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
MONDAY = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=AMS)


def _at(days: int, hour: int = 7) -> datetime.datetime:
    return MONDAY + datetime.timedelta(days=days, hours=hour - 7)


def _kinds(kind: str) -> list[Message]:
    return list(Message.objects.filter(kind=f"reminder.{kind}").order_by("id"))


@pytest.fixture
def scheduled(make_circle):
    """A conference on Monday 9 March 2026 at 19:00; the aunt has not answered yet."""
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(scheduled=True)
        conference = conference_for(circle.case)
        conference.starts_at = _at(7, 19)
        conference.place_name = "Buurthuis De Pijp"
        conference.save()
        Person.objects.filter(pk=circle.aunt.pk).update(status=PersonStatus.INVITED, language="en")
        Person.objects.filter(pk=circle.uncle.pk).update(status=PersonStatus.NOT_COMING)
    return circle


def test_rsvp_reminder_a_week_before_with_a_fresh_link_in_their_language(scheduled):
    with time_machine.travel(_at(-1), tick=False):
        assert reminders.rsvp_reminders(_at(-1).date()) == 0
    with time_machine.travel(MONDAY, tick=False):
        assert reminders.rsvp_reminders(MONDAY.date()) == 1
        assert reminders.rsvp_reminders(MONDAY.date()) == 0  # a second run, a restart
    (message,) = _kinds("rsvp")
    assert message.to == scheduled.aunt.email
    assert message.language == "en"
    assert "/u/" in message.text  # a fresh RSVP link
    assert reverse("followup:opt_out", args=["x"]).split("x")[0] in message.text
    assert AuditEvent.objects.filter(key="followup.reminder_sent").count() == 1


def test_the_day_before_everyone_who_did_not_decline(scheduled):
    with time_machine.travel(_at(6), tick=False):
        assert reminders.conference_tomorrow(_at(6).date()) >= 1
        assert reminders.conference_tomorrow(_at(6).date()) == 0
    sent_to = {m.to for m in _kinds("conference_tomorrow")}
    assert scheduled.aunt.email in sent_to
    assert scheduled.uncle.email not in sent_to  # said no


def test_agreements_falling_due_remind_each_performer_once(make_circle):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(delivered=True)
        plan = PlanFactory(case=circle.case, ready=True)
        agreement: Any = AgreementFactory(plan=plan, due=_at(3).date())
        agreement.performers.set([circle.aunt, circle.uncle])
        later: Any = AgreementFactory(plan=plan, due=_at(10).date())
        later.performers.set([circle.aunt])
    with time_machine.travel(MONDAY, tick=False):
        assert reminders.agreements_due(MONDAY.date()) == 2
    with time_machine.travel(_at(1), tick=False):
        assert reminders.agreements_due(_at(1).date()) == 0  # the same due date: once
    assert {m.to for m in _kinds("agreement_due")} == {circle.aunt.email, circle.uncle.email}
    # The plan's words stay behind the link.
    assert all(str(agreement.what) not in m.text for m in _kinds("agreement_due"))


def test_a_person_who_switched_off_gets_none_and_the_link_works(make_circle, client):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(delivered=True)
        plan = PlanFactory(case=circle.case, ready=True)
        agreement: Any = AgreementFactory(plan=plan, due=_at(2).date())
        agreement.performers.set([circle.aunt])
        reminders.agreements_due(MONDAY.date())
    (message,) = _kinds("agreement_due")
    link = message.text.split("/herinneringen/uit/")[1].split("/")[0]
    url = reverse("followup:opt_out", args=[link])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "strict-origin"
    assert "Geen herinneringen meer" in page.content.decode()
    done = client.post(url)
    assert "U krijgt geen herinneringen meer" in done.content.decode()
    circle.aunt.refresh_from_db()
    assert circle.aunt.reminders_off
    assert AuditEvent.objects.filter(key="followup.reminders_switched_off").count() == 1
    with time_machine.travel(MONDAY, tick=False):
        other: Any = AgreementFactory(plan=plan, due=_at(1).date())
        other.performers.set([circle.aunt])
        assert reminders.agreements_due(MONDAY.date()) == 0
    assert client.get(reverse("followup:opt_out", args=["vervalst"])).status_code == 404


def test_the_coordinator_switches_reminders_off_on_the_person_page(
    make_circle, coordinator, client_for
):
    circle = make_circle(held=True)
    url = reverse("network:edit_person", args=[circle.case.uuid, circle.aunt.uuid])
    page = client_for(coordinator).get(
        reverse("network:person", args=[circle.case.uuid, circle.aunt.uuid])
    )
    assert "geen herinneringen sturen" in page.content.decode().lower()
    data = {
        "name": circle.aunt.name,
        "relation": circle.aunt.relation,
        "ring": circle.aunt.ring,
        "email": circle.aunt.email,
        "language": "nl",
        "reminders_off": "on",
    }
    response = client_for(coordinator).post(url, data)
    assert response.status_code == 302
    circle.aunt.refresh_from_db()
    assert circle.aunt.reminders_off


def test_the_coordinator_is_reminded_of_the_check_in_once(make_circle, settings):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(delivered=True)
        circle.case.conference_held_at = MONDAY
        circle.case.save()
    due = MONDAY.date() + datetime.timedelta(days=settings.KRING_CHECK_IN_AFTER_DAYS)
    opens = due - datetime.timedelta(days=settings.KRING_CHECK_IN_EARLY_DAYS)
    day_before = datetime.datetime.combine(
        opens, datetime.time(7), tzinfo=AMS
    ) - datetime.timedelta(days=1)
    with time_machine.travel(day_before, tick=False):
        assert reminders.check_in_reminders(day_before.date()) == 0
    for days in (1, 2):
        moment = day_before + datetime.timedelta(days=days)
        with time_machine.travel(moment, tick=False):
            reminders.check_in_reminders(moment.date())
    (message,) = _kinds("check_in")
    assert message.to == circle.case.coordinator.email
    assert reverse("plans:check_in", args=[circle.case.uuid]) in message.text


def test_before_the_follow_up_the_circle_is_reminded(make_circle):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(checked_in=True)
        PlanFactory(case=circle.case, ready=True, follow_up_at=_at(3, 19))
    with time_machine.travel(_at(-1), tick=False):
        assert reminders.follow_up_reminders(_at(-1).date()) == 0
    with time_machine.travel(MONDAY, tick=False):
        sent = reminders.follow_up_reminders(MONDAY.date())
        assert reminders.follow_up_reminders(MONDAY.date()) == 0
    assert sent == len({p.email for p in circle.people if p.has_consent})
    assert circle.main.email in {m.to for m in _kinds("follow_up")}


def test_a_reminder_is_unique_in_the_database(make_circle):
    circle = make_circle(checked_in=True)
    with time_machine.travel(MONDAY, tick=False):
        kwargs = {
            "case": circle.case,
            "about": circle.case,
            "due": MONDAY.date(),
            "context": {"plan": None},
            "person": circle.main,
        }
        assert reminders.send_once(reminders.FOLLOW_UP, **kwargs)
        assert not reminders.send_once(reminders.FOLLOW_UP, **kwargs)
    assert Reminder.objects.count() == 1
    assert len(_kinds("follow_up")) == 1


def test_the_daily_job_runs_every_kind(make_circle):
    circle = make_circle(checked_in=True)
    assert circle.case.status == Status.CHECK_IN_DONE
    counts = reminders.run()
    assert set(counts) == {job.__name__ for job in reminders.JOBS}
    assert all(n >= 0 for n in counts.values())


def _only_a_phone(person: Person, language: str = "nl") -> None:
    Person.objects.filter(pk=person.pk).update(email="", phone="06 12345678", language=language)


def test_a_person_with_only_a_phone_gets_an_sms_exactly_once(make_circle):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(delivered=True)
        plan = PlanFactory(case=circle.case, ready=True)
        agreement: Any = AgreementFactory(plan=plan, due=_at(2).date())
        agreement.performers.set([circle.aunt])
        _only_a_phone(circle.aunt, "en")
        assert reminders.agreements_due(MONDAY.date()) == 1
        assert reminders.agreements_due(MONDAY.date()) == 0  # a restart
    assert _kinds("agreement_due") == []  # no address, no mail
    (sms,) = _kinds("agreement_due.sms")
    assert sms.channel == "sms"
    assert sms.to == "+31612345678"
    assert sms.language == "en"
    assert "/herinneringen/uit/" in sms.text
    (row,) = Reminder.objects.all()
    assert row.message_uuid == sms.uuid


def test_mail_and_sms_when_both_are_known(make_circle):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(delivered=True)
        plan = PlanFactory(case=circle.case, ready=True)
        agreement: Any = AgreementFactory(plan=plan, due=_at(2).date())
        agreement.performers.set([circle.aunt])
        Person.objects.filter(pk=circle.aunt.pk).update(phone="0612345678")
        assert reminders.agreements_due(MONDAY.date()) == 1
        assert reminders.agreements_due(MONDAY.date()) == 0
    assert len(_kinds("agreement_due")) == 1
    assert len(_kinds("agreement_due.sms")) == 1


def test_switching_reminders_off_stops_the_sms_too(make_circle, client):
    with time_machine.travel(MONDAY, tick=False):
        circle = make_circle(delivered=True)
        plan = PlanFactory(case=circle.case, ready=True)
        agreement: Any = AgreementFactory(plan=plan, due=_at(2).date())
        agreement.performers.set([circle.aunt])
        _only_a_phone(circle.aunt)
        reminders.agreements_due(MONDAY.date())
    (sms,) = _kinds("agreement_due.sms")
    link = sms.text.split("/herinneringen/uit/")[1].split("/")[0]
    client.post(reverse("followup:opt_out", args=[link]))
    circle.aunt.refresh_from_db()
    assert circle.aunt.reminders_off
    with time_machine.travel(MONDAY, tick=False):
        other: Any = AgreementFactory(plan=plan, due=_at(1).date())
        other.performers.set([circle.aunt])
        assert reminders.agreements_due(MONDAY.date()) == 0
    assert len(_kinds("agreement_due.sms")) == 1
