"""The organisation's screens on a phone: accessible, no sideways scroll, unique ids."""

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Municipality, Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.network.tests.factories import PersonFactory


def _check(page, assert_accessible):
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    duplicates = page.evaluate(
        "[...document.querySelectorAll('[id]')].map(e => e.id)"
        ".filter((id, i, all) => all.indexOf(id) !== i)"
    )
    assert not duplicates, (page.url, duplicates)


@pytest.mark.django_db(transaction=True)
def test_every_organisation_page_works_on_a_phone(
    phone_page, login, assert_accessible, screenshot, region
):
    page = phone_page
    admin = UserFactory(role=Role.ADMIN, is_superuser=True, email="beheer@kring.test")
    coordinator = UserFactory(role=Role.COORDINATOR, full_name="Anouk Verbeek")
    coordinator.regions.set([region])
    Municipality.objects.create(code="GM0363", name="Amsterdam", region=region)
    login(page, admin.email, TEST_PASSWORD)
    for url in (
        "/organisatie/",
        "/organisatie/mensen/",
        f"/organisatie/mensen/{coordinator.uuid}/",
        "/organisatie/mensen/uitnodigen/",
        "/organisatie/regios/",
        f"/organisatie/regios/{region.uuid}/",
        "/organisatie/regios/nieuw/",
        "/organisatie/gemeenten/",
        "/organisatie/gemeenten/GM0363/",
        "/organisatie/gemeenten/nieuw/",
        "/organisatie/gemeenten/importeren/",
        "/account/",
    ):
        page.goto(url)
        _check(page, assert_accessible)
    page.goto("/organisatie/mensen/")
    screenshot(page, "organisatie-mensen-telefoon")
    # An empty form keeps its errors next to the fields and in the summary.
    page.goto("/organisatie/mensen/uitnodigen/")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een rol")
    _check(page, assert_accessible)


@pytest.mark.django_db(transaction=True)
def test_the_professionals_account_card_on_the_person_page(
    page, login, assert_accessible, region, municipality
):
    coordinator = UserFactory(role=Role.COORDINATOR, email="co@kring.test")
    coordinator.regions.set([region])
    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Fatima")
    pro = PersonFactory(case=case, professional=True, consented=True, name="Sanne Visser")
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/kring/{pro.uuid}/")
    page.get_by_role("button", name="Uitnodigen voor Kring").click()
    expect(page.get_by_role("status")).to_contain_text("krijgt een e-mail")
    expect(page.locator(".badge", has_text="Uitgenodigd")).to_be_visible()
    _check(page, assert_accessible)
