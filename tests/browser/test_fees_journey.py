"""Coordinator fees and expenses in the browser, on a phone: the regional manager sets the
fee and the km rate; the coordinator declares kilometres with a receipt; the manager approves;
the coordinator downloads the month's statement. Every page axe-clean at 390 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.cases.tests.factories import new_case
from kring.funding.models import Expense, ExpenseStatus
from kring.funding.tests.test_coordinator_fees import PDF


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")


@pytest.mark.django_db(transaction=True)
def test_a_coordinators_month_from_the_screens(
    phone_page, login, assert_accessible, screenshot, region, tmp_path
):
    page = phone_page
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht", region=region)
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="manager@kring.test")
    manager.regions.set([region])
    coordinator = UserFactory(
        role=Role.COORDINATOR, email="coordinator@kring.test", full_name="Anouk Verbeek"
    )
    coordinator.regions.set([region])
    # The case's lifecycle is the cases app's: its conference was held today.
    case = new_case(
        held=True,
        municipality=utrecht,
        coordinator=coordinator,
        conference_held_at=timezone.now(),
    )
    today = timezone.localdate()

    # The regional manager: the fee for a family conference held, and the km rate.
    login(page, manager.email, TEST_PASSWORD)
    page.get_by_role("link", name="Financiering").click()
    page.get_by_role("link", name="Tarieven coördinatoren").click()
    expect(page.get_by_role("heading", name="Tarieven coördinatoren", level=1)).to_be_visible()
    page.get_by_role("button", name="Tarief toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul een bedrag in.")
    assert_accessible(page)
    page.get_by_label("Soort conferentie").select_option(label="Familie / individu")
    page.get_by_label("Uitkomst").select_option(label="Conferentie gehouden")
    page.get_by_label("Vergoeding in euro's").fill("725,50")
    page.locator("#id_valid_from").fill(f"{today.year}-01-01")
    page.get_by_role("button", name="Tarief toevoegen").click()
    expect(page.get_by_text("Het tarief is toegevoegd.")).to_be_visible()
    page.get_by_label("Vergoeding per kilometer in euro's").fill("0,23")
    page.locator("#id_km_valid_from").fill(f"{today.year}-01-01")
    page.get_by_role("button", name="Kilometervergoeding toevoegen").click()
    expect(page.get_by_text("De kilometervergoeding is toegevoegd.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "tarieven-coordinatoren-telefoon")
    _logout(page)

    # The coordinator: kilometres with a receipt.
    receipt = tmp_path / "parkeerbon.pdf"
    receipt.write_bytes(PDF)
    login(page, coordinator.email, TEST_PASSWORD)
    page.get_by_role("link", name="Mijn vergoedingen").click()
    expect(page.get_by_role("heading", name="Mijn vergoedingen", level=1)).to_be_visible()
    expect(page.get_by_text("€ 725,50").first).to_be_visible()
    page.get_by_role("button", name="Declaratie indienen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies het traject.")
    assert_accessible(page)
    page.get_by_label("Traject").select_option(label=case.reference)
    page.get_by_label("Reiskosten (kilometers)").check()
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label("Aantal kilometers").fill("42")
    page.get_by_label("Omschrijving").fill("Rit naar de conferentie")
    page.get_by_label("Bon (PDF of foto)").set_input_files(str(receipt))
    page.get_by_role("button", name="Declaratie indienen").click()
    expect(page.get_by_text("Uw declaratie is ingediend.")).to_be_visible()
    expect(page.get_by_text("Ingediend, nog geen besluit")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mijn-vergoedingen-telefoon")
    _logout(page)

    # The manager approves it (after looking at the receipt).
    login(page, manager.email, TEST_PASSWORD)
    page.get_by_role("link", name="Financiering").click()
    page.get_by_role("link", name="Vergoedingen en declaraties van coördinatoren").click()
    expect(page.get_by_text("€ 9,66")).to_be_visible()  # 42 x 0.23
    with page.expect_download() as bon:
        page.get_by_role("link", name="Bon downloaden").click()
    assert bon.value.suggested_filename == "parkeerbon.pdf"
    assert_accessible(page)
    screenshot(page, "declaraties-beoordelen-telefoon")
    page.get_by_label("Goedkeuren").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit over de declaratie is vastgelegd.")).to_be_visible()
    assert Expense.objects.get().status == ExpenseStatus.APPROVED
    _logout(page)

    # The coordinator: the month's statement.
    login(page, coordinator.email, TEST_PASSWORD)
    page.get_by_role("link", name="Mijn vergoedingen").click()
    expect(page.get_by_text("€ 735,16")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Maandoverzicht (PDF)").click()
    path = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert case.main_person_names.encode() not in path.read_bytes()
