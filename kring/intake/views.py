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
from kring.accounts.models import Municipality, User
from kring.core.access import Purpose
from kring.core.htmx import is_htmx
from kring.core.paging import keyset_page, page_total
from kring.core.states import TransitionError
from kring.intake import public, ratelimit, services, transitions
from kring.intake import queue as queue_rows
from kring.intake.access import (
    get_request_for,
    may_merge,
    municipalities_for,
    record_list_read,
    requests_for,
    requests_listed_for,
)
from kring.intake.choices import MAX_MAIN_PEOPLE
from kring.intake.forms import (
    ADD_PERSON,
    REMOVE_PERSON,
    TOKEN_RE,
    BaseMainPeopleFormSet,
    CloseForm,
    FindOfficeForm,
    FirstContactForm,
    InfoConversationForm,
    PublicRequestForm,
    QueueFilterForm,
    StaffRequestForm,
    StartCaseForm,
    looks_like_question,
    new_submission_token,
    people_formset,
    people_without_errors,
    without_errors,
)
from kring.intake.models import ReceivedVia, Request
from kring.intake.states import OPEN_STATUSES, TABLE, RequestStatus

logger = logging.getLogger(__name__)

SESSION_KEY = "intake_submitted"


# --- Public ---------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: what an Eigen Kracht-conferentie is and how to request one."""
    return render(request, "intake/home.html", public.home_context(request))


# The session remembers the form's token until a request is stored with it, so that loading
# the form again (back, reload) keeps the same token; and what this browser sent, by a
# fingerprint of its content, so that the same request sent again with a fresh form is
# recognised as the request already made (decision 0060).
TOKEN_KEY = "intake_form_token"  # noqa: S105 - a session key, not a secret
SENT_KEY = "intake_sent"


def _form_token(request: HttpRequest, *, fresh: bool = False) -> str:
    token = request.session.get(TOKEN_KEY)
    if fresh or not isinstance(token, str) or not TOKEN_RE.match(token):
        token = new_submission_token()
        request.session[TOKEN_KEY] = token
    return token


def _remember_submission(
    request: HttpRequest, obj: Request, fingerprint: str | None = None
) -> None:
    # The confirmation page is shown only to the browser that sent the request (or resent it).
    seen = list(request.session.get(SESSION_KEY, []))[-9:]
    if str(obj.uuid) not in seen:
        seen.append(str(obj.uuid))
    request.session[SESSION_KEY] = seen
    if fingerprint:
        sent = dict(request.session.get(SENT_KEY, {}))
        sent[fingerprint] = str(obj.uuid)
        request.session[SENT_KEY] = dict(list(sent.items())[-10:])
    if request.session.get(TOKEN_KEY) == obj.submission_token:
        # The next empty form is for a new request.
        del request.session[TOKEN_KEY]


def _sent_before(request: HttpRequest, fingerprint: str) -> Request | None:
    """The request this browser already sent with the same content, if any."""
    sent = request.session.get(SENT_KEY, {})
    found = sent.get(fingerprint) if isinstance(sent, dict) else None
    return Request.objects.filter(uuid=found).first() if found else None


def _render_request_form(
    request: HttpRequest,
    form: PublicRequestForm,
    people: BaseMainPeopleFormSet,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "intake/request_form.html",
        {"form": form, "people": people, "max_people": MAX_MAIN_PEOPLE},
        status=status,
    )


def _person_button(request: HttpRequest) -> tuple[bool, int | None] | None:
    """(add, remove) when the post is an 'add a person' or 'remove person n' button."""
    if ADD_PERSON in request.POST:
        return True, None
    if REMOVE_PERSON in request.POST:
        try:
            return False, int(request.POST[REMOVE_PERSON])
        except ValueError:
            return False, None
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    """The public request form: no account needed."""
    if request.method != "POST":
        initial = {"submission_token": _form_token(request, fresh="nieuw" in request.GET)}
        if request.GET.get("soort") == "gesprek":
            # Coming from "first an informational conversation" on the home page.
            initial["wants_info_conversation"] = "yes"
        return _render_request_form(request, PublicRequestForm(initial=initial), people_formset())

    token = request.POST.get("submission_token", "")
    # A resubmission (double click, reload, back-and-send) lands on the same confirmation.
    if token:
        # Only what the redirect and the session need: every post runs this, and a request
        # has some fifty columns to select and convert.
        existing = (
            Request.objects.filter(submission_token=token[:64])
            .only("uuid", "submission_token")
            .first()
        )
        if existing is not None:
            _remember_submission(request, existing)
            return redirect("intake:received", request_uuid=existing.uuid)

    button = _person_button(request)
    if button is not None:
        # 'Add a person' or 'remove': show the form again as typed, one block more or less.
        add, remove = button
        form = without_errors(PublicRequestForm(request.POST))
        return _render_request_form(
            request, form, people_without_errors(request.POST, add=add, remove=remove)
        )

    form = PublicRequestForm(request.POST)
    people = people_formset(request.POST)
    status = 200
    if not ratelimit.hit_and_check(request):
        logger.warning("Request form: rate limit reached")
        form.is_valid()
        people.is_valid()
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
        people.is_valid()
        form.add_error(
            None,
            _("Uw aanvraag kon niet worden verstuurd. Bel ons gratis op %(phone)s.")
            % {"phone": settings.KRING_PHONE},
        )
        status = 400
    elif form.is_valid() & people.is_valid():
        fingerprint = services.fingerprint(form.cleaned_data, people.people)
        earlier = _sent_before(request, fingerprint)
        if earlier is not None:
            # The same request again from this browser, with a new form: nothing new is made.
            _remember_submission(request, earlier)
            return redirect("intake:received", request_uuid=earlier.uuid)
        submission = services.receive_request(
            form.cleaned_data,
            people=people.people,
            channel=ReceivedVia.WEB,
            submission_token=form.cleaned_data["submission_token"],
            request=request,
        )
        _remember_submission(request, submission.request, fingerprint)
        return redirect("intake:received", request_uuid=submission.request.uuid)
    if form.has_error("submission_token"):
        # Give the person a fresh token so that sending again works; their input is kept.
        data = request.POST.copy()
        data["submission_token"] = _form_token(request, fresh=True)
        errors = form.errors
        form = PublicRequestForm(data)
        form._errors = errors  # type: ignore[attr-defined]  # keep the explanation shown
    return _render_request_form(request, form, people, status=status)


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
    qs = queue_rows.filtered(requests_listed_for(user), filters)
    order = queue_rows.order_field(filters)
    page = keyset_page(
        qs.select_related("municipality", "duplicate_of").only(*queue_rows.ROW_FIELDS),
        order_field=order,
        cursor=request.GET.get("na"),
    )
    rows = queue_rows.rows(page.items)
    record_list_read(request, "queue", len(rows), searched=bool(filters.get("q")))
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "total": page_total(page, qs, order=(order, "id")),
        "querystring": queue_rows.querystring(request),
        "search_too_short": queue_rows.search_too_short(filters),
    }
    template = "intake/queue.html"
    if is_htmx(request):
        template = "intake/queue.html#results"
    return render(request, template, context)


def _render_staff_form(
    request: AuthenticatedHttpRequest,
    form: StaffRequestForm,
    people: BaseMainPeopleFormSet,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "intake/staff_form.html",
        {"form": form, "people": people, "max_people": MAX_MAIN_PEOPLE},
        status=status,
    )


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A regional manager types in a request received by phone or e-mail."""
    if request.method != "POST":
        form = StaffRequestForm(initial={"submission_token": new_submission_token()})
        return _render_staff_form(request, form, people_formset())
    button = _person_button(request)
    if button is not None:
        add, remove = button
        form = without_errors(StaffRequestForm(request.POST))
        return _render_staff_form(
            request, form, people_without_errors(request.POST, add=add, remove=remove)
        )
    form = StaffRequestForm(request.POST)
    people = people_formset(request.POST)
    if not (form.is_valid() & people.is_valid()):
        return _render_staff_form(request, form, people, status=400)
    submission = services.receive_request(
        form.cleaned_data,
        people=people.people,
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


def _detail_context(obj: Request, user: User, **forms: Form) -> dict[str, object]:
    original = obj.duplicate_of
    return {
        "req": obj,
        "people": list(obj.people.all()),
        "history": queue_rows.history(obj),
        "contact_form": forms.get("contact_form") or FirstContactForm(prefix="contact"),
        "info_form": forms.get("info_form") or InfoConversationForm(prefix="info"),
        "close_form": forms.get("close_form") or CloseForm(prefix="close"),
        "start_form": forms.get("start_form") or StartCaseForm(prefix="start"),
        "can_record_contact": TABLE.can_move(obj.status, RequestStatus.CONTACTED),
        "can_plan_info": TABLE.can_move(obj.status, RequestStatus.INFO_CONVERSATION),
        "can_start_case": TABLE.can_move(obj.status, RequestStatus.CONVERTED),
        "can_close": TABLE.can_move(obj.status, RequestStatus.CLOSED),
        "converted": obj.status == RequestStatus.CONVERTED,
        "question_is_open": looks_like_question(obj.question),
        "due": queue_rows.due_state(obj),
        "original": original,
        "original_visible": original is not None
        and requests_for(user).filter(pk=original.pk).exists(),
        "duplicate_reasons": queue_rows.duplicate_reasons(obj),
        "may_merge": may_merge(obj),
        "later_duplicates": list(requests_for(user).filter(duplicate_of=obj)[:10]),
    }


def _render_detail(
    request: AuthenticatedHttpRequest, obj: Request, status: int = 200, **forms: Form
) -> HttpResponse:
    return render(
        request, "intake/detail.html", _detail_context(obj, request.user, **forms), status=status
    )


@role_required(*STAFF_ROLES)
@require_GET
def detail(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """One request with everything the requester told us, and the triage actions."""
    obj = get_request_for(request, request_uuid, Purpose.VIEW)
    return _render_detail(request, obj)


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
    form = FirstContactForm(request.POST, prefix="contact")
    if not form.is_valid():
        obj = get_request_for(request, request_uuid, Purpose.VIEW)
        return _render_detail(request, obj, status=400, contact_form=form)
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
    form = InfoConversationForm(request.POST, prefix="info")
    if not form.is_valid():
        obj = get_request_for(request, request_uuid, Purpose.VIEW)
        return _render_detail(request, obj, status=400, info_form=form)
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
    """Close the request with a reason (a duplicate names the earlier request)."""
    obj = get_request_for(request, request_uuid, Purpose.CHANGE)
    form = CloseForm(request.POST, prefix="close")
    original = None
    if form.is_valid() and form.cleaned_data["original"]:
        original = (
            requests_for(request.user).filter(reference=form.cleaned_data["original"]).first()
        )
        if original is None:
            form.add_error("original", _("Er is geen aanvraag met dit nummer in uw regio's."))
    if not form.is_valid():
        obj = get_request_for(request, request_uuid, Purpose.VIEW)
        return _render_detail(request, obj, status=400, close_form=form)
    try:
        transitions.close_request(
            obj,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            original=original,
            actor=request.user,
            request=request,
        )
    except TransitionError as error:
        if obj.status in OPEN_STATUSES:
            # A refusal about the form (no earlier request named): say so next to the field.
            for reason in error.reasons:
                form.add_error("original", reason)
            obj = get_request_for(request, request_uuid, Purpose.VIEW)
            return _render_detail(request, obj, status=400, close_form=form)
        return _refused(request, obj, error)
    messages.success(request, _("De aanvraag is afgesloten."))
    return redirect("intake:queue")


@role_required(*STAFF_ROLES)
@require_POST
def merge(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Merge a flagged duplicate into its original (no mail: the requester had one already)."""
    obj = get_request_for(request, request_uuid, Purpose.CHANGE)
    original = obj.duplicate_of
    if original is None or not requests_for(request.user).filter(pk=original.pk).exists():
        raise Http404
    try:
        transitions.merge_into_original(obj, actor=request.user, request=request)
    except TransitionError as error:
        return _refused(request, obj, error)
    messages.success(
        request,
        _("Samengevoegd met aanvraag %(reference)s.") % {"reference": original.reference},
    )
    return redirect("intake:detail", request_uuid=original.uuid)
