"""A coordinator enrols a second factor on first login, then signs in with it (issue 11)."""

import base64

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.second_factor import code_for
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.accounts.tests.helpers import fresh_code


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _unique_ids(page):
    duplicates = page.evaluate(
        "[...document.querySelectorAll('[id]')].map(e => e.id)"
        ".filter((id, i, all) => all.indexOf(id) !== i)"
    )
    assert not duplicates, (page.url, duplicates)


@pytest.mark.django_db(transaction=True)
def test_coordinator_enrols_a_second_factor_and_signs_in_with_it(
    phone_page, assert_accessible, screenshot, region
):
    page = phone_page
    user = UserFactory(role=Role.COORDINATOR, email="anouk@kring.test", full_name="Anouk Verbeek")
    user.regions.set([region])
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # First login: connect an authenticator app.
    page.wait_for_url("**/inloggen/tweede-stap-instellen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap instellen")
    expect(
        page.get_by_role("img", name="QR-afbeelding om Kring aan uw app toe te voegen")
    ).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    _unique_ids(page)
    screenshot(page, "tweede-stap-instellen-telefoon")
    key = page.locator("#otp-secret").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8)).hex()

    # A wrong code is refused in plain Dutch, next to the field and in the summary.
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Instellen en inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
    assert_accessible(page)

    page.get_by_label("Code").fill(code_for(secret))
    page.get_by_role("button", name="Instellen en inloggen").click()
    page.wait_for_url("**/account/herstelcodes/")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    page.wait_for_url("**/start/")

    # Sign out; the next login asks for the code from the app.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/tweede-stap/")
    assert_accessible(page)
    _no_sideways_scroll(page)
    _unique_ids(page)
    screenshot(page, "tweede-stap-telefoon")
    page.get_by_label("Code").fill(fresh_code(user, secret))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/start/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


@pytest.mark.django_db(transaction=True)
def test_administrator_invites_a_coordinator_who_activates_on_a_phone(
    page, phone_page, login, assert_accessible, region
):
    from django.core import mail

    admin = UserFactory(role=Role.ADMIN, is_superuser=True, email="beheer@kring.test")
    login(page, admin.email, TEST_PASSWORD)
    page.get_by_role("link", name="Organisatie").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mensen").first.click()
    page.get_by_role("link", name="Iemand uitnodigen").click()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Youssef Benali")
    page.get_by_label("E-mailadres").fill("youssef@kring.test")
    page.get_by_label("Rol").select_option(label="Coördinator")
    page.get_by_label(region.name).check()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Youssef Benali")
    assert_accessible(page)

    # The invitation left through the outbox (sent after commit).
    text = next(m for m in mail.outbox if m.to == ["youssef@kring.test"]).body
    link = next(line for line in text.splitlines() if "/activeren/" in line)
    phone = phone_page
    phone.goto(link.strip())
    phone.wait_for_url("**/activeren/")
    assert_accessible(phone)
    _no_sideways_scroll(phone)
    phone.get_by_label("Nieuw wachtwoord").fill("kort")
    phone.get_by_label("Herhaal het wachtwoord").fill("kort")
    phone.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(phone.get_by_role("alert")).to_contain_text("te kort")
    assert_accessible(phone)
    phone.get_by_label("Nieuw wachtwoord").fill("de kring rond de tafel")
    phone.get_by_label("Herhaal het wachtwoord").fill("de kring rond de tafel")
    phone.get_by_role("button", name="Wachtwoord opslaan").click()
    phone.wait_for_url("**/inloggen/tweede-stap-instellen/")
    key = phone.locator("#otp-secret").inner_text().replace(" ", "")
    phone.get_by_label("Code").fill(code_for(base64.b32decode(key + "=" * (-len(key) % 8)).hex()))
    phone.get_by_role("button", name="Instellen en inloggen").click()
    phone.wait_for_url("**/account/herstelcodes/")
    phone.get_by_role("link", name="Ik heb de codes bewaard").click()
    phone.wait_for_url("**/start/")
