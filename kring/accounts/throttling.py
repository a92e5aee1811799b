"""Throttling and lockout for the password, the second factor and password reset (decision 0083).

django-axes counts failed attempts per account and per address (in the cache; the counters end
with the cool-off) and refuses further attempts while either is over the limit. The second
factor feeds the same counters by sending Django's `user_login_failed`; password reset has its
own small per-address and per-account budget. Everything says so in plain Dutch, with a 429.
"""

from __future__ import annotations

import hashlib
import hmac

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cache, get_cool_off, make_cache_key_list
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from kring.audit.services import client_ip as audit_client_ip
from kring.core import counters

LOCKOUT_TEMPLATE = "accounts/locked_out.html"


def client_ip(request: HttpRequest) -> str | None:
    """The address the counters are kept for: the same one the audit trail records."""
    return audit_client_ip(request)


def username_from_request(request: HttpRequest, credentials: dict[str, object] | None) -> str:
    """The account a login attempt is for, written as the login form cleans it."""
    value = ""
    if credentials and credentials.get("username"):
        value = str(credentials["username"])
    elif request is not None and hasattr(request, "POST"):
        value = str(request.POST.get("username", ""))
    return value.strip().lower()[:254]


def account_key(email: str) -> str:
    """A keyed hash of an e-mail address: lets the audit trail tie failed attempts on one
    account together without storing the address (HMAC with the secret key)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32]


def is_locked(request: HttpRequest, email: str) -> bool:
    """Is this account or this address over the limit right now?"""
    return not AxesProxyHandler.is_allowed(request, {"username": email.strip().lower()})


def account_locked(email: str) -> bool:
    """Is this account (whatever the address) locked out now? For the staff page."""
    key = make_cache_key_list([{"username": email.strip().lower()}])[0]
    failures = get_cache().get(key, 0)
    return isinstance(failures, int) and failures >= settings.AXES_FAILURE_LIMIT


def count_failure(request: HttpRequest, email: str) -> None:
    """Count a failed second-factor attempt against the account and the address."""
    user_login_failed.send(
        sender="kring.accounts.second_factor",
        credentials={"username": email.strip().lower()},
        request=request,
    )


def release(email: str) -> None:
    """Lift the lockout of an account (its counters start again at zero)."""
    axes_reset(username=email.strip().lower())


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, object] | None = None,
) -> HttpResponse:
    """The page shown while an account or address is locked out (django-axes calls this);
    the passkey script, which posts JSON, gets the same words as JSON."""
    cool_off = get_cool_off(request)
    minutes = max(int(cool_off.total_seconds() // 60) if cool_off else 15, 1)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.content_type == "application/json" or wants_json:
        return JsonResponse({"detail": locked_out_text(minutes), "code": "locked_out"}, status=429)
    return render(request, LOCKOUT_TEMPLATE, {"minutes": minutes}, status=429)


def locked_out_text(minutes: int) -> str:
    """Too many tries, in one sentence (for the passkey script)."""
    return ngettext(
        "Te veel pogingen. Probeer het over %(minutes)d minuut opnieuw.",
        "Te veel pogingen. Probeer het over %(minutes)d minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}


def allow_password_reset(request: HttpRequest, email: str) -> bool:
    """At most KRING_PASSWORD_RESET_LIMIT reset requests per hour per address and per e-mail
    address, counted in the database (`kring.core.counters`, keyed hashes only)."""
    limit = settings.KRING_PASSWORD_RESET_LIMIT
    allowed = True
    for key in (
        f"kring:reset:ip:{client_ip(request) or '-'}",
        f"kring:reset:account:{account_key(email)}",
    ):
        allowed = counters.hit(key, 3600) <= limit and allowed
    return allowed
