"""Journey: a citizen files a request on a phone; the regional manager starts a trajectory."""

import re

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.cases.models import Case
from kring.intake import models as intake_models
from kring.intake.models import Request
from kring.intake.tests.factories import RequestFactory


def assert_fits_and_unique(page):
    """No sideways scroll at the page's width, and every id on the page only once."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    duplicates = page.evaluate(
        """() => {
            const seen = {}, twice = [];
            for (const el of document.querySelectorAll('[id]')) {
                if (seen[el.id]) twice.push(el.id); seen[el.id] = true;
            }
            return twice;
        }"""
    )
    assert not duplicates, f"{page.url} has duplicate ids: {duplicates}"


@pytest.mark.django_db(transaction=True)
def test_citizen_requests_on_a_phone_and_manager_starts_a_trajectory(
    phone_page, page, login, assert_accessible, screenshot, region
):
    MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    haarlem = MunicipalityFactory(code="GM0392", name="Haarlem", region=region)
    intake_models.Testimonial.objects.create(
        quote="Er kwamen veertien mensen. Nu weet ik wie ik kan bellen.",
        attribution="Moeder van drie kinderen, Zwolle",
    )
    manager = UserFactory(
        role=Role.REGIONAL_MANAGER, email="marieke@kring.test", full_name="Marieke de Boer"
    )
    manager.regions.set([region])

    # The citizen reads the home page on a phone.
    p = phone_page
    p.goto("/")
    expect(p.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(p)
    screenshot(p, "home")
    # Which regional office is mine? (htmx swaps in the answer; without JS it is a GET page.)
    p.get_by_label("Uw gemeente").select_option(label="Haarlem")
    p.get_by_role("button", name="Zoek mijn regiokantoor").click()
    expect(p.get_by_text("Haarlem hoort bij regio Noord-Holland")).to_be_visible()
    assert_accessible(p)
    p.get_by_role("link", name="Een conferentie aanvragen").first.click()
    p.wait_for_url("**/aanvraag/")
    assert_accessible(p)
    screenshot(p, "aanvraag-formulier")

    # First an incomplete form: errors are explained and what was typed stays.
    p.get_by_label("Naam van de aanvrager").fill("Fatima el Idrissi")
    p.get_by_role("button", name="Aanvraag versturen").click()
    expect(p.get_by_role("alert")).to_be_visible()
    assert p.get_by_label("Naam van de aanvrager").input_value() == "Fatima el Idrissi"
    assert_accessible(p)

    p.get_by_label("Ikzelf (hoofdpersoon)").check()
    p.get_by_label("Telefoonnummer").first.fill("06 12345678")
    p.get_by_label("E-mailadres").first.fill("fatima@example.nl")
    # The main people one by one: Fatima herself, then (after "add") her son.
    p.locator("#id_persoon-0-name").fill("Fatima el Idrissi")
    p.locator("#id_persoon-0-relation").select_option("self")
    p.locator("#id_persoon-0-main_language").select_option("ar")
    p.get_by_role("button", name="Nog een hoofdpersoon toevoegen").click()
    expect(p.locator("#id_persoon-1-name")).to_be_focused()
    assert p.locator("#id_persoon-0-name").input_value() == "Fatima el Idrissi"
    assert p.get_by_label("Naam van de aanvrager").input_value() == "Fatima el Idrissi"
    assert_fits_and_unique(p)
    assert_accessible(p)
    p.locator("#id_persoon-1-name").fill("Yassin el Idrissi")
    p.locator("#id_persoon-1-relation").select_option("child")
    p.locator("#id_persoon-1-main_language").select_option("nl")
    p.locator("#id_persoon-1-is_minor").check()
    p.locator("#id_persoon-1-age").fill("9")
    p.locator("#id_minors_involved_0").check()
    p.get_by_label("In welke gemeente woont de hoofdpersoon?").select_option(label="Amsterdam")
    p.get_by_label("Een vrouw").check()
    p.get_by_label("Heeft u nog een andere wens over de coördinator?").fill("Graag rustig.")
    # A text that is not a question gets a gentle hint, not a block.
    question = p.get_by_label("Wat is uw vraag?")
    question.fill("We moeten misschien het huis uit.")
    question.blur()
    expect(p.get_by_text("Tip: uw tekst lijkt nog geen vraag.")).to_be_visible()
    assert_accessible(p)
    question.fill("Wat is nodig om met de kinderen in dit huis te kunnen blijven wonen?")
    question.blur()
    expect(p.get_by_text("Tip: uw tekst lijkt nog geen vraag.")).not_to_be_visible()
    p.get_by_label("Dreigende huisuitzetting").check()
    p.locator("#id_safety_at_stake_1").check()
    p.locator("#id_court_measure_0").check()
    p.get_by_label("Een Eigen Kracht-conferentie aanvragen").check()
    p.get_by_label("Ik geef toestemming").check()
    assert_fits_and_unique(p)
    screenshot(p, "aanvraag-formulier-hoofdpersonen")
    p.get_by_role("button", name="Aanvraag versturen").click()
    p.wait_for_url(re.compile(r".*/aanvraag/ontvangen/.*"))
    req = Request.objects.get()
    assert req.reference in p.get_by_role("heading", level=1).locator("..").inner_text()
    assert_accessible(p)
    assert_fits_and_unique(p)
    screenshot(p, "aanvraag-bevestiging")
    assert req.court_measure == "none"
    assert list(req.people.values_list("name", "main_language", "age")) == [
        ("Fatima el Idrissi", "ar", None),
        ("Yassin el Idrissi", "nl", 9),
    ]
    assert req.main_language == "ar" and req.preferred_gender == "f"

    # Other work in the queue: one overdue, one already called, one in another region.
    RequestFactory.create(municipality=haarlem, overdue=True, main_person_names="Kees Jansen")
    RequestFactory.create(municipality=haarlem, contacted=True, main_person_names="Ayla Demir")
    elsewhere = RequestFactory.create(main_person_names="Andere Regio")

    # The regional manager finds it in the queue, records the call and starts a trajectory.
    login(page, manager.email, TEST_PASSWORD)
    page.get_by_role("link", name="Aanvragen", exact=True).click()
    page.wait_for_url("**/aanvragen/")
    expect(page.get_by_role("link", name=req.reference)).to_be_visible()
    expect(page.get_by_text("Kees Jansen")).to_be_visible()
    assert page.get_by_role("link", name=elsewhere.reference).count() == 0
    assert_accessible(page)
    screenshot(page, "intake-wachtrij")
    page.get_by_role("link", name=req.reference).click()
    page.wait_for_url(f"**/aanvragen/{req.uuid}/")
    assert_accessible(page)
    assert_fits_and_unique(page)
    page.get_by_label("Wat is besproken?").fill("Gebeld. Zij wil graag een conferentie.")
    page.get_by_role("button", name="Contact vastleggen").click()
    page.wait_for_url(f"**/aanvragen/{req.uuid}/")
    assert_accessible(page)
    assert_fits_and_unique(page)
    screenshot(page, "aanvraag-triage")
    page.get_by_label("Familie / individu").check()
    page.get_by_role("button", name="Traject starten").click()
    case = Case.objects.get(request=req)
    page.wait_for_url(f"**/trajecten/{case.uuid}/")
    assert req.reference in page.content()
    expect(page.get_by_text("Yassin el Idrissi")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_unique(page)
    # The facts can be corrected; the old value stays visible below.
    page.get_by_role("link", name="Gegevens wijzigen").click()
    page.wait_for_url(f"**/trajecten/{case.uuid}/gegevens/")
    assert_accessible(page)
    assert_fits_and_unique(page)
    page.locator("#id_feiten-court_measure_3").check()
    page.get_by_role("button", name="Gegevens opslaan").click()
    page.wait_for_url(f"**/trajecten/{case.uuid}/gegevens/")
    history = page.locator(".fact-history")
    expect(history.get_by_text("Maatregel van de rechter")).to_be_visible()
    expect(history.get_by_text("Weet ik niet")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_manager_enters_a_request_received_by_phone(page, login, assert_accessible, region):
    MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="rm@kring.test")
    manager.regions.set([region])
    login(page, manager.email, TEST_PASSWORD)
    page.goto("/aanvragen/")
    page.get_by_role("link", name="Aanvraag invoeren (telefoon of e-mail)").click()
    page.wait_for_url("**/aanvragen/nieuw/")
    assert_accessible(page)
    page.get_by_label("Telefoon", exact=True).check()
    page.get_by_label("Familie of bekende").check()
    page.get_by_label("Naam van de aanvrager").fill("Henk Mulder")
    page.get_by_label("Telefoonnummer").first.fill("+32 470 12 34 56")
    page.locator("#id_persoon-0-name").fill("Truus Mulder")
    page.locator("#id_persoon-0-relation").select_option("parent")
    page.locator("#id_persoon-0-main_language").select_option("nl")
    page.locator("#id_minors_involved_1").check()
    page.get_by_label("In welke gemeente woont de hoofdpersoon?").select_option(label="Amsterdam")
    page.get_by_label("Wat is uw vraag?").fill("Hoe kan moeder thuis blijven wonen?")
    page.get_by_label("Zorg voor oudere of zieke familie").check()
    page.locator("#id_safety_at_stake_1").check()
    page.locator("#id_court_measure_0").check()
    page.get_by_label("Een Eigen Kracht-conferentie aanvragen").check()
    page.get_by_label("De aanvrager gaf toestemming").check()
    page.get_by_role("button", name="Aanvraag opslaan").click()
    req = Request.objects.get()
    page.wait_for_url(f"**/aanvragen/{req.uuid}/")
    assert req.channel == "phone"
    assert req.entered_by == manager
    expect(page.get_by_text("Telefoon (")).to_be_visible()
    expect(page.get_by_role("heading", name="Truus Mulder")).to_be_visible()
    assert_accessible(page)
    assert_fits_and_unique(page)
