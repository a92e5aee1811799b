"""Every model choice field reads its choices with one ordinary query (decision 0193).

Django's own iterator opens a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three
round trips) for a list of a few hundred rows at most; the queue's municipality filter paid it
on every page view. `kring.core.forms.ListedChoices` reads them with one SELECT.
"""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kring.accounts.models import Municipality
from kring.core.forms import ListedChoices
from tests.test_out_of_range_choices import every_form_class

pytestmark = pytest.mark.django_db


def test_every_model_choice_field_reads_its_choices_in_one_query():
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in every_form_class()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not issubclass(field.iterator, ListedChoices)
    ]
    assert not plain, f"Use kring.core.forms.ModelChoiceField for these: {plain}"


def test_the_queue_filter_reads_the_municipalities_without_a_cursor(client, manager, region):
    Municipality.objects.create(name="Tiel", region=region, code="GM0281")
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("intake:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Tiel<" in html
    sql = [q["sql"] for q in queries.captured_queries]
    municipality_reads = [s for s in sql if 'FROM "accounts_municipality"' in s]
    assert len(municipality_reads) == 1, municipality_reads
    assert not [s for s in sql if "DECLARE" in s.upper() or "FETCH" in s.upper()]
