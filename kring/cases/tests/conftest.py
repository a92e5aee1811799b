"""Fixtures for case tests: a coordinator, cases in the manager's region."""

import pytest

from kring.accounts.models import Role
from kring.cases.tests.factories import new_case


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, full_name="Anouk Verbeek")


@pytest.fixture
def requested_case(municipality, manager):
    return new_case(
        municipality=municipality,
        regional_manager=manager,
        main_person_names="Fatima el Idrissi",
        main_person_first_name="Fatima",
    )


@pytest.fixture
def assigned_case(municipality, manager, coordinator):
    return new_case(
        assigned=True,
        coordinator=coordinator,
        municipality=municipality,
        regional_manager=manager,
        main_person_names="Fatima el Idrissi",
        main_person_first_name="Fatima",
    )


@pytest.fixture
def declared_case(municipality, manager, coordinator):
    return new_case(
        declared=True,
        coordinator=coordinator,
        municipality=municipality,
        regional_manager=manager,
        main_person_names="Fatima el Idrissi",
        main_person_first_name="Fatima",
    )
