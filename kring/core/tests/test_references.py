"""Reference numbers: one upsert hands out the next number of the year, per prefix."""

import pytest
from django.utils import timezone

from kring.core.models import ReferenceCounter
from kring.core.references import next_reference, reserve_taken

pytestmark = pytest.mark.django_db


def test_numbers_start_at_one_and_count_up_per_prefix():
    year = timezone.localdate().year
    assert next_reference() == f"EK-{year}-00001"
    assert next_reference() == f"EK-{year}-00002"
    assert next_reference("XX") == f"XX-{year}-00001"
    assert ReferenceCounter.objects.get(prefix="EK", year=year).last == 2


def test_next_number_is_one_query(django_assert_num_queries):
    next_reference()
    with django_assert_num_queries(1):
        next_reference()


def test_reserved_numbers_are_skipped():
    year = timezone.localdate().year
    reserve_taken([f"EK-{year}-00041", "EK-1999-99999"])
    assert next_reference() == f"EK-{year}-00042"
