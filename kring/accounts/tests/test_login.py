import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD
from kring.accounts.tests.helpers import enrol, fresh_code, sign_in
from kring.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

ALL_ROLES = [Role.ADMIN, Role.REGIONAL_MANAGER, Role.COORDINATOR, Role.PROFESSIONAL, Role.FUNDER]


def _password_step(client, email, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.ADMIN, "Welkom"),
        (Role.REGIONAL_MANAGER, "Welkom"),
        (Role.COORDINATOR, "Welkom"),
        (Role.PROFESSIONAL, "Uw trajecten"),
        (Role.FUNDER, "geen persoonsgegevens"),
    ],
)
def test_each_role_needs_password_and_code_before_its_start_page(client, make_user, role, marker):
    user = make_user(role, email="persoon@kring.test")
    secret = enrol(user)
    response = _password_step(client, "Persoon@Kring.test ")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")
    # Halfway: nobody is signed in yet, every page still asks to log in.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:start")).status_code == 302
    response = client.post(reverse("accounts:second_factor"), {"code": fresh_code(user, secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:start")
    page = client.get(reverse("portal:start"))
    assert page.status_code == 200
    assert marker in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=user, key="account.logged_in")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_first_login_enrols_an_authenticator_app_and_shows_recovery_codes(client, make_user, role):
    user = make_user(role)
    response = _password_step(client, user.email)
    assert response["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "Tweede stap instellen" in body
    secret = client.session["kring_enrol_secret"]
    # The page shows the key in base32 groups for typing over.
    from kring.accounts.second_factor import grouped

    assert grouped(secret) in body
    wrong = client.post(reverse("accounts:enrol"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    from kring.accounts.second_factor import code_for

    response = client.post(reverse("accounts:enrol"), {"code": code_for(secret)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    codes_page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert len(re.findall(r"<code>[0-9a-f]{6}-[0-9a-f]{6}</code>", codes_page)) == 10
    # Shown once only.
    assert client.get(reverse("accounts:recovery_codes")).status_code == 302
    assert client.get(reverse("portal:start")).status_code == 200
    assert AuditEvent.objects.filter(key="account.second_factor_enrolled", actor=user).exists()


def test_a_recovery_code_signs_in_once(client, make_user, client_for):
    user = make_user(Role.COORDINATOR)
    enrol(user)
    c = client_for(user)
    c.post(reverse("accounts:renew_recovery_codes"))
    page = c.get(reverse("accounts:recovery_codes")).content.decode()
    code = re.findall(r"<code>([0-9a-f-]+)</code>", page)[0]
    _password_step(client, user.email)
    response = client.post(reverse("accounts:second_factor"), {"code": code.upper()})
    assert response.status_code == 302
    assert client.get(reverse("portal:start")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post(reverse("accounts:logout"))
    _password_step(client, user.email)
    again = client.post(reverse("accounts:second_factor"), {"code": code})
    assert again.status_code == 200
    assert "Deze code klopt niet" in again.content.decode()


def test_second_step_expires_and_starts_again(client, make_user):
    user = make_user(Role.REGIONAL_MANAGER)
    secret = enrol(user)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _password_step(client, user.email)
        traveller.shift(datetime.timedelta(minutes=11))
        response = client.post(
            reverse("accounts:second_factor"), {"code": fresh_code(user, secret)}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_django_admin_login_goes_through_the_same_two_steps(client, make_user):
    admin = make_user(Role.ADMIN, is_superuser=True)
    secret = enrol(admin)
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(
        reverse("accounts:login") + "?next=/beheer/",
        {"username": admin.email, "password": TEST_PASSWORD, "next": "/beheer/"},
    )
    assert response["Location"] == reverse("accounts:second_factor")
    # Password alone does not open the admin.
    assert client.get("/beheer/").status_code == 302
    response = client.post(reverse("accounts:second_factor"), {"code": fresh_code(admin, secret)})
    assert response["Location"] == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_wrong_password_gives_plain_dutch_message_and_audit_without_the_address(client, manager):
    response = _password_step(client, manager.email, "fout")
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.key == "account.login_failed"
    assert manager.email not in event.object_id
    assert manager.email not in str(event.changes)
    assert re.fullmatch(r"[0-9a-f]{32}", event.object_id)


def test_lockout_after_ten_wrong_passwords_even_with_the_right_one(client, manager):
    enrol(manager)
    for _ in range(10):
        _password_step(client, manager.email, "helemaal-fout")
    response = _password_step(client, manager.email)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Te veel pogingen" in body
    assert "minuten opnieuw" in body
    assert AuditEvent.objects.filter(key="account.locked_out").exists()


def test_lockout_ends_after_the_cool_off(client, manager):
    secret = enrol(manager)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(10):
            _password_step(client, manager.email, "helemaal-fout")
        assert _password_step(client, manager.email).status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        response = _password_step(client, manager.email)
        assert response.status_code == 302
        response = client.post(
            reverse("accounts:second_factor"), {"code": fresh_code(manager, secret)}
        )
        assert response["Location"] == reverse("portal:start")


def test_lockout_per_address_covers_other_accounts_too(client, make_user):
    for n in range(10):
        _password_step(client, f"bestaat-niet-{n}@kring.test", "fout")
    other = make_user(Role.COORDINATOR)
    enrol(other)
    assert _password_step(client, other.email).status_code == 429


def test_wrong_codes_lock_the_account_too(client, manager):
    secret = enrol(manager)
    _password_step(client, manager.email)
    for _ in range(9):
        response = client.post(reverse("accounts:second_factor"), {"code": "123456"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:second_factor"), {"code": "123456"})
    assert response.status_code == 429
    response = client.post(reverse("accounts:second_factor"), {"code": fresh_code(manager, secret)})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_manager_releases_a_locked_out_coordinator(client, client_for, manager, make_user):
    coordinator = make_user(Role.COORDINATOR)
    secret = enrol(coordinator)
    for _ in range(10):
        _password_step(client, coordinator.email, "fout")
    page = client_for(manager).get(reverse("accounts:person", args=[coordinator.uuid]))
    assert "tijdelijk geblokkeerd" in page.content.decode()
    client_for(manager).post(reverse("accounts:release_lockout", args=[coordinator.uuid]))
    # The address is still over its limit: sign in from another one.
    other = type(client)(REMOTE_ADDR="10.0.0.9")
    sign_in(other, coordinator, secret)
    assert other.get(reverse("portal:start")).status_code == 200


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user(Role.COORDINATOR, is_active=False)
    response = _password_step(client, user.email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client_for, manager):
    c = client_for(manager)
    assert c.get(reverse("accounts:logout")).status_code == 405
    assert c.post(reverse("accounts:logout")).status_code == 302
    assert c.get(reverse("portal:start")).status_code == 302


def test_start_page_requires_login(client):
    response = client.get(reverse("portal:start"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Inloggen bij Kring" in body
    assert "E-mailadres" in body


def test_login_page_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in to Kring" in body


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.REGIONAL_MANAGER, 302),
        (Role.COORDINATOR, 302),
        (Role.PROFESSIONAL, 302),
        (Role.FUNDER, 302),
    ],
)
def test_django_admin_is_for_administrators_only(client_for, make_user, role, status):
    user = make_user(role, is_superuser=role == Role.ADMIN)
    response = client_for(user).get("/beheer/")
    assert response.status_code == status
