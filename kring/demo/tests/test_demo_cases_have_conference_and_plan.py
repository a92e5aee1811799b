"""After seed_demo every case past its conference looks like it: a date, attendance, a plan."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kring.cases.models import Case, Part, Variant
from kring.cases.states import Status
from kring.conferences.models import Attendance, Conference, ConferenceRecord
from kring.network.models import SafetyRequirement
from kring.plans.models import CheckIn, Outcome, Plan, PlanVersion

pytestmark = pytest.mark.django_db

HELD_OR_LATER = [
    Status.CONFERENCE_HELD,
    Status.PLAN_DELIVERED,
    Status.CHECK_IN_DONE,
    Status.FOLLOW_UP,
    Status.CLOSED,
]
DELIVERED_OR_LATER = HELD_OR_LATER[1:]
CHECKED_IN = HELD_OR_LATER[2:]


def _counts():
    return tuple(
        model.objects.count()
        for model in (Conference, ConferenceRecord, Attendance, Plan, PlanVersion, CheckIn)
    )


def test_seed_demo_twice_gives_every_case_past_its_conference_attendance_and_a_plan():
    call_command("seed_demo", stdout=io.StringIO())
    counts = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == counts

    held = list(Case.objects.filter(status__in=HELD_OR_LATER))
    assert len(held) >= 10
    for case in held:
        assert Attendance.objects.filter(
            record__case=case, present=True, person__is_main_person=True
        ).exists(), case.reference
        assert Plan.objects.filter(case=case).exists(), case.reference

    for case in Case.objects.filter(status__in=DELIVERED_OR_LATER):
        version = PlanVersion.objects.filter(plan__case=case).first()
        assert version is not None, case.reference
        assert version.content["agreements"], case.reference
        assert version.content["follow_up"]["at"], case.reference
        for requirement in SafetyRequirement.objects.filter(case=case):
            latest = requirement.assessments.last()
            assert latest is not None, case.reference
            assert latest.outcome == Outcome.MET, case.reference

    # Right after the conference the plan is still a draft.
    for case in Case.objects.filter(status=Status.CONFERENCE_HELD):
        assert not PlanVersion.objects.filter(plan__case=case).exists(), case.reference
        assert case.plan.agreements.exists(), case.reference

    for case in Case.objects.filter(status__in=CHECKED_IN):
        assert CheckIn.objects.filter(case=case).exists(), case.reference


def test_seed_demo_dates_conferences_by_the_case_and_keeps_part_2_private():
    call_command("seed_demo", stdout=io.StringIO())
    handed = Case.objects.filter(reference__startswith="EK-2026-001")
    for case in handed.filter(status__in=HELD_OR_LATER):
        day = timezone.localdate(case.conference_held_at)
        assert timezone.localdate(case.conference.starts_at) == day, case.reference
        assert case.conference_record.held_on == day, case.reference
    for case in handed.filter(status=Status.CONFERENCE_SCHEDULED):
        starts_at = case.conference.starts_at
        assert starts_at is not None, case.reference
        assert starts_at > timezone.now(), case.reference
        assert case.conference.place_name, case.reference
    family = ConferenceRecord.objects.filter(case__variant=Variant.FAMILY)
    assert family.exists()
    assert not family.exclude(planning_notes="").exists()
    assert not family.filter(coordinator_in_planning=True).exists()
    assert not Attendance.objects.filter(
        record__in=family, part=Part.PLANNING, is_professional=True, present=True
    ).exists()
