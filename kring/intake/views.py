"""The front door (public request form) and the regional manager's intake desk."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.access import STAFF_ROLES
from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Municipality
from kring.core.access import Purpose
from kring.core.htmx import is_htmx
from kring.core.paging import capped_count, keyset_page
from kring.core.states import TransitionError
from kring.intake import public, ratelimit, services, transitions
from kring.intake import queue as queue_rows
from kring.intake.access import get_request_for, municipalities_for, requests_for
from kring.intake.forms import (
    CloseForm,
    FindOfficeForm,
    FirstContactForm,
    InfoConversationForm,
    PublicRequestForm,
    QueueFilterForm,
    StaffRequestForm,
    looks_like_question,
    new_submission_token,
)
from kring.intake.models import ReceivedVia, Request
from kring.intake.states import TABLE, RequestStatus

logger = logging.getLogger(__name__)

SESSION_KEY = "intake_submitted"


# --- Public ---------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: what an Eigen Kracht-conferentie is and how to request one."""
    return render(request, "intake/home.html", public.home_context(request))


def _remember_submission(request: HttpRequest, obj: Request) -> None:
    # The confirmation page is shown only to the browser that sent the request (or resent it).
    seen = list(request.session.get(SESSION_KEY, []))[-9:]
    if str(obj.uuid) not in seen:
        seen.append(str(obj.uuid))
    request.session[SESSION_KEY] = seen


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    """The public request form: no account needed."""
    if request.method != "POST":
        initial = {"submission_token": new_submission_token()}
        if request.GET.get("soort") == "gesprek":
            # Coming from "first an informational conversation" on the home page.
            initial["wants_info_conversation"] = "yes"
        form = PublicRequestForm(initial=initial)
        return render(request, "intake/request_form.html", {"form": form})

    token = request.POST.get("submission_token", "")
    # A resubmission (double click, reload, back-and-send) lands on the same confirmation.
    if token:
        existing = Request.objects.filter(submission_token=token[:64]).first()
        if existing is not None:
            _remember_submission(request, existing)
            return redirect("intake:received", request_uuid=existing.uuid)

    form = PublicRequestForm(request.POST)
    status = 200
    if not ratelimit.hit_and_check(request):
        logger.warning("Request form: rate limit reached")
        form.is_valid()
        form.add_error(
            None,
            _(
                "Er zijn vanaf uw internetverbinding veel aanvragen verstuurd. Probeer het over "
                "een uur opnieuw, of bel ons gratis op %(phone)s."
            )
            % {"phone": settings.KRING_PHONE},
        )
        status = 429
    elif form.is_bot:
        logger.warning("Request form: honeypot filled in, nothing stored")
        form.is_valid()
        form.add_error(
            None,
            _("Uw aanvraag kon niet worden verstuurd. Bel ons gratis op %(phone)s.")
            % {"phone": settings.KRING_PHONE},
        )
        status = 400
    elif form.is_valid():
        submission = services.receive_request(
            form.cleaned_data,
            channel=ReceivedVia.WEB,
            submission_token=form.cleaned_data["submission_token"],
            request=request,
        )
        _remember_submission(request, submission.request)
        return redirect("intake:received", request_uuid=submission.request.uuid)
    if form.has_error("submission_token"):
        # Give the person a fresh token so that sending again works; their input is kept.
        data = request.POST.copy()
        data["submission_token"] = new_submission_token()
        errors = form.errors
        form = PublicRequestForm(data)
        form._errors = errors  # type: ignore[attr-defined]  # keep the explanation shown
    return render(request, "intake/request_form.html", {"form": form}, status=status)


@never_cache
@require_GET
def request_received(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The confirmation: reference number, what happens next, and when we call."""
    if str(request_uuid) not in request.session.get(SESSION_KEY, []):
        raise Http404
    obj = Request.objects.select_related("region").filter(uuid=request_uuid).first()
    if obj is None:
        raise Http404
    return render(
        request,
        "intake/request_received.html",
        {
            "req": obj,
            "region": obj.region,
            "question_is_open": looks_like_question(obj.question),
        },
    )


@require_GET
def find_office(request: HttpRequest) -> HttpResponse:
    """Which regional office serves this municipality (public)."""
    form = FindOfficeForm(request.GET or None)
    municipality: Municipality | None = None
    if form.is_valid():
        municipality = form.cleaned_data["gemeente"]
    template = "intake/find_office.html"
    if is_htmx(request):
        template = "intake/_find_office.html#result"
    return render(request, template, {"office_form": form, "office_municipality": municipality})


# --- Intake desk ----------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Requests of the manager's regions, oldest first, with the time left to call back."""
    user = request.user
    municipalities = municipalities_for(user)
    form = QueueFilterForm(request.GET or None, municipalities=municipalities)
    # A filter with an invalid value is dropped on its own; the valid ones still apply.
    form.is_valid()
    filters: dict[str, Any] = getattr(form, "cleaned_data", {})
    qs = queue_rows.filtered(requests_for(user), filters)
    page = keyset_page(
        qs.select_related("municipality"), order_field="created_at", cursor=request.GET.get("na")
    )
    context = {
        "form": form,
        "page": page,
        "rows": queue_rows.rows(page.items),
        "total": capped_count(qs),
        "querystring": queue_rows.querystring(request),
    }
    template = "intake/queue.html"
    if is_htmx(request):
        template = "intake/queue.html#results"
    return render(request, template, context)


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A regional manager types in a request received by phone or e-mail."""
    if request.method != "POST":
        form = StaffRequestForm(initial={"submission_token": new_submission_token()})
        return render(request, "intake/staff_form.html", {"form": form})
    form = StaffRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/staff_form.html", {"form": form})
    submission = services.receive_request(
        form.cleaned_data,
        channel=form.cleaned_data["channel"],
        submission_token=form.cleaned_data["submission_token"],
        actor=request.user,
        request=request,
    )
    obj = submission.request
    if requests_for(request.user).filter(pk=obj.pk).exists():
        messages.success(
            request, _("Aanvraag %(reference)s is opgeslagen.") % {"reference": obj.reference}
        )
        return redirect("intake:detail", request_uuid=obj.uuid)
    messages.success(
        request,
        _("Aanvraag %(reference)s is opgeslagen en doorgestuurd naar regio %(region)s.")
        % {"reference": obj.reference, "region": obj.region.name},
    )
    return redirect("intake:queue")


def _detail_context(obj: Request, **forms: Form) -> dict[str, object]:
    return {
        "req": obj,
        "history": queue_rows.history(obj),
        "contact_form": forms.get("contact_form") or FirstContactForm(),
        "info_form": forms.get("info_form") or InfoConversationForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "can_record_contact": TABLE.can_move(obj.status, RequestStatus.CONTACTED),
        "can_plan_info": TABLE.can_move(obj.status, RequestStatus.INFO_CONVERSATION),
        "can_start_case": TABLE.can_move(obj.status, RequestStatus.CONVERTED),
        "can_close": TABLE.can_move(obj.status, RequestStatus.CLOSED),
        "converted": obj.status == RequestStatus.CONVERTED,
        "question_is_open": looks_like_question(obj.question),
        "due": queue_rows.due_state(obj),
    }


@role_required(*STAFF_ROLES)
@require_GET
def detail(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """One request with everything the requester told us, and the triage actions."""
    obj = get_request_for(request, request_uuid, Purpose.VIEW)
    return render(request, "intake/detail.html", _detail_context(obj))


def _refused(
    request: AuthenticatedHttpRequest, obj: Request, error: TransitionError
) -> HttpResponse:
    for reason in error.reasons:
        messages.error(request, reason)
    return redirect("intake:detail", request_uuid=obj.uuid)


@role_required(*STAFF_ROLES)
@require_POST
def record_contact(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Record the first contact with the requester."""
    obj = get_request_for(request, request_uuid, Purpose.CHANGE)
    form = FirstContactForm(request.POST)
    if not form.is_valid():
        return render(
            request, "intake/detail.html", _detail_context(obj, contact_form=form), status=400
        )
    try:
        transitions.record_first_contact(
            obj, note=form.cleaned_data["note"], actor=request.user, request=request
        )
    except TransitionError as error:
        return _refused(request, obj, error)
    messages.success(request, _("Het eerste contact is vastgelegd."))
    return redirect("intake:detail", request_uuid=obj.uuid)


@role_required(*STAFF_ROLES)
@require_POST
def plan_info(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Plan an informational conversation."""
    obj = get_request_for(request, request_uuid, Purpose.CHANGE)
    form = InfoConversationForm(request.POST)
    if not form.is_valid():
        return render(
            request, "intake/detail.html", _detail_context(obj, info_form=form), status=400
        )
    try:
        transitions.plan_info_conversation(
            obj, at=form.cleaned_data["at"], actor=request.user, request=request
        )
    except TransitionError as error:
        return _refused(request, obj, error)
    messages.success(request, _("Het informatieve gesprek is gepland."))
    return redirect("intake:detail", request_uuid=obj.uuid)


@role_required(*STAFF_ROLES)
@require_POST
def close(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Close the request with a reason."""
    obj = get_request_for(request, request_uuid, Purpose.CHANGE)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return render(
            request, "intake/detail.html", _detail_context(obj, close_form=form), status=400
        )
    try:
        transitions.close_request(
            obj,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            actor=request.user,
            request=request,
        )
    except TransitionError as error:
        return _refused(request, obj, error)
    messages.success(request, _("De aanvraag is afgesloten."))
    return redirect("intake:queue")
