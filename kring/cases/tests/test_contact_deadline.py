"""The first-contact deadline counts working days (no weekends, no Dutch holidays)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kring.cases import transitions
from kring.cases.models import Case
from kring.cases.tests.factories import new_case
from kring.intake.models import Request

pytestmark = pytest.mark.django_db
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _request(region, municipality, n=1):
    return Request.objects.create(
        reference=f"EK-2026-9{n:04d}",
        channel="web",
        status="contacted",
        submission_token=f"token-{n}",
        requester_type="family",
        requester_name="Karin Mulder",
        requester_phone="06 1234 5678",
        main_person_names="Sven Mulder",
        municipality=municipality,
        region=region,
        question="Hoe kan Sven weer naar school?",
        consent_at=timezone.now(),
        contact_due=timezone.localdate(),
    )


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        # Friday before King's Day (Monday 27 April): the weekend and the holiday do not count.
        (datetime.datetime(2026, 4, 24, 10, 0, tzinfo=AMS), datetime.date(2026, 4, 30)),
        # Christmas Eve: 25 and 26 December and the Sunday do not count.
        (datetime.datetime(2026, 12, 24, 10, 0, tzinfo=AMS), datetime.date(2026, 12, 30)),
        # An ordinary Tuesday: three working days later is Friday.
        (datetime.datetime(2026, 11, 24, 10, 0, tzinfo=AMS), datetime.date(2026, 11, 27)),
    ],
)
def test_contact_due_skips_weekends_and_holidays(opened, due, region, municipality, manager):
    region.contact_deadline_days = 3
    region.save()
    with time_machine.travel(opened, tick=False):
        case = transitions.open_case(_request(region, municipality), actor=manager)
    assert case.contact_due == due


def _overdue_case(municipality, manager, **kwargs):
    return new_case(
        municipality=municipality,
        regional_manager=manager,
        contact_due=datetime.date(2026, 4, 30),
        **kwargs,
    )


def test_overdue_only_after_the_deadline_day(municipality, manager):
    case = _overdue_case(municipality, manager)
    with time_machine.travel(datetime.datetime(2026, 4, 30, 16, 0, tzinfo=AMS), tick=False):
        assert not case.contact_overdue
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=AMS), tick=False):
        assert case.contact_overdue


def test_first_contact_stops_the_clock(municipality, manager, coordinator):
    case = _overdue_case(municipality, manager, coordinator=coordinator, in_preparation=True)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=AMS), tick=False):
        assert not case.contact_overdue


def test_overdue_cases_are_red_on_both_worklists(municipality, manager, coordinator, client_for):
    case = _overdue_case(municipality, manager, coordinator=coordinator, assigned=True)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=AMS), tick=False):
        for user in (manager, coordinator):
            html = client_for(user).get(reverse("portal:start")).content.decode()
            assert 'class="is-overdue"' in html
            assert "badge--overdue" in html
            assert case.reference in html


def test_daily_digest_mails_each_manager_their_overdue_cases(
    municipality,
    other_municipality,
    manager,
    make_user,
    other_region,
    django_capture_on_commit_callbacks,
):
    from kring.accounts.models import Role

    other_manager = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    late = _overdue_case(municipality, manager)
    in_time = new_case(
        municipality=municipality, contact_due=datetime.date(2026, 5, 4), reference="EK-2026-77777"
    )
    with (
        time_machine.travel(datetime.datetime(2026, 5, 1, 7, 0, tzinfo=AMS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_contact_digest")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [manager.email]
    assert late.reference in message.body
    assert in_time.reference not in message.body
    assert late.main_person_names not in message.body
    assert other_manager.email not in message.to


def test_no_digest_when_nothing_is_late(municipality, manager, django_capture_on_commit_callbacks):
    _overdue_case(municipality, manager)
    with (
        time_machine.travel(datetime.datetime(2026, 4, 30, 7, 0, tzinfo=AMS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_contact_digest")
    assert mail.outbox == []


def test_the_worker_schedule_sends_the_digest_once_a_day(
    municipality, manager, django_capture_on_commit_callbacks
):
    from kring.core import schedule

    _overdue_case(municipality, manager)
    at = datetime.datetime(2026, 5, 1, 7, 45, tzinfo=AMS)
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert "kring.cases.tasks.send_contact_digest" in schedule.tick(at)
        # A restart (or a second worker) later that morning sends nothing more.
        later = schedule.tick(at + datetime.timedelta(hours=1))
        assert "kring.cases.tasks.send_contact_digest" not in later
        call_command("send_contact_digest")
    assert len(mail.outbox) == 1
    assert Case.objects.count() == 1
