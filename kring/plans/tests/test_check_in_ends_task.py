"""The check-in call ends the coordinator's task: from then on every URL of the case is 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.cases.states import Status
from kring.plans.models import CheckIn


def _case_urls(case, agreement_uuid, requirement=None):
    u = case.uuid
    return [
        ("get", reverse("cases:detail", args=[u])),
        ("get", reverse("conferences:record", args=[u])),
        ("get", reverse("plans:detail", args=[u])),
        ("post", reverse("plans:start", args=[u])),
        ("get", reverse("plans:edit", args=[u])),
        ("get", reverse("plans:agreement_new", args=[u])),
        ("get", reverse("plans:agreement_edit", args=[u, agreement_uuid])),
        ("post", reverse("plans:agreement_delete", args=[u, agreement_uuid])),
        ("get", reverse("plans:support_new", args=[u])),
        ("get", reverse("plans:deliver", args=[u])),
        ("get", reverse("plans:version", args=[u, 1])),
        ("get", reverse("plans:version_pdf", args=[u, 1])),
        ("get", reverse("plans:diff", args=[u]) + "?van=1&naar=0"),
        ("get", reverse("plans:check_in", args=[u])),
        ("post", reverse("plans:check_in", args=[u])),
    ]


@pytest.fixture
def delivered(client_for, coordinator, circle, ready_plan, post_commit):
    post_commit(client_for(coordinator), reverse("plans:deliver", args=[circle.case.uuid]), {})
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED
    return circle


@pytest.mark.django_db
def test_check_in_appears_on_the_worklist_and_overdue_is_shown(client_for, coordinator, delivered):
    case = delivered.case
    page = client_for(coordinator).get(reverse("plans:check_ins"))
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert "te laat" not in page.content.decode()
    type(case).objects.filter(pk=case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=40)
    )
    page = client_for(coordinator).get(reverse("plans:check_ins"))
    assert "te laat" in page.content.decode()


@pytest.mark.django_db
def test_recording_the_check_in_ends_the_coordinators_access_everywhere(
    client_for, coordinator, manager, delivered, ready_plan
):
    case = delivered.case
    # Three weeks and a half after the conference: the check-in window is open.
    type(case).objects.filter(pk=case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=25)
    )
    agreement = ready_plan.agreements.first()
    c = client_for(coordinator)
    for method, url in _case_urls(case, agreement.uuid):
        assert getattr(c, method)(url).status_code in {200, 302}, url
    bad = c.post(reverse("plans:check_in", args=[case.uuid]), {"held_on": "2999-01-01"})
    assert "toekomst" in bad.content.decode()
    response = c.post(
        reverse("plans:check_in", args=[case.uuid]),
        {"held_on": timezone.localdate().isoformat(), "note": "Het gaat goed."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CHECK_IN_DONE
    assert CheckIn.objects.get(case=case).note == "Het gaat goed."
    for method, url in _case_urls(case, agreement.uuid):
        assert getattr(c, method)(url).status_code == 404, url
    assert case.reference not in c.get(reverse("plans:check_ins")).content.decode()
    # The regional manager keeps watching.
    m = client_for(manager)
    assert m.get(reverse("plans:detail", args=[case.uuid])).status_code == 200
    assert m.get(reverse("plans:version_pdf", args=[case.uuid, 1])).status_code == 200


@pytest.mark.django_db
def test_a_stopped_case_ends_the_coordinators_access(
    client_for, coordinator, delivered, ready_plan
):
    case = delivered.case
    type(case).objects.filter(pk=case.pk).update(
        status=Status.STOPPED, stop_reason="situation_changed"
    )
    c = client_for(coordinator)
    for method, url in _case_urls(case, ready_plan.agreements.first().uuid):
        assert getattr(c, method)(url).status_code == 404, url


@pytest.mark.django_db
def test_a_stopped_case_keeps_its_plan_readable_but_not_changeable(
    client_for, manager, delivered, ready_plan
):
    case = delivered.case
    type(case).objects.filter(pk=case.pk).update(
        status=Status.STOPPED, stop_reason="situation_changed"
    )
    m = client_for(manager)
    assert m.get(reverse("plans:detail", args=[case.uuid])).status_code == 200
    assert m.get(reverse("plans:version", args=[case.uuid, 1])).status_code == 200
    assert m.get(reverse("plans:edit", args=[case.uuid])).status_code == 404
    assert m.post(reverse("plans:deliver", args=[case.uuid])).status_code == 404
