"""The invitation pages reached by a personal link: the answer (RSVP) and the .ics file, and
the short code from a letter (typed at /c/ or opened as /c/<code>/).

A participant has no account: `kring.network.access.person_for_link` checks the link (its
token or its letter code) and records every use. The page speaks the person's language and
writing direction, shows only what invitees may see of the arrangements
(`kring.conferences.invitations.for_invitees`) and how to reach the coordinator.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kring.cases.models import Case
from kring.conferences import ical, services
from kring.conferences.forms import (
    RsvpForm,
)
from kring.conferences.invitations import contact_for, for_invitees
from kring.conferences.models import (
    Conference,
    DateVote,
    InformationItem,
    InformationStatus,
)
from kring.languages.services import Speech, own_choice, page_speech, speaking, speech_for
from kring.network.access import code_attempts_left, person_for_link, purpose_for_code
from kring.network.links import normalise_code
from kring.network.models import LinkPurpose, Person, SafetyRequirement
from kring.network.states import ANSWERS

# Where a letter's code leads, by the purpose of its link.
PAGE_FOR_PURPOSE = {
    LinkPurpose.RSVP: "portal:rsvp",
    LinkPurpose.PLAN: "portal:link_plan",
    LinkPurpose.INFORMATION: "portal:information_link",
}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Uw code"),
        max_length=20,
        help_text=gettext_lazy("De code staat in uw brief, bijvoorbeeld ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Een code heeft 10 letters en cijfers. Kijk of u hem goed heeft overgetypt.")
            )
        return code


@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    """Type the code from a letter; it opens the same personal page as the link would.

    The letter prints this address with its own language (`?taal=tr`), so the page speaks the
    letter's language before anyone is known."""
    wanted = request.GET.get("taal", "")[:3]
    speech = speech_for(wanted) if wanted else None
    with speaking(speech) if speech else nullcontext():
        return _code_entry(request, speech)


def _code_entry(request: HttpRequest, speech: Speech | None) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if not code_attempts_left(request):
            form.add_error(
                "code",
                _("Te vaak een verkeerde code. Probeer het over een uur opnieuw, of bel %(phone)s.")
                % {"phone": settings.KRING_PHONE},
            )
        else:
            try:
                return _to_page(request, code)
            except Http404:
                form.add_error(
                    "code",
                    _(
                        "Deze code kennen we niet, of hij werkt niet meer. Kijk of u hem goed "
                        "heeft overgetypt, of vraag de coördinator om een nieuwe brief."
                    ),
                )
    return render(
        request,
        "portal/code_entry.html",
        {"form": form, "speech": speech},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def code(request: HttpRequest, token: str) -> HttpResponse:
    """The short address printed on a letter (/c/ABCDE-FGHJK/): on to the personal page."""
    return _to_page(request, token)


def _to_page(request: HttpRequest, raw_code: str) -> HttpResponse:
    purpose = purpose_for_code(request, raw_code)
    normal = normalise_code(raw_code) or ""
    return redirect(PAGE_FOR_PURPOSE[LinkPurpose(purpose)], token=normal)


@require_GET
def rsvp_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The conference as an .ics file for the participant's own calendar."""

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

    person = person_for_link(request, token, LinkPurpose.RSVP)
    case = person.case
    conference = Conference.objects.filter(case=case).first()
    options = list(conference.options.all()) if conference and not conference.starts_at else []
    votes = {v.option_id: v.suits for v in DateVote.objects.filter(person=person)}
    initial: dict[str, Any] = {
        "status": person.status if person.status in ANSWERS else None,
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
        # The thanks is shown on the next page: written now, in the page's language.
        with speaking(page_speech(request, person.language)):
            messages.success(request, _("Dank u wel. Uw antwoord is opgeslagen."))
        return redirect("portal:rsvp", token=token)
    main = case.people.filter(is_main_person=True).first()
    # The page speaks the person's language unless they chose Dutch or English (the switcher).
    with speaking(page_speech(request, person.language)) as speech:
        return _render_rsvp(request, person, case, main, conference, form, token, speech)


def _render_rsvp(
    request: HttpRequest,
    person: Person,
    case: Case,
    main: Person | None,
    conference: Conference | None,
    form: RsvpForm,
    token: str,
    speech: Speech,
) -> HttpResponse:
    return render(
        request,
        "portal/rsvp.html",
        {
            "person": person,
            # base.html puts lang and dir on <html> and offers the person's own language.
            "speech": speech,
            "own_choice": own_choice(person.language, speech),
            "main_name": main.first_name if main else case.main_person_first_name,
            # Only what invitees may see of the arrangements: no conference object here.
            "logistics": for_invitees(conference),
            "cancelled": bool(conference and conference.cancelled_at),
            "requirements": list(SafetyRequirement.objects.filter(case=case)),
            # Only what the main person agreed to share, and only the text (no documents).
            "shared": list(
                InformationItem.objects.filter(
                    case=case, shared_with_invitees=True, status=InformationStatus.RECEIVED
                ).exclude(answer="")
            ),
            "contact": contact_for(case),
            "token": token,
            "form": form,
            "now": timezone.now(),
        },
        status=400 if request.method == "POST" else 200,
    )
