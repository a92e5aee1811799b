"""Delivering the plan: what must be ready, who the main person chose, and the frozen version
with a personal link for each recipient.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.models import Case
from kring.cases.states import Status, StopReason
from kring.conferences import services as conference_services
from kring.conferences.models import Conference
from kring.network.models import Person, Ring
from kring.plans import notices, tasks
from kring.plans.models import (
    Outcome,
    Plan,
    PlanRecipient,
    PlanVersion,
)
from kring.plans.safety import SafetyRow, safety_rows
from kring.plans.versions import canonical_text, snapshot
from kring.plans.writing import PlanError, main_people, plan_language


def delivery_blockers(case: Case, *, safety: list[SafetyRow] | None = None) -> list[str]:
    """Why the plan cannot be delivered yet (empty when it can); registered as a guard.

    A page that already has `safety_rows(plan)` may pass them in to save the queries.
    """
    plan = Plan.objects.filter(case=case).first()
    if plan is None:
        return [_("Er is nog geen plan.")]
    reasons: list[str] = []
    if not plan.agreements.exists():
        reasons.append(_("Het plan heeft nog geen afspraken."))
    if plan.follow_up_at is None:
        reasons.append(_("Vul in wanneer iedereen weer bij elkaar komt (vervolgbijeenkomst)."))
    if not plan.follow_up_place.strip():
        reasons.append(_("Vul in waar de vervolgbijeenkomst is."))
    if not plan.follow_up_organiser.strip():
        reasons.append(_("Vul in wie de vervolgbijeenkomst organiseert."))
    for row in safety_rows(plan) if safety is None else safety:
        text = row.requirement.text[:80]
        if row.assessment is None:
            reasons.append(
                _("De minimumeis '%(text)s' is nog niet beoordeeld door de professional.")
                % {"text": text}
            )
        elif row.assessment.outcome == Outcome.NOT_MET:
            reasons.append(
                _("De professional vindt dat het plan niet voldoet aan '%(text)s'.")
                % {"text": text}
            )
        elif row.stale:
            # A "met" (or a decision) only holds for the agreements the professional saw.
            reasons.append(
                _(
                    "De afspraken voor de minimumeis '%(text)s' zijn veranderd na de "
                    "beoordeling. Vraag de professional opnieuw te beoordelen."
                )
                % {"text": text}
            )
    return reasons


def recipient_choices(case: Case) -> list[Person]:
    """Who may receive the plan: the main people, participants with consent, professionals."""
    return [
        p
        for p in Person.objects.filter(case=case).order_by("-is_main_person", "ring", "name", "id")
        if p.has_consent or p.ring == Ring.PROFESSIONALS
    ]


def choose_recipients(
    plan: Plan, people: Iterable[Person], *, person: Person, request: HttpRequest | None = None
) -> list[Person]:
    """The main person chooses, through their own link, who receives the plan."""
    if not person.is_main_person or person.case_id != plan.case_id:
        raise PlanError([_("Alleen de hoofdpersoon kiest wie het plan krijgt.")])
    allowed = {p.pk for p in recipient_choices(plan.case)}
    chosen = [p for p in people if p.pk in allowed]
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        plan.chosen_recipients.set(chosen)
        plan.recipients_chosen_at = timezone.now()
        plan.save(update_fields=["recipients_chosen_at", "updated_at"])
        record(
            Action.UPDATE,
            plan,
            request=request,
            case=plan.case,
            actor_label=f"link:plan:{person.uuid}",
            changes={"chosen_recipients": sorted(str(p.uuid) for p in chosen)},
            message=_("De hoofdpersoon koos wie het plan krijgt"),
        )
    return chosen


def ask_main_person(plan: Plan, *, actor: User, request: HttpRequest | None = None) -> int:
    """Mail the main person(s) a personal link to read the draft and choose the recipients."""
    people = list(
        Person.objects.filter(case=plan.case, is_main_person=True)
        .exclude(email="")
        .select_related("case")
    )
    if not people:
        raise PlanError([_("De hoofdpersoon heeft geen e-mailadres. Vraag het samen na.")])
    with transaction.atomic():
        record(
            Action.SEND,
            plan,
            actor=actor,
            request=request,
            case=plan.case,
            message=_("Hoofdpersoon gevraagd wie het plan krijgt"),
        )
        notices.choice_requested(people)
    return len(people)


def deliver(
    case: Case,
    recipients: Iterable[Person],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Freeze the current plan as a delivered version and send a personal link to each recipient.

    The first delivery moves the case to PLAN_DELIVERED. A plan made without a conference is
    delivered and the case then stops with reason PLAN_WITHOUT_CONFERENCE. Later deliveries
    (after a change) only add a version.
    """
    with transitions.locked(case) as case:
        plan = Plan.objects.select_for_update().get(case=case)
        reasons = delivery_blockers(case)
        if plan.made_without_conference and case.status not in {
            Status.IN_PREPARATION,
            Status.CONFERENCE_SCHEDULED,
        }:
            reasons.append(_("Een plan zonder conferentie kan alleen vóór de conferentie."))
        if not plan.made_without_conference and case.status not in {
            Status.CONFERENCE_HELD,
            Status.PLAN_DELIVERED,
            Status.CHECK_IN_DONE,
            Status.FOLLOW_UP,
        }:
            reasons.append(_("Het plan kan pas worden verstuurd na de conferentie."))
        if PlanVersion.objects.filter(plan=plan, number=plan.version).exists():
            reasons.append(_("Deze versie is al verstuurd. Verander eerst iets aan het plan."))
        if reasons:
            raise PlanError(reasons)
        recipients = list(recipients)
        allowed = {p.pk for p in recipient_choices(case)}
        chosen = [p for p in recipients if p.pk in allowed]
        for person in main_people(case):
            if person not in chosen:
                chosen.append(person)
        content = snapshot(plan)
        language = plan_language(case)
        version = PlanVersion.objects.create(
            plan=plan,
            number=plan.version,
            content=content,
            text=canonical_text(content),
            language=language,
            delivered_by=actor,
        )
        PlanRecipient.objects.bulk_create(
            [PlanRecipient(version=version, person=p) for p in chosen]
        )
        record(
            Action.SEND,
            version,
            actor=actor,
            request=request,
            case=case,
            changes={"version": version.number, "recipients": len(chosen)},
            message=_("Plan verstuurd"),
        )
        if plan.made_without_conference:
            if (
                case.status == Status.CONFERENCE_SCHEDULED
                and Conference.objects.filter(case=case, cancelled_at__isnull=True).exists()
            ):
                # The meeting will not happen: everyone who may come gets a CANCEL first.
                conference_services.cancel(
                    case,
                    reason=_("Het plan is gemaakt zonder conferentie."),
                    actor=actor,
                    request=request,
                )
            transitions.stop_case(
                case,
                actor=actor,
                request=request,
                reason=StopReason.PLAN_WITHOUT_CONFERENCE,
                note=plan.no_conference_reason,
            )
        elif case.status == Status.CONFERENCE_HELD:
            transitions.deliver_plan(case, actor=actor, request=request, check=delivery_blockers)

        notices.plan_delivered(
            PlanRecipient.objects.filter(version=version).select_related("person__case", "version")
        )
        version_id = version.pk
        transaction.on_commit(lambda: tasks.render_version_pdf.enqueue(version_id))
    return version
