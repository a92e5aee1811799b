"""The coordinator registry (managers and admins) and matching a coordinator to a case."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.access import Purpose, get_case_for, may_replace, record_case_read
from kring.cases.models import Case
from kring.cases.states import Status
from kring.coordinators import assignment, services
from kring.coordinators.access import (
    coordinators_for,
    get_certificate_owner_for,
    get_coordinator_for,
    may_manage_coordinators,
    regions_managed_by,
)
from kring.coordinators.forms import (
    AbsenceForm,
    AssignForm,
    CertificateForm,
    ProfileForm,
    ReplaceForm,
)
from kring.coordinators.matching import (
    FOUND_LIMIT,
    MIN_NAME_LENGTH,
    rank_coordinators,
    running_cases,
)
from kring.core.downloads import upload_response
from kring.core.languages import language_name
from kring.core.paging import keyset_page, page_total
from kring.core.states import TransitionError


def _staff_only(request: AuthenticatedHttpRequest) -> None:
    if not may_manage_coordinators(request.user):
        raise PermissionDenied


@login_required
@require_GET
def registry(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinators of the manager's regions, with training, capacity and load."""
    _staff_only(request)
    qs = (
        coordinators_for(request.user)
        .select_related("coordinator_profile")
        .annotate(running=running_cases())
        .prefetch_related("regions")
    )
    page = keyset_page(qs, order_field="full_name", cursor=request.GET.get("na"), size=25)
    rows = []
    for coordinator in page.items:
        profile = services.profile_of(coordinator)
        rows.append(
            {
                "user": coordinator,
                "profile": profile,
                "languages": [language_name(c) for c in profile.languages],
                "regions": [r.name for r in coordinator.regions.all()],
            }
        )
    return render(
        request,
        "coordinators/registry.html",
        {"page": page, "rows": rows, "total": page_total(page, coordinators_for(request.user))},
    )


def _render_edit(
    request: AuthenticatedHttpRequest,
    coordinator: User,
    *,
    form: ProfileForm | None = None,
    absence_form: AbsenceForm | None = None,
    certificate_form: CertificateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = services.profile_of(coordinator)
    if form is None:
        form = ProfileForm(
            instance=profile,
            initial={"regions": list(coordinator.regions.all())},
            regions=regions_managed_by(request.user),
        )
    absences = (
        list(profile.absences.filter(ends_on__gte=timezone.localdate())[:50]) if profile.pk else []
    )
    return render(
        request,
        "coordinators/edit.html",
        {
            "coordinator": coordinator,
            "profile": profile,
            "form": form,
            "absence_form": absence_form or AbsenceForm(),
            "certificate_form": certificate_form or CertificateForm(),
            "absences": absences,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Edit one coordinator's profile: regions, languages, training, capacity, declaration."""
    _staff_only(request)
    purpose = Purpose.CHANGE if request.method == "POST" else Purpose.VIEW
    coordinator = get_coordinator_for(request, user_uuid, purpose)
    profile = services.profile_of(coordinator)
    initial = {"regions": list(coordinator.regions.all())}
    manageable = regions_managed_by(request.user)
    form = ProfileForm(request.POST or None, instance=profile, initial=initial, regions=manageable)
    if request.method == "POST" and form.is_valid():
        services.save_profile(
            coordinator,
            form.cleaned_data,
            actor=request.user,
            manageable=manageable,
            request=request,
        )
        messages.success(request, _("Het profiel is opgeslagen."))
        return redirect("coordinators:edit", user_uuid=coordinator.uuid)
    if request.method == "POST":
        # Shown again with the errors: a read of the profile like the GET.
        coordinator = get_coordinator_for(request, user_uuid, Purpose.VIEW)
    return _render_edit(request, coordinator, form=form, status=400 if form.errors else 200)


@login_required
@require_POST
def add_absence(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Add a period off for a coordinator."""
    _staff_only(request)
    coordinator = get_coordinator_for(request, user_uuid, Purpose.CHANGE)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        coordinator = get_coordinator_for(request, user_uuid, Purpose.VIEW)
        return _render_edit(request, coordinator, absence_form=form, status=400)
    services.add_absence(coordinator, actor=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("De afwezigheid is toegevoegd."))
    return redirect(reverse("coordinators:edit", args=[coordinator.uuid]) + "#afwezig")


@login_required
@require_POST
def upload_certificate(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Add or replace the coordinator's training certificate (a PDF or photo)."""
    _staff_only(request)
    coordinator = get_coordinator_for(request, user_uuid, Purpose.CHANGE)
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        coordinator = get_coordinator_for(request, user_uuid, Purpose.VIEW)
        return _render_edit(request, coordinator, certificate_form=form, status=400)
    services.save_certificate(
        coordinator,
        form.cleaned_data["certificate"],
        content_type=form.content_type,
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Het certificaat is opgeslagen."))
    return redirect(reverse("coordinators:edit", args=[coordinator.uuid]) + "#certificaat")


@login_required
@require_POST
def remove_certificate(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Remove the coordinator's training certificate (the training date stays)."""
    _staff_only(request)
    coordinator = get_coordinator_for(request, user_uuid, Purpose.CHANGE)
    if not services.profile_of(coordinator).has_certificate:
        raise Http404
    services.remove_certificate(coordinator, actor=request.user, request=request)
    messages.success(request, _("Het certificaat is verwijderd."))
    return redirect(reverse("coordinators:edit", args=[coordinator.uuid]) + "#certificaat")


@login_required
@require_GET
def certificate(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> FileResponse:
    """Serve the certificate to the coordinator, a manager of their regions or an admin."""
    coordinator = get_certificate_owner_for(request, user_uuid)
    profile = services.profile_of(coordinator)
    if not profile.has_certificate:
        raise Http404
    record(Action.VIEW, profile, request=request, key="coordinator.certificate_downloaded")
    return upload_response(
        profile.certificate,
        original_name=profile.certificate_name,
        content_type=profile.certificate_type,
        fallback="certificaat",
    )


@login_required
@require_POST
def remove_absence(
    request: AuthenticatedHttpRequest, user_uuid: uuid.UUID, absence_uuid: uuid.UUID
) -> HttpResponse:
    """Delete a period off."""
    _staff_only(request)
    coordinator = get_coordinator_for(request, user_uuid, Purpose.CHANGE)
    profile = services.profile_of(coordinator)
    absence = profile.absences.filter(uuid=absence_uuid).first() if profile.pk else None
    if absence is None:
        raise Http404
    services.remove_absence(absence, actor=request.user, request=request)
    messages.success(request, _("De afwezigheid is verwijderd."))
    return redirect(reverse("coordinators:edit", args=[coordinator.uuid]) + "#afwezig")


def _render_match(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: AssignForm | ReplaceForm,
    status: int = 200,
    *,
    replacing: bool = False,
) -> HttpResponse:
    """The best candidates, those found by name (`q`, kept through a failed POST) and the one
    chosen, each with their reasons."""
    chosen = str(form["coordinator"].value() or "")
    try:
        include = [uuid.UUID(chosen)] if chosen else []
    except ValueError:
        include = []
    params = request.POST if request.method == "POST" else request.GET
    search = params.get("q", "").strip()[:100]
    ranking = rank_coordinators(case, name=search, include=include)
    return render(
        request,
        "coordinators/match.html",
        {
            "case": case,
            "ranking": ranking,
            "matches": ranking.top,
            "form": form,
            "reason_field": form["reason"] if replacing else form["override_reason"],
            "replacing": replacing,
            "action": reverse(
                "coordinators:replace" if replacing else "coordinators:assign", args=[case.uuid]
            ),
            "page_url": reverse(
                "coordinators:replace" if replacing else "coordinators:match", args=[case.uuid]
            ),
            "search": search,
            "searched": len(search) >= MIN_NAME_LENGTH,
            "search_too_short": 0 < len(search) < MIN_NAME_LENGTH,
            "min_name_length": MIN_NAME_LENGTH,
            "found_limit": FOUND_LIMIT,
            "chosen": chosen,
            "best": ranking.best,
            "main_language_label": language_name(case.main_language),
            "language_labels": [language_name(c) for c in case.languages or [case.main_language]],
            "preferred_language_label": language_name(case.preferred_language)
            if case.preferred_language
            else "",
        },
        status=status,
    )


@login_required
@require_GET
def match(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The best coordinators for a requested case, each with its reasons; any other one is
    found by name (`?q=`)."""
    case = get_case_for(request, case_uuid, Purpose.LIST)
    _staff_only(request)
    record_case_read(request, case)
    if case.status != Status.REQUESTED:
        messages.info(request, _("Dit traject heeft al een coördinator."))
        return redirect("cases:detail", case_uuid=case.uuid)
    return _render_match(request, case, AssignForm())


@login_required
@require_POST
def assign(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Assign the chosen coordinator (with a reason when not the best-ranked)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    _staff_only(request)
    form = AssignForm(request.POST)
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render_match(request, case, form, status=400)
    coordinator = (
        assignment.coordinators_for_assignment()
        .filter(uuid=form.cleaned_data["coordinator"])
        .first()
    )
    if coordinator is None:
        form.add_error("coordinator", _("Kies een coördinator uit de lijst."))
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render_match(request, case, form, status=400)
    try:
        assignment.assign(
            case,
            coordinator,
            actor=request.user,
            request=request,
            override_reason=form.cleaned_data["override_reason"],
        )
    except TransitionError as error:
        case.refresh_from_db()
        if case.status != Status.REQUESTED:
            for reason in error.reasons:
                messages.error(request, reason)
            return redirect("cases:detail", case_uuid=case.uuid)
        field = "override_reason" if isinstance(error, assignment.OverrideReasonRequired) else None
        for reason in error.reasons:
            form.add_error(field, reason)
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render_match(request, case, form, status=400)
    messages.success(
        request,
        _("%(name)s is de coördinator. Er is een e-mail gestuurd.")
        % {"name": coordinator.full_name},
    )
    return redirect("cases:detail", case_uuid=case.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def replace(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Give a running case to another coordinator (illness happens), with a reason: the ranked
    list, and the choice. The old coordinator loses access on their next request."""
    case = get_case_for(request, case_uuid, Purpose.LIST)
    _staff_only(request)
    if request.method != "POST":
        record_case_read(request, case)
        if not may_replace(request.user, case):
            messages.info(request, _("De coördinator van dit traject kan niet meer wisselen."))
            return redirect("cases:detail", case_uuid=case.uuid)
        return _render_match(
            request, case, ReplaceForm(vacant=case.coordinator_id is None), replacing=True
        )
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_replace(request.user, case):
        raise PermissionDenied
    form = ReplaceForm(request.POST, vacant=case.coordinator_id is None)
    coordinator = None
    if form.is_valid():
        coordinator = (
            assignment.coordinators_for_assignment()
            .filter(uuid=form.cleaned_data["coordinator"])
            .first()
        )
        if coordinator is None:
            form.add_error("coordinator", _("Kies een coördinator uit de lijst."))
    if coordinator is None or not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render_match(request, case, form, status=400, replacing=True)
    try:
        assignment.replace(
            case,
            coordinator,
            actor=request.user,
            request=request,
            reason=form.cleaned_data["reason"],
        )
    except TransitionError as error:
        field = "reason" if isinstance(error, assignment.OverrideReasonRequired) else None
        for reason in error.reasons:
            form.add_error(field, reason)
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render_match(request, case, form, status=400, replacing=True)
    messages.success(
        request,
        _("%(name)s is nu de coördinator. Er is een e-mail gestuurd.")
        % {"name": coordinator.full_name},
    )
    return redirect("cases:detail", case_uuid=case.uuid)
