"""Conference pages: logistics and checklist, dates, invitations, information needed, RSVP."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.audit.services import Action, record
from kring.cases import guards
from kring.cases.states import Status
from kring.cases.transitions import TransitionError
from kring.conferences import checklist, services
from kring.conferences.forms import (
    CancelForm,
    DateOptionForm,
    InformationItemForm,
    LogisticsForm,
    ProvideInformationForm,
    RsvpForm,
)
from kring.conferences.models import DateOption, InformationItem, Invitation, Part
from kring.core.access import (
    Purpose,
    get_case_for,
    get_case_for_contribution,
    get_case_object_for,
    get_person_for,
    person_for_link,
)
from kring.network import ecomap
from kring.network.models import LinkPurpose, Person, PersonStatus, SafetyRequirement


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _conference_page(
    request: HttpRequest, case: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    conference = services.conference_for(case)
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
        "parts": Part.choices,
        "blockers": guards.blockers(case, Status.CONFERENCE_SCHEDULED),
        "is_scheduled": case.status == Status.CONFERENCE_SCHEDULED,
        "can_schedule": case.status == Status.IN_PREPARATION,
        "options": services.ranked_options(conference),
        "needs": {
            "interpreter": interpreter_languages,
            "childcare": sum(p.needs_childcare for p in people),
            "travel": sum(p.needs_travel for p in people),
            "accessibility": [p for p in people if p.needs_accessibility],
        },
        "not_invited": [
            p for p in others if p.status in (PersonStatus.SUGGESTED, PersonStatus.INFORMED)
        ],
        "logistics_form": LogisticsForm(initial=LogisticsForm.initial_for(conference)),
        "date_form": DateOptionForm(prefix="date"),
        "cancel_form": CancelForm(prefix="cancel"),
    }
    context.update(forms)
    return render(request, "conferences/conference.html", context, status=status)


@login_required
@require_GET
def conference(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Logistics, checklist, date finding and invitations of the conference."""
    case = get_case_for(request, case_uuid, Purpose.VIEW)
    return _conference_page(request, case)


@login_required
@require_POST
def save_logistics(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Save date, place and arrangements (an update goes out once scheduled)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = LogisticsForm(request.POST)
    if not form.is_valid():
        return _conference_page(request, case, 400, logistics_form=form)
    services.update_logistics(
        services.conference_for(case),
        form.values(),
        actor=request.user,
        request=request,
        base_url=_base_url(request),
    )
    messages.success(request, _("De praktische zaken zijn opgeslagen."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def tick(request: HttpRequest, case_uuid: str, key: str) -> HttpResponse:
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
def add_date(request: HttpRequest, case_uuid: str) -> HttpResponse:
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
def remove_date(request: HttpRequest, case_uuid: str, option_uuid: str) -> HttpResponse:
    """Withdraw a proposed date."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    option = get_case_object_for(case, DateOption, option_uuid, case_field="conference__case")
    services.remove_date_option(option, actor=request.user, request=request)
    messages.success(request, _("De datum is weggehaald."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def choose_date(request: HttpRequest, case_uuid: str, option_uuid: str) -> HttpResponse:
    """Take a proposed date as the conference date (three hours by default)."""
    import datetime

    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    option = get_case_object_for(case, DateOption, option_uuid, case_field="conference__case")
    services.update_logistics(
        option.conference,
        {"starts_at": option.starts_at, "ends_at": option.starts_at + datetime.timedelta(hours=3)},
        actor=request.user,
        request=request,
        base_url=_base_url(request),
    )
    messages.success(request, _("Deze datum is nu de datum van de conferentie."))
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def invite_all(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Invite everyone with consent and an e-mail address not yet invited."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    count = services.invite_all(
        case, actor=request.user, request=request, base_url=_base_url(request)
    )
    messages.success(request, _("%(count)s uitnodigingen worden verstuurd.") % {"count": count})
    return redirect("conferences:conference", case_uuid=case.uuid)


@login_required
@require_POST
def invite(request: HttpRequest, case_uuid: str, person_uuid: str) -> HttpResponse:
    """E-mail one person their invitation."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    try:
        services.invite(person, actor=request.user, request=request, base_url=_base_url(request))
    except services.InvitationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("De uitnodiging wordt verstuurd."))
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def letter(request: HttpRequest, case_uuid: str, person_uuid: str) -> HttpResponse:
    """A printable invitation letter (PDF) with a new personal link."""
    from kring.conferences.invitations import letter_pdf

    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    if not person.has_consent:
        messages.error(request, _("De hoofdpersoon heeft (nog) geen toestemming gegeven."))
        return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)
    services.conference_for(case)
    pdf = letter_pdf(person, _base_url(request))
    record(Action.EXPORT, person, request=request, case=case, message=_("Uitnodigingsbrief"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="uitnodiging.pdf"'
    return response


@login_required
@require_POST
def schedule(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Plan the conference: the guards decide; invitations with .ics go out after commit."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    try:
        services.schedule(case, actor=request.user, request=request, base_url=_base_url(request))
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
def cancel(request: HttpRequest, case_uuid: str) -> HttpResponse:
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
        base_url=_base_url(request),
    )
    messages.success(request, _("De conferentie is afgelast. Iedereen krijgt bericht."))
    return redirect("conferences:conference", case_uuid=case.uuid)


# --- Information needed -----------------------------------------------------------------------


def _information_page(
    request: HttpRequest, case: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    is_staff = getattr(user, "role", "") != "professional"
    items_qs = InformationItem.objects.filter(case=case).select_related("answered_by", "updated_by")
    if not is_staff:
        # A professional sees only the questions put to them.
        items_qs = items_qs.filter(answered_by__user_id=user.pk or 0)
    items = list(items_qs)
    mine = {i.answered_by_id for i in items} if not is_staff else set()
    context = {
        "case": case,
        "items": items,
        "is_staff": is_staff,
        "mine": mine,
        "item_form": InformationItemForm(case=case, prefix="item") if is_staff else None,
        "provide_form": ProvideInformationForm(),
        "failed_item": None,
    }
    context.update(forms)
    return render(request, "conferences/information.html", context, status=status)


def _item_for(request: HttpRequest, case: Any, item_uuid: str) -> InformationItem:
    """An information item of this case; a professional only gets the ones put to them."""
    item: InformationItem = get_case_object_for(case, InformationItem, item_uuid)
    if getattr(request.user, "role", "") == "professional":
        answerer = item.answered_by
        if answerer is None or answerer.user_id != request.user.pk:
            raise Http404
    return item


@login_required
@require_GET
def information(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """The information the network needs, who gives it, and what came in."""
    case = get_case_for_contribution(request, case_uuid, Purpose.VIEW)
    return _information_page(request, case)


@login_required
@require_POST
def add_information_item(request: HttpRequest, case_uuid: str) -> HttpResponse:
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
def provide_information(request: HttpRequest, case_uuid: str, item_uuid: str) -> HttpResponse:
    """Add text or a document (PDF or image, checked from its content) to a question."""
    case = get_case_for_contribution(request, case_uuid, Purpose.CHANGE)
    item = _item_for(request, case, item_uuid)
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
@require_GET
def document(request: HttpRequest, case_uuid: str, item_uuid: str) -> FileResponse:
    """Serve an uploaded document, only to those who may see this case's information."""
    case = get_case_for_contribution(request, case_uuid, Purpose.VIEW)
    item = _item_for(request, case, item_uuid)
    if not item.document:
        raise Http404
    record(Action.EXPORT, item, request=request, case=case, message=_("Document gedownload"))
    response = FileResponse(
        item.document.open("rb"),
        as_attachment=True,
        filename=item.document_name or "document",
        content_type=item.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The participant's RSVP page (personal link, no account) --------------------------------


@require_GET
def rsvp_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The conference as an .ics file for the participant's own calendar."""
    from kring.conferences import ical
    from kring.conferences.models import Conference

    person = person_for_link(request, token, LinkPurpose.RSVP)
    conference = Conference.objects.filter(case=person.case).first()
    if conference is None or conference.starts_at is None or conference.cancelled_at:
        raise Http404
    response = HttpResponse(
        ical.build(conference, person, method=ical.REQUEST), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="conferentie.ics"'
    return response


@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """A participant answers their invitation: coming, parts, needs and which dates suit."""
    from kring.conferences.models import Conference, DateVote

    person = person_for_link(request, token, LinkPurpose.RSVP)
    case = person.case
    conference = Conference.objects.filter(case=case).first()
    options = list(conference.options.all()) if conference and not conference.starts_at else []
    votes = {v.option_id: v.suits for v in DateVote.objects.filter(person=person)}
    initial: dict[str, Any] = {
        "status": person.status
        if person.status in (PersonStatus.COMING, PersonStatus.MAYBE, PersonStatus.NOT_COMING)
        else None,
        "parts": person.parts,
        "needs_interpreter": person.needs_interpreter,
        "interpreter_language": person.interpreter_language,
        "needs_accessibility": person.needs_accessibility,
        "needs_childcare": person.needs_childcare,
        "needs_travel": person.needs_travel,
        "note": person.answer_note,
    }
    for option_id, suits in votes.items():
        initial[f"date_{option_id}"] = "yes" if suits else "no"
    form = RsvpForm(request.POST or None, person=person, options=options, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.answer_rsvp(
            person,
            services.Answer(
                status=data["status"],
                parts=data["parts"],
                needs_interpreter=data["needs_interpreter"],
                interpreter_language=data["interpreter_language"],
                needs_accessibility=data["needs_accessibility"],
                needs_childcare=data["needs_childcare"],
                needs_travel=data["needs_travel"],
                note=data["note"],
                suits=form.suits(),
            ),
            request=request,
        )
        messages.success(request, _("Dank u wel. Uw antwoord is opgeslagen."))
        return redirect("conferences:rsvp", token=token)
    main = case.people.filter(is_main_person=True).first()
    # The page speaks the person's language unless they chose one with the switcher.
    language = person.language if person.language in dict(settings.LANGUAGES) else None
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or language is None:
        language = translation.get_language()
    with translation.override(language):
        return _render_rsvp(request, person, case, main, conference, form, token)


def _person_language(person: Person) -> tuple[str, str, str]:
    """(language code, writing direction, administrator's intro) for the person's language.

    The UI stays Dutch or English (Django's translations), but the page is laid out in the
    direction of the person's own language, and the intro an administrator wrote for that
    language is shown as is.
    """
    from kring.conferences.invitations import SHIPPED
    from kring.conferences.models import InvitationTemplate

    code = (person.language or "nl").lower()
    row = InvitationTemplate.objects.filter(language=code).first()
    if row is not None:
        return code, row.direction, row.intro.strip()
    return code, SHIPPED.get(code, "ltr"), ""


def _render_rsvp(
    request: HttpRequest,
    person: Person,
    case: Any,
    main: Person | None,
    conference: Any,
    form: RsvpForm,
    token: str,
) -> HttpResponse:
    language, direction, intro = _person_language(person)
    return render(
        request,
        "conferences/rsvp.html",
        {
            "person": person,
            # base.html puts page_dir on <html>; left out for left-to-right languages.
            "page_dir": "rtl" if direction == "rtl" else "",
            "person_language": language,
            "person_direction": direction,
            "intro": intro,
            "main_name": main.first_name if main else case.main_person_first_name,
            "conference": conference if conference and conference.cancelled_at is None else None,
            "cancelled": bool(conference and conference.cancelled_at),
            "requirements": list(SafetyRequirement.objects.filter(case=case)),
            # Only what the main person agreed to share, and only the text (no documents).
            "shared": list(
                InformationItem.objects.filter(
                    case=case, shared_with_invitees=True, status="received"
                ).exclude(answer="")
            ),
            "coordinator": case.coordinator,
            "token": token,
            "form": form,
            "now": timezone.now(),
        },
        status=400 if request.method == "POST" else 200,
    )
