"""Money in the browser, on a phone: the administrator fills in the office's invoicing
details; the regional manager adds the municipality as a funder with its contract, records
the funding of a case, runs the month's invoice and downloads the PDF and the e-invoice; the
funder signs in and sees their budget. Every page axe-clean at 390 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.cases.tests.factories import new_case
from kring.funding.models import Invoice
from kring.funding.tests.test_ubl_validates import validate


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")


@pytest.mark.django_db(transaction=True)
def test_the_months_invoice_from_the_screens(
    phone_page, login, assert_accessible, screenshot, region, tmp_path
):
    page = phone_page
    amsterdam = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    admin = UserFactory(role=Role.ADMIN, is_superuser=True, email="beheer@kring.test")
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="manager@kring.test")
    manager.regions.set([region])
    funder_user = UserFactory(
        role=Role.FUNDER,
        email="financier@amsterdam.test",
        full_name="Team Jeugd Amsterdam",
        organisation="Gemeente Amsterdam",
        funder_municipality=amsterdam,
    )
    # The case's own lifecycle is the cases app's: its conference was held five days ago.
    case = new_case(held=True, municipality=amsterdam)
    held_on = timezone.localdate(case.conference_held_at)

    # The administrator: the office's invoicing details.
    login(page, admin.email, TEST_PASSWORD)
    page.get_by_role("link", name="Financiering").click()
    expect(page.get_by_role("heading", name="Financiering", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Factuurgegevens invullen").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul dit in.")
    assert_accessible(page)
    page.get_by_label("Naam organisatie").fill("Eigen Kracht Centrale")
    page.get_by_label("Straat en huisnummer").fill("Stationsplein 45")
    page.get_by_label("Postcode").fill("3511 ED")
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_label("KvK-nummer").fill("41194893")
    page.get_by_label("Btw-nummer").fill("NL806512368B01")
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 00")
    page.get_by_label("E-mail voor vragen over facturen").fill("facturen@kring.test")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De factuurgegevens zijn opgeslagen.")).to_be_visible()
    _logout(page)

    # The regional manager: the funder and its contract.
    login(page, manager.email, TEST_PASSWORD)
    page.get_by_role("link", name="Financiering").click()
    page.get_by_role("link", name="Financier toevoegen").click()
    page.get_by_label("Gemeente", exact=True).check()
    page.get_by_label("Naam", exact=True).fill("Gemeente Amsterdam")
    page.get_by_label("Gemeente (CBS-code)").select_option(label="Amsterdam (GM0363)")
    page.get_by_label("Straat en huisnummer").fill("Amstel 1")
    page.get_by_label("Postcode").fill("1011 PN")
    page.get_by_label("Plaats").fill("Amsterdam")
    page.get_by_label("Soort Peppol-nummer").select_option(label="OIN (overheid)")
    page.get_by_label("Peppol-nummer (OIN of KvK)").fill("00000001002564440000")
    page.get_by_label("Verplichte referentie op de factuur").fill("JEUGD-2026")
    assert_accessible(page)
    screenshot(page, "financier-toevoegen-telefoon")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Gemeente Amsterdam", level=1)).to_be_visible()
    page.get_by_role("link", name="Contract toevoegen").click()
    year = held_on.year
    page.get_by_label("Contractnummer").fill(f"EKC-{year}")
    page.get_by_label("Begint op").fill(f"{year}-01-01")
    page.get_by_label("Eindigt op").fill(f"{year}-12-31")
    page.get_by_label("21% btw").check()
    page.get_by_label("Plafond per jaar (euro, zonder btw)").fill("5000")
    for label, amount in (
        ("Conferentie: familie / individu", "2450,00"),
        ("Conferentie: groep, straat of buurt", "3150,00"),
        ("Conferentie: leervraag", "1875,50"),
        ("Conferentie: herstel tussen partijen", "2295,00"),
        ("Informatief gesprek", "95,00"),
        ("Voorbereiding vroegtijdig gestopt", "812,50"),
        ("Vervolgbijeenkomst", "425,00"),
    ):
        page.get_by_label(label).fill(amount)
    assert_accessible(page)
    screenshot(page, "contract-toevoegen-telefoon")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het contract is toegevoegd.")).to_be_visible()

    # The case's funding: asked, then approved with the municipality's order number.
    page.goto(f"/trajecten/{case.uuid}/")
    expect(page.get_by_text("Let op: de financiering is nog niet goedgekeurd.")).to_be_visible()
    page.get_by_role("link", name="Naar de financiering").click()
    assert_accessible(page)
    page.get_by_role("button", name="Aanvraag vastleggen").click()
    expect(page.get_by_text("De aanvraag voor financiering is vastgelegd.")).to_be_visible()
    page.get_by_label("Goedgekeurd").check()
    page.get_by_label("Ordernummer of toezeggingsnummer").fill("PO-4711")
    assert_accessible(page)
    screenshot(page, "financiering-traject-telefoon")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit van de financier is vastgelegd.")).to_be_visible()

    # The month's run: first what it bills, then the invoice.
    page.get_by_role("link", name="Financiering").first.click()
    page.get_by_role("link", name="Gemeente Amsterdam").click()
    page.get_by_role("link", name="Facturen maken").click()
    page.get_by_label("Van").fill(held_on.replace(day=1).isoformat())
    page.get_by_label("Tot en met").fill(held_on.isoformat())
    page.get_by_role("button", name="Bekijken wat er gefactureerd wordt").click()
    expect(page.get_by_text(case.reference)).to_be_visible()
    expect(page.get_by_text("2.964,50")).to_be_visible()
    assert case.main_person_names not in page.content()
    assert_accessible(page)
    screenshot(page, "facturen-maken-telefoon")
    page.get_by_role("button", name="Factuur maken").click()
    invoice = Invoice.objects.get()
    expect(page.get_by_role("heading", name=f"Factuur {invoice.number}")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "factuur-telefoon")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF downloaden").click()
    pdf_path = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    with page.expect_download() as ubl:
        page.get_by_role("link", name="E-factuur (UBL) downloaden").click()
    ubl_path = tmp_path / ubl.value.suggested_filename
    ubl.value.save_as(ubl_path)
    validate(ubl_path.read_bytes())
    assert b"PO-4711" in ubl_path.read_bytes()
    _logout(page)

    # The funder: their budget on the start page, their invoice.
    login(page, funder_user.email, TEST_PASSWORD)
    expect(
        page.get_by_role("heading", name=f"Uw budget in {timezone.localdate().year}")
    ).to_be_visible()
    expect(page.get_by_text(f"Contract EKC-{year}")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "financier-start-telefoon")
    page.get_by_role("link", name="Gemeente Amsterdam").click()
    expect(page.get_by_role("link", name=invoice.number)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "financier-facturen-telefoon")
    page.get_by_role("link", name=invoice.number).click()
    assert_accessible(page)
    assert case.main_person_names not in page.content()
    response = page.goto(f"/trajecten/{case.uuid}/")
    assert response is not None and response.status == 404
