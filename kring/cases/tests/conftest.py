"""Fixtures for case tests: a coordinator with a profile, cases in the manager's region."""

import pytest

from kring.accounts.models import Role
from kring.cases.tests.factories import new_case
from kring.coordinators.tests.factories import CoordinatorProfileFactory


@pytest.fixture
def make_coordinator(make_user):
    def make(regions=None, **profile):
        user = make_user(Role.COORDINATOR, regions=regions)
        CoordinatorProfileFactory(user=user, **profile)
        return user

    return make


@pytest.fixture
def coordinator(make_coordinator):
    user = make_coordinator()
    user.full_name = "Anouk Verbeek"
    user.save(update_fields=["full_name"])
    return user


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


@pytest.fixture
def without_guards(monkeypatch):
    """Test the state table alone: other apps' preconditions are tested in those apps."""
    from collections import defaultdict

    from kring.cases import guards

    monkeypatch.setattr(guards, "_GUARDS", defaultdict(list))
