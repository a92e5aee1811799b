"""Coordinators with a registry profile, and the case fixtures."""

import pytest

from kring.accounts.models import Role
from kring.cases.tests.conftest import (  # noqa: F401
    assigned_case,
    declared_case,
    requested_case,
)
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
