"""The circle pages: people and eco-map, one person, safety and contact restrictions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.cases.access import Purpose, get_case_for, get_case_object_for, runs_cases
from kring.cases.models import Case, Part, Variant
from kring.core.htmx import is_htmx
from kring.network import ecomap, services, transitions
from kring.network.access import (
    colleagues_for,
    get_case_for_contribution,
    get_person_for,
    get_requirement_for,
    may_change_requirement,
    record_person_read,
)
from kring.network.forms import (
    ChangeRequirementForm,
    ConsentForm,
    DecisionForm,
    HandOverRequirementForm,
    InformedForm,
    PersonForm,
    RestrictionForm,
    SafetyRequirementForm,
    StatusForm,
    WithdrawRequirementForm,
)
from kring.network.links import open_links
from kring.network.models import (
    ContactRestriction,
    Person,
    PersonStatus,
    RequirementChange,
    RequirementChangeKind,
    SafetyRequirement,
)
from kring.network.services import conflicts


def _people(case: Case) -> list[Person]:
    return list(Person.objects.filter(case=case).select_related("suggested_by", "informed_by"))


def circle_context(case: Case) -> dict[str, object]:
    """Everything the circle page shows; shared with the htmx partial."""
    people = _people(case)
    # A restoration conference has two parties, each with its own circle and main person.
    parties = case.variant == Variant.RESTORATION
    if parties:
        people.sort(key=lambda p: p.party)  # stable: keeps the usual order within a party
    others = [p for p in people if not p.is_main_person]
    return {
        "case": case,
        "people": people,
        "parties": parties,
        "ecomap": ecomap.render(
            people,
            title=_("Ecogram van de kring rond %(name)s") % {"name": case.main_person_first_name},
            parties=parties,
        ),
        "legend": [(label, ecomap.icon_svg(value)) for value, label, _s in ecomap.legend()],
        "icons": {value: ecomap.icon_svg(value, 22) for value, _l, _s in ecomap.legend()},
        "has_main_person": len(others) < len(people),
        "to_inform": [p for p in others if p.informed_on is None],
        "without_consent": [p for p in others if not p.has_consent],
        "counts": {
            "total": len(others),
            "coming": sum(p.status == PersonStatus.COMING for p in others),
        },
    }


@login_required
@require_GET
def circle(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The circle: the eco-map, the people as a table, and who still has to be informed."""
    case = get_case_for(request, case_uuid, Purpose.VIEW)
    template = "network/circle.html"
    if is_htmx(request):
        template += "#ecomap"
    context = {**circle_context(case), "runs_case": runs_cases(request.user)}
    return render(request, template, context)


@login_required
@require_POST
def add_main_people(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Put the main person(s) of the case in the centre of the circle."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    services.add_main_people(case, actor=request.user, request=request)
    return redirect("network:circle", case_uuid=case.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def add_person(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Add someone to the circle."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = PersonForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        person = services.add_person(case, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("%(name)s staat in de kring.") % {"name": person.name})
        if "again" in request.POST:
            return redirect("network:add_person", case_uuid=case.uuid)
        return redirect("network:circle", case_uuid=case.uuid)
    return render(
        request,
        "network/person_form.html",
        {"case": case, "form": form, "runs_case": runs_cases(request.user)},
    )


def _person_page(
    request: AuthenticatedHttpRequest, case: Case, person: Person, **forms: BaseForm
) -> HttpResponse:
    defaults = {
        "edit_form": PersonForm(instance=person, case=case),
        "consent_form": ConsentForm(
            initial={"given_by": case.main_person_first_name}, prefix="consent"
        ),
        "informed_form": InformedForm(prefix="informed"),
        "status_form": StatusForm(initial={"status": person.status}, prefix="status"),
    }
    defaults.update(forms)
    status = 400 if forms else 200
    if forms:
        # The page is shown again with the person's details: that is a read too.
        record_person_read(person, request=request)
    clashes = [
        c
        for c in services.conflicts(case)
        if person.pk in (c.restriction.person_a_id, c.restriction.person_b_id)
    ]
    return render(
        request,
        "network/person.html",
        {
            "case": case,
            "person": person,
            "icon": ecomap.icon_svg(person.status),
            "invitations": list(person.invitations.all()[:20]),
            "open_links": open_links(person),
            "clashes": clashes,
            "runs_case": runs_cases(request.user),
            **defaults,
        },
        status=status,
    )


@login_required
@require_GET
def person_detail(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """One person: details, consent, informing, invitation."""
    case = get_case_for(request, case_uuid, Purpose.VIEW)
    person = get_person_for(case, person_uuid, request=request, purpose=Purpose.VIEW)
    return _person_page(request, case, person)


@login_required
@require_POST
def revoke_links(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Stop every personal link of this person (a lost letter, a forwarded mail)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    count = services.revoke_person_links(person, actor=request.user, request=request)
    messages.success(
        request,
        _(
            "%(count)s persoonlijke links werken niet meer. Een nieuwe uitnodiging of brief geeft "
            "een nieuwe link."
        )
        % {"count": count},
    )
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def edit_person(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Change a person's details (name, contact, ring, needs, parts)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    form = PersonForm(request.POST, instance=person, case=case)
    if not form.is_valid():
        person.refresh_from_db()
        return _person_page(request, case, person, edit_form=form)
    services.update_person(person, form.cleaned_data, actor=request.user, request=request)
    messages.success(request, _("De gegevens zijn opgeslagen."))
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def remove_person(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Take someone out of the circle."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    try:
        services.remove_person(person, actor=request.user, request=request)
    except services.PersonInUse as refused:
        messages.error(request, str(refused))
        return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)
    messages.success(request, _("%(name)s staat niet meer in de kring.") % {"name": person.name})
    return redirect("network:circle", case_uuid=case.uuid)


@login_required
@require_POST
def give_consent(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Record the main person's consent for this person."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    form = ConsentForm(request.POST, prefix="consent")
    if not form.is_valid():
        return _person_page(request, case, person, consent_form=form)
    services.record_consent(
        person,
        given_by=form.cleaned_data["given_by"],
        on_behalf_of_minor=form.cleaned_data["on_behalf_of_minor"],
        actor=request.user,
        request=request,
    )
    messages.success(request, _("De toestemming is vastgelegd."))
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def withdraw_consent(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Withdraw consent: links revoked, no invitations or sharing any more."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    services.withdraw_consent(person, actor=request.user, request=request)
    messages.success(
        request,
        _("De toestemming is ingetrokken. %(name)s krijgt geen uitnodiging of informatie meer.")
        % {"name": person.name},
    )
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def record_informed(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Record that the coordinator informed this person, and what they asked."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    form = InformedForm(request.POST, prefix="informed")
    if not form.is_valid():
        return _person_page(request, case, person, informed_form=form)
    services.record_informed(
        person,
        informed_on=form.cleaned_data["informed_on"],
        channel=form.cleaned_data["channel"],
        note=form.cleaned_data["note"],
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Vastgelegd dat %(name)s is geïnformeerd.") % {"name": person.name})
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


@login_required
@require_POST
def set_status(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Record a status by hand (e.g. an answer given on the phone)."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    form = StatusForm(request.POST, prefix="status")
    if not form.is_valid():
        return _person_page(request, case, person, status_form=form)
    try:
        transitions.set_by_hand(
            person, form.cleaned_data["status"], actor=request.user, request=request
        )
    except transitions.TransitionError as error:
        for reason in error.reasons:
            form.add_error("status", reason)
        return _person_page(request, case, person, status_form=form)
    messages.success(request, _("De status is aangepast."))
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)


# --- Safety: minimum requirements and contact restrictions ----------------------------------


@dataclass
class RequirementRow:
    """One requirement on the safety page, with the forms its viewer may use."""

    requirement: SafetyRequirement
    may_change: bool
    history: list[RequirementChange] = field(default_factory=list)
    change_form: BaseForm | None = None
    withdraw_form: BaseForm | None = None
    hand_over_form: HandOverRequirementForm | None = None
    open_form: str = ""
    withdraw_reason: str = ""


def _requirement_rows(
    request: AuthenticatedHttpRequest,
    case: Case,
    people: list[Person],
    failed: tuple[int, str, BaseForm] | None,
) -> tuple[list[RequirementRow], list[RequirementRow]]:
    """The requirements in force (with forms for the ones the viewer may change) and, for the
    people who run the case, the withdrawn ones; three queries whatever their number."""
    by_pk = {p.pk: p for p in people}
    everything = list(SafetyRequirement.all_objects.filter(case=case).order_by("set_on", "id"))
    for r in everything:
        r.set_by = by_pk.get(r.set_by_id) or r.set_by
    own = [r for r in everything if may_change_requirement(request.user, r)]
    history: dict[int, list[RequirementChange]] = {}
    if own:
        for change in RequirementChange.objects.filter(requirement__in=own).select_related(
            "changed_by"
        ):
            change.old_set_by = by_pk.get(change.old_set_by_id or 0)
            history.setdefault(change.requirement_id, []).append(change)
    rows = []
    for r in everything:
        if r.withdrawn_at is not None:
            continue
        row = RequirementRow(r, may_change=r in own, history=history.get(r.pk, []))
        if row.may_change:
            key = r.uuid.hex
            row.change_form = ChangeRequirementForm(
                initial={"text": r.text, "organisation": r.organisation}, prefix=f"change-{key}"
            )
            row.withdraw_form = WithdrawRequirementForm(prefix=f"withdraw-{key}")
            colleagues = colleagues_for(r, people)
            if colleagues:
                row.hand_over_form = HandOverRequirementForm(
                    colleagues=colleagues, prefix=f"handover-{key}"
                )
            if failed is not None and failed[0] == r.pk:
                row.open_form = failed[1]
                setattr(row, f"{failed[1]}_form", failed[2])
        rows.append(row)
    withdrawn = [
        RequirementRow(
            r,
            may_change=False,
            withdraw_reason=next(
                (
                    h.note
                    for h in reversed(history.get(r.pk, []))
                    if h.kind == RequirementChangeKind.WITHDRAWN
                ),
                "",
            ),
        )
        for r in everything
        if r.withdrawn_at is not None and r in own
    ]
    return rows, withdrawn


def _safety_page(
    request: AuthenticatedHttpRequest,
    case: Case,
    status: int = 200,
    *,
    failed: tuple[int, str, BaseForm] | None = None,
    **forms: BaseForm,
) -> HttpResponse:
    # A professional in the circle sees the requirements and changes their own; the contact
    # restrictions are for the people who run the case and never reach a professional's page.
    runs_case = runs_cases(request.user)
    people = list(Person.objects.filter(case=case))
    rows, withdrawn = _requirement_rows(request, case, people, failed)
    context: dict[str, object] = {
        "case": case,
        "requirements": rows,
        "withdrawn": withdrawn,
        "requirement_form": SafetyRequirementForm(case=case, user=request.user, prefix="req"),
        "runs_case": runs_case,
    }
    if runs_case:
        context.update(
            restrictions=list(
                ContactRestriction.objects.filter(case=case).select_related(
                    "person_a", "person_b", "decided_by"
                )
            ),
            conflicts={
                c.restriction.pk: [str(Part(p).label) for p in c.shared_parts]
                for c in conflicts(case)
            },
            restriction_form=RestrictionForm(case=case, prefix="res"),
            decision_form=DecisionForm(prefix="dec"),
        )
    context.update(forms)
    return render(request, "network/safety.html", context, status=status)


@login_required
@require_GET
def safety(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Minimum requirements and contact restrictions of a case."""
    case = get_case_for_contribution(request, case_uuid, Purpose.VIEW)
    return _safety_page(request, case)


@login_required
@require_POST
def add_requirement(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """A professional in the circle (or the coordinator on their behalf) sets a minimumeis."""
    case = get_case_for_contribution(request, case_uuid, Purpose.CHANGE)
    form = SafetyRequirementForm(request.POST, case=case, user=request.user, prefix="req")
    if not form.is_valid():
        return _safety_page(request, case, 400, requirement_form=form)
    services.add_safety_requirement(case, actor=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("De minimumeis is vastgelegd."))
    return redirect("network:safety", case_uuid=case.uuid)


@login_required
@require_POST
def change_requirement(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, requirement_uuid: uuid.UUID
) -> HttpResponse:
    """The author (or the coordinator for them) changes a requirement's text."""
    case = get_case_for_contribution(request, case_uuid, Purpose.CHANGE)
    requirement = get_requirement_for(request, case, requirement_uuid)
    form = ChangeRequirementForm(request.POST, prefix=f"change-{requirement.uuid.hex}")
    if not form.is_valid():
        return _safety_page(request, case, 400, failed=(requirement.pk, "change", form))
    services.change_requirement(
        requirement,
        text=form.cleaned_data["text"],
        organisation=form.cleaned_data["organisation"],
        actor=request.user,
        request=request,
    )
    messages.success(
        request,
        _(
            "De minimumeis is gewijzigd. Een eerder oordeel over het plan moet opnieuw "
            "worden gegeven."
        ),
    )
    return redirect("network:safety", case_uuid=case.uuid)


@login_required
@require_POST
def withdraw_requirement(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, requirement_uuid: uuid.UUID
) -> HttpResponse:
    """The author (or the coordinator for them) withdraws a requirement, with a reason."""
    case = get_case_for_contribution(request, case_uuid, Purpose.CHANGE)
    requirement = get_requirement_for(request, case, requirement_uuid)
    form = WithdrawRequirementForm(request.POST, prefix=f"withdraw-{requirement.uuid.hex}")
    if not form.is_valid():
        return _safety_page(request, case, 400, failed=(requirement.pk, "withdraw", form))
    services.withdraw_requirement(
        requirement, reason=form.cleaned_data["reason"], actor=request.user, request=request
    )
    messages.success(request, _("De minimumeis is ingetrokken. Hij telt niet meer mee."))
    return redirect("network:safety", case_uuid=case.uuid)


@login_required
@require_POST
def hand_over_requirement(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, requirement_uuid: uuid.UUID
) -> HttpResponse:
    """Hand a requirement to a colleague of the same organisation in the circle."""
    case = get_case_for_contribution(request, case_uuid, Purpose.CHANGE)
    requirement = get_requirement_for(request, case, requirement_uuid)
    colleagues = colleagues_for(requirement, list(Person.objects.filter(case=case)))
    form = HandOverRequirementForm(
        request.POST, colleagues=colleagues, prefix=f"handover-{requirement.uuid.hex}"
    )
    if not form.is_valid():
        return _safety_page(request, case, 400, failed=(requirement.pk, "hand_over", form))
    colleague = form.colleague()
    services.hand_over_requirement(
        requirement,
        to=colleague,
        reason=form.cleaned_data["reason"],
        actor=request.user,
        request=request,
    )
    messages.success(
        request, _("%(name)s beoordeelt deze minimumeis nu.") % {"name": colleague.name}
    )
    return redirect("network:safety", case_uuid=case.uuid)


@login_required
@require_POST
def add_restriction(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Record two people who must not meet."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    form = RestrictionForm(request.POST, case=case, prefix="res")
    if not form.is_valid():
        return _safety_page(request, case, 400, restriction_form=form)
    services.add_restriction(case, actor=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("De contactbeperking is vastgelegd."))
    return redirect("network:safety", case_uuid=case.uuid)


@login_required
@require_POST
def decide_restriction(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, restriction_uuid: uuid.UUID
) -> HttpResponse:
    """Resolve a restriction conflict with an explicit decision and reason."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    restriction = get_case_object_for(case, ContactRestriction, restriction_uuid)
    form = DecisionForm(request.POST, prefix="dec")
    if not form.is_valid():
        return _safety_page(request, case, 400, decision_form=form)
    services.decide_restriction(
        restriction, reason=form.cleaned_data["reason"], actor=request.user, request=request
    )
    messages.success(request, _("Het besluit is vastgelegd."))
    return redirect("network:safety", case_uuid=case.uuid)
