"""The manager's figures: requests entered through the screens show up on the dashboard after
the worker's refresh; the manager filters by municipality and downloads the funnel as CSV.
Every figure page is checked with axe at 390 px and on a desktop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.reporting.tasks import refresh_figures


def enter_request(page, municipality: str, name: str) -> None:
    """A request received by phone, entered by the manager at the intake desk."""
    page.goto("/aanvragen/")
    page.get_by_role("link", name="Aanvraag invoeren (telefoon of e-mail)").click()
    page.wait_for_url("**/aanvragen/nieuw/")
    page.get_by_label("Telefoon", exact=True).check()
    page.get_by_label("Familie of bekende").check()
    page.get_by_label("Naam van de aanvrager").fill(f"Aanvrager {name}")
    page.get_by_label("Telefoonnummer").first.fill("+31 6 11122233")
    page.locator("#id_persoon-0-name").fill(name)
    page.locator("#id_persoon-0-relation").select_option("parent")
    page.locator("#id_persoon-0-main_language").select_option("nl")
    page.locator("#id_minors_involved_1").check()
    page.get_by_label("In welke gemeente woont de hoofdpersoon?").select_option(label=municipality)
    page.get_by_label("Wat is uw vraag?").fill("Hoe kan moeder thuis blijven wonen?")
    page.get_by_label("Zorg voor oudere of zieke familie").check()
    page.locator("#id_safety_at_stake_1").check()
    page.locator("#id_court_measure_0").check()
    page.get_by_label("Een Eigen Kracht-conferentie aanvragen").check()
    page.get_by_label("De aanvrager gaf toestemming").check()
    page.get_by_role("button", name="Aanvraag opslaan").click()
    page.wait_for_url("**/aanvragen/*-*/")


@pytest.mark.django_db(transaction=True)
def test_manager_filters_the_dashboard_by_municipality_and_downloads_the_csv(
    page, login, assert_accessible, screenshot, region
):
    MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    MunicipalityFactory(code="GM0479", name="Zaanstad", region=region)
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="rm@kring.test")
    manager.regions.set([region])
    login(page, manager.email, TEST_PASSWORD)
    enter_request(page, "Amsterdam", "Truus Mulder")
    enter_request(page, "Zaanstad", "Kees Bakker")
    enter_request(page, "Zaanstad", "Joke Smit")
    refresh_figures.call()  # what the worker's schedule runs every ten minutes

    page.get_by_role("link", name="Cijfers").click()
    page.wait_for_url("**/cijfers/")
    expect(page.get_by_role("heading", name="Cijfers", exact=True)).to_be_visible()
    funnel = page.locator("#trechter table")
    expect(funnel.locator("tbody tr").first).to_contain_text("Aanvragen3100%")
    assert_accessible(page)
    screenshot(page, "reporting-dashboard-desktop")

    page.get_by_label("Gemeente").select_option(label="Amsterdam")
    page.get_by_role("button", name="Toon cijfers").click()
    page.wait_for_url("**/cijfers/?*gemeente=*")
    expect(funnel.locator("tbody tr").first).to_contain_text("Aanvragen1100%")
    with page.expect_download() as info:
        page.locator("#trechter").get_by_role("link", name=re.compile("Download als CSV")).click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Stap;Aantal;Van de aanvragen"
    assert lines[1] == "Aanvragen;1;100%"

    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    screenshot(page, "reporting-dashboard-phone")


@pytest.mark.django_db(transaction=True)
def test_funder_and_admin_figure_pages_are_accessible(
    phone_page, login, assert_accessible, screenshot, region
):
    amsterdam = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    funder = UserFactory(role=Role.FUNDER, email="fin@kring.test", funder_municipality=amsterdam)
    admin = UserFactory(role=Role.ADMIN, is_superuser=True, email="beheer@kring.test")
    page = phone_page
    login(page, funder.email, TEST_PASSWORD)
    page.get_by_role("link", name="Cijfers").click()
    page.wait_for_url("**/cijfers/gemeente/GM0363/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cijfers Amsterdam")
    assert_accessible(page)
    screenshot(page, "reporting-municipality-phone")
    page.context.clear_cookies()
    login(page, admin.email, TEST_PASSWORD)
    for url in ("/cijfers/onderzoek/", "/cijfers/jaarverslag/"):
        page.goto(url)
        assert_accessible(page)
    page.goto("/cijfers/onderzoek/")
    page.get_by_role("button", name="Download dataset").click()
    expect(page.get_by_role("alert")).to_contain_text("Van maand")
    assert_accessible(page)
