"""Passkeys (decision 0126): added and removed on Mijn account, used as the second login step.

The requests are the ones the library's browser script sends; the answers of the "phone" come
from a software authenticator with a real key, so every server check runs.
"""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential, WebAuthnUserHandle

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD
from kring.accounts.tests.helpers import enrol, sign_in
from kring.accounts.tests.soft_authenticator import SoftPasskey
from kring.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

BASE = "http://localhost"


@pytest.fixture(autouse=True)
def _kring_at_localhost(settings):
    """Passkeys need a domain name (localhost counts as secure); `testserver` is neither."""
    settings.KRING_BASE_URL = BASE


def _client() -> Client:
    return Client(HTTP_HOST="localhost")


def _post_json(client: Client, name: str, data: object | None = None):
    """POST as the library's script does: JSON in, and it asks for JSON back."""
    return client.post(
        reverse(f"accounts:{name}"),
        data=json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers={"Accept": "application/json"},
    )


def _signed_in(user) -> Client:
    client = _client()
    sign_in(client, user, enrol(user))
    return client


def _add_passkey(client: Client, passkey: SoftPasskey) -> WebAuthnCredential:
    options = _post_json(client, "passkey_register_begin")
    assert options.status_code == 200, options.content
    done = _post_json(client, "passkey_register_complete", passkey.create(options.json()))
    assert done.status_code == 200, done.content
    return WebAuthnCredential.objects.get(pk=done.json()["id"])


def _password_step(client: Client, user) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:second_factor")


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.REGIONAL_MANAGER, Role.COORDINATOR, Role.PROFESSIONAL, Role.FUNDER]
)
def test_each_role_adds_a_passkey_on_my_account_and_it_is_audited(make_user, role):
    user = make_user(role)
    client = _signed_in(user)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "U heeft nog geen toegangssleutel" in page
    assert 'id="otp_webauthn_config"' in page and "otp_webauthn_register.js" in page

    device = _add_passkey(client, SoftPasskey("localhost", BASE))

    assert device.user == user and device.confirmed
    event = AuditEvent.objects.get(key="account.passkey_registered")
    assert event.actor == user and event.action == Action.CREATE
    assert event.changes == {"passkey": device.pk}
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Uw toegangssleutel is toegevoegd" in page
    assert device.credential_id_sha256 in page  # the remove button's value


def test_only_a_signed_in_person_can_add_a_passkey():
    client = _client()
    for name in ("passkey_register_begin", "passkey_register_complete"):
        response = _post_json(client, name)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:passkey_register_begin")).status_code == 302


def test_halfway_through_signing_in_no_passkey_can_be_added(manager):
    """After the password, before the second step: nobody is signed in, nothing is added."""
    enrol(manager)
    client = _client()
    _password_step(client, manager)
    response = _post_json(client, "passkey_register_begin")
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_from_another_site_is_refused(manager):
    client = _signed_in(manager)
    options = _post_json(client, "passkey_register_begin").json()
    phishing = SoftPasskey("localhost", "https://kring-inloggen.example")
    response = _post_json(
        client, "passkey_register_complete", phishing.create(options, origin=phishing.origin)
    )
    assert response.status_code == 422
    assert not WebAuthnCredential.objects.exists()
    assert not AuditEvent.objects.filter(key="account.passkey_registered").exists()


def test_a_passkey_is_removed_by_its_owner_only_and_audited(make_user, manager):
    owner_client = _signed_in(manager)
    device = _add_passkey(owner_client, SoftPasskey("localhost", BASE))
    other = make_user(Role.COORDINATOR)
    other_client = _signed_in(other)

    # Someone else's passkey does not exist for them; GET is refused.
    url = reverse("accounts:remove_passkey")
    assert other_client.post(url, {"passkey": device.credential_id_sha256}).status_code == 404
    assert other_client.get(url).status_code == 405
    assert _client().post(url, {"passkey": device.credential_id_sha256}).status_code == 302
    assert WebAuthnCredential.objects.filter(pk=device.pk).exists()

    response = owner_client.post(url, {"passkey": device.credential_id_sha256})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:security")
    assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
    event = AuditEvent.objects.get(key="account.passkey_removed")
    assert event.actor == manager and event.action == Action.DELETE
    assert event.changes == {"passkey": device.pk}
    page = owner_client.get(reverse("accounts:security")).content.decode()
    assert "De toegangssleutel is verwijderd" in page


def test_the_second_step_offers_the_passkey_only_to_who_has_one(manager, make_user):
    passkey = SoftPasskey("localhost", BASE)
    _add_passkey(_signed_in(manager), passkey)
    client = _client()
    _password_step(client, manager)
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    assert "otp_webauthn_auth.js" in page and 'name="code"' in page  # the code stays

    without = make_user(Role.COORDINATOR)
    enrol(without)
    client = _client()
    _password_step(client, without)
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "passkey-verification" not in page and 'name="code"' in page


def test_signing_in_with_a_passkey_as_the_second_step(manager):
    passkey = SoftPasskey("localhost", BASE)
    device = _add_passkey(_signed_in(manager), passkey)

    client = _client()
    _password_step(client, manager)
    assert client.get(reverse("portal:start")).status_code == 302  # halfway: not signed in
    options = _post_json(client, "passkey_sign_in_begin")
    assert options.status_code == 200
    allowed = [c["id"] for c in options.json()["allowCredentials"]]
    assert allowed == [passkey.get({"challenge": "x"})["id"]]
    response = _post_json(client, "passkey_sign_in_complete", passkey.get(options.json()))
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == reverse("portal:start")
    assert client.get(reverse("portal:start")).status_code == 200
    assert AuditEvent.objects.filter(key="account.logged_in", actor=manager).count() == 2
    device.refresh_from_db()
    assert device.last_used_at is not None and device.sign_count == passkey.sign_count


def test_no_passkey_challenge_without_the_password_step(manager):
    passkey = SoftPasskey("localhost", BASE)
    _add_passkey(_signed_in(manager), passkey)
    client = _client()
    response = _post_json(client, "passkey_sign_in_begin")
    assert response.status_code == 403
    assert "Log opnieuw in" in response.json()["detail"]
    # A passkey alone never signs anyone in (no passwordless login).
    response = _post_json(client, "passkey_sign_in_complete", passkey.get({"challenge": "AAAA"}))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_someone_elses_passkey_does_not_finish_my_sign_in_and_counts_as_a_failure(
    manager, make_user
):
    theirs = SoftPasskey("localhost", BASE)
    other = make_user(Role.COORDINATOR)
    _add_passkey(_signed_in(other), theirs)
    _add_passkey(_signed_in(manager), SoftPasskey("localhost", BASE))

    client = _client()
    _password_step(client, manager)
    options = _post_json(client, "passkey_sign_in_begin").json()
    response = _post_json(client, "passkey_sign_in_complete", theirs.get(options))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.get(key="account.login_failed")
    assert failed.changes == {"step": "second_factor"}


def test_wrong_passkey_answers_lock_the_account_like_wrong_codes(manager):
    passkey = SoftPasskey("localhost", BASE)
    _add_passkey(_signed_in(manager), passkey)
    client = _client()
    _password_step(client, manager)
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        options = _post_json(client, "passkey_sign_in_begin")
        assert options.status_code == 200
        bad = passkey.get(options.json())
        bad["response"]["signature"] = passkey.get({"challenge": "AAAA"})["response"]["signature"]
        response = _post_json(client, "passkey_sign_in_complete", bad)
        # The attempt that reaches the limit is answered with the lockout itself.
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 422)
    for name in ("passkey_sign_in_begin", "passkey_sign_in_complete"):
        response = _post_json(client, name)
        assert response.status_code == 429
        assert "Te veel pogingen" in response.json()["detail"]
    # The right passkey does not help while locked out.
    response = _post_json(client, "passkey_sign_in_complete", passkey.get({"challenge": "AAAA"}))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_administrator_wiping_the_second_factor_removes_the_passkeys(
    client_for, admin_user, manager
):
    _add_passkey(_signed_in(manager), SoftPasskey("localhost", BASE))
    assert WebAuthnUserHandle.objects.filter(user=manager).exists()
    response = client_for(admin_user).post(
        reverse("accounts:reset_second_factor", args=[manager.uuid])
    )
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=manager).exists()
    assert not WebAuthnUserHandle.objects.filter(user=manager).exists()


def test_passkeys_are_not_offered_where_they_cannot_work(settings, manager):
    """On a plain-http address other than localhost the browser would refuse: no button."""
    settings.KRING_BASE_URL = "http://testserver"
    client = Client()
    sign_in(client, manager, enrol(manager))
    page = client.get(reverse("accounts:security")).content.decode()
    assert "otp_webauthn_config" not in page
    assert "alleen op het vaste adres van Kring" in page


def test_the_passkey_admin_pages_are_not_offered(client_for, admin_user):
    client = client_for(admin_user)
    for model in ("webauthncredential", "webauthnattestation", "webauthnuserhandle"):
        url = f"/beheer/django_otp_webauthn/{model}/"
        assert client.get(url).status_code == 404
