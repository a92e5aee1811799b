"""Keeping regions and municipalities from Kring's own screens (administrators).

Nothing is deleted: cases and requests point at regions and municipalities for years, so a
region or municipality that is no longer used becomes inactive instead.
"""

from __future__ import annotations

from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.text import slugify

from kring.accounts.models import Municipality, Region, User
from kring.audit.services import Action, record


def _unique_slug(name: str, exclude: int | None = None) -> str:
    base = slugify(name)[:45] or "regio"
    slug, n = base, 2
    others = Region.objects.exclude(pk=exclude) if exclude is not None else Region.objects.all()
    while others.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def save_region(form: ModelForm[Region], *, actor: User, request: HttpRequest) -> Region:
    """Create or change a region from a valid form."""
    region = form.instance
    created = region.pk is None
    if created:
        region.slug = _unique_slug(form.cleaned_data["name"])
    region = form.save()
    if created:
        record(Action.CREATE, region, actor=actor, request=request, key="region.created")
    elif form.changed_data:
        record(
            Action.UPDATE,
            region,
            actor=actor,
            request=request,
            key="region.changed",
            changes={"fields": sorted(form.changed_data)},
        )
    return region


@transaction.atomic
def set_region_active(region: Region, active: bool, *, actor: User, request: HttpRequest) -> None:
    """(De)activate a region: an inactive one is no longer offered for people or places."""
    if region.active == active:
        return
    Region.objects.filter(pk=region.pk).update(active=active)
    region.active = active
    key = "region.reactivated" if active else "region.deactivated"
    record(Action.UPDATE, region, actor=actor, request=request, key=key)


@transaction.atomic
def save_municipality(
    form: ModelForm[Municipality], *, actor: User, request: HttpRequest
) -> Municipality:
    """Create or change a municipality from a valid form."""
    created = form.instance.pk is None
    municipality = form.save()
    if created:
        record(
            Action.CREATE,
            municipality,
            actor=actor,
            request=request,
            key="municipality.created",
            changes={"code": municipality.code, "region": municipality.region_id},
        )
    elif form.changed_data:
        record(
            Action.UPDATE,
            municipality,
            actor=actor,
            request=request,
            key="municipality.changed",
            changes={"fields": sorted(form.changed_data), "code": municipality.code},
        )
    return municipality


@transaction.atomic
def set_municipality_active(
    municipality: Municipality, active: bool, *, actor: User, request: HttpRequest
) -> None:
    """(De)activate a municipality (after a merger it stays for old cases)."""
    if municipality.active == active:
        return
    Municipality.objects.filter(pk=municipality.pk).update(active=active)
    municipality.active = active
    key = "municipality.reactivated" if active else "municipality.deactivated"
    record(
        Action.UPDATE,
        municipality,
        actor=actor,
        request=request,
        key=key,
        changes={"code": municipality.code},
    )
