"""Conference pages: logistics and checklist, dates, invitations, information needed, and the
conference day (who came). The invitee's own pages are in `kring.portal`."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.audit.services import Action, record
from kring.cases.access import Purpose, get_case_for, get_case_object_for, runs_cases
from kring.cases.models import Case, Part, Variant
from kring.cases.states import ATTENDANCE_STATES, Status
from kring.cases.transitions import TransitionError
from kring.conferences import checklist, day, services
from kring.conferences.access import (
    get_information_item_for,
    information_items_for,
    may_answer,
    may_request_by_mail,
)
from kring.conferences.forms import (
    AttendanceForm,
    CancelForm,
    DateOptionForm,
    InformationItemForm,
    LogisticsForm,
    NobodyCameForm,
    ProvideInformationForm,
)
from kring.conferences.invitations import letter_pdf
from kring.conferences.models import (
    Conference,
    ConferenceRecord,
    DateOption,
    InformationItem,
    InformationStatus,
    Invitation,
)
from kring.core.downloads import pdf_response, upload_response
from kring.network import ecomap
from kring.network.access import get_case_for_contribution, get_person_for
from kring.network.models import Person, Ring
from kring.network.states import NOT_YET_INVITED


def _conference_page(
    request: AuthenticatedHttpRequest, case: Case, status: int = 200, **forms: BaseForm
) -> HttpResponse:
    conference = services.conference_to_show(case)
    people = list(Person.objects.filter(case=case))
    others = [p for p in people if not p.is_main_person]
    sent = set(Invitation.objects.filter(person__case=case).values_list("person_id", flat=True))
    interpreter_languages = sorted(
        {p.interpreter_language for p in people if p.needs_interpreter and p.interpreter_language}
    )
    items = checklist.items(
        conference,
        everyone_informed=bool(others) and all(p.informed_on for p in others),
        invitations_sent=bool(others) and all(p.pk in sent for p in others if p.has_consent),
    )
    context = {
        "case": case,
        "conference": conference,
        "people": people,
        "checklist": items,
        "open_items": sum(not i.done for i in items),
        "icons": {value: ecomap.icon_svg(value, 22) for value, _l, _s in ecomap.legend()},
        # Which parts each person is invited to, as part numbers ("1, 3"): one narrow column,
        # so the table fits a phone.
        "invited_to": [
            (
                p,
                ", ".join(
                    str(number)
                    for number, value in enumerate(Part.values, start=1)
                    if value in p.parts
                ),
            )
            for p in people
        ],
        "parts": Part.choices,
        "blockers": services.conference_ready(case),
        "is_scheduled": case.status == Status.CONFERENCE_SCHEDULED,
        "can_schedule": case.status == Status.IN_PREPARATION,
        "options": services.ranked_options(conference),
        "needs": {
            "interpreter": interpreter_languages,
            "childcare": sum(p.needs_childcare for p in people),
            "travel": sum(p.needs_travel for p in people),
            "accessibility": [p for p in people if p.needs_accessibility],
        },
        "runs_case": runs_cases(request.user),
        "not_invited": [p for p in others if p.status in NOT_YET_INVITED],
        "logistics_form": LogisticsForm(initial=LogisticsForm.initial_for(conference)),
        "date_form": DateOptionForm(prefix="date"),
        "cancel_form": CancelForm(prefix="cancel"),
    }
    context.update(forms)
    return render(request, "conferences/conference.html", context, status=status)


@login_required
@require_GET
def conference(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Logistics, checklist, date finding and invitations of the conference."""
    case = get_case_for(request, case_uuid, Purpose.VIEW)
    return _conference_page(request, case)


@login_required
@require_POST
def save_logistics(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Save date, place and arrangements (an update goes out once scheduled)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = LogisticsForm(request.POST, scheduled=case.status == Status.CONFERENCE_SCHEDULED)
    if not form.is_valid():
        return _conference_page(request, case, 400, logistics_form=form)
    services.update_logistics(
        services.conference_for(case),
        form.values(),
        actor=request.user,
        request=request,
    )
    messages.success(request, _("De praktische zaken zijn opgeslagen."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def tick(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, key: str) -> HttpResponse:
    """Tick or untick one manual checklist item."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if key not in checklist.MANUAL_KEYS:
        raise Http404
    services.toggle_checklist(
        services.conference_for(case),
        key,
        request.POST.get("done") == "1",
        actor=request.user,
        request=request,
    )
    return redirect(f"/trajecten/{case.uuid}/conferentie/#checklist")


@login_required
@require_POST
def add_date(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Propose a date for the invitees to answer."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = DateOptionForm(request.POST, prefix="date")
    if not form.is_valid():
        return _conference_page(request, case, 400, date_form=form)
    services.add_date_option(
        services.conference_for(case), form.starts_at(), actor=request.user, request=request
    )
    messages.success(request, _("De datum is toegevoegd."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def remove_date(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, option_uuid: uuid.UUID
) -> HttpResponse:
    """Withdraw a proposed date."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    option = get_case_object_for(case, DateOption, option_uuid, case_field="conference__case")
    services.remove_date_option(option, actor=request.user, request=request)
    messages.success(request, _("De datum is weggehaald."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def choose_date(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, option_uuid: uuid.UUID
) -> HttpResponse:
    """Take a proposed date as the conference date (three hours by default)."""

    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    option = get_case_object_for(case, DateOption, option_uuid, case_field="conference__case")
    services.update_logistics(
        option.conference,
        {"starts_at": option.starts_at, "ends_at": option.starts_at + datetime.timedelta(hours=3)},
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Deze datum is nu de datum van de conferentie."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def invite_all(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Invite everyone with consent and an e-mail address not yet invited."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    count = services.invite_all(case, actor=request.user, request=request)
    messages.success(request, _("%(count)s uitnodigingen worden verstuurd.") % {"count": count})
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def invite(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """E-mail one person their invitation."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    try:
        services.invite(person, actor=request.user, request=request)
    except services.InvitationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("De uitnodiging wordt verstuurd."))
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def letter(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """A printable invitation letter (PDF) with a new personal link."""

    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    if not person.has_consent:
        messages.error(request, _("De hoofdpersoon heeft (nog) geen toestemming gegeven."))
        return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)
    services.conference_for(case)
    pdf = letter_pdf(person)
    record(Action.EXPORT, person, request=request, case=case, key="invitation.letter")
    return pdf_response(pdf, "uitnodiging.pdf", attachment=True)


@login_required
@require_POST
def schedule(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Plan the conference once it is ready; invitations with .ics go out after commit."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    try:
        services.schedule(case, actor=request.user, request=request)
    except TransitionError as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    else:
        messages.success(
            request, _("De conferentie is gepland. De uitnodigingen gaan de deur uit.")
        )
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Cancel the conference: everyone who may come gets a CANCEL."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _conference_page(request, case, 400, cancel_form=form)
    services.cancel(
        case,
        reason=form.cleaned_data["reason"],
        actor=request.user,
        request=request,
    )
    messages.success(request, _("De conferentie is afgelast. Iedereen krijgt bericht."))
    return redirect("conferences:conference", case_uuid=case.uuid)


# --- Information needed -----------------------------------------------------------------------


def _information_page(
    request: AuthenticatedHttpRequest,
    case: Case,
    status: int = 200,
    *,
    failed_item: int | None = None,
    **forms: BaseForm,
) -> HttpResponse:
    user = request.user
    items = list(information_items_for(user, case).select_related("answered_by", "updated_by"))
    context = {
        "case": case,
        "items": items,
        "runs_case": runs_cases(user),
        "answerable": {i.pk for i in items if may_answer(user, i)},
        "mailable": {i.pk for i in items if may_request_by_mail(user, i)},
        "InformationStatus": InformationStatus,
        # Only the people who run the case put new questions.
        "item_form": InformationItemForm(case=case, prefix="item") if runs_cases(user) else None,
        "provide_form": ProvideInformationForm(),
        "failed_item": failed_item,
    }
    context.update(forms)
    return render(request, "conferences/information.html", context, status=status)


@login_required
@require_GET
def information(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The information the network needs, who gives it, and what came in."""
    case = get_case_for_contribution(request, case_uuid, Purpose.VIEW)
    return _information_page(request, case)


@login_required
@require_POST
def add_information_item(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Add a question the network needs answered."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = InformationItemForm(request.POST, case=case, prefix="item")
    if not form.is_valid():
        return _information_page(request, case, 400, item_form=form)
    services.add_information_item(case, actor=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("De vraag is toegevoegd."))
    return redirect("conferences:information", case_uuid=case.uuid)


@login_required
@require_POST
def provide_information(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, item_uuid: uuid.UUID
) -> HttpResponse:
    """Add text or a document (PDF or image, checked from its content) to a question."""
    case = get_case_for_contribution(request, case_uuid, Purpose.CHANGE)
    item = get_information_item_for(request.user, case, item_uuid)
    form = ProvideInformationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _information_page(request, case, 400, provide_form=form, failed_item=item.pk)
    services.provide_information(
        item,
        answer=form.cleaned_data["answer"],
        document=form.cleaned_data.get("document"),
        document_type=getattr(form, "document_type", ""),
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Dank u wel. De informatie is opgeslagen."))
    return redirect("conferences:information", case_uuid=case.uuid)


@login_required
@require_POST
def request_information(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, item_uuid: uuid.UUID
) -> HttpResponse:
    """Mail the answerer (a professional without an account) a personal link to answer."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    item = get_case_object_for(case, InformationItem, item_uuid)
    if not may_request_by_mail(request.user, item):
        messages.error(
            request,
            _(
                "Deze vraag kan niet worden gemaild: de persoon heeft een account, geen "
                "e-mailadres of nog geen toestemming van de hoofdpersoon."
            ),
        )
    else:
        person = services.request_information_by_mail(item, actor=request.user, request=request)
        messages.success(
            request,
            _("%(name)s krijgt een e-mail met een persoonlijke link om te antwoorden.")
            % {"name": person.name},
        )
    return redirect("conferences:information", case_uuid=case.uuid)


@login_required
@require_GET
def document(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, item_uuid: uuid.UUID
) -> FileResponse:
    """Serve an uploaded document, only to those who may see this case's information."""
    case = get_case_for_contribution(request, case_uuid, Purpose.VIEW)
    item = get_information_item_for(request.user, case, item_uuid)
    if not item.document:
        raise Http404
    record(Action.EXPORT, item, request=request, case=case, key="information.document_downloaded")
    return upload_response(
        item.document, original_name=item.document_name, content_type=item.document_type
    )


# --- The conference day ---------------------------------------------------------------------


def _attendance_people(case: Case) -> list[Person]:
    return [
        p
        for p in Person.objects.filter(case=case).order_by(
            "party", "-is_main_person", "ring", "name", "id"
        )
        if p.has_consent or p.ring == Ring.PROFESSIONALS
    ]


def _record_page(
    request: AuthenticatedHttpRequest,
    case: Case,
    conference: Conference | None,
    existing: ConferenceRecord | None,
    form: AttendanceForm,
    nobody_form: NobodyCameForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "conferences/conference_record.html",
        {
            "case": case,
            "form": form,
            "nobody_form": nobody_form,
            "private": case.planning_is_private,
            "record": existing,
            "may_record": day.may_record_attendance(case, conference),
            "may_record_nobody": day.may_record_nobody_came(case, conference),
            "planned_on": day.planned_date(conference),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_record(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Who was present in which part of the conference; marks the conference as held.

    Open from the day of the conference on; before it the page says when.
    """
    case = get_case_for(
        request, case_uuid, Purpose.CHANGE if request.method == "POST" else Purpose.VIEW
    )
    existing = ConferenceRecord.objects.filter(case=case).first()
    conference = None if existing is not None else Conference.objects.filter(case=case).first()
    private = case.planning_is_private
    people = _attendance_people(case)
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "held_on": existing.held_on,
            "coordinator_in_planning": existing.coordinator_in_planning,
            "planning_notes": existing.planning_notes,
        }
        for att in existing.attendances.select_related("person"):
            if att.present:
                initial.setdefault(f"parts_{att.person.uuid.hex}", []).append(att.part)
            if att.gave_information:
                initial[f"info_{att.person.uuid.hex}"] = True
    elif conference is not None and conference.starts_at:
        initial["held_on"] = day.planned_date(conference)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        people=people,
        private=private,
        parties=case.variant == Variant.RESTORATION,
        initial=initial,
    )
    nobody_form = NobodyCameForm(prefix="nobody")
    if request.method == "POST":
        if case.status not in ATTENDANCE_STATES:
            form.add_error(
                None, _("De aanwezigheid kan alleen rond de conferentie worden vastgelegd.")
            )
        elif form.is_valid():
            rows = [
                day.AttendanceRow(person=p, parts=parts, gave_information=info)
                for p, parts, info in form.rows()
            ]
            try:
                day.record_attendance(
                    case,
                    rows,
                    held_on=form.cleaned_data["held_on"],
                    coordinator_in_planning=form.cleaned_data.get("coordinator_in_planning", False),
                    planning_notes=form.cleaned_data.get("planning_notes", ""),
                    actor=request.user,
                    request=request,
                )
            except TransitionError as exc:
                for reason in exc.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, _("De aanwezigheid is vastgelegd."))
                return redirect("plans:detail", case_uuid=case.uuid)
        if conference is None and existing is None:
            conference = Conference.objects.filter(case=case).first()
        return _record_page(request, case, conference, existing, form, nobody_form, status=400)
    return _record_page(request, case, conference, existing, form, nobody_form)


@login_required
@require_POST
def nobody_came(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Nobody came on the day: the conference was not held; back to preparation."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    nobody_form = NobodyCameForm(request.POST, prefix="nobody")
    if nobody_form.is_valid():
        try:
            day.record_nobody_came(
                case, reason=nobody_form.cleaned_data["reason"], actor=request.user, request=request
            )
        except TransitionError as exc:
            for reason in exc.reasons:
                nobody_form.add_error(None, reason)
        else:
            messages.success(
                request,
                _(
                    "Vastgelegd dat niemand kwam. De conferentie is niet gehouden: plan een "
                    "nieuwe datum, of stop het traject."
                ),
            )
            return redirect("conferences:conference", case_uuid=case.uuid)
    existing = ConferenceRecord.objects.filter(case=case).first()
    conference = Conference.objects.filter(case=case).first()
    form = AttendanceForm(
        people=_attendance_people(case),
        private=case.planning_is_private,
        parties=case.variant == Variant.RESTORATION,
        initial={"held_on": day.planned_date(conference)},
    )
    return _record_page(request, case, conference, existing, form, nobody_form, status=400)
