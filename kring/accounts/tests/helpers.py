"""Signing in through the real two-step login in HTTP tests."""

from __future__ import annotations

import time

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts import second_factor
from kring.accounts.models import User
from kring.accounts.tests.factories import TEST_PASSWORD


def enrol(user: User, secret: str | None = None) -> str:
    """Give `user` a confirmed authenticator app; returns its key (hex)."""
    secret = secret or second_factor.new_secret()
    TOTPDevice.objects.update_or_create(
        user=user,
        name=second_factor.TOTP_DEVICE_NAME,
        defaults={"key": secret, "confirmed": True},
    )
    return secret


def fresh_code(user: User, secret: str) -> str:
    """A code the device has not accepted yet (django-otp refuses a code twice)."""
    device = TOTPDevice.objects.get(user=user, name=second_factor.TOTP_DEVICE_NAME)
    # The device follows a phone's clock: a code accepted one step ahead moves its `drift`
    # (django-otp's TOTP sync), so "now" for the device is now plus that drift. Without it, a
    # fast run of sign-ins teaches the device a drift, and a code made after a jump in time
    # (time-machine) falls outside its window.
    now_t = int(time.time()) // 30 + device.drift
    step = max(now_t, device.last_t + 1)
    return second_factor.code_for(secret, at=step * 30 + 1)


def sign_in(client: Client, user: User, secret: str, password: str = TEST_PASSWORD) -> None:
    """Password, then a code: afterwards `client` is signed in as `user`."""
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("accounts:second_factor")
    response = client.post(reverse("accounts:second_factor"), {"code": fresh_code(user, secret)})
    assert response.status_code == 302, response.content.decode()[:500]
