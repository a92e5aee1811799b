"""The demo seeder makes circles worth looking at, and can run twice."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from kring.cases.models import Case
from kring.network.models import ContactRestriction, Person, SafetyRequirement

pytestmark = pytest.mark.django_db


def test_demo_circles_are_realistic_and_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    # The circles this seeder builds on the cases seeder's cases (the plans seeder adds its own).
    sizes = list(
        Case.objects.filter(reference__startswith="EK-2026-001")
        .annotate(n=Count("people"))
        .filter(n__gt=0)
        .values_list("n", flat=True)
    )
    assert len(sizes) >= 5
    assert all(9 <= n <= 30 for n in sizes)
    assert ContactRestriction.objects.filter(kind="restraining_order").exists()
    assert SafetyRequirement.objects.filter(case__reference__startswith="EK-2026-001").exists()
    assert Person.objects.filter(user__email="sanne.visser@professional.example").exists()
