"""The family portal (decision 0170): signing in with a personal link and a one-time code, and
what the main person and the participants see and do once signed in.

Phone first and in plain words, in the person's own language (as the link pages:
`plan_links._page_language`). A participant sees their invitation and answer, the plan when it
was shared with them (at least their own agreements), the follow-up date, and marks their own
agreements; the main person also sees everyone's progress, asks to move the follow-up date,
chooses who receives the plan and sees which staff looked at the file. Together they may write
their own draft of the plan, which nobody else sees until the main person presents it.

No page shows another person's e-mail address or phone number.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.models import Role, User
from kring.audit.models import AuditEvent
from kring.audit.services import Action, record
from kring.cases.transitions import TransitionError
from kring.conferences.invitations import contact_for
from kring.core.forms import DateInput
from kring.core.languages import document_language
from kring.core.links import absolute_reverse
from kring.followup import forms as followup_forms
from kring.followup import meetings
from kring.intake.ratelimit import hit_and_check
from kring.languages.services import Speech, speaking
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person, Ring
from kring.network.states import ANSWERS
from kring.outbox import services as outbox
from kring.plans import access as plan_access
from kring.plans import delivery, family, versions
from kring.plans.models import Agreement, FamilyDraft, Plan, PlanVersion, Progress
from kring.plans.writing import PlanError
from kring.portal import family_access
from kring.portal.family_access import CodeRefused, family_required
from kring.portal.models import CodeChannel
from kring.portal.plan_links import _choose_form, _main_person_plan, _page_language

# --- Forms ---------------------------------------------------------------------------------


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Waar mogen we de code heen sturen?"), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            CodeChannel.EMAIL.value: _("Naar mijn e-mail (%(address)s)")
            % {"address": _mask_email(person.email)},
            CodeChannel.SMS.value: _("Sms naar mijn telefoon (%(number)s)")
            % {"number": _mask_phone(person.phone)},
        }
        options = family_access.channels(person)
        self.fields["channel"].choices = [(c, labels[c]) for c in options]  # type: ignore[attr-defined]
        if options:
            self.fields["channel"].initial = options[0]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("De code (6 cijfers)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Hoe gaat het?"), choices=Progress.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("Korte toelichting (mag leeg)"), required=False, max_length=280
    )


class FollowUpForm(forms.Form):
    wished_date = forms.DateField(label=gettext_lazy("Liever op"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("Waarom? (mag leeg)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_wished_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["wished_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Kies een datum vanaf vandaag."))
        return value


class DraftForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = FamilyDraft
        fields = ["question", "agreements", "contingency"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "agreements": forms.Textarea(attrs={"rows": 8}),
            "contingency": forms.Textarea(attrs={"rows": 3}),
        }


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Uw e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _mask_email(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else "•••"


def _mask_phone(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"•••{digits[-2:]}" if len(digits) >= 2 else "•••"


# --- Signing in ----------------------------------------------------------------------------


def _entry_person(request: HttpRequest, token: str) -> Person:
    person = family_access.person_for_entry(request, token)
    if person is None:
        raise Http404
    return person


def _render_entry(
    request: HttpRequest, person: Person, token: str, form: ChannelForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/family/entry.html",
        {"person": person, "form": form, "token": token, "contact": contact_for(person.case)},
        status=status,
    )


@contextmanager
def _speaking(request: HttpRequest, person: Person) -> Iterator[Speech]:
    """Speak the person's page language for the block; the page's `<html lang dir>` reads it
    from the request (kring/base.html)."""
    with speaking(_page_language(request, person)) as speech:
        request.speech = speech  # type: ignore[attr-defined]
        yield speech


@require_GET
def family_entry(request: HttpRequest, token: str) -> HttpResponse:
    """The first step: the person's link opens this page, which offers to send a code."""
    person = _entry_person(request, token)
    with _speaking(request, person):
        return _render_entry(request, person, token, ChannelForm(person=person))


def _send_code(person: Person, channel: str, code: str) -> None:
    """The code goes out in the language of the page the person asked it from."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    minutes = settings.KRING_PORTAL_CODE_MINUTES
    if channel == CodeChannel.SMS:
        with translation.override(language):
            text = _("Uw code voor Kring: %(code)s. Geldig %(minutes)s minuten. Deel hem niet.") % {
                "code": code,
                "minutes": minutes,
            }
        outbox.queue_sms(
            "portal.signin_code", to=person.phone, text=text, language=language, about=person
        )
        return
    outbox.send_mail(
        "portal.signin_code",
        to=person.email,
        template="portal/email/signin_code",
        context={"person": person, "code": code, "minutes": minutes},
        language=language,
        about=person,
    )


@require_POST
def family_send_code(request: HttpRequest, token: str) -> HttpResponse:
    """Send a one-time code to the chosen address (at most a few per hour)."""
    person = _entry_person(request, token)
    with _speaking(request, person):
        form = ChannelForm(request.POST, person=person)
        if form.is_valid():
            issued = family_access.issue_code(person, form.cleaned_data["channel"], request=request)
            if issued is not None:
                row, code = issued
                _send_code(person, row.channel, code)
                return redirect("portal:family_code", token=token)
            form.add_error(
                None,
                _(
                    "U heeft al veel codes gevraagd. Wacht een uur en probeer het dan opnieuw, "
                    "of bel ons."
                ),
            )
        return _render_entry(request, person, token, form, status=400)


@require_http_methods(["GET", "POST"])
def family_code(request: HttpRequest, token: str) -> HttpResponse:
    """Type the code: right, and a family session starts."""
    person = _entry_person(request, token)
    with _speaking(request, person):
        form = CodeForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                row = family_access.check_code(request, person, form.cleaned_data["code"])
            except CodeRefused as refused:
                form.add_error(
                    "code",
                    {
                        "wrong": _("Deze code klopt niet. Kijk goed en probeer het nog eens."),
                        "expired": _(
                            "Deze code werkt niet meer. Vraag hieronder een nieuwe code aan."
                        ),
                        "blocked": _(
                            "Er is te vaak een verkeerde code geprobeerd. Probeer het over een "
                            "uur opnieuw, of bel ons."
                        ),
                    }[refused.reason],
                )
            else:
                response = redirect("portal:family_home")
                family_access.start_session(request, response, person, channel=row.channel)
                return response
        return render(
            request,
            "portal/family/code.html",
            {"person": person, "form": form, "token": token},
            status=400 if request.method == "POST" else 200,
        )


@require_POST
def family_sign_out(request: HttpRequest) -> HttpResponse:
    """End the family session."""
    response = redirect("portal:family_signed_out")
    family_access.end_session(request, response)
    return response


@require_GET
def family_signed_out(request: HttpRequest) -> HttpResponse:
    """Not (or no longer) signed in: how to get in again."""
    return render(request, "portal/family/signed_out.html", {})


@require_http_methods(["GET", "POST"])
def family_lost_link(request: HttpRequest) -> HttpResponse:
    """A lost link is sent again to the address Kring knows. The answer is the same whether or
    not the address is known, so the page reveals nothing."""
    form = LostLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if hit_and_check(request, scope="family-lost-link"):
            _resend_links(form.cleaned_data["email"].strip())
        messages.info(
            request,
            _(
                "Als wij dit adres kennen, krijgt u binnen enkele minuten een e-mail met uw "
                "persoonlijke link. Geen e-mail? Kijk bij uw ongewenste mail, of bel ons."
            ),
        )
        return redirect("portal:family_lost_link")
    return render(
        request,
        "portal/family/lost_link.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _resend_links(address: str) -> int:
    """Mail a fresh portal link to each family member with this address whose portal is open."""
    people = (
        Person.objects.select_related("case")
        .filter(email__in={address, address.lower()})
        .exclude(ring=Ring.PROFESSIONALS)[:10]
    )
    sent = 0
    for person in people:
        if not family_access.is_family(person) or not family_access.portal_open(person.case):
            continue
        token = issue_link(person, LinkPurpose.PORTAL)
        outbox.send_mail(
            "portal.link_resent",
            to=person.email,
            template="portal/email/portal_link",
            context={"person": person, "url": absolute_reverse("portal:family_entry", token)},
            language=document_language(person.language),
            case=person.case,
            about=person,
        )
        record(
            Action.SEND,
            person,
            case=person.case,
            actor_label="public",
            changes={"purpose": LinkPurpose.PORTAL.value},
            key="portal.link_resent",
        )
        sent += 1
    return sent


# --- The portal ----------------------------------------------------------------------------


@dataclass
class AgreementRow:
    """One agreement of the delivered plan, with who marked what."""

    uuid: str
    number: int
    what: str
    due: datetime.date | None
    who: list[str]
    mine: bool
    marks: list[Any]
    my_mark: Any = None


def _plan_of(person: Person) -> Plan | None:
    return Plan.objects.filter(case=person.case).first()


def _latest_version(plan: Plan | None) -> PlanVersion | None:
    if plan is None:
        return None
    return plan.versions.order_by("-number").first()


def _rows(version: PlanVersion, plan: Plan, person: Person, *, everyone: bool) -> list[Any]:
    """The agreements this person may see on the portal, with the progress marks: all of them
    for the main person, only their own for a participant who was not sent the plan."""
    content = versions.display(version.content)
    marks = family.progress_for(plan)
    key = str(person.uuid)
    rows = []
    for a in content["agreements"]:
        mine = any(w["uuid"] == key for w in a["who"])
        if not (everyone or mine):
            continue
        own = [m for m in marks.get(a["uuid"], []) if m.person_id == person.pk]
        rows.append(
            AgreementRow(
                uuid=a["uuid"],
                number=a["number"],
                what=a["what"],
                due=a.get("due"),
                who=[w["name"] for w in a["who"]]
                or ([a["organisation"]] if a["organisation"] else []),
                mine=mine,
                # Everyone's marks only for the main person; a participant sees their own.
                marks=marks.get(a["uuid"], []) if person.is_main_person else own,
                my_mark=own[0] if own else None,
            )
        )
    return rows


def _follow_up(plan: Plan | None) -> datetime.datetime | None:
    if plan is None:
        return None
    return plan.follow_up_at or plan.case.follow_up_at


@family_required
@require_GET
def family_home(request: HttpRequest) -> HttpResponse:
    """The family member's own page: invitation and answer, the plan, the follow-up date,
    their agreements and (for the main person) everyone's progress."""
    person: Person = request.person  # type: ignore[attr-defined]
    with _speaking(request, person):
        plan = _plan_of(person)
        version = _latest_version(plan)
        shared = person.is_main_person or (
            version is not None
            and plan_access.plan_versions_for_person(person).filter(pk=version.pk).exists()
        )
        rows = (
            _rows(version, plan, person, everyone=shared)
            if version is not None and plan is not None
            else []
        )
        record(
            Action.VIEW,
            person,
            request=request,
            case=person.case,
            actor_label=f"family:{person.uuid}",
            changes={"version": version.number if version else 0, "shared": shared},
            key="portal.family_home_read",
        )
        draft = family.draft_for(person.case)
        return render(
            request,
            "portal/family/home.html",
            {
                "person": person,
                "page_dir": "rtl" if translation.get_language_bidi() else "",
                "answer": person.get_status_display() if person.status in ANSWERS else "",
                "contact": contact_for(person.case),
                "version": version,
                "shared": shared,
                "content": versions.display(version.content) if version and shared else None,
                "rows": rows,
                "follow_up": _follow_up(plan),
                "plan": plan,
                "progress_choices": Progress.choices,
                "follow_up_form": FollowUpForm() if person.is_main_person and plan else None,
                "may_record_follow_up": plan is not None
                and not meetings.why_not_main_person(person, person.case),
                "may_choose": _main_person_plan(person) is not None,
                "draft": draft,
                "may_write": family.may_write_draft(person),
                **versions.CONTENT_STATES,
            },
        )


def _own_agreement(person: Person, agreement_uuid: uuid.UUID) -> Agreement:
    agreement = (
        Agreement.objects.select_related("plan")
        .filter(plan__case=person.case, uuid=agreement_uuid, performers=person)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


@family_required
@require_POST
def family_progress(request: HttpRequest, agreement_uuid: uuid.UUID) -> HttpResponse:
    """Mark one's own agreement done / busy / stuck, with a short note."""
    person: Person = request.person  # type: ignore[attr-defined]
    agreement = _own_agreement(person, agreement_uuid)
    with _speaking(request, person):
        form = ProgressForm(request.POST)
        if form.is_valid():
            family.mark_progress(
                agreement,
                person,
                form.cleaned_data["status"],
                form.cleaned_data["note"],
                request=request,
            )
            messages.success(request, _("Dank u. Uw afspraak is bijgewerkt."))
        else:
            messages.error(request, _("Kies hoe het gaat: klaar, bezig of loopt vast."))
    return redirect(reverse("portal:family_home") + f"#afspraak-{agreement.uuid}")


@family_required
@require_POST
def family_follow_up(request: HttpRequest) -> HttpResponse:
    """The main person asks to move the follow-up meeting."""
    person: Person = request.person  # type: ignore[attr-defined]
    plan = _plan_of(person)
    if not person.is_main_person or plan is None:
        raise Http404
    with _speaking(request, person):
        form = FollowUpForm(request.POST)
        if form.is_valid():
            family.ask_follow_up_move(
                plan,
                person,
                form.cleaned_data["wished_date"],
                form.cleaned_data["note"],
                request=request,
            )
            messages.success(
                request, _("Uw vraag is naar de coördinator gestuurd. Die neemt contact op.")
            )
            return redirect(reverse("portal:family_home") + "#vervolg")
        return render(
            request,
            "portal/family/follow_up.html",
            {
                "person": person,
                "form": form,
                "follow_up": _follow_up(plan),
                "may_write": family.may_write_draft(person),
            },
            status=400,
        )


@family_required
@require_http_methods(["GET", "POST"])
def family_recipients(request: HttpRequest) -> HttpResponse:
    """The main person changes who receives the plan (`delivery.choose_recipients`)."""
    person: Person = request.person  # type: ignore[attr-defined]
    plan = _main_person_plan(person)
    if plan is None:
        raise Http404
    with _speaking(request, person):
        form = _choose_form(person, plan, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                delivery.choose_recipients(
                    plan,
                    form.cleaned_data["recipients"],
                    person=person,
                    confirmed=form.cleaned_data["confirmed"],
                    request=request,
                )
            except PlanError as exc:
                for reason in exc.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(
                    request, _("Dank u. De coördinator verstuurt het plan naar wie u koos.")
                )
                return redirect("portal:family_home")
        return render(
            request,
            "portal/family/recipients.html",
            {
                "person": person,
                "form": form,
                "chosen_at": plan.recipients_chosen_at,
                "may_write": family.may_write_draft(person),
            },
            status=400 if request.method == "POST" else 200,
        )


# --- Who looked at the file ----------------------------------------------------------------

VIEWERS_CAP = 200
STAFF_VIEWERS = (Role.ADMIN, Role.REGIONAL_MANAGER, Role.COORDINATOR, Role.PROFESSIONAL)


@dataclass(frozen=True)
class Viewing:
    """One line: who (role and short name) looked at what, on which day."""

    role: str
    name: str
    what: str
    day: datetime.date


def short_name(full_name: str) -> str:
    """ "Joke de Vries" -> "J. de Vries": enough to know who it was."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0][:1]}. {' '.join(parts[1:])}"


def _what(object_type: str, object_id: str, person: Person) -> str:
    if object_type in {"plans.plan", "plans.planversion", "plans.familydraft"}:
        return str(_("uw plan"))
    if object_type == "network.person" and object_id == str(person.uuid):
        return str(_("uw gegevens"))
    if object_type == "network.person":
        return str(_("de gegevens van iemand in uw kring"))
    return str(_("uw dossier"))


def viewings(person: Person) -> tuple[list[Viewing], bool]:
    """Which staff looked at this case's file, newest first, one line per person, thing and
    day: read events by a user (never the family's own link reads). Two queries; at most
    VIEWERS_CAP events are read, and the second value says that there may be more."""
    events = list(
        AuditEvent.objects.filter(
            case_id=person.case.uuid,
            action=Action.VIEW,
            actor__isnull=False,
            role__in=[r.value for r in STAFF_VIEWERS],
        )
        .order_by("-occurred_at", "-id")
        .values("actor_id", "role", "object_type", "object_id", "occurred_at")[: VIEWERS_CAP + 1]
    )
    more = len(events) > VIEWERS_CAP
    events = events[:VIEWERS_CAP]
    names = dict(
        User.objects.filter(pk__in={e["actor_id"] for e in events}).values_list("pk", "full_name")
    )
    roles = dict(Role.choices)
    seen: set[tuple[int, str, datetime.date]] = set()
    lines = []
    for e in events:
        day = timezone.localdate(e["occurred_at"])
        what = _what(e["object_type"], e["object_id"], person)
        key = (e["actor_id"], what, day)
        if key in seen:
            continue
        seen.add(key)
        lines.append(
            Viewing(
                role=str(roles.get(e["role"], e["role"])),
                name=short_name(names.get(e["actor_id"], "")),
                what=what,
                day=day,
            )
        )
    return lines, more


@family_required
@require_GET
def family_viewers(request: HttpRequest) -> HttpResponse:
    """The main person sees, in plain words, who looked at their file."""
    person: Person = request.person  # type: ignore[attr-defined]
    if not person.is_main_person:
        raise Http404
    with _speaking(request, person):
        lines, more = viewings(person)
        record(
            Action.VIEW,
            person,
            request=request,
            case=person.case,
            actor_label=f"family:{person.uuid}",
            changes={"lines": len(lines)},
            key="portal.family_viewers_read",
        )
        return render(
            request,
            "portal/family/viewers.html",
            {
                "person": person,
                "lines": [
                    _("%(role)s %(name)s bekeek %(what)s op %(day)s")
                    % {
                        "role": line.role,
                        "name": line.name,
                        "what": line.what,
                        "day": date_format(line.day, "j F Y"),
                    }
                    for line in lines
                ],
                "more": more,
                "may_write": family.may_write_draft(person),
            },
        )


# --- The family's own draft ----------------------------------------------------------------


def _render_draft(
    request: HttpRequest,
    person: Person,
    form: DraftForm | None,
    draft: FamilyDraft | None,
    *,
    status: int = 200,
    theirs: FamilyDraft | None = None,
) -> HttpResponse:
    return render(
        request,
        "portal/family/draft.html",
        {"person": person, "form": form, "draft": draft, "theirs": theirs, "may_write": True},
        status=status,
    )


@family_required
@require_http_methods(["GET", "POST"])
def family_draft(request: HttpRequest) -> HttpResponse:
    """The network writes its own plan together; a stale save is refused, the words kept."""
    person: Person = request.person  # type: ignore[attr-defined]
    if not family.may_write_draft(person):
        raise Http404
    case = person.case
    with _speaking(request, person):
        draft = family.draft_for(case)
        if draft is not None and draft.presented_at is not None:
            return _render_draft(request, person, None, draft)
        if request.method == "POST":
            form = DraftForm(request.POST)
            if form.is_valid():
                try:
                    family.save_draft(
                        case,
                        person,
                        {n: form.cleaned_data[n] for n in family.DRAFT_FIELDS},
                        revision=form.cleaned_data["revision"],
                        request=request,
                    )
                except PlanError as exc:
                    theirs = family.draft_for(case)
                    if isinstance(exc, family.StaleDraft) and theirs is not None:
                        # Their words stay in the form; the next save is on the newest version.
                        data = request.POST.copy()
                        data["revision"] = str(theirs.revision)
                        form = DraftForm(data)
                        form.is_valid()
                    for reason in exc.reasons:
                        form.add_error(None, reason)
                    return _render_draft(request, person, form, draft, status=409, theirs=theirs)
                messages.success(request, _("Het plan is opgeslagen."))
                return redirect("portal:family_draft")
            return _render_draft(request, person, form, draft, status=400)
        record(
            Action.VIEW,
            draft or case,
            request=request,
            case=case,
            actor_label=f"family:{person.uuid}",
            changes={"revision": draft.revision if draft else 0},
            key="portal.family_draft_read",
        )
        form = DraftForm(instance=draft, initial={"revision": draft.revision if draft else 0})
        return _render_draft(request, person, form, draft)


@family_required
@require_POST
def family_present(request: HttpRequest) -> HttpResponse:
    """The main person presents the family's draft to the coordinator."""
    person: Person = request.person  # type: ignore[attr-defined]
    if not person.is_main_person or not family.may_write_draft(person):
        raise Http404
    with _speaking(request, person):
        try:
            family.present_draft(person.case, person, request=request)
        except PlanError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
        else:
            messages.success(
                request,
                _("Uw plan is naar de coördinator. Die maakt er samen met u het plan van."),
            )
    return redirect("portal:family_draft")


# --- The main person records a follow-up meeting (decision 0184) ---------------------------


class FamilyFollowUpForm(followup_forms.FollowUpForm):
    """The follow-up form of the manager's page, without closing the case: the main person
    always plans the next meeting (only the regional manager closes a case)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["next_step"]
        self.fields["next_at"].required = True
        self.fields["next_at"].error_messages["required"] = _(
            "Vul de datum en tijd van de volgende bijeenkomst in."
        )
        self.fields["present"].label_from_instance = lambda p: str(p.name)  # type: ignore[attr-defined]
        self.fields["changes"].help_text = _("Kort. Schrijf geen namen van mensen buiten de kring.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        at = data.get("next_at")
        if at is not None and at <= timezone.now():
            self.add_error("next_at", _("Kies een datum in de toekomst."))
        return data


@family_required
@require_http_methods(["GET", "POST"])
def family_record_follow_up(request: HttpRequest) -> HttpResponse:
    """The main person records a follow-up meeting: who came, how each agreement went, the
    outcome register and the next date (`kring.followup.meetings.record_follow_up`)."""
    person: Person = request.person  # type: ignore[attr-defined]
    if not person.is_main_person:
        raise Http404
    case = person.case
    plan = Plan.objects.filter(case=case).prefetch_related("agreements").first()
    with _speaking(request, person):
        refused = meetings.why_not_main_person(person, case) if plan else _("Er is nog geen plan.")
        agreements = list(plan.agreements.all()) if plan is not None else []
        posted = request.method == "POST" and not refused
        form = FamilyFollowUpForm(
            request.POST if posted else None, case=case, agreements=agreements
        )
        status = 200
        if request.method == "POST":
            status = 400
            if posted and form.is_valid():
                outcomes = form.outcomes()
                assert outcomes is not None  # a valid form has all four
                try:
                    meetings.record_follow_up(
                        case,
                        held_on=form.cleaned_data["held_on"],
                        present=list(form.cleaned_data["present"]),
                        steps=form.steps(),
                        outcomes=outcomes,
                        changes=form.cleaned_data["changes"],
                        next_at=form.cleaned_data["next_at"],
                        close=False,
                        actor=None,
                        main_person=person,
                        request=request,
                    )
                except (meetings.FollowUpError, PlanError, TransitionError) as exc:
                    for reason in exc.reasons:
                        form.add_error(None, reason)
                else:
                    messages.success(request, _("Dank u. De vervolgbijeenkomst is vastgelegd."))
                    return redirect(reverse("portal:family_home") + "#vervolg")
        else:
            record(
                Action.VIEW,
                case,
                request=request,
                case=case,
                actor_label=f"family:{person.uuid}",
                changes={"agreements": len(agreements)},
                key="portal.family_follow_up_form_read",
            )
        return render(
            request,
            "portal/family/record_follow_up.html",
            {
                "person": person,
                "form": form,
                "refused": refused,
                "follow_up": _follow_up(plan),
                "may_write": family.may_write_draft(person),
            },
            status=status,
        )
