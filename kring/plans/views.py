"""Pages for the conference record, the plan, safety assessment, delivery and personal links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.decorators import role_required
from kring.accounts.models import Role
from kring.audit.services import Action, record
from kring.cases.models import Case, Variant
from kring.cases.states import Status
from kring.cases.transitions import TransitionError
from kring.core import access
from kring.core.access import Purpose
from kring.core.paging import keyset_page
from kring.network.models import Person, Ring, SafetyRequirement
from kring.plans import forms, pdf, services
from kring.plans.models import Agreement, ConferenceRecord, Part, Plan, PlanVersion

ATTENDANCE_STATES = {Status.CONFERENCE_SCHEDULED, Status.CONFERENCE_HELD, Status.PLAN_DELIVERED}


def _data(request: HttpRequest) -> Any:
    """Bound data on POST (even when empty, so an empty choice is an answer), else None."""
    return request.POST if request.method == "POST" else None


def _purpose(request: HttpRequest) -> Purpose:
    return Purpose.CHANGE if request.method == "POST" else Purpose.VIEW


def _case(request: HttpRequest, case_uuid: Any) -> Case:
    return access.get_plan_case_for(request, case_uuid, _purpose(request))


def _plan(case: Case) -> Plan:
    plan = services.plan_for(case)
    if plan is None:
        raise Http404
    return plan


def _editable_plan(case: Case) -> Plan:
    """The plan, if it may still be changed (not after the case was closed or stopped)."""
    if case.status not in services.PLAN_STATES:
        raise Http404
    return _plan(case)


def _people(case: Case) -> list[Person]:
    return list(
        Person.objects.filter(case=case).order_by("party", "-is_main_person", "ring", "name", "id")
    )


def _participants(people: list[Person]) -> list[Person]:
    return [p for p in people if p.ring != Ring.PROFESSIONALS and p.has_consent]


def _professionals(people: list[Person]) -> list[Person]:
    return [p for p in people if p.ring == Ring.PROFESSIONALS]


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _plan_url(case: Case) -> str:
    return reverse("plans:detail", args=[case.uuid])


def _form_page(request: HttpRequest, case: Case | None, form: Any, **context: Any) -> HttpResponse:
    return render(request, "plans/form.html", {"case": case, "form": form, **context})


# --- Conference record -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def conference_record(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Who was present in which part of the conference; marks the conference as held."""
    case = _case(request, case_uuid)
    existing = ConferenceRecord.objects.filter(case=case).first()
    private = services.planning_is_private(case)
    people = [p for p in _people(case) if p.has_consent or p.ring == Ring.PROFESSIONALS]
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "held_on": existing.held_on,
            "coordinator_in_planning": existing.coordinator_in_planning,
            "planning_notes": existing.planning_notes,
        }
        for att in existing.attendances.all():
            if att.present:
                initial.setdefault(f"parts_{att.person.uuid.hex}", []).append(att.part)
            if att.gave_information:
                initial[f"info_{att.person.uuid.hex}"] = True
    else:
        conference = getattr(case, "conference", None)
        if conference is not None and conference.starts_at:
            initial["held_on"] = conference.starts_at.date()
    form = forms.AttendanceForm(
        _data(request),
        people=people,
        private=private,
        parties=case.variant == Variant.RESTORATION,
        initial=initial,
    )
    if request.method == "POST":
        if case.status not in ATTENDANCE_STATES:
            form.add_error(
                None, _("De aanwezigheid kan alleen rond de conferentie worden vastgelegd.")
            )
        elif form.is_valid():
            rows = [
                services.AttendanceRow(person=p, parts=parts, gave_information=info)
                for p, parts, info in form.rows()
            ]
            try:
                services.record_attendance(
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
                return redirect(_plan_url(case))
    return render(
        request,
        "plans/conference_record.html",
        {"case": case, "form": form, "private": private, "record": existing},
    )


# --- The plan ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_detail(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """The plan as it is now, what still blocks delivery, and the delivered versions."""
    case = _case(request, case_uuid)
    plan = services.plan_for(case)
    context: dict[str, Any] = {"case": case, "plan": plan}
    if plan is not None:
        content = services.snapshot(plan)
        safety = services.safety_rows(plan)
        context.update(
            content=services.mark_stale(services.display(content), safety),
            blockers=services.delivery_blockers(case, safety=safety),
            versions=list(plan.versions.only("number", "delivered_at", "plan_id")),
            safety=safety,
            support=list(plan.support_requests.select_related("professional")),
            delivered_current=any(v.number == plan.version for v in plan.versions.all()),
        )
    record_obj = ConferenceRecord.objects.filter(case=case).first()
    context["record"] = record_obj
    if record_obj is not None:
        counts = dict(
            record_obj.attendances.filter(present=True)
            .values_list("part")
            .annotate(n=Count("id"))
            .values_list("part", "n")
        )
        context["attendance"] = [(label, counts.get(value, 0)) for value, label in Part.choices]
    context["check_in_due"] = services.check_in_due(case)
    return render(request, "plans/detail.html", context)


@login_required
@require_POST
def plan_start(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Start writing the plan down (it begins with the central question)."""
    case = access.get_plan_case_for(request, case_uuid, Purpose.CHANGE)
    if case.status not in services.PLAN_STATES:
        raise Http404
    services.start_plan(case, actor=request.user, request=request)
    return redirect(_plan_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Change the question, contingency, follow-up and who agreed."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    people = _people(case)
    form = forms.PlanForm(
        _data(request),
        instance=plan,
        participants=_participants(people),
        allow_without_conference=case.status
        in {Status.IN_PREPARATION, Status.CONFERENCE_SCHEDULED},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agreed_by"}
        # The ModelForm already put the values on the instance; reload to diff properly.
        plan = Plan.objects.get(pk=plan.pk)
        services.update_plan(
            plan,
            data,
            agreed_by=form.cleaned_data["agreed_by"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Het plan is opgeslagen."))
        return redirect(_plan_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Plan bewerken"),
        intro=_("Schrijf op wat de familie heeft afgesproken, in hun eigen woorden."),
        submit=_("Plan opslaan"),
        back=_plan_url(case),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_form(
    request: HttpRequest, case_uuid: str, agreement_uuid: str | None = None
) -> HttpResponse:
    """Add an agreement, or change one."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    agreement = None
    if agreement_uuid is not None:
        agreement = Agreement.objects.filter(plan=plan, uuid=agreement_uuid).first()
        if agreement is None:
            raise Http404
    requirements = list(SafetyRequirement.objects.filter(case=case).order_by("set_on", "id"))
    form = forms.AgreementForm(
        _data(request),
        instance=agreement,
        participants=_participants(_people(case)),
        requirements=requirements,
    )
    if request.method == "POST" and form.is_valid():
        if agreement is not None:
            agreement = Agreement.objects.get(pk=agreement.pk)
        services.save_agreement(
            plan,
            agreement,
            form.cleaned_data,
            performers=form.cleaned_data["performers"],
            requirements=form.cleaned_data.get("meets_requirements") or [],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("De afspraak is opgeslagen."))
        return redirect(_plan_url(case) + "#afspraken")
    return _form_page(
        request,
        case,
        form,
        title=_("Afspraak wijzigen") if agreement else _("Afspraak toevoegen"),
        intro=_(
            "Wat gaat er gebeuren, wie doet het, wanneer is het klaar en hoe weet iedereen dat?"
        ),
        submit=_("Afspraak opslaan"),
        back=_plan_url(case),
    )


@login_required
@require_POST
def agreement_delete(request: HttpRequest, case_uuid: str, agreement_uuid: str) -> HttpResponse:
    """Take an agreement out of the plan."""
    case = access.get_plan_case_for(request, case_uuid, Purpose.CHANGE)
    plan = _editable_plan(case)
    agreement = Agreement.objects.filter(plan=plan, uuid=agreement_uuid).first()
    if agreement is None:
        raise Http404
    services.delete_agreement(agreement, actor=request.user, request=request)
    messages.success(request, _("De afspraak is uit het plan gehaald."))
    return redirect(_plan_url(case) + "#afspraken")


@login_required
@require_http_methods(["GET", "POST"])
def support_new(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """The plan asks a professional organisation for support."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    form = forms.SupportForm(_data(request), professionals=_professionals(_people(case)))
    if request.method == "POST" and form.is_valid():
        services.add_support_request(plan, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("De steunvraag is toegevoegd."))
        return redirect(_plan_url(case) + "#steun")
    return _form_page(
        request,
        case,
        form,
        title=_("Steun vragen van een professional"),
        intro=_(
            "Welke hulp vraagt de familie van een organisatie? "
            "De professional zegt toe of wijst af."
        ),
        submit=_("Steunvraag opslaan"),
        back=_plan_url(case),
    )


@login_required
@require_POST
def ask_assessment(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Mail the professional(s) who set minimum requirements that the plan is ready to assess."""
    case = access.get_plan_case_for(request, case_uuid, Purpose.CHANGE)
    plan = _editable_plan(case)
    try:
        n = services.ask_assessment(
            plan, actor=request.user, request=request, base_url=_base_url(request)
        )
    except services.PlanError as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(
            request,
            ngettext(
                "De professional heeft een bericht gekregen.",
                "De professionals hebben een bericht gekregen (%(n)s minimumeisen).",
                n,
            )
            % {"n": n},
        )
    return redirect(_plan_url(case) + "#veiligheid-kop")


@login_required
@require_POST
def ask_main_person(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Mail the main person(s) a link to read the draft plan and choose who receives it."""
    case = access.get_plan_case_for(request, case_uuid, Purpose.CHANGE)
    plan = _editable_plan(case)
    try:
        services.ask_main_person(
            plan, actor=request.user, request=request, base_url=_base_url(request)
        )
    except services.PlanError as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("De hoofdpersoon heeft een persoonlijke link gekregen."))
    return redirect(_plan_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def deliver(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """The main person chooses the recipients; the plan is frozen as a version and sent."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    choices = services.recipient_choices(case)
    if plan.recipients_chosen_at is not None:
        initial = list(plan.chosen_recipients.values_list("pk", flat=True))
    else:
        initial = [p.pk for p in choices]
    form = forms.DeliverForm(_data(request), choices=choices, initial={"recipients": initial})
    blockers = services.delivery_blockers(case)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.deliver(
                case,
                form.cleaned_data["recipients"],
                actor=request.user,
                request=request,
                base_url=_base_url(request),
            )
        except (services.PlanError, TransitionError) as exc:
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("Versie %(n)s van het plan is verstuurd.") % {"n": version.number},
            )
            if plan.made_without_conference:
                return redirect("accounts:start")
            return redirect(_plan_url(case))
    return render(
        request,
        "plans/deliver.html",
        {"case": case, "plan": plan, "form": form, "blockers": blockers},
    )


@login_required
@require_GET
def version_detail(request: HttpRequest, case_uuid: str, number: int) -> HttpResponse:
    """One delivered version, as it was sent."""
    case = _case(request, case_uuid)
    version = PlanVersion.objects.filter(plan__case=case, number=number).first()
    if version is None:
        raise Http404
    record(Action.VIEW, version, request=request, case=case)
    others = list(PlanVersion.objects.filter(plan__case=case).values_list("number", flat=True))
    return render(
        request,
        "plans/version.html",
        {
            "case": case,
            "version": version,
            "content": services.display(version.content),
            "others": others,
        },
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def version_pdf(request: HttpRequest, case_uuid: str, number: int) -> HttpResponse:
    """The PDF of a delivered version (cached per version)."""
    case = _case(request, case_uuid)
    version = PlanVersion.objects.filter(plan__case=case, number=number).first()
    if version is None:
        raise Http404
    record(Action.EXPORT, version, request=request, case=case, message=_("Plan gedownload"))
    return _pdf_response(pdf.version_pdf(version), f"plan-{case.reference}-v{number}.pdf")


@login_required
@require_GET
def version_diff(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """What changed between two versions (or a version and the current draft)."""
    case = _case(request, case_uuid)
    plan = _plan(case)
    versions = {v.number: v for v in PlanVersion.objects.filter(plan=plan)}
    try:
        old_n = int(request.GET.get("van", "0"))
        new_n = int(request.GET.get("naar", "0"))
    except ValueError:
        raise Http404 from None
    if old_n not in versions:
        raise Http404
    old_text = versions[old_n].text
    if new_n in versions:
        new_text = versions[new_n].text
        new_label = _("versie %(n)s") % {"n": new_n}
    else:
        new_text = services.canonical_text(services.snapshot(plan))
        new_label = _("het plan zoals het nu is")
    record(Action.VIEW, plan, request=request, case=case, message=_("Versies vergeleken"))
    return render(
        request,
        "plans/diff.html",
        {
            "case": case,
            "lines": services.diff_lines(old_text, new_text),
            "old_label": _("versie %(n)s") % {"n": old_n},
            "new_label": new_label,
        },
    )


# --- Check-in ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Record the check-in call; this ends the coordinator's task."""
    case = _case(request, case_uuid)
    form = forms.CheckInForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(
                case,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        except TransitionError as exc:
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("Het nabelgesprek is vastgelegd. Uw taak bij %(ref)s is klaar. Dank u wel!")
                % {"ref": case.reference},
            )
            return redirect("accounts:start")
    return _form_page(
        request,
        case,
        form,
        title=_("Nabelgesprek vastleggen"),
        intro=_(
            "Bel de hoofdpersoon ongeveer vier weken na de conferentie. Na het vastleggen is uw "
            "taak klaar en kunt u dit traject niet meer openen."
        ),
        submit=_("Nabelgesprek vastleggen"),
        back=_plan_url(case),
    )


@role_required(Role.COORDINATOR)
@require_GET
def check_ins(request: HttpRequest) -> HttpResponse:
    """The coordinator's worklist of check-in calls (plan delivered, call not yet recorded)."""
    qs = access.cases_for(request.user).filter(status=Status.PLAN_DELIVERED)
    page = keyset_page(qs, order_field="requested_at", cursor=request.GET.get("na"), size=25)
    rows = [(c, services.check_in_due(c)) for c in page.items]
    return render(
        request,
        "plans/check_ins.html",
        {"page": page, "rows": rows, "today": timezone.localdate()},
    )


# --- Professionals -----------------------------------------------------------------------------


@role_required(Role.PROFESSIONAL)
@require_GET
def professional_start(request: HttpRequest) -> HttpResponse:
    """What this professional is asked: minimum requirements to assess, support to answer."""
    requirements = list(
        access.requirements_for_professional(request.user)
        .select_related("case")
        .order_by("set_on", "id")[:50]
    )
    latest: dict[int, Any] = {}
    from kring.plans.models import SafetyAssessment

    for a in SafetyAssessment.objects.filter(requirement__in=requirements).order_by(
        "assessed_at", "id"
    ):
        latest[a.requirement_id] = a
    plans = {
        p.case_id: p
        for p in Plan.objects.filter(case_id__in={r.case_id for r in requirements}).only(
            "case_id", "contingency", "revision"
        )
    }
    bases = services.current_bases(
        [r for r in requirements if r.pk in latest],
        {case_id: p.contingency for case_id, p in plans.items()},
    )
    rows = []
    for r in requirements:
        assessment = latest.get(r.pk)
        stale = (
            assessment is not None
            and r.case_id in plans
            and services.is_stale(assessment, bases[r.pk], plans[r.case_id].revision)
        )
        rows.append((r, assessment, stale))
    support = list(
        access.support_requests_for_professional(request.user)
        .select_related("plan__case")
        .order_by("created_at", "id")[:50]
    )
    return render(
        request,
        "plans/professional_start.html",
        {
            "requirements": rows,
            "support": support,
        },
    )


@role_required(Role.PROFESSIONAL)
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, requirement_uuid: str) -> HttpResponse:
    """The professional who set a minimum requirement says whether the plan meets it."""
    requirement = access.get_requirement_for_professional(request, requirement_uuid)
    plan = requirement.case.plan
    form = forms.AssessmentForm(_data(request))
    if request.method == "POST" and form.is_valid():
        services.assess_requirement(
            plan,
            requirement,
            outcome=form.cleaned_data["outcome"],
            explanation=form.cleaned_data["explanation"],
            actor=request.user,
            request=request,
            base_url=_base_url(request),
        )
        messages.success(request, _("Uw oordeel is vastgelegd."))
        return redirect("plans:professional")
    agreements = list(plan.agreements.prefetch_related("performers").order_by("position", "id"))
    linked = set(requirement.agreements.values_list("pk", flat=True))
    history = list(requirement.assessments.order_by("assessed_at", "id"))
    latest = history[-1] if history else None
    changes: list[tuple[str, str]] = []
    stale = False
    if latest is not None:
        basis = services.current_bases([requirement], {plan.case_id: plan.contingency})[
            requirement.pk
        ]
        stale = services.is_stale(latest, basis, plan.revision)
        if stale:
            changes = services.basis_changes(latest, basis)
    return render(
        request,
        "plans/assess.html",
        {
            "requirement": requirement,
            "plan": plan,
            "form": form,
            "agreements": [(i, a, a.pk in linked) for i, a in enumerate(agreements, start=1)],
            "history": history,
            "stale": stale,
            "changes": changes,
        },
    )


@role_required(Role.PROFESSIONAL)
@require_http_methods(["GET", "POST"])
def support_answer(request: HttpRequest, support_uuid: str) -> HttpResponse:
    """The professional accepts or declines the support the plan asks for."""
    support = access.get_support_request_for_professional(request, support_uuid)
    form = forms.SupportAnswerForm(_data(request))
    if request.method == "POST" and form.is_valid():
        services.answer_support_request(
            support,
            accepted=form.cleaned_data["answer"] == "accept",
            answer=form.cleaned_data["note"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Uw antwoord is vastgelegd."))
        return redirect("plans:professional")
    return _form_page(
        request,
        None,
        form,
        title=_("Steunvraag beantwoorden"),
        intro=support.what,
        submit=_("Antwoord versturen"),
        back=reverse("plans:professional"),
        question=support.plan.question,
    )


# --- Personal links (participants) ------------------------------------------------------------


def _link_version(person: Person) -> PlanVersion | None:
    return access.plan_versions_for_person(person).order_by("-number").first()


def _main_person_plan(person: Person) -> Plan | None:
    """The plan a main person may still read as a draft and choose recipients for."""
    if not person.is_main_person:
        return None
    plan = Plan.objects.filter(case=person.case).first()
    if plan is None or person.case.status not in services.PLAN_STATES:
        return None
    return plan


@require_GET
def link_plan(request: HttpRequest, token: str) -> HttpResponse:
    """A participant reads the plan they were sent.

    The main person also sees the draft, what a professional says is missing, and chooses who
    receives the plan.
    """
    person = access.person_for_link(request, token, "plan")
    version = _link_version(person)
    own_plan = _main_person_plan(person)
    not_met: list[Any] = []
    draft = None
    choose_form = None
    if own_plan is not None:
        safety = services.safety_rows(own_plan)
        for row in safety:
            if row.assessment is not None and row.assessment.outcome == "not_met":
                row.assessment.requirement = row.requirement  # already loaded: no extra query
                not_met.append(row.assessment)
        if not own_plan.versions.filter(number=own_plan.version).exists():
            draft = services.mark_stale(services.display(services.snapshot(own_plan)), safety)
            choices = services.recipient_choices(person.case)
            initial = (
                list(own_plan.chosen_recipients.values_list("pk", flat=True))
                if own_plan.recipients_chosen_at
                else [p.pk for p in choices]
            )
            choose_form = forms.DeliverForm(choices=choices, initial={"recipients": initial})
            choose_form.fields["recipients"].label = _("Wie mag het plan krijgen?")
            choose_form.fields["recipients"].help_text = _(
                "U krijgt het plan zelf altijd. Iedereen krijgt een persoonlijke link per e-mail."
            )
    if version is None and own_plan is None:
        raise Http404
    if version is not None:
        record(
            Action.VIEW,
            version,
            request=request,
            case=person.case,
            actor_label=f"link:plan:{person.uuid}",
        )
    mine = services.tasks_of(version.content, person) if version else []
    return render(
        request,
        "plans/link_plan.html",
        {
            "person": person,
            "version": version,
            "content": services.display(version.content) if version else None,
            "draft": draft,
            "choose_form": choose_form,
            "chosen_at": own_plan.recipients_chosen_at if own_plan else None,
            "not_met": not_met,
            "mine": services.display({**version.content, "agreements": mine})["agreements"]
            if version
            else [],
            "token": token,
        },
    )


@require_POST
def link_choose_recipients(request: HttpRequest, token: str) -> HttpResponse:
    """The main person chooses who receives the plan."""
    person = access.person_for_link(request, token, "plan")
    plan = _main_person_plan(person)
    if plan is None:
        raise Http404
    form = forms.DeliverForm(request.POST, choices=services.recipient_choices(person.case))
    if form.is_valid():
        services.choose_recipients(
            plan, form.cleaned_data["recipients"], person=person, request=request
        )
        messages.success(request, _("Dank u. De coördinator verstuurt het plan naar wie u koos."))
    return redirect("plans:link_plan", token=token)


@require_GET
def link_plan_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The plan PDF, downloaded only after the link is checked."""
    person = access.person_for_link(request, token, "plan")
    version = _link_version(person)
    if version is None:
        raise Http404
    record(
        Action.EXPORT,
        version,
        request=request,
        case=person.case,
        actor_label=f"link:plan:{person.uuid}",
        message=_("Plan gedownload"),
    )
    return _pdf_response(pdf.version_pdf(version), f"plan-{person.case.reference}.pdf")


@require_GET
def link_my_agreements_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """'My agreements': only this participant's tasks and the follow-up date."""
    person = access.person_for_link(request, token, "plan")
    version = _link_version(person)
    if version is None:
        raise Http404
    record(
        Action.EXPORT,
        version,
        request=request,
        case=person.case,
        actor_label=f"link:plan:{person.uuid}",
        message=_("Mijn afspraken gedownload"),
    )
    data = pdf.render_my_agreements(
        version.content,
        person,
        services.tasks_of(version.content, person),
        language="en" if person.language.startswith("en") else "nl",
    )
    return _pdf_response(data, f"mijn-afspraken-{person.case.reference}.pdf")
