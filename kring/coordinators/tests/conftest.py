"""Share the case fixtures."""

from kring.cases.tests.conftest import (  # noqa: F401
    assigned_case,
    coordinator,
    declared_case,
    make_coordinator,
    requested_case,
)
