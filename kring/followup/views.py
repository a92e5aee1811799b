"""Pages after the conference: the follow-up meetings of a case, the manager's follow-up
worklist, the survey (personal link), its answers for the organisation, and switching
reminders off."""

from __future__ import annotations

import contextlib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role
from kring.audit.services import Action, record
from kring.cases.access import Purpose, cases_for, get_case_for, record_list_read
from kring.cases.models import Case
from kring.cases.transitions import TransitionError
from kring.core.paging import keyset_page
from kring.followup import access, forms, meetings, reminders, survey
from kring.followup.models import FollowUp
from kring.languages.services import page_speech, speaking
from kring.network.access import person_for_link
from kring.network.models import LinkPurpose, Person
from kring.plans import safety as plan_safety
from kring.plans.models import Agreement, Plan
from kring.plans.writing import PlanError

HISTORY_CAP = 20
PAGE_SIZE = 25


def _agreements(plan: Plan | None) -> list[Agreement]:
    return list(plan.agreements.all()) if plan is not None else []


def _history(case: Case) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related("present", "progress")
        .order_by("-held_on", "-id")[:HISTORY_CAP]
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_follow_ups(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The case's follow-up meetings, and the form to record one (with the outcome register).

    When the user may not record one now, the page says why and shows no form; a POST is then
    refused (403).
    """
    purpose = Purpose.CHANGE if request.method == "POST" else Purpose.VIEW
    case = get_case_for(request, case_uuid, purpose)
    plan = Plan.objects.filter(case=case).prefetch_related("agreements__performers").first()
    refused = meetings.why_not(request.user, case)
    agreements = _agreements(plan)
    form = forms.FollowUpForm(
        None if refused or request.method != "POST" else request.POST,
        case=case,
        agreements=agreements,
    )
    status = 200
    if request.method == "POST":
        if refused:
            status = 403
        elif form.is_valid():
            next_step = form.cleaned_data["next_step"]
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
                    next_at=form.cleaned_data["next_at"] if next_step == forms.NEXT else None,
                    close=next_step == forms.CLOSE,
                    actor=request.user,
                    request=request,
                )
            except (meetings.FollowUpError, PlanError, TransitionError) as exc:
                for reason in exc.reasons:
                    form.add_error(None, reason)
                status = 400
            else:
                messages.success(
                    request,
                    _("Het traject is afgesloten. Dank u wel!")
                    if next_step == forms.CLOSE
                    else _("De vervolgbijeenkomst is vastgelegd."),
                )
                return redirect("followup:case", case_uuid=case.uuid)
        else:
            status = 400
    history = _history(case)
    if purpose == Purpose.VIEW:
        record(
            Action.VIEW,
            case,
            request=request,
            case=case,
            changes={"rows": len(history)},
            key="followup.viewed",
        )
    safety_rows = plan_safety.safety_rows(plan) if plan is not None else []
    return render(
        request,
        "followup/case.html",
        {
            "case": case,
            "plan": plan,
            "form": form,
            "refused": refused,
            "history": history,
            "safety_rows": safety_rows,
            "stale": [row for row in safety_rows if row.stale or row.assessment is None],
        },
        status=status,
    )


@role_required(Role.REGIONAL_MANAGER, Role.ADMIN)
@require_GET
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The manager's follow-up worklist: late follow-ups (nothing recorded two weeks after the
    planned date) first, then the cases whose follow-up comes next."""
    signals = keyset_page(
        access.open_signals_for(request.user).select_related("case", "case__municipality"),
        order_field="planned_for",
        cursor=request.GET.get("na"),
        size=PAGE_SIZE,
    )
    upcoming = list(
        Plan.objects.filter(
            case__in=cases_for(request.user).filter(status__in=sorted(access.FOLLOW_UP_STATES)),
            follow_up_at__gte=timezone.now(),
        )
        .select_related("case", "case__municipality")
        .order_by("follow_up_at", "id")[:PAGE_SIZE]
    )
    record_list_read(request, "follow_ups", len(signals.items) + len(upcoming))
    return render(
        request,
        "followup/worklist.html",
        {"signals": signals, "upcoming": upcoming},
    )


def _survey_page(
    request: HttpRequest, person: Person, token: str, form: forms.SurveyForm | None, status: int
) -> HttpResponse:
    return render(
        request,
        "followup/survey.html",
        {
            "person": person,
            "form": form,
            "token": token,
            "page_dir": "rtl" if translation.get_language_bidi() else "",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    """The satisfaction survey behind a personal link, in the person's language."""
    person = person_for_link(request, token, LinkPurpose.SURVEY)
    with speaking(page_speech(request, person.language)) as speech:
        request.speech = speech  # type: ignore[attr-defined]
        if survey.has_answered(person):
            return _survey_page(request, person, token, None, 200)
        if request.method != "POST":
            return _survey_page(request, person, token, forms.SurveyForm(), 200)
        form = forms.SurveyForm(request.POST)
        if not form.is_valid():
            return _survey_page(request, person, token, form, 400)
        # A second tab that sent the same survey: the first answer counts, the thanks stay.
        with contextlib.suppress(survey.AlreadyAnswered):
            survey.answer(person, request=request, **form.cleaned_data)
        return render(
            request,
            "followup/survey_thanks.html",
            {"person": person, "page_dir": "rtl" if translation.get_language_bidi() else ""},
        )


@role_required(Role.REGIONAL_MANAGER, Role.ADMIN)
@require_GET
def survey_answers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The survey answers, without names, for the organisation only."""
    page = keyset_page(
        access.survey_answers_for(request.user),
        order_field="month",
        cursor=request.GET.get("na"),
        size=PAGE_SIZE,
    )
    record(
        Action.VIEW,
        None,
        request=request,
        object_type="followup.surveyanswer",
        changes={"rows": len(page.items)},
        key="followup.survey_answers_viewed",
    )
    return render(request, "followup/survey_answers.html", {"page": page})


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """'No more reminders': the link in each reminder mail. GET asks, POST switches off."""
    person = reminders.person_for_opt_out(token)
    if person is None:
        raise Http404
    with speaking(page_speech(request, person.language)) as speech:
        request.speech = speech  # type: ignore[attr-defined]
        done = False
        if request.method == "POST":
            reminders.switch_off(person, request=request)
            done = True
        return render(
            request,
            "followup/opt_out.html",
            {
                "done": done or person.reminders_off,
                "token": token,
                "page_dir": "rtl" if translation.get_language_bidi() else "",
            },
        )
