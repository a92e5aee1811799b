"""Changes to the coordinator registry; each writes an audit event in the same transaction."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, diff, record
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
    request: HttpRequest | None = None,
) -> CoordinatorProfile:
    """Create or update a coordinator's profile and regions from cleaned form data."""
    with transaction.atomic():
        profile = CoordinatorProfile.objects.select_for_update().filter(
            user=coordinator
        ).first() or CoordinatorProfile(user=coordinator)
        creating = profile.pk is None
        old = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        old["regions"] = sorted(r.slug for r in coordinator.regions.all())
        old["declaration_signed"] = profile.has_signed_declaration
        for name in PROFILE_FIELDS:
            setattr(profile, name, data[name])
        if data.get("declaration_signed") and not profile.has_signed_declaration:
            profile.declaration_signed_at = timezone.now()
            profile.declaration_version = DECLARATION_VERSION
        elif not data.get("declaration_signed"):
            profile.declaration_signed_at = None
            profile.declaration_version = ""
        profile.save()
        coordinator.regions.set(data["regions"])
        new = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        new["regions"] = sorted(r.slug for r in data["regions"])
        new["declaration_signed"] = profile.has_signed_declaration
        record(
            Action.CREATE if creating else Action.UPDATE,
            profile,
            actor=actor,
            request=request,
            changes=diff(old, new),
            message=_("Coördinatorprofiel opgeslagen"),
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
            changes={"starts_on": [None, starts_on], "ends_on": [None, ends_on]},
            message=_("Afwezigheid toegevoegd"),
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
            changes={"starts_on": [absence.starts_on, None], "ends_on": [absence.ends_on, None]},
            message=_("Afwezigheid verwijderd"),
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
            changes={"declaration_signed_at": [None, now], "version": DECLARATION_VERSION},
            message=_("Verklaring getekend"),
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
        old_name, old_file = profile.certificate_name, profile.certificate.name
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
            changes={"certificate": [old_name or None, profile.certificate_name]},
            message=_("Certificaat vervangen") if old_file else _("Certificaat toegevoegd"),
        )
        _delete_file_after_commit(profile.certificate.storage, old_file)
    return profile


def remove_certificate(
    coordinator: User, *, actor: User, request: HttpRequest | None = None
) -> CoordinatorProfile:
    """Remove the training certificate; the file is deleted after the commit."""
    with transaction.atomic():
        profile = CoordinatorProfile.objects.select_for_update().get(user=coordinator)
        old_name, old_file = profile.certificate_name, profile.certificate.name
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
            changes={"certificate": [old_name, None]},
            message=_("Certificaat verwijderd"),
        )
        _delete_file_after_commit(storage, old_file)
    return profile
