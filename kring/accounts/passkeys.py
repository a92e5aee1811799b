"""Passkeys (WebAuthn) as a second factor next to the authenticator app (decision 0126).

The ceremonies (challenges, attestation and assertion checks, sign counts) are
django-otp-webauthn's and py_webauthn's; this module says where Kring is (the relying party),
what a new passkey is called, which passkeys a person has, and removes one. A passkey never
replaces the password: it is the second step, offered when the person has one and the browser
can use it; the code from the app and the recovery codes keep working.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.middleware import csrf
from django.urls import reverse
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import (
    AbstractWebAuthnCredential,
    WebAuthnCredential,
    WebAuthnUserHandle,
)
from webauthn.helpers.structs import AttestationConveyancePreference, RegistrationCredential
from webauthn.registration.verify_registration_response import VerifiedRegistration

from kring.accounts.models import User
from kring.audit.services import Action, record

PASSKEY_NAME = "passkey"


def origin() -> str:
    """Kring's own address without a path (`https://kring.example.nl`): the only origin a
    passkey is accepted from. It follows KRING_BASE_URL, read at the moment of use."""
    parts = urlsplit(settings.KRING_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def relying_party_id(request: HttpRequest | None = None) -> str:
    """The domain passkeys are bound to: the host name of KRING_BASE_URL."""
    return urlsplit(settings.KRING_BASE_URL).hostname or ""


def available(request: HttpRequest) -> bool:
    """Can a passkey work on this request? Browsers bind passkeys to a domain name (never an IP
    address) and only over https or on localhost; and the page must be at Kring's own address."""
    host = relying_party_id()
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        pass
    secure = origin().startswith("https://") or host == "localhost"
    return secure and f"{request.scheme}://{request.get_host()}" == origin()


class KringWebAuthnHelper(WebAuthnHelper):
    """The library's helper with Kring's relying party, origin and names."""

    def get_relying_party_domain(self) -> str:
        return relying_party_id(self.request)

    def get_allowed_origins(self) -> list[str]:
        return [origin()]

    def get_attestation_conveyance_preference(self) -> AttestationConveyancePreference:
        # Which make of authenticator someone uses is none of Kring's business.
        return AttestationConveyancePreference.NONE

    def get_credential_display_name(self, user: AbstractBaseUser) -> str:
        # Shown by the browser and the phone when choosing a passkey; stays on the device.
        return str(getattr(user, "email", "") or user.get_username())

    def create_credential(
        self,
        user: AbstractBaseUser,
        response: VerifiedRegistration,
        parsed_credential: RegistrationCredential,
        original_data: dict[str, object],
    ) -> AbstractWebAuthnCredential:
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = PASSKEY_NAME
        device.confirmed = True
        return device


def client_config(request: HttpRequest) -> dict[str, str | None]:
    """What the library's browser script reads from the page (`otp_webauthn_config`): Kring's
    own addresses for the four steps, and the CSRF token for its POSTs."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey_sign_in_begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey_sign_in_complete"),
        "beginRegistrationUrl": reverse("accounts:passkey_register_begin"),
        "completeRegistrationUrl": reverse("accounts:passkey_register_complete"),
    }


def passkeys_of(user: User) -> QuerySet[WebAuthnCredential]:
    """A person's passkeys, newest first."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by(
        "-created_at", "-pk"
    )


def has_passkey(user: User) -> bool:
    """Does this person have a passkey to sign in with?"""
    return passkeys_of(user).exists()


def registered(user: User, device: AbstractWebAuthnCredential, request: HttpRequest) -> None:
    """Write the audit event for a passkey just saved (ids only)."""
    record(
        Action.CREATE,
        user,
        actor=user,
        request=request,
        key="account.passkey_registered",
        changes={"passkey": device.pk},
    )


def remove(user: User, credential_hash: str, request: HttpRequest) -> bool:
    """Remove one of the person's own passkeys; False when they have none by that key."""
    with transaction.atomic():
        device = (
            WebAuthnCredential.objects.select_for_update()
            .filter(user=user, credential_id_sha256=credential_hash)
            .first()
        )
        if device is None:
            return False
        passkey_id = device.pk
        device.delete()
        record(
            Action.DELETE,
            user,
            actor=user,
            request=request,
            key="account.passkey_removed",
            changes={"passkey": passkey_id},
        )
    return True


def remove_all(user: User) -> int:
    """Remove every passkey of a person and their user handle (the second factor is reset);
    returns how many passkeys there were."""
    count, _ = WebAuthnCredential.objects.filter(user=user).delete()
    WebAuthnUserHandle.objects.filter(user=user).delete()
    return count
