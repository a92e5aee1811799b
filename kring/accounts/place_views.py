"""Regions and municipalities, kept by administrators in Kring's own screens (and the yearly
CSV import of municipalities)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts import places
from kring.accounts.access import may_manage_places
from kring.accounts.forms import MunicipalityForm, MunicipalityImportForm, RegionForm
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Municipality, Region
from kring.accounts.municipalities import import_municipalities
from kring.core.access import parse_uuid
from kring.core.paging import keyset_page, page_total


def _require_admin(request: AuthenticatedHttpRequest) -> None:
    if not may_manage_places(request.user):
        raise PermissionDenied


def _region(region_uuid: uuid.UUID) -> Region:
    region = Region.objects.filter(uuid=parse_uuid(region_uuid)).first()
    if region is None:
        raise Http404
    return region


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code.upper()[:6]).first()
    if municipality is None:
        raise Http404
    return municipality


@login_required
@require_GET
def regions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every region, with how many municipalities and people it has."""
    _require_admin(request)
    qs = Region.objects.annotate(
        municipality_count=Count("municipalities", distinct=True),
        member_count=Count("members", distinct=True),
    )
    page = keyset_page(qs, order_field="name", cursor=request.GET.get("na"), size=50)
    return render(
        request,
        "accounts/regions.html",
        {"page": page, "total": page_total(page, Region.objects.all())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_region(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new region."""
    _require_admin(request)
    form = RegionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        region = places.save_region(form, actor=request.user, request=request)
        messages.success(request, _("Regio %(name)s is aangemaakt.") % {"name": region.name})
        return redirect("accounts:regions")
    return render(
        request, "accounts/region_form.html", {"form": form, "region": None}, status=_status(form)
    )


def _status(form: RegionForm | MunicipalityForm | MunicipalityImportForm) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_http_methods(["GET", "POST"])
def edit_region(request: AuthenticatedHttpRequest, region_uuid: uuid.UUID) -> HttpResponse:
    """Change a region's name, office or contact deadline."""
    _require_admin(request)
    region = _region(region_uuid)
    form = RegionForm(request.POST if request.method == "POST" else None, instance=region)
    if request.method == "POST" and form.is_valid():
        places.save_region(form, actor=request.user, request=request)
        messages.success(request, _("Opgeslagen."))
        return redirect("accounts:regions")
    return render(
        request,
        "accounts/region_form.html",
        {"form": form, "region": region},
        status=_status(form),
    )


@login_required
@require_POST
def toggle_region(request: AuthenticatedHttpRequest, region_uuid: uuid.UUID) -> HttpResponse:
    """Make a region inactive (or active again)."""
    _require_admin(request)
    region = _region(region_uuid)
    places.set_region_active(region, not region.active, actor=request.user, request=request)
    if region.active:
        messages.success(request, _("Regio %(name)s is weer actief.") % {"name": region.name})
    else:
        messages.success(request, _("Regio %(name)s is inactief.") % {"name": region.name})
    return redirect("accounts:edit_region", region_uuid=region.uuid)


@login_required
@require_GET
def municipalities(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every municipality by name (optionally of one region), a page at a time."""
    _require_admin(request)
    qs = Municipality.objects.select_related("region")
    region_slug = request.GET.get("regio", "")
    region = Region.objects.filter(slug=region_slug[:50]).first() if region_slug else None
    if region is not None:
        qs = qs.filter(region=region)
    page = keyset_page(qs, order_field="name", cursor=request.GET.get("na"), size=50)
    return render(
        request,
        "accounts/municipalities.html",
        {
            "page": page,
            "total": page_total(page, qs),
            "region": region,
            "regions": Region.objects.order_by("name"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_municipality(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new municipality (after a merger, or one the yearly list missed)."""
    _require_admin(request)
    form = MunicipalityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        municipality = places.save_municipality(form, actor=request.user, request=request)
        messages.success(
            request, _("Gemeente %(name)s is toegevoegd.") % {"name": municipality.name}
        )
        return redirect("accounts:municipalities")
    return render(
        request,
        "accounts/municipality_form.html",
        {"form": form, "municipality": None},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_municipality(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Rename a municipality or move it to another region."""
    _require_admin(request)
    municipality = _municipality(code)
    form = MunicipalityForm(
        request.POST if request.method == "POST" else None, instance=municipality
    )
    if request.method == "POST" and form.is_valid():
        places.save_municipality(form, actor=request.user, request=request)
        messages.success(request, _("Opgeslagen."))
        return redirect("accounts:municipalities")
    return render(
        request,
        "accounts/municipality_form.html",
        {"form": form, "municipality": municipality},
        status=_status(form),
    )


@login_required
@require_POST
def toggle_municipality(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Make a municipality inactive (or active again)."""
    _require_admin(request)
    municipality = _municipality(code)
    places.set_municipality_active(
        municipality, not municipality.active, actor=request.user, request=request
    )
    messages.success(request, _("Opgeslagen."))
    return redirect("accounts:edit_municipality", code=municipality.code)


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload the CBS list; nothing changes unless every line is correct."""
    _require_admin(request)
    form = MunicipalityImportForm(
        *((request.POST, request.FILES) if request.method == "POST" else (None, None))
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = import_municipalities(
            form.cleaned_data["file"],
            actor=request.user,
            default_region=form.cleaned_data["default_region"],
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        if not result.errors:
            messages.success(
                request,
                _("%(c)d nieuw, %(u)d gewijzigd, %(d)d inactief gemaakt.")
                % {"c": result.created, "u": result.updated, "d": result.deactivated},
            )
            return redirect("accounts:municipalities")
        errors = result.errors
    status = 400 if errors or (form.is_bound and form.errors) else 200
    return render(
        request,
        "accounts/municipality_import.html",
        {"form": form, "errors": errors},
        status=status,
    )
