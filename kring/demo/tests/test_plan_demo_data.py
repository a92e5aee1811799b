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


@pytest.mark.django_db
def test_demo_shows_safe_delivery_and_the_check_in_window():
    from kring.accounts.models import User
    from kring.cases.access import may_record_check_in
    from kring.network.models import ContactRestriction
    from kring.plans.access import professional_cases
    from kring.plans.models import PlanRecipient

    call_command("seed_demo", stdout=io.StringIO())
    family = Case.objects.get(reference="EK-2026-00301")
    father = family.people.get(name="Youssef Amrani")
    assert ContactRestriction.objects.filter(case=family, person_a=father).exists()
    assert not PlanRecipient.objects.filter(person=father).exists()
    assert family.plan.recipients_chosen_at is not None
    assert father not in family.plan.chosen_recipients.all()
    # The street's check-in can be recorded now; the family's not yet.
    street = Case.objects.get(reference="EK-2026-00303")
    assert street.coordinator is not None and family.coordinator is not None
    assert may_record_check_in(street.coordinator, street)
    assert not may_record_check_in(family.coordinator, family)
    # The demo professional finds her cases on her start page.
    sanne = User.objects.get(email__startswith="sanne.visser")
    assert professional_cases(sanne).filter(pk=family.pk).exists()
