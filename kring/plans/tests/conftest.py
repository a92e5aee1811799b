"""A case with a circle around it (from the conference tests), ready for the plan."""

from typing import Any

import pytest

from kring.conferences.tests.conftest import (  # noqa: F401 - shared fixtures
    Circle,
    circle,
    make_circle,
)
from kring.plans.tests.factories import AgreementFactory, PlanFactory, RequirementFactory


@pytest.fixture
def ready_plan(circle):  # noqa: F811
    """A plan with a follow-up and two agreements, no safety requirements."""
    plan = PlanFactory(case=circle.case, ready=True)
    a1: Any = AgreementFactory(plan=plan, what="Oma brengt de kinderen elke ochtend naar school.")
    a1.performers.set([circle.aunt])
    a2: Any = AgreementFactory(plan=plan, what="Karim helpt met de administratie.")
    a2.performers.set([circle.uncle])
    return plan


@pytest.fixture
def requirement(circle):  # noqa: F811
    return RequirementFactory(set_by=circle.prof)


@pytest.fixture
def post_commit(django_capture_on_commit_callbacks):
    """POST with a client and run the on-commit work (mail, PDF) as a real commit would."""

    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return post
