"""Keeping the people of the organisation: invitations, activation, roles, regions, leaving.

Every change is audited with ids and codes only. An invitation creates the account at once
(without a usable password) and mails a single-use activation link through the outbox;
activating means choosing a password and enrolling a second factor. Deactivating someone or
giving them another role ends their sessions at once (the session hash covers both).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kring.accounts import second_factor
from kring.accounts.models import Invitation, Municipality, Region, Role, User
from kring.audit.services import Action, record
from kring.core.languages import document_language
from kring.core.links import absolute_reverse
from kring.outbox import services as outbox

TOKEN_BYTES = 32


def hash_token(raw: str) -> str:
    """What is stored of an activation token: its SHA-256."""
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Invited:
    """The account made (or found) and the activation link mailed."""

    user: User
    invitation: Invitation


def _issue(user: User, *, actor: User | None, kind: str, context: dict[str, object]) -> Invitation:
    """A new activation link for this account (earlier ones stop working), queued by mail."""
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token(raw),
        invited_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.KRING_INVITATION_DAYS),
    )
    outbox.send_mail(
        kind,
        to=user.email,
        template="accounts/mail/invitation",
        context={
            "url": absolute_reverse("accounts:activate", raw),
            "role": user.get_role_display(),
            "days": settings.KRING_INVITATION_DAYS,
            "invited_by": actor.full_name if actor is not None else "",
            **context,
        },
        language=document_language(user.preferred_language),
        about=user,
    )
    return invitation


@transaction.atomic
def invite(
    *,
    email: str,
    full_name: str,
    role: Role | str,
    regions: Iterable[Region] = (),
    organisation: str = "",
    funder_municipality: Municipality | None = None,
    actor: User | None,
    request: HttpRequest | None = None,
    context: dict[str, object] | None = None,
) -> Invited:
    """Make an account that cannot sign in yet, and mail its activation link."""
    user = User(
        email=email.strip().lower(),
        full_name=full_name.strip(),
        role=str(role),
        organisation=organisation.strip(),
        funder_municipality=funder_municipality,
    )
    user.set_unusable_password()
    user.save()
    region_list = list(regions)
    if region_list:
        user.regions.set(region_list)
    invitation = _issue(user, actor=actor, kind="account.invitation", context=context or {})
    record(
        Action.CREATE,
        user,
        actor=actor,
        request=request,
        key="account.invited",
        changes={"role": str(role), "regions": sorted(r.pk for r in region_list)},
    )
    return Invited(user=user, invitation=invitation)


def is_pending(user: User) -> bool:
    """Invited, but not activated yet (no password chosen)."""
    return not user.has_usable_password()


@transaction.atomic
def resend(user: User, *, actor: User, request: HttpRequest | None = None) -> Invitation:
    """A fresh activation link for someone who has not activated yet."""
    invitation = _issue(user, actor=actor, kind="account.invitation", context={})
    record(Action.UPDATE, user, actor=actor, request=request, key="account.invitation_resent")
    return invitation


def invitation_for_token(raw: str) -> Invitation | None:
    """The open invitation behind a token: not used, not revoked, not expired, for an active
    account; None otherwise."""
    if not raw or len(raw) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("user")
        .filter(token_hash=hash_token(raw), used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at <= timezone.now():
        return None
    if not invitation.user.is_active:
        return None
    return invitation


def open_invitation(invitation_id: int) -> Invitation | None:
    """An invitation by id (kept in the session after the link was opened), if still open."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(pk=invitation_id, used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at <= timezone.now():
        return None
    return invitation if invitation.user.is_active else None


@transaction.atomic
def activate(invitation: Invitation, password: str, request: HttpRequest | None = None) -> User:
    """The invitee chose a password: the link is used up (single use)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None or locked.revoked_at is not None:
        raise ValueError("invitation already used")
    user = locked.user
    user.set_password(password)
    user.save(update_fields=["password"])
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    record(Action.UPDATE, user, actor=user, request=request, key="account.activated")
    return user


@transaction.atomic
def deactivate(user: User, *, actor: User, request: HttpRequest | None = None) -> None:
    """Someone leaves: they cannot sign in, open links stop working, sessions end now."""
    User.objects.filter(pk=user.pk).update(
        is_active=False, session_version=user.session_version + 1
    )
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    user.is_active = False
    user.session_version += 1
    record(Action.UPDATE, user, actor=actor, request=request, key="account.deactivated")


@transaction.atomic
def reactivate(user: User, *, actor: User, request: HttpRequest | None = None) -> None:
    """Someone comes back: they sign in again with their password and second factor."""
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    record(Action.UPDATE, user, actor=actor, request=request, key="account.reactivated")


@transaction.atomic
def change(
    user: User,
    *,
    full_name: str,
    role: Role | str,
    regions: Iterable[Region],
    keep_regions: Iterable[Region] = (),
    organisation: str | None = None,
    actor: User,
    request: HttpRequest | None = None,
) -> list[str]:
    """Change name, role and regions; returns the names of the fields that changed.

    `keep_regions` are regions the actor may not touch (a manager editing a coordinator who
    also works elsewhere): they stay as they are. A new role ends every session of the user.
    """
    fields: list[str] = []
    if user.full_name != full_name.strip():
        user.full_name = full_name.strip()
        fields.append("full_name")
    if user.role != str(role):
        user.role = str(role)
        if user.role != Role.ADMIN:
            user.is_superuser = False
        fields.append("role")
    if organisation is not None and user.organisation != organisation.strip():
        user.organisation = organisation.strip()
        fields.append("organisation")
    if fields:
        user.save()
    wanted = {r.pk for r in regions} | {r.pk for r in keep_regions}
    current = set(user.regions.values_list("pk", flat=True))
    if wanted != current:
        user.regions.set(sorted(wanted))
        fields.append("regions")
    if fields:
        record(
            Action.UPDATE,
            user,
            actor=actor,
            request=request,
            key="account.changed",
            changes={"fields": fields, "role": user.role, "regions": sorted(wanted)},
        )
    return fields


def reset_second_factor(user: User, *, actor: User) -> None:
    """Someone lost their phone and their recovery codes: they enrol again at next sign-in."""
    second_factor.reset(user, actor=actor)
