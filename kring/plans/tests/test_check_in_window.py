"""The check-in call (issue 9, finding 6): due KRING_CHECK_IN_AFTER_DAYS after the conference,
recordable from KRING_CHECK_IN_EARLY_DAYS before that and never earlier; one rule
(`kring.cases.access.may_record_check_in`) for the case page, the plan page, the worklist, the
form and the domain function, for the coordinator and for staff."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kring.accounts.models import Role
from kring.cases.states import Status
from kring.plans import check_in
from kring.plans.writing import PlanError

pytestmark = pytest.mark.django_db

BUTTON = "Nabelgesprek vastleggen</a>"


@pytest.fixture
def delivered(client_for, coordinator, circle, ready_plan, post_commit):
    post_commit(client_for(coordinator), reverse("plans:deliver", args=[circle.case.uuid]))
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED
    return circle.case


def _held_days_ago(case: Any, days: int) -> Any:
    type(case).objects.filter(pk=case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=days)
    )
    case.refresh_from_db()
    return case


def _today(plus: int = 0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=plus)


def _day(plus: int = 0) -> str:
    return date_format(_today(plus), "j F Y")


def _pages(client: Any, case: Any) -> dict[str, str]:
    return {
        name: client.get(reverse(name, args=[case.uuid])).content.decode()
        for name in ("cases:detail", "plans:detail")
    }


def test_the_check_in_cannot_be_recorded_weeks_early(client_for, coordinator, delivered):
    case = _held_days_ago(delivered, 9)  # due in 19 days, recordable in 12
    c = client_for(coordinator)
    assert case.check_in_due == _today(19)
    for name, page in _pages(c, case).items():
        assert BUTTON not in page, name
        assert _day(19) in page, name  # the same due date on both pages
    assert f"Vastleggen kan vanaf {_day(12)}" in _pages(c, case)["plans:detail"]
    url = reverse("plans:check_in", args=[case.uuid])
    page = c.get(url)
    assert page.status_code == 200
    assert f"U kunt het vastleggen vanaf {_day(12)}" in page.content.decode()
    assert 'name="held_on"' not in page.content.decode()
    refused = c.post(url, {"held_on": _today().isoformat(), "note": "Gaat goed"})
    assert refused.status_code == 403
    worklist = c.get(reverse("plans:check_ins")).content.decode()
    assert f"vanaf {_day(12)}" in worklist
    assert url not in worklist
    case.refresh_from_db()
    assert case.status == Status.PLAN_DELIVERED


def test_from_a_week_before_it_is_due_the_coordinator_records_it(
    client_for, coordinator, delivered
):
    case = _held_days_ago(delivered, 21)  # due in 7 days: the window opens today
    c = client_for(coordinator)
    url = reverse("plans:check_in", args=[case.uuid])
    for name, page in _pages(c, case).items():
        assert BUTTON in page, name
    assert url in c.get(reverse("plans:check_ins")).content.decode()
    # A call before the window is not the check-in: say so next to the date.
    early = c.post(url, {"held_on": _today(-1).isoformat(), "note": "Even gebeld"})
    assert early.status_code == 200
    assert "te vroeg voor het nabelgesprek" in early.content.decode()
    assert "Even gebeld" in early.content.decode()  # nothing typed is lost
    done = c.post(url, {"held_on": _today().isoformat(), "note": "Het gaat goed."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CHECK_IN_DONE


def test_staff_may_record_the_check_in_by_the_same_rule(client_for, manager, delivered):
    m = client_for(manager)
    url = reverse("plans:check_in", args=[delivered.uuid])
    case = _held_days_ago(delivered, 9)
    assert all(BUTTON not in page for page in _pages(m, case).values())
    assert m.post(url, {"held_on": _today().isoformat()}).status_code == 403
    case = _held_days_ago(delivered, 32)
    assert all(BUTTON in page for page in _pages(m, case).values())
    assert m.post(url, {"held_on": _today(-1).isoformat()}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CHECK_IN_DONE


def test_the_window_follows_the_settings(client_for, coordinator, delivered, settings):
    settings.KRING_CHECK_IN_AFTER_DAYS = 14
    settings.KRING_CHECK_IN_EARLY_DAYS = 0
    c = client_for(coordinator)
    url = reverse("plans:check_in", args=[delivered.uuid])
    case = _held_days_ago(delivered, 13)
    assert all(_day(1) in page for page in _pages(c, case).values())
    assert c.post(url, {"held_on": _today().isoformat()}).status_code == 403
    _held_days_ago(delivered, 14)
    assert c.post(url, {"held_on": _today().isoformat()}).status_code == 302


def test_the_domain_refuses_an_early_check_in_whatever_the_form_sent(coordinator, delivered):
    case = _held_days_ago(delivered, 9)
    with pytest.raises(PlanError, match=_day(12)):
        check_in.record_check_in(case, held_on=_today(), note="", actor=coordinator)
    case.refresh_from_db()
    assert case.status == Status.PLAN_DELIVERED


def test_an_unrelated_coordinator_may_not_record_it(client_for, make_user, delivered):
    other = make_user(Role.COORDINATOR)
    case = _held_days_ago(delivered, 30)
    url = reverse("plans:check_in", args=[case.uuid])
    assert client_for(other).post(url, {"held_on": _today().isoformat()}).status_code == 404
    with pytest.raises(PlanError):
        check_in.record_check_in(case, held_on=_today(), note="", actor=other)
