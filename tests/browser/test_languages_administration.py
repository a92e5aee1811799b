"""An administrator adds Somali on a phone, writes its texts, and a Somali-speaking aunt reads
her invitation page with those texts; the screens are accessible and fit a phone."""

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.network.links import issue_link
from kring.network.tests.factories import PersonFactory
from tests.browser.conftest import SCREENSHOTS


def _check(page, assert_accessible):
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    duplicates = page.evaluate(
        "[...document.querySelectorAll('[id]')].map(e => e.id)"
        ".filter((id, i, all) => all.indexOf(id) !== i)"
    )
    assert not duplicates, (page.url, duplicates)


@pytest.mark.django_db(transaction=True)
def test_an_administrator_adds_somali_and_its_texts_on_a_phone(
    phone_page, login, assert_accessible, screenshot, municipality, coordinator
):
    page = phone_page
    admin = UserFactory(role=Role.ADMIN, is_superuser=True, email="beheer@kring.test")
    login(page, admin.email, TEST_PASSWORD)
    page.goto("/organisatie/regios/")
    page.get_by_role("link", name="Talen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Talen")
    _check(page, assert_accessible)
    page.get_by_role("link", name="Taal toevoegen").click()
    _check(page, assert_accessible)
    page.get_by_label("Taalcode").fill("so")
    page.get_by_label("Naam in de taal zelf").fill("Soomaali")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Soomaali")
    expect(page.get_by_text("de persoon ziet het Nederlands").first).to_be_visible()
    _check(page, assert_accessible)
    page.get_by_label("Nederlands: Uw uitnodiging", exact=True).fill("Martiqaadkaaga")
    page.get_by_label("Nederlands: Antwoord versturen", exact=True).fill("Dir jawaabta")
    page.get_by_label("Nederlands: Hallo %(name)s", exact=True).fill("Soo dhawoow")
    page.get_by_role("button", name="Opslaan").click()
    # A text that loses its placeholder is refused, next to the box and in the summary.
    expect(page.get_by_role("alert")).to_contain_text("%(name)s")
    _check(page, assert_accessible)
    page.get_by_label("Nederlands: Hallo %(name)s", exact=True).fill("Soo dhawoow %(name)s")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("3 teksten gewijzigd")).to_be_visible()
    # The top of the (long) texts screen: what a phone shows first.
    page.screenshot(path=str(SCREENSHOTS / "talen-teksten-telefoon.png"))
    page.goto("/organisatie/talen/")
    expect(page.get_by_text("3 van")).to_be_visible()
    screenshot(page, "talen-telefoon")
    page.goto("/organisatie/talen/so/")
    _check(page, assert_accessible)

    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Hodan Warsame", language="so")
    aunt = PersonFactory(case=case, invited=True, name="Faadumo Cali", language="so")
    page.context.clear_cookies()
    page.goto(f"/u/{issue_link(aunt, 'rsvp')}/")
    assert page.locator("html").get_attribute("lang") == "so"
    expect(page.get_by_role("heading", level=1)).to_have_text("Soo dhawoow Faadumo")
    expect(page.get_by_role("button", name="Dir jawaabta")).to_be_visible()
    _check(page, assert_accessible)
