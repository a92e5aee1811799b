"""Issuing personal links for people without an account (participants, the main person)."""

import datetime
import hashlib
import secrets

from django.utils import timezone

from kring.network.models import Person, PersonalLink

DEFAULT_DAYS = 60


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256 hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_link(person: Person, purpose: str, *, days: int = DEFAULT_DAYS) -> str:
    """Create a link for this person and purpose; return the raw token (256 bits) for the URL."""
    raw = secrets.token_urlsafe(32)
    PersonalLink.objects.create(
        person=person,
        purpose=purpose,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return raw


def revoke_links(person: Person, purpose: str | None = None) -> int:
    """Revoke this person's open links (all purposes, or one); returns how many."""
    qs = PersonalLink.objects.filter(person=person, revoked_at__isnull=True)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.update(revoked_at=timezone.now())
