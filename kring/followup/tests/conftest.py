"""A case whose check-in call is done, with a delivered-style plan of two agreements."""

from typing import Any

import pytest

from kring.plans.tests.conftest import (  # noqa: F401 - shared fixtures
    Circle,
    circle,
    make_circle,
    post_commit,
    ready_plan,
    requirement,
)
from kring.plans.tests.factories import AgreementFactory, PlanFactory


@pytest.fixture
def checked_in(make_circle):  # noqa: F811
    """A circle whose case is CHECK_IN_DONE."""
    return make_circle(checked_in=True)


@pytest.fixture
def follow_plan(checked_in):
    plan = PlanFactory(case=checked_in.case, ready=True)
    a1: Any = AgreementFactory(plan=plan, what="Oma brengt de kinderen naar school.")
    a1.performers.set([checked_in.aunt])
    a2: Any = AgreementFactory(plan=plan, what="Karim helpt met de administratie.")
    a2.performers.set([checked_in.uncle])
    return plan
