"""The plan pages reached by a personal link: reading the delivered plan, the PDFs, and the main
person choosing who receives it.

The pages speak the person's language (`kring.languages.services.page_speech`) unless they
chose Dutch or English with the language switcher; every read and download is recorded, naming the
plan version.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.audit.services import Action, record
from kring.cases import states
from kring.core.downloads import pdf_response
from kring.languages.services import Speech, own_choice, page_speech, speaking
from kring.network.access import person_for_link
from kring.network.models import LinkPurpose, Person
from kring.plans import access, delivery, forms, pdf, versions
from kring.plans import safety as plan_safety
from kring.plans.models import Outcome, Plan, PlanVersion, SafetyAssessment
from kring.plans.writing import PlanError


def _link_version(person: Person) -> PlanVersion | None:
    return access.plan_versions_for_person(person).order_by("-number").first()


def _main_person_plan(person: Person) -> Plan | None:
    """The plan a main person may still read as a draft and choose recipients for."""
    if not person.is_main_person:
        return None
    plan = Plan.objects.filter(case=person.case).first()
    if plan is None or person.case.status not in states.PLAN_STATES:
        return None
    return plan


def _page_language(request: HttpRequest, person: Person) -> Speech:
    """The person's own language, unless they chose Dutch or English with the switcher."""
    return page_speech(request, person.language)


def _choose_form(person: Person, plan: Plan, data: QueryDict | None = None) -> forms.DeliverForm:
    """The main person's choice: nobody ticked until they chose; a caution (as this main person
    may see it) needs the second tick."""
    choices = delivery.recipient_choices(person.case)
    initial = (
        list(plan.chosen_recipients.values_list("pk", flat=True))
        if plan.recipients_chosen_at
        else []
    )
    form = forms.DeliverForm(
        data,
        choices=choices,
        cautions=delivery.recipient_cautions(person.case, choices, main_person=person),
        initial={"recipients": initial},
    )
    form.fields["recipients"].label = _("Wie mag het plan krijgen?")
    form.fields["recipients"].help_text = _(
        "U krijgt het plan zelf altijd. Iedereen die u aanvinkt krijgt een persoonlijke link "
        "per e-mail."
    )
    return form


def _render_link_plan(
    request: HttpRequest,
    person: Person,
    token: str,
    *,
    speech: Speech,
    choose_form: forms.DeliverForm | None = None,
    status: int = 200,
) -> HttpResponse:
    version = _link_version(person)
    own_plan = _main_person_plan(person)
    if version is None and own_plan is None:
        raise Http404
    not_met: list[SafetyAssessment] = []
    draft = None
    if own_plan is not None:
        safety = plan_safety.safety_rows(own_plan)
        for row in safety:
            if row.assessment is not None and row.assessment.outcome == Outcome.NOT_MET:
                row.assessment.requirement = row.requirement  # already loaded: no extra query
                not_met.append(row.assessment)
        if not own_plan.versions.filter(number=own_plan.version).exists():
            draft = plan_safety.mark_stale(versions.display(versions.snapshot(own_plan)), safety)
            if choose_form is None:
                choose_form = _choose_form(person, own_plan)
            record(
                Action.VIEW,
                own_plan,
                request=request,
                case=person.case,
                actor_label=f"link:plan:{person.uuid}",
                changes={"version": own_plan.version},
                key="portal.draft_read",
            )
        else:
            choose_form = None
    if version is not None:
        record(
            Action.VIEW,
            version,
            request=request,
            case=person.case,
            actor_label=f"link:plan:{person.uuid}",
            changes={"version": version.number},
            key="portal.plan_read",
        )
    mine = versions.tasks_of(version.content, person) if version else []
    return render(
        request,
        "portal/link_plan.html",
        {
            "person": person,
            "speech": speech,
            "own_choice": own_choice(person.language, speech),
            "version": version,
            "content": versions.display(version.content) if version else None,
            "draft": draft,
            "choose_form": choose_form,
            "chosen_at": own_plan.recipients_chosen_at if own_plan else None,
            "not_met": not_met,
            "mine": versions.display({**version.content, "agreements": mine})["agreements"]
            if version
            else [],
            "token": token,
            **versions.CONTENT_STATES,
        },
        status=status,
    )


@require_GET
def link_plan(request: HttpRequest, token: str) -> HttpResponse:
    """A participant reads the plan they were sent.

    The main person also sees the draft, what a professional says is missing, and chooses who
    receives the plan.
    """
    person = person_for_link(request, token, LinkPurpose.PLAN)
    with speaking(_page_language(request, person)) as speech:
        return _render_link_plan(request, person, token, speech=speech)


@require_POST
def link_choose_recipients(request: HttpRequest, token: str) -> HttpResponse:
    """The main person chooses who receives the plan; a choice that still needs a confirmation
    is shown again with the error next to it, nothing ticked lost."""
    person = person_for_link(request, token, LinkPurpose.PLAN)
    plan = _main_person_plan(person)
    if plan is None:
        raise Http404
    with speaking(_page_language(request, person)) as speech:
        form = _choose_form(person, plan, request.POST)
        if form.is_valid():
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
                return redirect("portal:link_plan", token=token)
        return _render_link_plan(
            request, person, token, speech=speech, choose_form=form, status=400
        )


def _download(request: HttpRequest, token: str, key: str) -> tuple[Person, PlanVersion]:
    """The link holder and their delivered version, with the download in the audit trail."""
    person = person_for_link(request, token, LinkPurpose.PLAN)
    version = _link_version(person)
    if version is None:
        raise Http404
    record(
        Action.EXPORT,
        version,
        request=request,
        case=person.case,
        actor_label=f"link:plan:{person.uuid}",
        changes={"version": version.number},
        key=key,
    )
    return person, version


@require_GET
def link_plan_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The plan PDF, downloaded only after the link is checked."""
    person, version = _download(request, token, "portal.plan_downloaded")
    return pdf_response(pdf.version_pdf(version), f"plan-{person.case.reference}.pdf")


@require_GET
def link_my_agreements_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """'My agreements': only this participant's tasks and the follow-up date."""
    person, version = _download(request, token, "portal.my_agreements_downloaded")
    data = pdf.render_my_agreements(
        version.content,
        person,
        versions.tasks_of(version.content, person),
        language=person.language,
    )
    return pdf_response(data, f"mijn-afspraken-{person.case.reference}.pdf")
