"""The second login factor: TOTP (an authenticator app) with recovery codes (decision 0080).

The devices, the time-step arithmetic, replay protection and per-device throttling are
django-otp's; this module says who needs a factor, enrols one and checks a code. Every role
signs in with two factors, funders included; families and participants have no account.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts import passkeys
from kring.accounts.models import User
from kring.audit.services import Action, record

RECOVERY_CODES = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def is_required(user: User) -> bool:
    """Does this user have to pass a second factor before the session starts? Everyone does."""
    return True


def is_enrolled(user: User) -> bool:
    """Has this user a confirmed authenticator app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_secret() -> str:
    """A fresh random TOTP key (20 bytes, hex, as django-otp stores it)."""
    return secrets.token_hex(20)


def base32(secret_hex: str) -> str:
    """The key as an authenticator app wants it typed: base32 without padding."""
    return base64.b32encode(bytes.fromhex(secret_hex)).decode().rstrip("=")


def grouped(secret_hex: str) -> str:
    """The base32 key in groups of four, easier to type over."""
    key = base32(secret_hex)
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def otpauth_uri(user: User, secret_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    issuer = str(settings.OTP_TOTP_ISSUER)
    label = quote(f"{issuer}:{user.email}")
    return f"otpauth://totp/{label}?secret={base32(secret_hex)}&issuer={quote(issuer)}&digits=6"


def qr_svg(user: User, secret_hex: str) -> str:
    """The QR code as inline SVG (no image request, no JavaScript)."""
    code = segno.make(otpauth_uri(user, secret_hex), error="m")
    return str(code.svg_inline(scale=4, border=2, title="", omitsize=False))


def code_for(secret_hex: str, *, at: float | None = None) -> str:
    """The six-digit code for a key at a moment (demo scripts and tests sign in with it)."""
    totp = TOTP(bytes.fromhex(secret_hex))
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def enrol(user: User, secret_hex: str, code: str) -> list[str] | None:
    """Confirm an authenticator app with its first code; returns new recovery codes, or None
    when the code does not match. Replaces any earlier devices of this user."""
    token = _clean(code)
    totp = TOTP(bytes.fromhex(secret_hex))
    totp.time = time.time()
    if not (token.isdigit() and len(token) == 6 and totp.verify(int(token), tolerance=1)):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    # The code just used may not be used again (django-otp checks later codes against last_t).
    TOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, key=secret_hex, confirmed=True, last_t=totp.t()
    )
    codes = _replace_recovery_codes(user)
    record(Action.CREATE, user, actor=user, key="account.second_factor_enrolled")
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}"[:13] for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_clean(code)) for code in codes]
    )
    return codes


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Fresh recovery codes for a signed-in user; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    record(Action.UPDATE, user, actor=user, key="account.recovery_codes_renewed")
    return codes


@dataclass(frozen=True)
class Verified:
    """A code that matched: which device, and whether a recovery code was used up."""

    device: TOTPDevice | StaticDevice
    recovery: bool
    recovery_left: int


def verify(user: User, code: str) -> Verified | None:
    """Check a code from the authenticator app, or a recovery code (used once)."""
    token = _clean(code)
    if not token or len(token) > 20:
        return None
    if token.isdigit() and len(token) == 6:
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return Verified(device=device, recovery=False, recovery_left=0)
        return None
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(token):
            return Verified(device=static, recovery=True, recovery_left=static.token_set.count())
    return None


@transaction.atomic
def reset(user: User, *, actor: User) -> None:
    """Remove someone's factors (a lost phone and no recovery codes): the app, the recovery
    codes and the passkeys (which may live on that phone). They enrol again at their next
    sign-in, and every session they have ends now."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    passkeys.remove_all(user)
    User.objects.filter(pk=user.pk).update(session_version=user.session_version + 1)
    user.session_version += 1
    record(Action.UPDATE, user, actor=actor, key="account.second_factor_reset")
