"""Journey: attendance, a plan with four agreements, the safety assessment, delivery, the link."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.plans.tests.factories import PersonFactory, RequirementFactory

AGREEMENTS = [
    ("Oma Truus brengt de kinderen elke ochtend naar school.", "Truus de Wit", "2030-01-10"),
    ("Karim helpt elke maandag met de post.", "Karim Amrani", "2030-01-17"),
    ("Vader komt alleen op bezoek als Ria erbij is.", "Ria Amrani", "2030-01-03"),
    ("Ria en Karim koken om de beurt op woensdag.", "Ria Amrani", "2030-01-24"),
]


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()


@pytest.mark.django_db(transaction=True)
def test_coordinator_writes_plan_professional_assesses_participant_reads(
    page, phone_page, login, assert_accessible, screenshot, municipality
):
    coordinator = UserFactory(
        role=Role.COORDINATOR, email="anouk@kring.test", full_name="Anouk Verbeek"
    )
    coordinator.regions.set([municipality.region])
    professional = UserFactory(
        role=Role.PROFESSIONAL,
        email="sanne@kring.test",
        full_name="Sanne Visser",
        organisation="Jeugdbescherming",
    )
    case = CaseFactory(
        scheduled=True, coordinator=coordinator, municipality=municipality, variant=Variant.FAMILY
    )
    PersonFactory(case=case, main=True, name="Fatima Amrani", email="fatima@example.nl")
    PersonFactory(case=case, name="Truus de Wit", email="truus@example.nl")
    PersonFactory(case=case, name="Karim Amrani", email="karim@example.nl")
    PersonFactory(case=case, name="Ria Amrani", email="ria@example.nl")
    prof = PersonFactory(case=case, professional=True, name="Sanne Visser", user=professional)
    requirement = RequirementFactory(
        set_by=prof, text="De kinderen zijn nooit alleen met vader als hij gedronken heeft."
    )

    # 1. The coordinator records who was present in which part.
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/aanwezigheid/")
    assert_accessible(page)
    page.get_by_label("Datum van de conferentie").fill("2026-11-20")
    for name in ("Fatima Amrani", "Truus de Wit", "Karim Amrani", "Ria Amrani"):
        group = page.get_by_role("group", name=re.compile(name))
        for part in ("Deel 1", "Deel 2", "Deel 3"):
            group.get_by_label(re.compile(part)).check()
    sanne = page.get_by_role("group", name=re.compile("Sanne Visser"))
    assert sanne.get_by_label(re.compile("Deel 2")).count() == 0  # private part 2
    sanne.get_by_label(re.compile("Deel 1")).check()
    page.get_by_label("Sanne Visser gaf informatie in deel 1").check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.wait_for_url(f"**/trajecten/{case.uuid}/plan/")
    assert_accessible(page)

    # 2. The coordinator writes the plan down: question, contingency, follow-up, agreements.
    page.get_by_role("button", name="Plan opschrijven").click()
    page.get_by_role("link", name="Plan bewerken").click()
    assert_accessible(page)
    page.get_by_label("Als het anders gaat").fill(
        "Als oma ziek is, brengt buurvrouw Els de kinderen."
    )
    page.get_by_label("Datum en tijd vervolgbijeenkomst").fill("2030-02-01T19:30")
    page.get_by_label("Plaats vervolgbijeenkomst").fill("Buurthuis De Pijp")
    page.get_by_label("Wie organiseert de vervolgbijeenkomst").fill("Ria Amrani")
    agreed = page.get_by_role("group", name=re.compile("eens met het plan"))
    for name in ("Fatima Amrani", "Truus de Wit", "Karim Amrani", "Ria Amrani"):
        agreed.get_by_label(name).check()
    page.get_by_role("button", name="Plan opslaan").click()
    for i, (what, who, due) in enumerate(AGREEMENTS):
        page.get_by_role("link", name="Afspraak toevoegen").click()
        if i == 0:
            assert_accessible(page)
        page.get_by_label("Wat gaat er gebeuren").fill(what)
        page.get_by_role("group", name=re.compile("Wie doet het")).get_by_label(who).check()
        page.get_by_label("Wanneer is het klaar").fill(due)
        page.get_by_label("Hoe weet iedereen dat het gedaan is").fill("We zien het in de app.")
        if i == 2:
            page.get_by_role("group", name=re.compile("minimumeis")).get_by_label(
                re.compile(requirement.text)
            ).check()
        page.get_by_role("button", name="Afspraak opslaan").click()
        page.wait_for_load_state()
        assert "/afspraken/" not in page.url, page.locator("main").inner_text()
    for what, _who, _due in AGREEMENTS:
        expect(page.get_by_role("cell", name=what)).to_be_visible()
    expect(page.get_by_text("is nog niet beoordeeld").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-bewerken")
    _logout(page)

    # 3. The professional who set the requirement assesses it.
    login(page, professional.email, TEST_PASSWORD)
    expect(page.get_by_text("1 minimumeis te beoordelen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("Het plan is niet met u gedeeld.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Plan beoordelen")).click()
    assert_accessible(page)
    page.get_by_label("Voldoet", exact=True).check()
    page.get_by_label("Toelichting").fill("Afspraak 3 regelt dit goed.")
    page.get_by_role("button", name="Oordeel vastleggen").click()
    expect(page.get_by_text("Uw oordeel is vastgelegd.")).to_be_visible()
    assert_accessible(page)
    _logout(page)

    # 4. The main person reads the draft through their own link and chooses the recipients.
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    page.get_by_role("button", name=re.compile("Stuur de hoofdpersoon een link")).click()
    expect(
        page.get_by_text("De hoofdpersoon heeft een persoonlijke link gekregen.")
    ).to_be_visible()
    message = next(m for m in mail.outbox if m.to == ["fatima@example.nl"])
    main_link = re.search(r"https?://\S+/plan/\S+/", message.body).group(0)  # type: ignore[union-attr]
    phone_page.goto(main_link)
    expect(phone_page.get_by_text(AGREEMENTS[0][0]).first).to_be_visible()
    assert_accessible(phone_page)
    choice = phone_page.get_by_role("group", name=re.compile("Wie mag het plan krijgen"))
    # Nobody is ticked until the main person chooses.
    assert not choice.get_by_label("Karim Amrani").is_checked()
    choice.get_by_label("Truus de Wit").check()
    choice.get_by_label("Ria Amrani").check()
    phone_page.get_by_role("button", name="Mijn keuze opslaan").click()
    expect(phone_page.get_by_text("U koos op")).to_be_visible()
    assert_accessible(phone_page)

    # 5. The coordinator delivers the plan to the recipients the main person chose.
    page.goto(f"/trajecten/{case.uuid}/plan/")
    page.get_by_role("link", name="Plan versturen").click()
    expect(page.get_by_text("koos zelf de ontvangers")).to_be_visible()
    assert not page.get_by_label("Karim Amrani").is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Plan versturen").click()
    expect(page.get_by_text("Versie 1 van het plan is verstuurd.")).to_be_visible()
    assert_accessible(page)

    assert not any(m.to == ["karim@example.nl"] for m in mail.outbox)

    # 6. A participant opens the plan from the personal link in their e-mail, on a phone.
    message = next(m for m in mail.outbox if m.to == ["ria@example.nl"])
    link = re.search(r"https?://\S+/plan/\S+/", message.body).group(0)  # type: ignore[union-attr]
    phone_page.goto(link)
    expect(phone_page.get_by_role("heading", name="Jullie plan")).to_be_visible()
    expect(phone_page.get_by_text(AGREEMENTS[2][0]).first).to_be_visible()
    expect(phone_page.get_by_role("heading", name="Wat ik ga doen")).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "plan-deelnemer")
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name=re.compile("Download het plan")).click(
            modifiers=["Alt"]
        )
    assert download.value.suggested_filename.endswith(".pdf")
