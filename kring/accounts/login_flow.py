"""One login for everything: password first, then the second factor, then the session.

After the password (or a new account's activation) the session only remembers *who is
halfway*, for a few minutes; Django's `login()` runs only when the second factor passed, so a
session that is signed in has always passed both. Django's admin sends its login here too.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from kring.accounts.models import User

PENDING = "kring_login_pending"
ENROL_SECRET = "kring_enrol_secret"  # noqa: S105 - a session key, not a secret
RECOVERY_CODES = "kring_recovery_codes"
MODEL_BACKEND = "kring.accounts.backends.UserWithRegionsBackend"


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after signing in: a local address only."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def start(request: HttpRequest, user: User, next_url: str = "") -> None:
    """The password (or activation) passed: remember who is halfway, and for how long."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "until": (
            timezone.now() + datetime.timedelta(minutes=settings.KRING_SECOND_FACTOR_MINUTES)
        ).isoformat(),
        "next": next_url,
    }
    request.session.pop(ENROL_SECRET, None)


def pending_user(request: HttpRequest) -> User | None:
    """The user halfway through signing in, or None (nothing pending, too late, or the
    account changed meanwhile: deactivated, another password or role)."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    try:
        until = datetime.datetime.fromisoformat(str(data["until"]))
    except (KeyError, ValueError):
        return None
    if until <= timezone.now():
        forget(request)
        return None
    user_id = data.get("user")
    if not isinstance(user_id, int):
        forget(request)
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.get_session_auth_hash() != data.get("hash"):
        forget(request)
        return None
    return user


def pending_next(request: HttpRequest) -> str:
    """Where the person was going before signing in."""
    data = request.session.get(PENDING)
    return str(data.get("next", "")) if isinstance(data, dict) else ""


def forget(request: HttpRequest) -> None:
    """Drop a half-finished login."""
    request.session.pop(PENDING, None)
    request.session.pop(ENROL_SECRET, None)


def finish(request: HttpRequest, user: User) -> str:
    """Both factors passed: start the real session; returns where to go next."""
    next_url = safe_next(request, pending_next(request))
    forget(request)
    login(request, user, backend=MODEL_BACKEND)
    return next_url
