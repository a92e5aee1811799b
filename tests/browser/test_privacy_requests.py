"""Journey: an administrator answers a request to see and erase a person's data, on a phone."""

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.conferences.tests.factories import PersonFactory
from kring.network.models import Person


@pytest.mark.django_db(transaction=True)
def test_administrator_exports_then_erases_a_person(
    phone_page, login, assert_accessible, screenshot, municipality
):
    admin = UserFactory(role=Role.ADMIN, is_superuser=True, email="beheer@kring.test")
    case = CaseFactory(municipality=municipality, status=Status.CLOSED)
    PersonFactory(case=case, main=True, name="Fatima Amrani")
    ria = PersonFactory(case=case, name="Ria Amrani", email="ria@example.nl")
    page = phone_page

    login(page, admin.email, TEST_PASSWORD)
    page.goto("/privacyverzoeken/")
    assert_accessible(page)
    page.get_by_label("Referentie of e-mailadres").fill(case.reference)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("strong").filter(has_text="Ria Amrani")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "privacy-zoeken")

    page.get_by_role("link", name="Wissen Ria Amrani").click()
    expect(page.get_by_text("Download eerst de gegevens")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON").click()
    assert download.value.suggested_filename.endswith(".json")
    page.reload()
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    screenshot(page, "privacy-wissen")
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_text("De gegevens zijn gewist.")).to_be_visible()
    assert_accessible(page)
    assert not Person.objects.filter(pk=ria.pk).exists()
