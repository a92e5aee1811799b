import pytest

from kring.cases.tests.factories import CaseFactory
from kring.network.tests.factories import PersonFactory


@pytest.fixture
def case(municipality, coordinator):
    return CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)


@pytest.fixture
def main_person(case):
    return PersonFactory(case=case, main=True, name="Fatima el Amrani")
