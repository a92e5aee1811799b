"""A case in preparation with its main person, and a case with a whole circle around it."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.conferences.tests.factories import PersonFactory as CirclePersonFactory
from kring.network.tests.factories import PersonFactory


@pytest.fixture
def case(municipality, coordinator):
    return CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)


@pytest.fixture
def main_person(case):
    return PersonFactory(case=case, main=True, name="Fatima el Amrani")


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
        main = CirclePersonFactory(
            case=case, main=True, name="Fatima Amrani", email="fatima@example.nl"
        )
        aunt = CirclePersonFactory(case=case, name="Ria Amrani")
        uncle = CirclePersonFactory(case=case, name="Karim Amrani")
        prof = CirclePersonFactory(
            case=case, professional=True, name="Sanne Visser", user=professional
        )
        return Circle(case, main, aunt, uncle, prof, [main, aunt, uncle, prof])

    return make


@pytest.fixture
def circle(make_circle):
    return make_circle()
