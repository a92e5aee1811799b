"""Changes to the coordinator registry; each writes an audit event in the same transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kring.accounts.models import Region, User
from kring.audit.services import Action, record
from kring.coordinators.models import DECLARATION_VERSION, Absence, CoordinatorProfile
from kring.core.uploads import extension_for

PROFILE_FIELDS = [
    "languages",
    "gender",
    "cultural_background",
    "training_completed_on",
    "certificate_number",
    "max_cases",
    "notes",
]


def profile_of(coordinator: User) -> CoordinatorProfile:
    """The coordinator's profile; an unsaved empty one when none exists yet."""
    try:
        profile: CoordinatorProfile = coordinator.coordinator_profile
    except CoordinatorProfile.DoesNotExist:
        profile = CoordinatorProfile(user=coordinator)
    return profile


def save_profile(
    coordinator: User,
    data: dict[str, Any],
    *,
    actor: User,
    manageable: Iterable[Region] | None = None,
    request: HttpRequest | None = None,
) -> CoordinatorProfile:
    """Create or update a coordinator's profile and regions from cleaned form data.

    `manageable` are the regions the actor may give or take (a manager's own; every region
    when None): regions outside them stay as they were. The declaration is the coordinator's
    own and is never changed here. The audit event names the changed fields, never their
    values (the cultural background and notes are personal).
    """
    with transaction.atomic():
        profile = CoordinatorProfile.objects.select_for_update().filter(
            user=coordinator
        ).first() or CoordinatorProfile(user=coordinator)
        creating = profile.pk is None
        changed = [name for name in PROFILE_FIELDS if getattr(profile, name) != data[name]]
        for name in PROFILE_FIELDS:
            setattr(profile, name, data[name])
        profile.save()
        current = set(coordinator.regions.all())
        chosen = set(data["regions"])
        if manageable is not None:
            kept = current - set(manageable)
            chosen = (chosen & set(manageable)) | kept
        if chosen != current:
            coordinator.regions.set(chosen)
            changed.append("regions")
        record(
            Action.CREATE if creating else Action.UPDATE,
            profile,
            actor=actor,
            request=request,
            key="coordinator.profile_saved",
            changes={
                "fields": sorted(changed),
                "regions": sorted(r.slug for r in chosen) if "regions" in changed else None,
            },
        )
    return profile


def add_absence(
    coordinator: User,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> Absence:
    """Record a period in which the coordinator takes no new case."""
    with transaction.atomic():
        profile = profile_of(coordinator)
        if profile.pk is None:
            profile.save()
        absence = Absence.objects.create(
            profile=profile, starts_on=starts_on, ends_on=ends_on, note=note
        )
        record(
            Action.CREATE,
            absence,
            actor=actor,
            request=request,
            key="coordinator.absence_added",
            changes={"profile": str(profile.uuid)},
        )
    return absence


def remove_absence(absence: Absence, *, actor: User, request: HttpRequest | None = None) -> None:
    """Delete an absence period."""
    with transaction.atomic():
        record(
            Action.DELETE,
            absence,
            actor=actor,
            request=request,
            key="coordinator.absence_removed",
            changes={"profile": str(absence.profile.uuid)},
        )
        absence.delete()


def sign_declaration(
    coordinator: User, *, request: HttpRequest | None = None
) -> CoordinatorProfile:
    """The coordinator signs the declaration that they work for no care or deciding institution."""
    with transaction.atomic():
        profile = profile_of(coordinator)
        if profile.pk is None:
            profile.save()
        profile = CoordinatorProfile.objects.select_for_update().get(pk=profile.pk)
        now = timezone.now()
        profile.declaration_signed_at = now
        profile.declaration_version = DECLARATION_VERSION
        profile.save(update_fields=["declaration_signed_at", "declaration_version", "updated_at"])
        record(
            Action.UPDATE,
            profile,
            actor=coordinator,
            request=request,
            key="coordinator.declaration_signed",
            changes={"fields": ["declaration_signed_at"], "version": DECLARATION_VERSION},
        )
    return profile


def _delete_file_after_commit(storage: Storage, name: str | None) -> None:
    """Remove a replaced or removed file once the change is committed (never before)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def save_certificate(
    coordinator: User,
    upload: File,
    *,
    content_type: str,
    actor: User,
    request: HttpRequest | None = None,
) -> CoordinatorProfile:
    """Store (or replace) the training certificate; `content_type` was checked from content."""
    with transaction.atomic():
        profile = profile_of(coordinator)
        if profile.pk is None:
            profile.save()
        profile = CoordinatorProfile.objects.select_for_update().get(pk=profile.pk)
        old_file = profile.certificate.name
        # A form's FileField refuses a file without a name, so the fallback is for the type only.
        profile.certificate_name = (upload.name or "")[:200]
        profile.certificate_type = content_type
        profile.certificate_uploaded_at = timezone.now()
        # Stored under a random name: the original name is kept for display only.
        profile.certificate.save(
            f"{uuid.uuid4().hex}.{extension_for(content_type)}", upload, save=False
        )
        profile.save()
        record(
            Action.UPDATE if old_file else Action.CREATE,
            profile,
            actor=actor,
            request=request,
            key="coordinator.certificate_replaced" if old_file else "coordinator.certificate_added",
            changes={"fields": ["certificate"], "type": content_type},
        )
        _delete_file_after_commit(profile.certificate.storage, old_file)
    return profile


def remove_certificate(
    coordinator: User, *, actor: User, request: HttpRequest | None = None
) -> CoordinatorProfile:
    """Remove the training certificate; the file is deleted after the commit."""
    with transaction.atomic():
        profile = CoordinatorProfile.objects.select_for_update().get(user=coordinator)
        old_file = profile.certificate.name
        storage = profile.certificate.storage
        profile.certificate = ""
        profile.certificate_name = ""
        profile.certificate_type = ""
        profile.certificate_uploaded_at = None
        profile.save()
        record(
            Action.DELETE,
            profile,
            actor=actor,
            request=request,
            key="coordinator.certificate_removed",
            changes={"fields": ["certificate"]},
        )
        _delete_file_after_commit(storage, old_file)
    return profile
