"""A number beyond the database's range in a checkbox list is a form error, never a 500
(issue 9, finding 16: on SQLite it raised OverflowError on the `IN (...)` query).

Every model checkbox list uses `kring.core.forms.ModelMultipleChoiceField`, which refuses such
values as an invalid choice; a tampered post on the real forms shows the error next to the
field and keeps what was typed.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape

import kring
from kring.accounts.models import Role
from kring.accounts.tests.factories import UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.core.forms import ModelMultipleChoiceField
from kring.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

HUGE = ["99999999999999999999", "-99999999999999999999", "9223372036854775808"]


def every_form_class() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(kring.__path__, "kring."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.endswith("forms"):
            continue
        module = importlib.import_module(name)
        found += [
            cls
            for _n, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name
        ]
    return found


def test_every_model_checkbox_list_refuses_out_of_range_numbers():
    classes = every_form_class()
    assert len(classes) > 10
    plain = [
        f"{cls.__module__}.{cls.__name__}.{field_name}"
        for cls in classes
        for field_name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelMultipleChoiceField)
    ]
    assert not plain, (
        "Use kring.core.forms.ModelMultipleChoiceField for these (a huge number is a 500 on "
        f"SQLite otherwise): {plain}"
    )


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_region_number_on_the_coordinator_form_is_a_form_error(
    client, admin_user, region, value
):
    coordinator = UserFactory(role=Role.COORDINATOR, full_name="Anouk Verbeek")
    coordinator.regions.set([region])
    CoordinatorProfileFactory(user=coordinator)
    client.force_login(admin_user)
    response = client.post(
        reverse("coordinators:edit", args=[coordinator.uuid]),
        {"regions": [str(region.pk), value], "languages": ["nl"], "full_name": "Anouk V."},
    )
    assert response.status_code in {200, 400}
    html = response.content.decode()
    assert escape(value) in html  # named in the error
    assert "error-summary" in html
    coordinator.refresh_from_db()
    assert list(coordinator.regions.all()) == [region]


def test_a_huge_person_number_on_the_agreement_form_is_a_form_error(client, coordinator):
    plan = PlanFactory(case=CaseFactory(held=True, coordinator=coordinator))
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:agreement_new", args=[plan.case.uuid]),
        {"what": "Oma brengt de kinderen.", "performers": [HUGE[0]]},
    )
    assert response.status_code in {200, 400}
    assert "Oma brengt de kinderen." in response.content.decode()  # nothing typed is lost
    assert plan.agreements.count() == 0
