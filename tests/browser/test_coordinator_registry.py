"""Journey: a regional manager keeps the coordinator registry up to date."""

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.coordinators.models import CoordinatorProfile
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.core.tests.samples import PDF


@pytest.mark.django_db(transaction=True)
def test_manager_edits_a_coordinator_profile(page, login, assert_accessible, screenshot, region):
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="m@kring.test", full_name="Marieke")
    manager.regions.set([region])
    youssef = UserFactory(role=Role.COORDINATOR, full_name="Youssef Benali")
    youssef.regions.set([region])
    olena = UserFactory(role=Role.COORDINATOR, full_name="Olena Kovalenko")
    olena.regions.set([region])
    CoordinatorProfileFactory(user=olena, languages=["nl", "uk", "ru"])

    login(page, manager.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Coördinatoren"
    ).click()
    assert_accessible(page)
    screenshot(page, "coordinatoren")
    page.get_by_role("link", name="Youssef Benali").click()
    assert_accessible(page)
    page.get_by_label("Nederlands", exact=True).check()
    page.get_by_label("العربيّة").check()
    page.get_by_label("Training afgerond op").fill("2025-06-12")
    page.get_by_label("Nummer certificaat").fill("EK-C-0877")
    # The declaration is the coordinator's own: the registry shows it, nobody ticks it here.
    assert page.get_by_label("De coördinator heeft de verklaring getekend").count() == 0
    expect(page.get_by_text("De coördinator tekent zelf")).to_be_visible()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het profiel is opgeslagen.")).to_be_visible()
    # A renamed program is refused with a plain message; a PDF is taken.
    certificate = page.get_by_label("Certificaat (PDF of foto)")
    certificate.set_input_files(
        {"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 64}
    )
    page.get_by_role("button", name="Certificaat toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Alleen een PDF of een foto (JPG, PNG) kan.")
    assert_accessible(page)
    page.get_by_label("Certificaat (PDF of foto)").set_input_files(
        {"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Certificaat toevoegen").click()
    expect(page.get_by_text("Het certificaat is opgeslagen.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificaat downloaden").click()
    assert download.value.suggested_filename == "certificaat.pdf"
    page.get_by_label("Van").fill("2026-12-21")
    page.get_by_label("Tot en met").fill("2027-01-03")
    page.get_by_role("button", name="Afwezigheid toevoegen").click()
    expect(page.get_by_text("De afwezigheid is toegevoegd.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "coordinator-profiel")
    profile = CoordinatorProfile.objects.get(user=youssef)
    assert profile.is_trained and profile.has_certificate
    assert not profile.has_signed_declaration
    assert profile.absences.count() == 1
    page.get_by_role("link", name="Terug naar coördinatoren").click()
    expect(page.get_by_role("row", name="Youssef Benali")).to_contain_text("op bestand")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_coordinator_signs_and_plans_time_off(
    phone_page, login, assert_accessible, screenshot, region
):
    page = phone_page
    user = UserFactory(role=Role.COORDINATOR, email="c@kring.test", full_name="Joke de Vries")
    user.regions.set([region])
    CoordinatorProfileFactory(user=user, unsigned=True, languages=["nl"])
    login(page, user.email, TEST_PASSWORD)
    page.goto("/mijn-profiel/")
    assert_accessible(page)
    page.get_by_label("Ik verklaar dat dit klopt").check()
    page.get_by_role("button", name="Verklaring tekenen").click()
    expect(page.get_by_text("De verklaring is getekend.")).to_be_visible()
    page.get_by_label("Certificaat (PDF of foto)").set_input_files(
        {"name": "mijn-certificaat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Certificaat toevoegen").click()
    expect(page.get_by_text("Het certificaat is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("link", name="Certificaat downloaden")).to_be_visible()
    page.get_by_label("Van").fill("2026-12-21")
    page.get_by_label("Tot en met").fill("2027-01-03")
    page.get_by_role("button", name="Afwezigheid toevoegen").click()
    expect(page.get_by_text("De afwezigheid is toegevoegd.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mijn-profiel-telefoon")
