"""Exact query counts of a professional's pages: the same with 1 and with 50 cases, and with 1
and with 50 questions, requirements and support requests in one case."""

from typing import Any

import pytest
from django.urls import reverse

from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InformationItem
from kring.plans.tests.factories import (
    AgreementFactory,
    PersonFactory,
    PlanFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db


def _cases(n, professional, coordinator, municipality, *, with_plan=False):
    """n cases with this professional (consented) in the circle; with a plan, each has a
    requirement they set, met by an agreement, a question and a support request for them."""
    requirements = []
    for i in range(n):
        case: Any = CaseFactory(
            held=with_plan, in_preparation=True, coordinator=coordinator, municipality=municipality
        )
        me: Any = PersonFactory(case=case, professional=True, user=professional)
        if not with_plan:
            continue
        plan: Any = PlanFactory(case=case, ready=True)
        requirement = RequirementFactory(set_by=me, text=f"Eis {i}")
        agreement: Any = AgreementFactory(plan=plan, what=f"Afspraak {i}")
        agreement.performers.set([PersonFactory(case=case)])
        agreement.meets_requirements.set([requirement])
        plan.support_requests.create(what=f"Hulp {i}", organisation="Wijkteam", professional=me)
        InformationItem.objects.create(case=case, question=f"Vraag {i}", answered_by=me)
        requirements.append(requirement)
    return requirements


@pytest.mark.parametrize("n", [1, 50])
def test_professional_start_exact_query_count(
    n, professional, coordinator, municipality, client_for, django_assert_num_queries
):
    requirements = _cases(n, professional, coordinator, municipality, with_plan=True)
    client = client_for(professional)
    for requirement in requirements:
        client.post(reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"})
    # One plan changed after its assessment: that requirement waits for a new look.
    changed: Any = AgreementFactory(plan=requirements[0].case.plan)
    changed.meets_requirements.set([requirements[0]])
    # session, user, the cases they joined (at most 50), open questions, support asked, plans
    # shared, requirements, assessments, plans, linked agreements, their performers, which
    # requirements may be assessed
    with django_assert_num_queries(12):
        response = client.get(reverse("portal:start"))
    cards = response.context["cards"]
    assert len(cards) == n
    assert all(card.questions == 1 and card.support == 1 for card in cards)
    assert sum(card.to_assess for card in cards) == 1


@pytest.mark.parametrize("n", [1, 50])
def test_professional_case_page_exact_query_count(
    n, professional, coordinator, municipality, client_for, django_assert_num_queries
):
    case: Any = CaseFactory(held=True, coordinator=coordinator, municipality=municipality)
    PersonFactory(case=case, main=True, name="Ayten Yilmaz", email="")
    me: Any = PersonFactory(case=case, professional=True, user=professional)
    plan: Any = PlanFactory(case=case, ready=True)
    for i in range(n):
        requirement = RequirementFactory(set_by=me, text=f"Eis {i}")
        agreement: Any = AgreementFactory(plan=plan, what=f"Afspraak {i}")
        agreement.performers.set([PersonFactory(case=case)])
        agreement.meets_requirements.set([requirement])
        plan.support_requests.create(what=f"Hulp {i}", organisation="Wijkteam", professional=me)
        InformationItem.objects.create(case=case, question=f"Vraag {i}", answered_by=me)
    client = client_for(professional)
    # Every requirement judged, the first one "not met" (its notices are listed).
    for i, requirement in enumerate(plan.case.safety_requirements.all()):
        outcome = {"outcome": "not_met", "explanation": "Weekend"} if i == 0 else {"outcome": "met"}
        client.post(reverse("plans:assess", args=[requirement.uuid]), outcome)
    # session, user, case (+municipality, region, coordinator), their place in the circle,
    # audit insert, still contributing, plan, requirements, assessments, linked agreements,
    # their performers, which may be assessed, the "not met" notices and whom they went to,
    # shared version, questions, support requests
    with django_assert_num_queries(17):
        response = client.get(reverse("portal:professional_case", args=[case.uuid]))
    assert response.status_code == 200
    assert len(response.context["requirements"]) == n
    assert len(response.context["questions"]) == n
    assert len(response.context["support"]) == n
    # The main person has no e-mail address: the page says so plainly.
    body = response.content.decode()
    assert "Ayten (hoofdpersoon)" in body
    assert "niet bereikt" in body
