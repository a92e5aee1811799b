"""A coordinator adds a passkey on Mijn account and signs in with it as the second step
(decision 0126), with Chromium's virtual authenticator standing in for the phone's fingerprint.

Everything runs under the strict Content-Security-Policy: the library's script comes from the
static files, its words from Kring's own catalogue URL; `assert_accessible` fails on any CSP
violation, on axe findings and on sideways scrolling at 390 px.
"""

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.audit.models import AuditEvent


def _virtual_authenticator(page) -> tuple[object, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def _password_step(page, email: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.django_db(transaction=True)
def test_coordinator_adds_a_passkey_and_signs_in_with_it(
    phone_page, login, assert_accessible, screenshot, region
):
    page = phone_page
    user = UserFactory(role=Role.COORDINATOR, email="anouk@kring.test", full_name="Anouk Verbeek")
    user.regions.set([region])
    cdp, authenticator = _virtual_authenticator(page)

    # First sign-in: password and the authenticator app, through the screens.
    login(page, user.email, TEST_PASSWORD)
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Toegangssleutels")).to_be_visible()
    expect(page.get_by_text("U heeft nog geen toegangssleutel.")).to_be_visible()
    assert_accessible(page)

    # Add a passkey: the browser asks the (virtual) authenticator, the page shows it added.
    page.get_by_role("button", name="Toegangssleutel toevoegen").click()
    expect(page.get_by_text("Uw toegangssleutel is toegevoegd.")).to_be_visible()
    expect(page.locator(".passkey-list li")).to_have_count(1)
    assert (
        len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"])
        == 1
    )
    assert AuditEvent.objects.filter(key="account.passkey_registered", actor=user).count() == 1
    assert_accessible(page)
    screenshot(page, "toegangssleutels-telefoon")

    # Sign out; the second step now offers the passkey next to the code.
    page.get_by_role("button", name="Uitloggen").click()
    _password_step(page, user.email)
    page.wait_for_url("**/inloggen/tweede-stap/")
    passkey_button = page.get_by_role("button", name="Inloggen met toegangssleutel")
    expect(passkey_button).to_be_visible()
    expect(page.get_by_label("Code")).to_be_visible()  # the app's code stays possible
    assert_accessible(page)
    screenshot(page, "tweede-stap-toegangssleutel-telefoon")
    passkey_button.click()
    page.wait_for_url("**/start/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    assert AuditEvent.objects.filter(key="account.logged_in", actor=user).count() == 2

    # Remove it again: the second step is the code from the app only.
    page.goto("/account/")
    page.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_text("De toegangssleutel is verwijderd.")).to_be_visible()
    expect(page.get_by_text("U heeft nog geen toegangssleutel.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    _password_step(page, user.email)
    page.wait_for_url("**/inloggen/tweede-stap/")
    expect(page.get_by_role("button", name="Inloggen met toegangssleutel")).to_have_count(0)
