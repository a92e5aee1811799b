"""A case with a circle around it, ready for the conference and the plan."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.plans.tests.factories import (
    AgreementFactory,
    PersonFactory,
    PlanFactory,
    RequirementFactory,
)


@dataclass
class Circle:
    case: Any
    main: Any
    aunt: Any
    uncle: Any
    prof: Any
    people: list[Any] = field(default_factory=list)


@pytest.fixture
def make_circle(coordinator, municipality, professional):
    def make(variant: str = Variant.FAMILY, **traits: Any) -> Circle:
        traits = traits or {"held": True}
        case = CaseFactory(
            coordinator=coordinator, municipality=municipality, variant=variant, **traits
        )
        main = PersonFactory(case=case, main=True, name="Fatima Amrani", email="fatima@example.nl")
        aunt = PersonFactory(case=case, name="Ria Amrani")
        uncle = PersonFactory(case=case, name="Karim Amrani")
        prof = PersonFactory(case=case, professional=True, name="Sanne Visser", user=professional)
        return Circle(case, main, aunt, uncle, prof, [main, aunt, uncle, prof])

    return make


@pytest.fixture
def circle(make_circle):
    return make_circle()


@pytest.fixture
def ready_plan(circle):
    """A plan with a follow-up and two agreements, no safety requirements."""
    plan = PlanFactory(case=circle.case, ready=True)
    a1: Any = AgreementFactory(plan=plan, what="Oma brengt de kinderen elke ochtend naar school.")
    a1.performers.set([circle.aunt])
    a2: Any = AgreementFactory(plan=plan, what="Karim helpt met de administratie.")
    a2.performers.set([circle.uncle])
    return plan


@pytest.fixture
def requirement(circle):
    return RequirementFactory(set_by=circle.prof)


@pytest.fixture
def post_commit(django_capture_on_commit_callbacks):
    """POST with a client and run the on-commit work (mail, PDF) as a real commit would."""

    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return post
