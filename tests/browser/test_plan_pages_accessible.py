"""Every other plan page passes the accessibility check: versions, diff, check-in, support."""

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.plans import delivery, writing
from kring.plans.tests.factories import AgreementFactory, PersonFactory, PlanFactory


@pytest.mark.django_db(transaction=True)
def test_versions_diff_check_in_and_support_pages_are_accessible(
    page, login, assert_accessible, screenshot, municipality
):
    coordinator = UserFactory(role=Role.COORDINATOR, email="anouk@kring.test")
    coordinator.regions.set([municipality.region])
    professional = UserFactory(role=Role.PROFESSIONAL, email="sanne@kring.test")
    case = CaseFactory(
        held=True, coordinator=coordinator, municipality=municipality, variant=Variant.GROUP
    )
    main = PersonFactory(case=case, main=True, name="Henk Visser")
    neighbour = PersonFactory(case=case, name="Aisha Bouali")
    prof = PersonFactory(case=case, professional=True, name="Sanne Visser", user=professional)
    plan = PlanFactory(case=case, ready=True)
    agreement: Any = AgreementFactory(plan=plan, what="Een straatapp opzetten.")
    agreement.performers.set([neighbour])
    delivery.deliver(case, [main], actor=coordinator)
    support = writing.add_support_request(
        plan,
        {"what": "Buurtbemiddeling", "organisation": "Wijkteam", "professional": prof},
        actor=coordinator,
    )
    type(case).objects.filter(pk=case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=35)
    )

    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/aanwezigheid/")
    assert_accessible(page)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    assert_accessible(page)
    page.get_by_role("link", name="Afspraak toevoegen").click()
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()  # errors summary, nothing lost
    assert_accessible(page)
    page.get_by_label("Wat gaat er gebeuren").fill("Samen de speeltuin opruimen.")
    page.get_by_label("Of: welke organisatie doet het").fill("Gemeente Haarlem")
    page.get_by_label("Wanneer is het klaar").fill("2030-05-01")
    page.get_by_role("button", name="Afspraak opslaan").click()
    page.get_by_role("link", name=re.compile("Versie 1")).click()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name=re.compile("Vergelijk met nu")).click()
    expect(page.locator("ins").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-verschil")
    page.goto(f"/trajecten/{case.uuid}/plan/steun/nieuw/")
    assert_accessible(page)
    page.goto("/nabellen/")
    expect(page.get_by_text("te laat")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Vastleggen")).click()
    assert_accessible(page)
    page.get_by_label("Datum van het nabelgesprek").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Nabelgesprek vastleggen").click()
    expect(page.get_by_text("Uw taak bij")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    assert page.get_by_role("heading", level=1).inner_text() != "Het plan van de familie"
    page.get_by_role("button", name="Uitloggen").click()

    login(page, professional.email, TEST_PASSWORD)
    page.goto(f"/professional/steunvragen/{support.uuid}/")
    assert_accessible(page)
    page.get_by_label("Ja, wij geven deze steun").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    assert_accessible(page)
