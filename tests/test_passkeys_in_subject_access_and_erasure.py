"""A passkey is part of an account's data: it is in the subject-access export (when it was added
and last used, never the key) and it goes with an erased account, like the authenticator app."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import (
    WebAuthnAttestation,
    WebAuthnCredential,
    WebAuthnUserHandle,
)

from kring.accounts.models import Role
from kring.accounts.tests.helpers import enrol, sign_in
from kring.accounts.tests.soft_authenticator import SoftPasskey

pytestmark = pytest.mark.django_db


def test_a_passkey_is_exported_and_erased_with_the_account(
    settings, client_for, admin_user, make_user
):
    settings.KRING_BASE_URL = "http://localhost"
    professional = make_user(Role.PROFESSIONAL, email="piet@example.nl")
    client = Client(HTTP_HOST="localhost")
    sign_in(client, professional, enrol(professional))
    options = client.post(reverse("accounts:passkey_register_begin")).json()
    passkey = SoftPasskey("localhost", "http://localhost")
    done = client.post(
        reverse("accounts:passkey_register_complete"),
        json.dumps(passkey.create(options)),
        content_type="application/json",
    )
    assert done.status_code == 200
    device = WebAuthnCredential.objects.get(user=professional)
    assert WebAuthnAttestation.objects.filter(credential=device).exists()

    admin = client_for(admin_user)
    data = json.loads(admin.get(reverse("privacy:user_json", args=[professional.uuid])).content)
    section = data["sections"]["django_otp_webauthn.webauthncredential"]
    assert len(section) == 1 and set(section[0]) == {"created_at", "last_used_at"}
    assert "django_otp_webauthn.webauthnuserhandle" not in data["sections"]

    response = admin.post(
        reverse("privacy:user_erase", args=[professional.uuid]), {"confirm": "on"}
    )
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=professional).exists()
    assert not WebAuthnAttestation.objects.exists()
    assert not WebAuthnUserHandle.objects.filter(user=professional).exists()
