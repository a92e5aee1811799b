"""A coordinator's own page: their profile as the registry knows it, the declaration to sign,
and their periods off (which keep new cases away while they are not available)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.coordinators import services
from kring.coordinators.access import own_coordinator_account
from kring.coordinators.forms import AbsenceForm, CertificateForm, SignDeclarationForm
from kring.coordinators.models import DECLARATION_TEXT
from kring.core.languages import language_name


def _render(
    request: AuthenticatedHttpRequest,
    absence_form: AbsenceForm | None = None,
    sign_form: SignDeclarationForm | None = None,
    certificate_form: CertificateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = own_coordinator_account(request.user)
    profile = services.profile_of(user)
    absences = (
        list(profile.absences.filter(ends_on__gte=timezone.localdate())[:50]) if profile.pk else []
    )
    return render(
        request,
        "coordinators/my_profile.html",
        {
            "profile": profile,
            "regions": [r.name for r in user.regions.all()],
            "languages": [language_name(c) for c in profile.languages],
            "absences": absences,
            "absence_form": absence_form or AbsenceForm(),
            "sign_form": sign_form or SignDeclarationForm(),
            "certificate_form": certificate_form or CertificateForm(),
            "declaration_text": DECLARATION_TEXT,
        },
        status=status,
    )


@login_required
@require_GET
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in coordinator's own profile and availability."""
    return _render(request)


@login_required
@require_POST
def sign(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sign the declaration of independence from care and deciding institutions."""
    user = own_coordinator_account(request.user)
    form = SignDeclarationForm(request.POST)
    if not form.is_valid():
        return _render(request, sign_form=form, status=400)
    services.sign_declaration(user, request=request)
    messages.success(request, _("Dank u. De verklaring is getekend."))
    return redirect("coordinators:my_profile")


@login_required
@require_POST
def add_my_absence(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a period in which the coordinator takes no new case."""
    user = own_coordinator_account(request.user)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        return _render(request, absence_form=form, status=400)
    services.add_absence(user, actor=user, request=request, **form.cleaned_data)
    messages.success(request, _("De afwezigheid is toegevoegd."))
    return redirect("coordinators:my_profile")


@login_required
@require_POST
def remove_my_absence(request: AuthenticatedHttpRequest, absence_uuid: uuid.UUID) -> HttpResponse:
    """Remove one of the coordinator's own periods off."""
    user = own_coordinator_account(request.user)
    profile = services.profile_of(user)
    absence = profile.absences.filter(uuid=absence_uuid).first() if profile.pk else None
    if absence is None:
        raise Http404
    services.remove_absence(absence, actor=user, request=request)
    messages.success(request, _("De afwezigheid is verwijderd."))
    return redirect("coordinators:my_profile")


@login_required
@require_POST
def upload_my_certificate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator adds or replaces their own training certificate (a PDF or photo)."""
    user = own_coordinator_account(request.user)
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, certificate_form=form, status=400)
    services.save_certificate(
        user,
        form.cleaned_data["certificate"],
        content_type=form.content_type,
        actor=user,
        request=request,
    )
    messages.success(request, _("Het certificaat is opgeslagen."))
    return redirect("coordinators:my_profile")
