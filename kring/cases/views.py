"""Case pages: the worklist, the case page, and one POST-only URL per action."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kring.accounts.access import STAFF_ROLES, is_coordinator, is_staff
from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest, Viewer
from kring.audit.services import history
from kring.cases import transitions, worklists
from kring.cases.access import (
    Purpose,
    coordinator_may_see_personal_data,
    get_case_for,
    may_assign,
    may_change_facts,
    may_change_variant,
    may_declare,
    may_log_contact,
    may_record_check_in,
    may_record_first_contact,
    may_replace,
    may_stop,
    may_withdraw,
    record_case_read,
    record_requester_read,
)
from kring.cases.forms import ContactForm, DeclarationForm, StopForm, VariantForm, WithdrawForm
from kring.cases.models import INDEPENDENCE_TEXT, Case, CoordinatorAssignment
from kring.cases.states import CONTACT_PENDING_STATES, NEXT_STEP, STEP_LINK_STATES, Status
from kring.cases.transitions import TransitionError
from kring.core.languages import language_name
from kring.intake.access import get_request_for
from kring.intake.choices import Topic
from kring.intake.forms import StartCaseForm
from kring.outbox import services as outbox

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TIMELINE_CAP = 50
UNDELIVERED_CAP = 20
CONTACTS_CAP = 50
ASSIGNMENTS_CAP = 20
# What the case page says of a message that did not arrive (not its text and HTML bodies).
UNDELIVERED_FIELDS = ("uuid", "subject", "to", "created_at")
# What a row of the case page's coordinator history shows: three users joined, of whom only
# the names (issue 15: 3 x 15 user columns compiled and read for three names).
ASSIGNMENT_FIELDS = (
    "kind",
    "rank",
    "score",
    "reason",
    "occurred_at",
    "from_coordinator__full_name",
    "to_coordinator__full_name",
    "actor__full_name",
)


@dataclass(frozen=True)
class CaseAction:
    """A state change without a form: one button, one URL, one transition function.

    Steps that need their own form live in their app and are linked from `_actions.html`:
    scheduling and cancelling (conferences: sends the .ics), the conference held (plans:
    attendance), delivering the plan (plans: recipients), the check-in call (plans) and the
    follow-up meetings (followup: they start the follow-up and may close the case).
    """

    name: str
    path: str
    label: StrOrPromise
    from_states: frozenset[str]
    # Who may press the button (the state is the transition's to check, with its reasons).
    allowed: Callable[[Viewer | None], bool]
    verb: Callable[..., Case]
    secondary: bool = False


S = Status
SIMPLE_ACTIONS: list[CaseAction] = [
    CaseAction(
        "close_case",
        "afsluiten",
        gettext_lazy("Traject afsluiten"),
        frozenset({S.CHECK_IN_DONE, S.FOLLOW_UP}),
        is_staff,
        transitions.close_case,
        secondary=True,
    ),
]


def _detail_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.uuid])


def _refused(
    request: AuthenticatedHttpRequest, case: Case, error: TransitionError
) -> HttpResponseRedirect:
    for reason in error.reasons:
        messages.error(request, reason)
    return redirect(_detail_url(case))


def _render_detail(
    request: AuthenticatedHttpRequest,
    case: Case,
    status: int = 200,
    *,
    record_read: bool = False,
    **forms: BaseForm,
) -> HttpResponse:
    """The case page. Call with a case fetched for `Purpose.VIEW` (its read event written),
    also when showing it again after a form with errors; or with `record_read` for a case
    fetched with `Purpose.LIST`, whose read event this writes."""
    user = request.user
    actions = [a for a in SIMPLE_ACTIONS if case.status in a.from_states and a.allowed(user)]
    events = history(case_id=case.uuid, since=case.requested_at, limit=TIMELINE_CAP)
    requester = case.request
    # The coordinator calls the requester within the contact deadline: shown, and read. With
    # the case's own read event, both go in one INSERT.
    if record_read:
        record_case_read(request, case, with_requester=True)
    elif requester is not None:
        record_requester_read(request, case)
    staff = is_staff(user)
    assignments = (
        list(
            CoordinatorAssignment.objects.filter(case=case)
            .select_related("from_coordinator", "to_coordinator", "actor")
            .only(*ASSIGNMENT_FIELDS)[:ASSIGNMENTS_CAP]
        )
        if staff
        else []
    )
    context = {
        "requester": requester,
        "main_people": list(case.main_people.all()),
        "main_language_label": language_name(case.main_language),
        "preferred_language_label": language_name(case.preferred_language)
        if case.preferred_language
        else "",
        "assignments": assignments,
        "may_change_facts": may_change_facts(user, case),
        "may_change_variant": may_change_variant(user, case),
        "may_replace": may_replace(user, case),
        "variant_form": forms.get("variant_form")
        or VariantForm(prefix="variant", initial={"variant": case.variant}),
        "case": case,
        "next_step": NEXT_STEP.get(case.status, ""),
        "actions": actions,
        # The states by name, for the step links of cases/_actions.html.
        "Status": Status,
        "step_links": case.status in STEP_LINK_STATES,
        # Other apps' sections that only make sense once the requester was reached.
        "past_first_contact": case.status not in CONTACT_PENDING_STATES,
        "may_assign": may_assign(user, case),
        "may_first_contact": may_record_first_contact(user, case),
        "may_log_contact": may_log_contact(user, case),
        "may_stop": may_stop(user, case),
        "may_withdraw": may_withdraw(user, case),
        "may_record_check_in": may_record_check_in(user, case),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(prefix="withdraw"),
        "is_staff_viewer": staff,
        "first_contact_form": forms.get("first_contact_form") or ContactForm(prefix="first"),
        "contact_form": forms.get("contact_form") or ContactForm(prefix="log"),
        "stop_form": forms.get("stop_form") or StopForm(prefix="stop"),
        "events": events[:TIMELINE_CAP],
        "events_capped": len(events) > TIMELINE_CAP,
        "timeline_cap": TIMELINE_CAP,
        "contacts": list(case.contacts.all()[:CONTACTS_CAP]),
        "topic_labels": _topic_labels(case),
        "language_labels": [language_name(c) for c in case.languages],
        "overdue": case.contact_overdue,
        "undelivered": list(
            outbox.failures_for_case(case.uuid).only(*UNDELIVERED_FIELDS)[:UNDELIVERED_CAP]
        ),
        "may_handle_messages": may_log_contact(user, case),
    }
    return render(request, "cases/detail.html", context, status=status)


def _topic_labels(case: Case) -> list[str]:
    labels = dict(Topic.choices)
    return [str(labels.get(t, t)) for t in case.topics]


@login_required
@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every case the signed-in user works on: staff get the case list of their regions (the
    start page holds only what waits now); a coordinator's own cases are their start page."""
    if is_coordinator(request.user):
        return worklists.coordinator_start(request)
    if is_staff(request.user):
        return worklists.manager_case_list(request)
    raise PermissionDenied


@role_required(*STAFF_ROLES)
@require_POST
def open_from_request(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Start a conference trajectory from a request on the intake desk; the case page takes
    over from here."""
    source = get_request_for(request, request_uuid, Purpose.CHANGE)
    form = StartCaseForm(request.POST, prefix="start")
    variant = form.cleaned_data["variant"] if form.is_valid() else ""
    try:
        case = transitions.open_case(source, actor=request.user, variant=variant, request=request)
    except TransitionError as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return redirect("intake:detail", request_uuid=source.uuid)
    messages.success(
        request, _("Het traject %(reference)s is gestart.") % {"reference": case.reference}
    )
    return redirect(_detail_url(case))


@login_required
@require_GET
def detail(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """One case: state, facts, actions and timeline.

    A coordinator who has not declared independence yet sees only the first name, the
    municipality, a summary without the question, and the declaration form.
    """
    case = get_case_for(request, case_uuid, Purpose.LIST, with_requester=True)
    if not coordinator_may_see_personal_data(request.user, case):
        return _render_declare(request, case, DeclarationForm())
    return _render_detail(request, case, record_read=True)


def _render_declare(
    request: AuthenticatedHttpRequest, case: Case, form: DeclarationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "cases/declare.html",
        {
            "case": case,
            "form": form,
            "declaration_text": INDEPENDENCE_TEXT,
            "topic_labels": _topic_labels(case),
            "may_declare": may_declare(request.user, case),
        },
        status=status,
    )


@login_required
@require_POST
def declare(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The assigned coordinator declares independence, or a conflict, for this case."""
    case = get_case_for(request, case_uuid, Purpose.LIST)
    if not may_declare(request.user, case):
        raise PermissionDenied
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return _render_declare(request, case, form, status=400)
    try:
        transitions.declare_independence(
            case,
            actor=request.user,
            has_conflict=form.has_conflict,
            note=form.cleaned_data["note"],
            request=request,
        )
    except TransitionError as error:
        return _refused(request, case, error)
    if form.has_conflict:
        messages.success(
            request,
            _("Dank u. Het traject gaat terug naar de regiomanager, die een ander kiest."),
        )
        return redirect("portal:start")
    messages.success(request, _("Dank u. U ziet nu alle gegevens van dit traject."))
    return redirect(_detail_url(case))


@login_required
@require_POST
def first_contact(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Record the first contact with the requester; the case goes into preparation."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_record_first_contact(request.user, case):
        raise PermissionDenied
    form = ContactForm(request.POST, prefix="first")
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW, with_requester=True)
        return _render_detail(request, case, status=400, first_contact_form=form)
    try:
        transitions.record_first_contact(
            case, actor=request.user, request=request, **form.cleaned_data
        )
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("Eerste contact vastgelegd. Het traject is nu in voorbereiding."))
    return redirect(_detail_url(case))


@login_required
@require_POST
def log_contact(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Add a contact to the case's contact log."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_log_contact(request.user, case):
        raise PermissionDenied
    form = ContactForm(request.POST, prefix="log")
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW, with_requester=True)
        return _render_detail(request, case, status=400, contact_form=form)
    transitions.log_contact(case, actor=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("Contact vastgelegd."))
    return redirect(_detail_url(case) + "#contacten")


@login_required
@require_POST
def message_handled(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, message_uuid: uuid.UUID
) -> HttpResponse:
    """Someone on the case reached the person another way: the failed message is handled."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_log_contact(request.user, case):
        raise PermissionDenied
    if not outbox.mark_handled(case.uuid, message_uuid, actor=request.user, request=request):
        raise Http404
    messages.success(request, _("Het bericht staat op afgehandeld."))
    return redirect(_detail_url(case))


@login_required
@require_POST
def stop(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Stop an open case with a reason from the fixed list."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_stop(request.user, case):
        raise PermissionDenied
    form = StopForm(request.POST, prefix="stop")
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW, with_requester=True)
        return _render_detail(request, case, status=400, stop_form=form)
    try:
        transitions.stop_case(
            case,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("Het traject is gestopt."))
    return redirect(_detail_url(case))


@login_required
@require_POST
def change_variant(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Change the kind of conference, until the conference is scheduled."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_change_variant(request.user, case):
        raise PermissionDenied
    form = VariantForm(request.POST, prefix="variant")
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW, with_requester=True)
        return _render_detail(request, case, status=400, variant_form=form)
    try:
        transitions.change_variant(
            case, form.cleaned_data["variant"], actor=request.user, request=request
        )
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("De soort conferentie is gewijzigd."))
    return redirect(_detail_url(case))


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The manager takes the case back from the coordinator to choose another."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_withdraw(request.user, case):
        raise PermissionDenied
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW, with_requester=True)
        return _render_detail(request, case, status=400, withdraw_form=form)
    try:
        transitions.withdraw_assignment(
            case, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except TransitionError as error:
        return _refused(request, case, error)
    messages.success(request, _("De coördinator is teruggenomen. Kies een andere coördinator."))
    return redirect("coordinators:match", case_uuid=case.uuid)


def simple_action_view(
    action: CaseAction,
) -> Callable[[AuthenticatedHttpRequest, uuid.UUID], HttpResponse]:
    """A POST-only view for one button-only action."""

    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
        case = get_case_for(request, case_uuid, Purpose.CHANGE)
        if not action.allowed(request.user):
            raise PermissionDenied
        try:
            action.verb(case, actor=request.user, request=request)
        except TransitionError as error:
            return _refused(request, case, error)
        messages.success(request, _("Gelukt: %(action)s.") % {"action": action.label})
        return redirect(_detail_url(case))

    view.__name__ = action.name
    view.__doc__ = f"POST-only: {action.name}."
    return view
