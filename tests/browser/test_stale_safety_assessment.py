"""Journey: a "met" goes stale when a linked agreement changes; the professional reassesses."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.plans import safety, writing
from kring.plans.tests.factories import (
    AgreementFactory,
    PersonFactory,
    PlanFactory,
    RequirementFactory,
)

NOTICE = (
    "De afspraken voor deze minimumeis zijn veranderd na de beoordeling. "
    "Vraag de professional opnieuw te beoordelen."
)


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Uitloggen").click()


@pytest.mark.django_db(transaction=True)
def test_changed_agreement_asks_for_a_new_assessment(
    page, phone_page, login, assert_accessible, screenshot, municipality
):
    coordinator = UserFactory(role=Role.COORDINATOR, email="anouk@kring.test")
    coordinator.regions.set([municipality.region])
    professional = UserFactory(role=Role.PROFESSIONAL, email="sanne@kring.test")
    case = CaseFactory(
        held=True, coordinator=coordinator, municipality=municipality, variant=Variant.FAMILY
    )
    PersonFactory(case=case, main=True, name="Fatima Amrani")
    aunt = PersonFactory(case=case, name="Ria Amrani")
    prof = PersonFactory(case=case, professional=True, name="Sanne Visser", user=professional)
    requirement = RequirementFactory(set_by=prof)
    plan = PlanFactory(case=case, ready=True)
    agreement: Any = AgreementFactory(plan=plan, what="Ria haalt de kinderen elke dag op.")
    agreement.performers.set([aunt])
    agreement.meets_requirements.set([requirement])
    safety.assess_requirement(plan, requirement, outcome="met", explanation="", actor=professional)
    writing.save_agreement(
        plan,
        agreement,
        {
            "what": "Ria haalt de kinderen op als het uitkomt.",
            "organisation": "",
            "due": agreement.due,
            "how_known": "",
        },
        performers=[aunt],
        requirements=[requirement],
        actor=coordinator,
    )

    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(
        page.get_by_role("button", name="Vraag de professional om te beoordelen")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-beoordeling-verouderd")
    page.get_by_role("link", name="Plan versturen").click()
    expect(page.get_by_text("zijn veranderd na de beoordeling").first).to_be_visible()
    assert_accessible(page)
    _logout(page)

    login(phone_page, professional.email, TEST_PASSWORD)
    phone_page.get_by_role("link", name=case.reference).click()
    expect(phone_page.get_by_text("Afspraken veranderd: opnieuw beoordelen")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name=re.compile("Plan beoordelen")).click()
    expect(
        phone_page.get_by_text("Ria haalt de kinderen op als het uitkomt.").first
    ).to_be_visible()
    expect(phone_page.get_by_text("Was:")).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "plan-opnieuw-beoordelen-telefoon")
    phone_page.get_by_label("Voldoet", exact=True).check()
    phone_page.get_by_role("button", name="Oordeel vastleggen").click()
    expect(phone_page.get_by_text("Uw oordeel is vastgelegd.")).to_be_visible()
    expect(phone_page.get_by_text("Afspraken veranderd: opnieuw beoordelen")).to_have_count(0)
    assert_accessible(phone_page)

    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    expect(page.get_by_text("Het plan is klaar om te versturen.")).to_be_visible()
    assert_accessible(page)
