"""The family's way in (decision 0170): a personal link, then a one-time code by e-mail or
SMS, then a family session of a few hours, separate from staff sessions.

- A link opens the sign-in page of its person for as long as the portal is open: the case is
  open, or closed or stopped less than `KRING_PORTAL_GRACE_DAYS` ago. A link alone shows
  nothing personal; the code is what signs in.
- A code is six digits, lives `KRING_PORTAL_CODE_MINUTES`, is used once, allows
  `CODE_TRIES` wrong tries, and at most `KRING_PORTAL_CODES_PER_HOUR` are sent per person per
  hour. Wrong codes also count against the address, with the letters' short codes
  (`kring.network.access`): after too many, every code from that address is refused.
- The session cookie holds a signed random key and the person's uuid; the row holds the key's
  hash. Sign-out ends the row; an expired or ended row signs out.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import FINISHED_STATES
from kring.network import access as network_access
from kring.network.links import hash_token
from kring.network.models import LinkPurpose, Person, PersonalLink, Ring
from kring.portal.models import CodeChannel, FamilySession, SignInCode

COOKIE = "kring_family"
_COOKIE_SALT = "kring.portal.family_session"
_CODE_SALT = "kring.portal.signin_code"
CODE_TRIES = 5
# The links that lead a family member to their sign-in page.
ENTRY_PURPOSES = (LinkPurpose.PORTAL, LinkPurpose.PLAN, LinkPurpose.RSVP)


def portal_open(case: Case, now: datetime.datetime | None = None) -> bool:
    """Is the family portal of this case open: the case runs, or ended less than the grace
    period ago."""
    if case.status not in FINISHED_STATES:
        return True
    ended = case.closed_at or case.stopped_at or case.updated_at
    grace = datetime.timedelta(days=settings.KRING_PORTAL_GRACE_DAYS)
    return ended + grace > (now or timezone.now())


def is_family(person: Person) -> bool:
    """The portal is for the main person and the participants, not for professionals (they
    sign in with their account)."""
    return person.ring != Ring.PROFESSIONALS and person.has_consent


def person_for_entry(request: HttpRequest, raw_token: str) -> Person | None:
    """The person behind a personal link that leads to the portal, or None.

    Ignores the link's own 60-day expiry (the portal's lifetime is the case's); refuses
    revoked and superseded links, people whose consent was withdrawn, and closed portals.
    """
    if not raw_token or len(raw_token) > 100:
        return None
    link = (
        PersonalLink.objects.select_related("person", "person__case")
        .filter(
            token_hash=hash_token(raw_token),
            revoked_at__isnull=True,
            purpose__in=[p.value for p in ENTRY_PURPOSES],
        )
        .first()
    )
    if link is None:
        return None
    person = link.person
    if not is_family(person) or not portal_open(person.case):
        return None
    return person


# --- Codes --------------------------------------------------------------------------------


def _hash_code(code: str, person: Person) -> str:
    return salted_hmac(_CODE_SALT, f"{person.uuid}:{code}", algorithm="sha256").hexdigest()


def channels(person: Person) -> list[str]:
    """Where a code can go: the person's e-mail address, their phone, or both."""
    found = []
    if person.email:
        found.append(CodeChannel.EMAIL.value)
    if person.phone:
        found.append(CodeChannel.SMS.value)
    return found


def codes_left(person: Person, now: datetime.datetime | None = None) -> bool:
    """May another code be sent to this person this hour?"""
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    sent = SignInCode.objects.filter(person=person, created_at__gt=since).count()
    return sent < settings.KRING_PORTAL_CODES_PER_HOUR


def issue_code(
    person: Person, channel: str, *, request: HttpRequest | None = None
) -> tuple[SignInCode, str] | None:
    """A new code for this person (the older open ones stop working), or None when the hourly
    limit is reached or the channel has no address. Returns the row and the raw code, which
    only the message gets."""
    if channel not in channels(person) or not codes_left(person):
        return None
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(person=person, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        row = SignInCode.objects.create(
            person=person,
            channel=channel,
            code_hash=_hash_code(code, person),
            expires_at=now + datetime.timedelta(minutes=settings.KRING_PORTAL_CODE_MINUTES),
        )
        record(
            Action.CREATE,
            row,
            request=request,
            case=person.case,
            actor_label=f"family:{person.uuid}",
            changes={"channel": channel},
            key="portal.code_sent",
        )
    return row, code


class CodeRefused(Exception):
    """Why a typed code did not sign in: `reason` is "wrong", "expired" or "blocked"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_code(request: HttpRequest, person: Person, typed: str) -> SignInCode:
    """The person's open code if `typed` is it (and then it is used up); else CodeRefused."""
    if not network_access.code_attempts_left(request):
        raise CodeRefused("blocked")
    typed = "".join(ch for ch in typed if ch.isdigit())
    now = timezone.now()
    refused = ""
    # The wrong try is counted in the same transaction and kept: the refusal is raised only
    # after the commit.
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(person=person, used_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None or row.expires_at <= now or row.wrong_tries >= CODE_TRIES:
            refused = "expired"
        elif len(typed) != 6 or not constant_time_compare(row.code_hash, _hash_code(typed, person)):
            row.wrong_tries += 1
            row.save(update_fields=["wrong_tries"])
            refused = "wrong" if row.wrong_tries < CODE_TRIES else "expired"
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if refused == "wrong" or (refused == "expired" and row is not None and row.wrong_tries):
        network_access.count_wrong_code(request)
    if refused or row is None:
        raise CodeRefused(refused or "expired")
    return row


# --- Sessions --------------------------------------------------------------------------------


def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def start_session(
    request: HttpRequest, response: HttpResponse, person: Person, *, channel: str
) -> FamilySession:
    """Sign the person in: a session row and its cookie on `response`."""
    raw = secrets.token_urlsafe(32)
    hours = settings.KRING_PORTAL_SESSION_HOURS
    with transaction.atomic():
        session = FamilySession.objects.create(
            person=person,
            key_hash=_hash_key(raw),
            expires_at=timezone.now() + datetime.timedelta(hours=hours),
        )
        record(
            Action.LOGIN,
            person,
            request=request,
            case=person.case,
            actor_label=f"family:{person.uuid}",
            changes={"channel": channel},
            key="portal.family_signed_in",
        )
    value = signing.dumps({"k": raw, "p": str(person.uuid)}, salt=_COOKIE_SALT)
    response.set_cookie(
        COOKIE,
        value,
        max_age=hours * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return session


def _session(request: HttpRequest) -> FamilySession | None:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(
            value, salt=_COOKIE_SALT, max_age=settings.KRING_PORTAL_SESSION_HOURS * 3600
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("k"), str):
        return None
    session = (
        FamilySession.objects.select_related(
            "person", "person__case", "person__case__region", "person__case__coordinator"
        )
        .filter(key_hash=_hash_key(data["k"]), ended_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if session is None or str(session.person.uuid) != data.get("p"):
        return None
    person = session.person
    if not is_family(person) or not portal_open(person.case):
        return None
    return session


def family_person(request: HttpRequest) -> Person | None:
    """The signed-in family member of this request, or None."""
    session = _session(request)
    return session.person if session is not None else None


def end_session(request: HttpRequest, response: HttpResponse) -> None:
    """Sign out: the row ends and the cookie goes."""
    session = _session(request)
    if session is not None:
        FamilySession.objects.filter(pk=session.pk).update(ended_at=timezone.now())
        record(
            Action.LOGOUT,
            session.person,
            request=request,
            case=session.person.case,
            actor_label=f"family:{session.person.uuid}",
            key="portal.family_signed_out",
        )
    response.delete_cookie(COOKIE, samesite="Lax")


class FamilyRequest(HttpRequest):
    """A request from a signed-in family member (`family_required`)."""

    person: Person


def family_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Only for a signed-in family member; anyone else goes to the page that explains how to
    sign in (the same for everyone: it says nothing about whether a session existed)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = family_person(request)
        if person is None:
            return redirect("portal:family_signed_out")
        request.person = person  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
