"""Issuing personal links for people without an account (participants, the main person,
professionals who answer a question), and the short codes printed on letters.

A person has at most one open link per purpose: issuing a new one revokes the older ones
(decision 0072). Only hashes are stored: SHA-256 of the token, an HMAC of the short code.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import salted_hmac

from kring.network.models import LinkChannel, Person, PersonalLink, RevokeReason

DEFAULT_DAYS = 60

# A short code for letters: typed by hand, so no 0/O, 1/I/L and only capitals. 31 symbols,
# 10 of them: 31**10 is about 2**49.5, and guessing is rate-limited (`access.CODE_ATTEMPTS`).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
_CODE_SALT = "kring.network.links.code"


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256 hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def hash_code(code: str) -> str:
    """The stored form of a short code: an HMAC with the secret key, so that a copy of the
    table alone is not enough to try all codes offline."""
    return salted_hmac(_CODE_SALT, code, algorithm="sha256").hexdigest()


def normalise_code(text: str) -> str | None:
    """A typed code in its stored form (capitals, no spaces or dashes), or None when it cannot
    be a code at all."""
    code = "".join(ch for ch in text.upper() if ch not in " -.")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def format_code(code: str) -> str:
    """A code as printed: two groups of five (ABCDE-FGHJK)."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


@dataclass(frozen=True)
class LetterLink:
    """A link for a letter: the token for the full address and the short code to type."""

    token: str
    code: str


def _create(
    person: Person, purpose: str, *, days: int, channel: str, code: str | None = None
) -> str:
    revoke_links(person, purpose, reason=RevokeReason.SUPERSEDED)
    raw = secrets.token_urlsafe(32)
    PersonalLink.objects.create(
        person=person,
        purpose=purpose,
        channel=channel,
        token_hash=hash_token(raw),
        code_hash=hash_code(code) if code else None,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return raw


def issue_link(
    person: Person, purpose: str, *, days: int = DEFAULT_DAYS, channel: str = LinkChannel.EMAIL
) -> str:
    """Create a link for this person and purpose and return its raw token (256 bits) for the
    URL; the person's older open links of this purpose stop working."""
    return _create(person, purpose, days=days, channel=channel)


def issue_letter_link(person: Person, purpose: str, *, days: int = DEFAULT_DAYS) -> LetterLink:
    """A link for a printed letter: a token and a short code that both open it."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    token = _create(person, purpose, days=days, channel=LinkChannel.LETTER, code=code)
    return LetterLink(token=token, code=code)


def revoke_links(
    person: Person,
    purpose: str | None = None,
    *,
    reason: str = RevokeReason.BY_HAND,
    channel: str | None = None,
) -> int:
    """Revoke this person's open links (all purposes, or one; all channels, or one); returns
    how many."""
    qs = PersonalLink.objects.filter(person=person, revoked_at__isnull=True)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.update(revoked_at=timezone.now(), revoked_reason=reason)


def open_links(person: Person) -> int:
    """How many of this person's links still work (not revoked, not expired)."""
    return PersonalLink.objects.filter(
        person=person, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()
