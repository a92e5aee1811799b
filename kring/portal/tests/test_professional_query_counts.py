"""Exact query counts of a professional's pages: the same with 1 and with 50 cases."""

from typing import Any

import pytest
from django.urls import reverse

from kring.cases.tests.factories import CaseFactory
from kring.plans.tests.factories import (
    AgreementFactory,
    PersonFactory,
    PlanFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db


def _cases(n, professional, coordinator, municipality, *, with_plan=False):
    """n cases with this professional (consented) in the circle; with a plan, each has a
    requirement they set, met by an agreement, and a support request for them."""
    requirements = []
    for i in range(n):
        case = CaseFactory(
            held=with_plan, in_preparation=True, coordinator=coordinator, municipality=municipality
        )
        me = PersonFactory(case=case, professional=True, user=professional)
        if not with_plan:
            continue
        plan: Any = PlanFactory(case=case, ready=True)
        requirement = RequirementFactory(set_by=me, text=f"Eis {i}")
        agreement: Any = AgreementFactory(plan=plan, what=f"Afspraak {i}")
        agreement.performers.set([PersonFactory(case=case)])
        agreement.meets_requirements.set([requirement])
        plan.support_requests.create(what=f"Hulp {i}", organisation="Wijkteam", professional=me)
        requirements.append(requirement)
    return requirements


@pytest.mark.parametrize("n", [1, 50])
def test_professional_start_exact_query_count(
    n, professional, coordinator, municipality, client_for, django_assert_num_queries
):
    _cases(n, professional, coordinator, municipality)
    client = client_for(professional)
    # session, user, the cases they are asked to contribute to (at most 50)
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:start"))
    assert len(response.context["circle_cases"]) == n


@pytest.mark.parametrize("n", [1, 50])
def test_professional_plans_exact_query_count(
    n, professional, coordinator, municipality, client_for, django_assert_num_queries
):
    requirements = _cases(n, professional, coordinator, municipality, with_plan=True)
    client = client_for(professional)
    for requirement in requirements:
        client.post(reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"})
    # session, user, requirements (+case), assessments, plans, linked agreements, their
    # performers, support requests (+plan, case)
    with django_assert_num_queries(8):
        response = client.get(reverse("portal:professional"))
    assert len(response.context["requirements"]) == n
    assert all(assessment for _r, assessment, _stale in response.context["requirements"])
    assert len(response.context["support"]) == n
