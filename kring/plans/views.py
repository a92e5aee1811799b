"""Pages for the plan: writing it down, the safety assessment, versions, delivery, check-in."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.forms import BaseForm
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role
from kring.audit.services import Action, record
from kring.cases import states
from kring.cases.access import (
    Purpose,
    cases_for,
    check_in_opens_on,
    get_case_for,
    may_record_check_in,
)
from kring.cases.models import Case, Part
from kring.cases.states import Status
from kring.cases.transitions import TransitionError
from kring.conferences.models import ConferenceRecord
from kring.core.downloads import pdf_response
from kring.core.paging import keyset_page
from kring.network.models import Person, Ring
from kring.plans import (
    access,
    delivery,
    family,
    forms,
    notices,
    pdf,
    versions,
    writing,
)
from kring.plans import (
    check_in as check_in_call,
)
from kring.plans import (
    safety as plan_safety,
)
from kring.plans.models import (
    Agreement,
    AgreementProgress,
    FollowUpRequest,
    Outcome,
    Plan,
    PlanVersion,
)


def _data(request: AuthenticatedHttpRequest) -> QueryDict | None:
    """Bound data on POST (even when empty, so an empty choice is an answer), else None."""
    return request.POST if request.method == "POST" else None


def _purpose(request: AuthenticatedHttpRequest) -> Purpose:
    return Purpose.CHANGE if request.method == "POST" else Purpose.VIEW


def _case(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> Case:
    return get_case_for(request, case_uuid, _purpose(request))


def _plan(case: Case) -> Plan:
    plan = writing.plan_for(case)
    if plan is None:
        raise Http404
    return plan


def _editable_plan(case: Case) -> Plan:
    """The plan, if it may still be changed (not after the case was closed or stopped)."""
    if case.status not in states.PLAN_STATES:
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


def _plan_url(case: Case) -> str:
    return reverse("plans:detail", args=[case.uuid])


def _form_page(
    request: AuthenticatedHttpRequest, case: Case | None, form: BaseForm, **context: object
) -> HttpResponse:
    return render(request, "plans/form.html", {"case": case, "form": form, **context})


# --- Conference record -------------------------------------------------------------------------


# --- The plan ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_detail(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The plan as it is now, what still blocks delivery, and the delivered versions."""
    case = _case(request, case_uuid)
    # The plan with everything its snapshot needs, read once for the content, the blockers
    # and the versions (issue 15: this page ran 25 queries).
    plan = versions.plan_queryset().filter(case=case).first()
    context: dict[str, Any] = {"case": case, "plan": plan, **versions.CONTENT_STATES}
    if plan is not None:
        # The case's requirements read once, for the snapshot and the safety rows.
        requirements = list(versions.standing_requirements(case.pk))
        content = versions.snapshot(plan, loaded=True, requirements=requirements)
        safety = plan_safety.safety_rows(plan, requirements)
        delivered = list(plan.versions.only("number", "delivered_at", "plan_id"))
        context.update(
            content=plan_safety.mark_stale(versions.display(content), safety),
            blockers=delivery.delivery_blockers(case, safety=safety, plan=plan),
            versions=delivered,
            safety=safety,
            # Prefetched with their professional by `plan_queryset`.
            support=list(plan.support_requests.all()),
            delivered_current=any(v.number == plan.version for v in delivered),
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
    context["family_draft"] = family.presented_draft(case)
    if plan is not None:
        context["follow_up_requests"] = family.open_follow_up_requests(plan)
        context["progress"] = list(
            AgreementProgress.objects.filter(agreement__plan=plan)
            .select_related("agreement", "person")
            .order_by("agreement__position", "agreement_id", "marked_at")[:100]
        )
    context["check_in_due"] = case.check_in_due if case.status in states.CHECK_IN_STATES else None
    context["check_in_opens"] = check_in_opens_on(case)
    context["may_record_check_in"] = may_record_check_in(request.user, case)
    return render(request, "plans/detail.html", context)


@login_required
@require_POST
def plan_start(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Start writing the plan down (it begins with the central question)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if case.status not in states.PLAN_STATES:
        raise Http404
    writing.start_plan(case, actor=request.user, request=request)
    return redirect(_plan_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Change the question, contingency, follow-up and who agreed."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    people = _people(case)
    form = forms.PlanForm(
        _data(request),
        instance=plan,
        participants=_participants(people),
        allow_without_conference=case.status in states.BEFORE_CONFERENCE_STATES,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agreed_by"}
        # The ModelForm already put the values on the instance; reload to diff properly.
        plan = Plan.objects.get(pk=plan.pk)
        writing.update_plan(
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
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, agreement_uuid: uuid.UUID | None = None
) -> HttpResponse:
    """Add an agreement, or change one."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    agreement = None
    if agreement_uuid is not None:
        agreement = Agreement.objects.filter(plan=plan, uuid=agreement_uuid).first()
        if agreement is None:
            raise Http404
    requirements = list(versions.standing_requirements(case.pk))
    form = forms.AgreementForm(
        _data(request),
        instance=agreement,
        participants=_participants(_people(case)),
        requirements=requirements,
    )
    if request.method == "POST" and form.is_valid():
        if agreement is not None:
            agreement = Agreement.objects.get(pk=agreement.pk)
        writing.save_agreement(
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
def agreement_delete(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, agreement_uuid: uuid.UUID
) -> HttpResponse:
    """Take an agreement out of the plan."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    plan = _editable_plan(case)
    agreement = Agreement.objects.filter(plan=plan, uuid=agreement_uuid).first()
    if agreement is None:
        raise Http404
    writing.delete_agreement(agreement, actor=request.user, request=request)
    messages.success(request, _("De afspraak is uit het plan gehaald."))
    return redirect(_plan_url(case) + "#afspraken")


@login_required
@require_http_methods(["GET", "POST"])
def support_new(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The plan asks a professional organisation for support."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    form = forms.SupportForm(_data(request), professionals=_professionals(_people(case)))
    if request.method == "POST" and form.is_valid():
        writing.add_support_request(plan, form.cleaned_data, actor=request.user, request=request)
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
def ask_assessment(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Mail the professional(s) who set minimum requirements that the plan is ready to assess."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    plan = _editable_plan(case)
    try:
        n = plan_safety.ask_assessment(plan, actor=request.user, request=request)
    except writing.PlanError as exc:
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
def ask_main_person(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Mail the main person(s) a link to read the draft plan and choose who receives it."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    plan = _editable_plan(case)
    try:
        delivery.ask_main_person(plan, actor=request.user, request=request)
    except writing.PlanError as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("De hoofdpersoon heeft een persoonlijke link gekregen."))
    return redirect(_plan_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def deliver(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The main person chooses the recipients; the plan is frozen as a version and sent."""
    case = _case(request, case_uuid)
    plan = _editable_plan(case)
    choices = delivery.recipient_choices(case)
    # Nobody is ticked for the family: only what the main person chose themselves.
    initial = (
        list(plan.chosen_recipients.values_list("pk", flat=True))
        if plan.recipients_chosen_at is not None
        else []
    )
    form = forms.DeliverForm(
        _data(request),
        choices=choices,
        cautions=delivery.recipient_cautions(case, choices),
        initial={"recipients": initial},
    )
    blockers = delivery.delivery_blockers(case)
    if request.method == "POST" and form.is_valid():
        try:
            version = delivery.deliver(
                case,
                form.cleaned_data["recipients"],
                confirmed=form.cleaned_data["confirmed"],
                actor=request.user,
                request=request,
            )
        except (writing.PlanError, TransitionError) as exc:
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("Versie %(n)s van het plan is verstuurd.") % {"n": version.number},
            )
            if plan.made_without_conference:
                return redirect("portal:start")
            return redirect(_plan_url(case))
    return render(
        request,
        "plans/deliver.html",
        {"case": case, "plan": plan, "form": form, "blockers": blockers},
    )


@login_required
@require_GET
def version_detail(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, number: int
) -> HttpResponse:
    """One delivered version, as it was sent."""
    case = _case(request, case_uuid)
    version = PlanVersion.objects.filter(plan__case=case, number=number).first()
    if version is None:
        raise Http404
    record(
        Action.VIEW,
        version,
        request=request,
        case=case,
        changes={"version": version.number},
        key="plans.version_viewed",
    )
    others = list(PlanVersion.objects.filter(plan__case=case).values_list("number", flat=True))
    return render(
        request,
        "plans/version.html",
        {
            "case": case,
            "version": version,
            "content": versions.display(version.content),
            "others": others,
            **versions.CONTENT_STATES,
        },
    )


@login_required
@require_GET
def version_pdf(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, number: int
) -> HttpResponse:
    """The PDF of a delivered version (cached per version)."""
    case = _case(request, case_uuid)
    version = PlanVersion.objects.filter(plan__case=case, number=number).first()
    if version is None:
        raise Http404
    record(
        Action.EXPORT,
        version,
        request=request,
        case=case,
        changes={"version": version.number},
        key="plans.version_downloaded",
    )
    return pdf_response(pdf.version_pdf(version), f"plan-{case.reference}-v{number}.pdf")


@login_required
@require_GET
def version_diff(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """What changed between two versions (or a version and the current draft)."""
    case = _case(request, case_uuid)
    plan = _plan(case)
    delivered = {v.number: v for v in PlanVersion.objects.filter(plan=plan)}
    try:
        old_n = int(request.GET.get("van", "0"))
        new_n = int(request.GET.get("naar", "0"))
    except ValueError:
        raise Http404 from None
    if old_n not in delivered:
        raise Http404
    old_text = delivered[old_n].text
    if new_n in delivered:
        new_text = delivered[new_n].text
        new_label = _("versie %(n)s") % {"n": new_n}
    else:
        new_text = versions.canonical_text(versions.snapshot(plan))
        new_label = _("het plan zoals het nu is")
    record(
        Action.VIEW,
        plan,
        request=request,
        case=case,
        changes={"from": old_n, "to": new_n if new_n in delivered else "draft"},
        key="plans.versions_compared",
    )
    return render(
        request,
        "plans/diff.html",
        {
            "case": case,
            "lines": versions.diff_lines(old_text, new_text),
            "old_label": _("versie %(n)s") % {"n": old_n},
            "new_label": new_label,
        },
    )


# --- Check-in ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Record the check-in call; this ends the coordinator's task.

    Before the check-in window opens (or when the user may not record it) the page says why and
    shows no form; a POST then is refused (403).
    """
    case = _case(request, case_uuid)
    refused = check_in_call.why_not(request.user, case)
    form = forms.CheckInForm(None if refused else _data(request), case=case)
    status = 403 if refused and request.method == "POST" else 200
    if request.method == "POST" and not refused and form.is_valid():
        try:
            check_in_call.record_check_in(
                case,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        except (writing.PlanError, TransitionError) as exc:
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("Het nabelgesprek is vastgelegd. Uw taak bij %(ref)s is klaar. Dank u wel!")
                % {"ref": case.reference},
            )
            return redirect("portal:start")
    return render(
        request,
        "plans/check_in.html",
        {
            "case": case,
            "form": form,
            "refused": refused,
            "check_in_due": case.check_in_due,
        },
        status=status,
    )


@role_required(Role.COORDINATOR)
@require_GET
def check_ins(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's worklist of check-in calls (plan delivered, call not yet recorded)."""
    qs = cases_for(request.user).filter(status=Status.PLAN_DELIVERED)
    page = keyset_page(qs, order_field="requested_at", cursor=request.GET.get("na"), size=25)
    today = timezone.localdate()
    rows = [
        (c, c.check_in_due, check_in_opens_on(c), may_record_check_in(request.user, c, today=today))
        for c in page.items
    ]
    return render(request, "plans/check_ins.html", {"page": page, "rows": rows, "today": today})


# --- Professionals -----------------------------------------------------------------------------


def _professional_case_url(case: Case) -> str:
    return reverse("portal:professional_case", args=[case.uuid])


@role_required(Role.PROFESSIONAL)
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedHttpRequest, requirement_uuid: uuid.UUID) -> HttpResponse:
    """The professional who set a minimum requirement says whether the plan meets it.

    After a "not met" the professional's case page says plainly who was told and who could
    not be reached.
    """
    requirement = access.get_requirement_for_professional(request, requirement_uuid)
    plan = requirement.case.plan
    form = forms.AssessmentForm(_data(request))
    if request.method == "POST" and form.is_valid():
        assessment = plan_safety.assess_requirement(
            plan,
            requirement,
            outcome=form.cleaned_data["outcome"],
            explanation=form.cleaned_data["explanation"],
            actor=request.user,
            request=request,
        )
        if assessment.outcome == Outcome.NOT_MET:
            messages.success(
                request,
                _("Uw oordeel is vastgelegd. Hieronder ziet u wie er bericht over heeft gekregen."),
            )
        else:
            messages.success(request, _("Uw oordeel is vastgelegd."))
        return redirect(_professional_case_url(requirement.case) + "#eisen-kop")
    agreements = list(plan.agreements.prefetch_related("performers").order_by("position", "id"))
    linked = set(requirement.agreements.values_list("pk", flat=True))
    history = list(requirement.assessments.order_by("assessed_at", "id"))
    latest = history[-1] if history else None
    changes: list[tuple[str, str]] = []
    stale = False
    report = None
    if latest is not None:
        basis = plan_safety.current_bases([requirement], {plan.case_id: plan.contingency})[
            requirement.pk
        ]
        stale = plan_safety.is_stale(latest, basis, plan.revision)
        if stale:
            changes = plan_safety.basis_changes(latest, basis)
        if latest.outcome == Outcome.NOT_MET:
            report = notices.notice_reports([latest]).get(latest.pk)
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
            "report": report,
            "organisation_phone": settings.KRING_PHONE,
            "back": _professional_case_url(requirement.case),
        },
    )


@role_required(Role.PROFESSIONAL)
@require_http_methods(["GET", "POST"])
def support_answer(request: AuthenticatedHttpRequest, support_uuid: uuid.UUID) -> HttpResponse:
    """The professional accepts or declines the support the plan asks for."""
    support = access.get_support_request_for_professional(request, support_uuid)
    back = _professional_case_url(support.plan.case)
    form = forms.SupportAnswerForm(_data(request))
    if request.method == "POST" and form.is_valid():
        writing.answer_support_request(
            support,
            accepted=form.cleaned_data["answer"] == "accept",
            answer=form.cleaned_data["note"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Uw antwoord is vastgelegd."))
        return redirect(back + "#steun-kop")
    return _form_page(
        request,
        None,
        form,
        title=_("Steunvraag beantwoorden"),
        intro=support.what,
        submit=_("Antwoord versturen"),
        back=back,
        question=support.plan.question,
    )


# --- Personal links (participants) ------------------------------------------------------------


# --- The family's own plan and requests ---------------------------------------------------------


@login_required
@require_GET
def family_plan(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The family's draft, once the main person presented it (before that it does not exist
    for anyone outside the family); after it was taken over, side by side with the plan."""
    case = get_case_for(request, case_uuid, Purpose.VIEW)
    draft = family.presented_draft(case)
    if draft is None:
        raise Http404
    record(Action.VIEW, draft, request=request, case=case, key="plans.family_draft_viewed")
    plan = writing.plan_for(case)
    adoptable = draft.adopted_at is None and case.status in states.PLAN_STATES
    return render(
        request,
        "plans/family_plan.html",
        {
            "case": case,
            "draft": draft,
            "lines": family.draft_lines(draft.agreements),
            "form": forms.AdoptDraftForm() if adoptable else None,
            "side_by_side": family.side_by_side(draft, plan)
            if draft.adopted_at is not None and plan is not None
            else None,
        },
    )


@login_required
@require_POST
def family_plan_adopt(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Take the family's presented draft over as the start of the plan."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    draft = family.presented_draft(case)
    if draft is None or case.status not in states.PLAN_STATES:
        raise Http404
    form = forms.AdoptDraftForm(request.POST)
    if form.is_valid():
        try:
            family.adopt_draft(
                draft, due=form.cleaned_data["due"], actor=request.user, request=request
            )
        except writing.PlanError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
        else:
            messages.success(
                request,
                _("Het plan van de familie is het begin van het plan. Vul nu wie en wanneer aan."),
            )
            return redirect(_plan_url(case))
    return render(
        request,
        "plans/family_plan.html",
        {
            "case": case,
            "draft": draft,
            "lines": family.draft_lines(draft.agreements),
            "form": form,
            "side_by_side": None,
        },
        status=400,
    )


@login_required
@require_POST
def follow_up_request_handled(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, follow_up_uuid: uuid.UUID
) -> HttpResponse:
    """The coordinator dealt with the main person's request to move the follow-up meeting."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    asked = (
        FollowUpRequest.objects.select_related("plan__case")
        .filter(plan__case=case, uuid=follow_up_uuid)
        .first()
    )
    if asked is None:
        raise Http404
    family.handle_follow_up_request(asked, actor=request.user, request=request)
    messages.success(request, _("Gemarkeerd als afgehandeld."))
    return redirect(_plan_url(case))
