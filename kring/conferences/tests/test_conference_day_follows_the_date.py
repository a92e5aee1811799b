"""The conference day follows the date (finding 6): attendance from the planned day on, never
for a day in the future, with at least one person present; or, when nobody came, a reason and
back to preparation instead of "held"."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.models import Variant
from kring.cases.states import Status
from kring.conferences.models import Conference, ConferenceRecord
from kring.conferences.services import conference_for

pytestmark = pytest.mark.django_db


def _on(case, days_from_today: int) -> Conference:
    """Plan the case's conference `days_from_today` days from today, at ten."""
    conference = conference_for(case)
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    conference.starts_at = datetime.datetime.combine(
        day, datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    conference.place_name = "Buurthuis De Pijp"
    conference.save()
    return conference


def _attendance(circle, held_on: datetime.date, present=("main",)):
    data: dict[str, object] = {"held_on": held_on.isoformat()}
    for name in present:
        person = getattr(circle, name)
        data[f"parts_{person.uuid.hex}"] = ["information", "presentation"]
    return data


def _url(case, name="record"):
    return reverse(f"conferences:{name}", args=[case.uuid])


def test_before_the_day_the_page_says_when_and_attendance_is_refused(
    client_for, coordinator, make_circle
):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, 3)
    c = client_for(coordinator)
    page = c.get(_url(circle.case)).content.decode()
    assert "Vanaf die dag legt u hier vast wie er was." in page
    assert "Aanwezigheid opslaan" not in page and "Niemand gekomen" not in page
    response = c.post(_url(circle.case), _attendance(circle, timezone.localdate()))
    assert response.status_code == 400
    assert "Vanaf die dag legt u hier vast wie er was." in response.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_SCHEDULED
    assert not ConferenceRecord.objects.exists()


def test_a_day_in_the_future_or_before_the_planned_day_is_refused(
    client_for, coordinator, make_circle
):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, -2)
    c = client_for(coordinator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = c.post(_url(circle.case), _attendance(circle, tomorrow))
    assert response.status_code == 400
    assert "De datum van de conferentie ligt in de toekomst." in response.content.decode()
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    response = c.post(_url(circle.case), _attendance(circle, week_ago))
    assert response.status_code == 400
    assert "Zet dan eerst de datum goed" in response.content.decode()


def test_nobody_present_is_not_a_conference(client_for, coordinator, make_circle):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, 0)
    response = client_for(coordinator).post(
        _url(circle.case), _attendance(circle, timezone.localdate(), present=())
    )
    assert response.status_code == 400
    assert "Kwam er niemand?" in response.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_SCHEDULED


def test_on_the_day_with_someone_present_the_conference_is_held(
    client_for, coordinator, make_circle
):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, 0)
    c = client_for(coordinator)
    page = c.get(_url(circle.case)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    response = c.post(_url(circle.case), _attendance(circle, timezone.localdate()))
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD
    event = AuditEvent.objects.get(key="conference.attendance_recorded")
    assert event.changes == {"present": 1, "held_on": timezone.localdate().isoformat()}
    # A correction afterwards follows the same rule: not everyone away.
    response = c.post(_url(circle.case), _attendance(circle, timezone.localdate(), present=()))
    assert response.status_code == 400


def test_when_nobody_came_the_case_goes_back_to_preparation(
    client_for, coordinator, make_circle, django_capture_on_commit_callbacks
):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    conference = _on(circle.case, -1)
    c = client_for(coordinator)
    page = c.get(_url(circle.case)).content.decode()
    assert "Niemand gekomen" in page
    assert c.post(_url(circle.case, "nobody_came"), {}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            _url(circle.case, "nobody_came"),
            {"nobody-reason": "Moeder werd ziek en heeft iedereen afgebeld."},
        )
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.IN_PREPARATION
    assert circle.case.conference_held_at is None or circle.case.status != Status.CONFERENCE_HELD
    conference.refresh_from_db()
    assert conference.nobody_came and conference.cancelled_at is not None
    assert conference.cancel_reason == "Moeder werd ziek en heeft iedereen afgebeld."
    # The day is past: nobody gets a cancellation.
    assert mail.outbox == []
    event = AuditEvent.objects.get(key="conference.nobody_came")
    assert "ziek" not in str(event.changes) + event.reason + event.message
    page = c.get(reverse("conferences:conference", args=[circle.case.uuid])).content.decode()
    assert "vastgelegd dat niemand kwam" in page
    # Planning again needs a new date: the old one is past.
    response = c.post(reverse("conferences:schedule", args=[circle.case.uuid]), follow=True)
    assert "De datum van de conferentie is voorbij." in response.content.decode()


def test_nobody_came_cannot_be_recorded_before_the_day(client_for, coordinator, make_circle):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, 2)
    response = client_for(coordinator).post(
        _url(circle.case, "nobody_came"), {"nobody-reason": "Niemand kan."}
    )
    assert response.status_code == 400
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_SCHEDULED


def test_a_planned_conference_keeps_its_date(client_for, coordinator, make_circle):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, 5)
    response = client_for(coordinator).post(
        reverse("conferences:save_logistics", args=[circle.case.uuid]),
        {"place_name": "Buurthuis De Pijp"},
    )
    assert response.status_code == 400
    assert "Een geplande conferentie heeft een datum." in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_record_page_before_the_day_exact_query_count(
    client_for, coordinator, make_circle, rows, django_assert_num_queries
):
    from kring.network.tests.factories import PersonFactory

    circle = make_circle(Variant.FAMILY, scheduled=True)
    _on(circle.case, 3)
    PersonFactory.create_batch(rows, case=circle.case, consented=True)
    c = client_for(coordinator)
    # session, user, case (+region, municipality, coordinator, manager), audit insert,
    # record, conference, people
    with django_assert_num_queries(7):
        response = c.get(_url(circle.case))
    assert response.status_code == 200
