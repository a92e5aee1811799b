"""First journey: each role logs in and sees its own start page."""

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.ADMIN, "Welkom"),
        (Role.REGIONAL_MANAGER, "Welkom"),
        (Role.COORDINATOR, "Welkom"),
        (Role.PROFESSIONAL, "Welkom"),
        (Role.FUNDER, "Welkom"),
    ],
)
def test_each_role_logs_in_and_sees_its_start_page(
    page, login, assert_accessible, screenshot, region, role, heading
):
    user = UserFactory(
        role=role,
        email=f"{role}@kring.test",
        full_name="Sam de Wit",
        is_superuser=role == Role.ADMIN,
        organisation="Gemeente Utrecht",
    )
    if role in {Role.REGIONAL_MANAGER, Role.COORDINATOR}:
        user.regions.set([region])
    if role == Role.REGIONAL_MANAGER:
        page.goto("/inloggen/")
        screenshot(page, "login")
    login(page, user.email, TEST_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
    assert_accessible(page)
    # The manager's start page screenshot, with cases, is taken in test_case_journey.py.


@pytest.mark.django_db(transaction=True)
def test_login_page_works_on_a_phone(phone_page, assert_accessible, screenshot):
    phone_page.goto("/inloggen/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "login-telefoon")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_an_accessible_error(page, assert_accessible, region):
    UserFactory(role=Role.COORDINATOR, email="c@kring.test")
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill("c@kring.test")
    page.get_by_label("Wachtwoord").fill("helemaal-fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
