"""The demo shows a held follow-up with its outcome register and a few survey answers."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, User
from kring.cases.states import Status
from kring.followup import reminders
from kring.followup.models import AgreementProgress, FollowUp, OverdueSignal, SurveyAnswer

pytestmark = pytest.mark.django_db


def test_seed_demo_holds_follow_ups_and_survey_answers(client_for):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (FollowUp.objects.count(), SurveyAnswer.objects.count())
    assert counts[0] >= 2
    assert counts[1] >= 3
    assert AgreementProgress.objects.exists()
    assert FollowUp.objects.filter(closes_case=True, case__status=Status.CLOSED).exists()
    in_follow_up = FollowUp.objects.filter(case__status=Status.FOLLOW_UP).first()
    assert in_follow_up is not None
    call_command("seed_demo", stdout=io.StringIO())
    assert (FollowUp.objects.count(), SurveyAnswer.objects.count()) == counts
    # The demo earns no late signal, and its pages open for the region's manager.
    reminders.overdue_follow_ups(timezone.localdate())
    assert not OverdueSignal.objects.filter(case=in_follow_up.case).exists()
    admin = User.objects.filter(role=Role.ADMIN).first()
    client = client_for(admin)
    page = client.get(reverse("followup:case", args=[in_follow_up.case.uuid]))
    assert page.status_code == 200
    assert "Eerdere vervolgbijeenkomsten" in page.content.decode()
    assert client.get(reverse("followup:survey_answers")).status_code == 200
