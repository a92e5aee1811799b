"""The case's facts page: correct the facts and the main people, and see what changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.cases import facts
from kring.cases.access import (
    Purpose,
    cases_for,
    get_case_for,
    get_case_object_for,
    may_change_facts,
    may_change_staff_facts,
)
from kring.cases.forms import FactsForm, facts_initial
from kring.cases.models import Case, CaseFactChange, CasePerson
from kring.cases.transitions import TransitionError
from kring.intake.choices import MAX_MAIN_PEOPLE
from kring.intake.forms import MainPersonForm

HISTORY_CAP = 50
NEW_PERSON = "nieuw"


@dataclass(frozen=True)
class HistoryRow:
    change: CaseFactChange
    label: str
    old: str
    new: str


def _prefix(person: CasePerson) -> str:
    return f"hp-{person.uuid.hex[:12]}"


def person_initial(person: CasePerson) -> dict[str, Any]:
    """A main person's details as the person form's values."""
    return {
        "name": person.name,
        "relation": person.relation,
        "main_language": person.main_language,
        "languages": [c for c in person.languages if c != person.main_language],
        "phone": person.phone,
        "email": person.email,
        "age": person.age,
        "is_minor": person.is_minor,
    }


def _person_form(person: CasePerson, data: object = None) -> MainPersonForm:
    return MainPersonForm(data, prefix=_prefix(person), initial=person_initial(person))


def _history(case: Case) -> list[HistoryRow]:
    changes = CaseFactChange.objects.filter(case=case).select_related("changed_by", "person")
    return [
        HistoryRow(
            change=c,
            label=facts.field_label(c.field),
            old=facts.shown(c.field, c.old_value),
            new=facts.shown(c.field, c.new_value),
        )
        for c in changes[:HISTORY_CAP]
    ]


def _render(
    request: AuthenticatedHttpRequest,
    case: Case,
    *,
    facts_form: FactsForm | None = None,
    person_form: MainPersonForm | None = None,
    add_form: MainPersonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    staff = may_change_staff_facts(request.user, case)
    people = list(case.main_people.all())
    forms = []
    for person in people:
        form = _person_form(person)
        if person_form is not None and person_form.prefix == _prefix(person):
            form = person_form
        forms.append((person, form))
    return render(
        request,
        "cases/facts.html",
        {
            "case": case,
            "staff_facts": staff,
            "facts_form": facts_form
            or FactsForm(prefix="feiten", staff=staff, initial=facts_initial(case)),
            "person_forms": forms,
            "add_form": add_form or MainPersonForm(prefix=NEW_PERSON),
            "may_add": len(people) < MAX_MAIN_PEOPLE,
            "may_remove": len(people) > 1,
            "max_people": MAX_MAIN_PEOPLE,
            "history": _history(case),
            "history_cap": HISTORY_CAP,
        },
        status=status,
    )


def _case_for_change(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> Case:
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    if not may_change_facts(request.user, case):
        raise PermissionDenied
    return case


def _back(case: Case, anchor: str = "") -> str:
    return reverse("cases:facts", args=[case.uuid]) + anchor


@login_required
@require_http_methods(["GET", "POST"])
def facts_page(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The case's facts, to correct; every change is kept with its old value."""
    case = _case_for_change(request, case_uuid)
    if request.method != "POST":
        return _render(request, get_case_for(request, case_uuid, Purpose.VIEW))
    staff = may_change_staff_facts(request.user, case)
    form = FactsForm(request.POST, prefix="feiten", staff=staff, initial=facts_initial(case))
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render(request, case, facts_form=form, status=400)
    rows = facts.change_facts(
        case, form.cleaned_data, actor=request.user, staff=staff, request=request
    )
    if not rows:
        messages.info(request, _("Er was niets veranderd."))
        return redirect(_back(case))
    messages.success(request, _("De gegevens zijn opgeslagen. De oude waarden staan hieronder."))
    if not cases_for(request.user).filter(pk=case.pk).exists():
        # Moved to a region this manager does not work in: the case is no longer theirs.
        messages.info(request, _("Het traject hoort nu bij een andere regio."))
        return redirect("portal:start")
    return redirect(_back(case))


@login_required
@require_POST
def person_edit(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, main_person_uuid: uuid.UUID
) -> HttpResponse:
    """Correct one main person's details."""
    case = _case_for_change(request, case_uuid)
    person = get_case_object_for(case, CasePerson, main_person_uuid)
    form = _person_form(person, request.POST)
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render(request, case, person_form=form, status=400)
    changed = facts.change_person(person, form.cleaned_data, actor=request.user, request=request)
    if changed:
        messages.success(
            request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": person.name}
        )
    else:
        messages.info(request, _("Er was niets veranderd."))
    return redirect(_back(case, f"#{_prefix(person)}"))


@login_required
@require_POST
def person_add(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Name another main person."""
    case = _case_for_change(request, case_uuid)
    form = MainPersonForm(request.POST, prefix=NEW_PERSON)
    if not form.is_valid():
        case = get_case_for(request, case_uuid, Purpose.VIEW)
        return _render(request, case, add_form=form, status=400)
    try:
        person = facts.add_person(case, form.cleaned_data, actor=request.user, request=request)
    except TransitionError as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return redirect(_back(case))
    messages.success(request, _("%(name)s is toegevoegd.") % {"name": person.name})
    return redirect(_back(case, f"#{_prefix(person)}"))


@login_required
@require_POST
def person_remove(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, main_person_uuid: uuid.UUID
) -> HttpResponse:
    """Take someone off the main people (the last one stays)."""
    case = _case_for_change(request, case_uuid)
    person = get_case_object_for(case, CasePerson, main_person_uuid)
    try:
        facts.remove_person(person, actor=request.user, request=request)
    except TransitionError as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return redirect(_back(case))
    messages.success(request, _("%(name)s is weggehaald.") % {"name": person.name})
    return redirect(_back(case))
