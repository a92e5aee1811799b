"""The plans demo: delivered plans of each variant, a safety round, a restoration conference."""

import io

import pytest
from django.core.management import call_command

from kring.cases.models import Case, Variant
from kring.plans.models import Outcome, PlanVersion, SafetyAssessment


@pytest.mark.django_db
def test_seed_demo_makes_delivered_plans_of_each_variant_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    delivered = Case.objects.filter(
        reference__startswith="EK-2026-003", plan__versions__isnull=False
    )
    assert {c.variant for c in delivered} == set(Variant.values)
    assert PlanVersion.objects.filter(plan__case__reference__startswith="EK-2026-003").count() == 6
    outcomes = list(
        SafetyAssessment.objects.filter(plan__case__reference="EK-2026-00302").values_list(
            "outcome", flat=True
        )
    )
    assert outcomes == [Outcome.NOT_MET, Outcome.MET]
    restoration = Case.objects.get(reference="EK-2026-00305")
    assert set(restoration.people.filter(is_main_person=True).values_list("party", flat=True)) == {
        1,
        2,
    }
