"""The demo has cases in every state, spread over coordinators, with timelines; twice is once."""

import io

import pytest
from django.core.management import call_command

from kring.audit.models import AuditEvent
from kring.cases.load import recount
from kring.cases.models import Case, Contact, RunningCaseCount
from kring.cases.states import Status
from kring.coordinators.models import CoordinatorProfile

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_every_state_and_seed_idempotently(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Case.objects.count(), Contact.objects.count(), _timeline_events())
    assert {c.status for c in Case.objects.all()} == set(Status.values)
    assert Case.objects.exclude(coordinator=None).values("coordinator").distinct().count() >= 10
    assert CoordinatorProfile.objects.count() == 12
    assert CoordinatorProfile.objects.filter(training_completed_on=None).count() == 1
    assert any(c.contact_overdue for c in Case.objects.all())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Case.objects.count(), Contact.objects.count(), _timeline_events()) == counts
    case = Case.objects.get(reference="EK-2026-00104")
    assert AuditEvent.objects.filter(case_id=case.uuid, action="transition").count() == 2


def test_demo_sets_the_kept_counts_of_running_cases():
    """The demo writes its cases around the transitions; the coordinators' kept counts of
    running cases (decision 192) are set from them, also when seeded again."""
    call_command("seed_demo", stdout=io.StringIO())
    assert recount() == 0
    assert RunningCaseCount.objects.filter(running__gt=0).count() >= 5
    call_command("seed_demo", stdout=io.StringIO())
    assert recount() == 0


def _timeline_events():
    return AuditEvent.objects.filter(case_id__isnull=False).exclude(action="view").count()
