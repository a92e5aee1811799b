"""At 390 px, in Dutch (and the main person's page in English): sending the plan with a second
tick for a restricted person, the check-in window, and the professional's own pages (start,
case, "not met" report, the shared plan). Axe clean, no sideways scroll, no duplicate ids."""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.network.models import ContactRestriction, RestrictionKind
from kring.plans.tests.factories import (
    AgreementFactory,
    PersonFactory,
    PlanFactory,
    RequirementFactory,
)


@pytest.fixture
def on_phone(assert_accessible: Any) -> Any:
    def check(page: Any, language: str = "nl") -> None:
        # Duplicate ids and sideways scrolling are part of assert_accessible.
        assert_accessible(page)
        assert page.locator("html").get_attribute("lang") == language

    return check


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Uitloggen").click()


@pytest.mark.django_db(transaction=True)
def test_delivery_check_in_and_the_professionals_pages_on_a_phone(
    phone_page, login, on_phone, screenshot, municipality
):
    page = phone_page
    coordinator = UserFactory(
        role=Role.COORDINATOR, email="anouk@kring.test", full_name="Anouk Verbeek"
    )
    coordinator.phone = "06 11223344"
    coordinator.save()
    coordinator.regions.set([municipality.region])
    professional = UserFactory(
        role=Role.PROFESSIONAL, email="sanne@kring.test", full_name="Sanne Visser"
    )
    case = CaseFactory(
        held=True, coordinator=coordinator, municipality=municipality, variant=Variant.FAMILY
    )
    main = PersonFactory(
        case=case, main=True, name="Ayten Yilmaz", email="ayten@example.nl", language="en"
    )
    aunt = PersonFactory(case=case, name="Ria Amrani", email="ria@example.nl")
    father = PersonFactory(case=case, name="Mehmet Yilmaz", email="mehmet@example.nl")
    prof = PersonFactory(case=case, professional=True, name="Sanne Visser", user=professional)
    ContactRestriction.objects.create(
        case=case, person_a=father, person_b=main, kind=RestrictionKind.RESTRAINING_ORDER
    )
    plan = PlanFactory(case=case, ready=True)
    agreement: Any = AgreementFactory(plan=plan, what="Ria brengt de kinderen naar school.")
    agreement.performers.set([aunt])
    requirement = RequirementFactory(
        set_by=prof, text="De kinderen zijn nooit alleen met vader als hij gedronken heeft."
    )
    agreement.meets_requirements.set([requirement])

    # 1. The professional judges "not met": the case page says who was told.
    login(page, professional.email, TEST_PASSWORD)
    expect(page.get_by_text("1 minimumeis te beoordelen")).to_be_visible()
    on_phone(page)
    screenshot(page, "professional-start-telefoon")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("06 11223344")).to_be_visible()
    on_phone(page)
    page.get_by_role("link", name=re.compile("Plan beoordelen")).click()
    on_phone(page)
    page.get_by_label("Voldoet niet", exact=True).check()
    page.get_by_label("Toelichting").fill("Wie let op in het weekend?")
    page.get_by_role("button", name="Oordeel vastleggen").click()
    expect(page.get_by_text("Ayten (hoofdpersoon)")).to_be_visible()
    expect(page.get_by_text("De coördinator", exact=False).first).to_be_visible()
    on_phone(page)
    screenshot(page, "professional-traject-telefoon")
    page.get_by_role("link", name=re.compile("Plan beoordelen")).click()
    page.get_by_label("Voldoet", exact=True).check()
    page.get_by_role("button", name="Oordeel vastleggen").click()
    expect(page.get_by_text("Het plan is niet met u gedeeld.")).to_be_visible()
    _logout(page)

    # 2. The main person chooses on their own link, in English: the restriction needs a tick.
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    page.get_by_role("button", name=re.compile("Stuur de hoofdpersoon een link")).click()
    # The newest mail: the link in the earlier "not met" notice was superseded by this one.
    message = [m for m in mail.outbox if m.to == ["ayten@example.nl"]][-1]
    link = re.search(r"https?://\S+/plan/\S+/", str(message.body)).group(0)  # type: ignore[union-attr]
    _logout(page)
    page.goto(link)
    expect(page.get_by_role("heading", name="Your plan")).to_be_visible()
    choice = page.get_by_role("group", name=re.compile("Who may get the plan"))
    assert not choice.get_by_label("Ria Amrani").is_checked()
    choice.get_by_label("Ria Amrani").check()
    choice.get_by_label("Mehmet Yilmaz", exact=True).check()
    choice.get_by_label("Sanne Visser").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert choice.get_by_label("Ria Amrani").is_checked()  # nothing lost
    on_phone(page, "en")
    screenshot(page, "plan-hoofdpersoon-kiest-engels-telefoon")
    choice.get_by_label(re.compile("Mehmet Yilmaz may get the plan after all")).check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text(re.compile("U koos op|You chose on"))).to_be_visible()
    on_phone(page, "en")

    # 3. The coordinator sends it: the main person's choice is ticked, the second tick is theirs.
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/plan/versturen/")
    expect(page.get_by_text("Let op:").first).to_be_visible()
    on_phone(page)
    page.get_by_role("button", name="Plan versturen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    on_phone(page)
    screenshot(page, "plan-versturen-bevestigen-telefoon")
    page.get_by_label(re.compile("Mehmet Yilmaz mag het plan toch krijgen")).check()
    page.get_by_role("button", name="Plan versturen").click()
    expect(page.get_by_text("Versie 1 van het plan is verstuurd.")).to_be_visible()
    on_phone(page)

    # 4. The check-in: too early says from when; later the form takes it.
    page.goto(f"/trajecten/{case.uuid}/nabelgesprek/")
    expect(page.get_by_text(re.compile("U kunt het vastleggen vanaf"))).to_be_visible()
    on_phone(page)
    type(case).objects.filter(pk=case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=24)
    )
    page.goto(f"/trajecten/{case.uuid}/")
    page.get_by_role("link", name="Nabelgesprek vastleggen").click()
    on_phone(page)
    page.get_by_label("Datum van het nabelgesprek").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Nabelgesprek vastleggen").click()
    expect(page.get_by_text("Uw taak bij")).to_be_visible()
    _logout(page)

    # 5. The professional now reads the plan shared with them.
    login(page, professional.email, TEST_PASSWORD)
    expect(page.get_by_text("Het plan is met u gedeeld")).to_be_visible()
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Plan lezen").click()
    expect(page.get_by_text("Ria brengt de kinderen naar school.").first).to_be_visible()
    on_phone(page)
