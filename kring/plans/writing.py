"""Writing the plan down: the plan's own fields, its agreements and the support it asks for.

Views call exactly one domain function per action. Each runs in `transaction.atomic`, writes
audit events in the same transaction and queues mail and PDF work with `on_commit`; status
changes go through the named verbs in `kring.cases.transitions`. The other parts of the plan
live next door: `safety` (assessment), `versions` (snapshots), `delivery`, `check_in`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, diff, record
from kring.cases.models import Case
from kring.languages.services import speech_for
from kring.network.models import Person, SafetyRequirement
from kring.plans.models import (
    Agreement,
    Plan,
    PlanVersion,
    SupportRequest,
    SupportStatus,
)


class PlanError(Exception):
    """The action cannot be done now; `reasons` say why in plain Dutch."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def main_people(case: Case) -> list[Person]:
    """The main person(s): several for a group, one per party for restoration."""
    return [p for p in case.people.all() if p.is_main_person]


def plan_language(case: Case) -> str:
    """The main person's language for the plan document (Dutch when Kring does not speak it)."""
    first = (
        Person.objects.filter(case=case, is_main_person=True)
        .order_by("party", "id")
        .values_list("language", flat=True)
        .first()
    )
    return speech_for(first).code


# --- The plan ----------------------------------------------------------------------------------


def plan_for(case: Case) -> Plan | None:
    """The case's plan, if one was started."""
    return Plan.objects.filter(case=case).first()


def start_plan(case: Case, *, actor: User, request: HttpRequest | None = None) -> Plan:
    """The case's plan, started with the central question when there is none yet."""
    with transaction.atomic():
        plan, created = Plan.objects.get_or_create(case=case, defaults={"question": case.question})
        if created:
            record(
                Action.CREATE,
                plan,
                actor=actor,
                request=request,
                case=case,
                key="plans.plan_started",
            )
    return plan


def _touch(plan: Plan) -> None:
    """A change: bump the revision, and start a new version when the current one was delivered."""
    fields = ["revision", "updated_at"]
    plan.revision += 1
    if PlanVersion.objects.filter(plan=plan, number=plan.version).exists():
        plan.version += 1
        fields.append("version")
    plan.save(update_fields=fields)


PLAN_FIELDS = (
    "question",
    "contingency",
    "follow_up_at",
    "follow_up_place",
    "follow_up_organiser",
    "made_without_conference",
    "no_conference_reason",
)


def update_plan(
    plan: Plan,
    data: dict[str, Any],
    *,
    agreed_by: Iterable[Person],
    actor: User | None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> Plan:
    """Change the plan's own fields and who agreed to it (`actor` None with `actor_label` for
    the main person in the family portal)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        old = {name: getattr(plan, name) for name in PLAN_FIELDS}
        old["agreed_by"] = sorted(str(p.uuid) for p in plan.agreed_by.all())
        for name in PLAN_FIELDS:
            if name in data:
                setattr(plan, name, data[name])
        if not plan.made_without_conference:
            plan.no_conference_reason = ""
        plan.save()
        people = list(agreed_by)
        plan.agreed_by.set(people)
        new = {name: getattr(plan, name) for name in PLAN_FIELDS}
        new["agreed_by"] = sorted(str(p.uuid) for p in people)
        changes = diff(old, new)
        if changes:
            _touch(plan)
            record(
                Action.UPDATE,
                plan,
                actor=actor,
                request=request,
                case=plan.case,
                # Which fields changed, never what they say (the question, the contingency).
                changes={"fields": sorted(changes)},
                key="plans.plan_changed",
                actor_label=actor_label,
            )
    return plan


def save_agreement(
    plan: Plan,
    agreement: Agreement | None,
    data: dict[str, Any],
    *,
    performers: Iterable[Person],
    requirements: Iterable[SafetyRequirement],
    actor: User,
    request: HttpRequest | None = None,
) -> Agreement:
    """Add an agreement to the plan, or change one."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        performers = list(performers)
        requirements = list(requirements)
        if agreement is None:
            last = plan.agreements.order_by("-position").values_list("position", flat=True)
            agreement = Agreement(plan=plan, position=(last.first() or 0) + 1)
            action = Action.CREATE
            old: dict[str, Any] = {}
        else:
            action = Action.UPDATE
            old = {
                "what": agreement.what,
                "organisation": agreement.organisation,
                "due": agreement.due,
                "how_known": agreement.how_known,
                "performers": sorted(str(p.uuid) for p in agreement.performers.all()),
                "requirements": sorted(str(r.uuid) for r in agreement.meets_requirements.all()),
            }
        for name in ("what", "organisation", "due", "how_known"):
            setattr(agreement, name, data[name])
        agreement.save()
        agreement.performers.set(performers)
        agreement.meets_requirements.set(requirements)
        new = {
            "what": agreement.what,
            "organisation": agreement.organisation,
            "due": agreement.due,
            "how_known": agreement.how_known,
            "performers": sorted(str(p.uuid) for p in performers),
            "requirements": sorted(str(r.uuid) for r in requirements),
        }
        changes = diff(old, new)
        if changes:
            _touch(plan)
            record(
                action,
                agreement,
                actor=actor,
                request=request,
                case=plan.case,
                changes={"fields": sorted(changes)},
                key="plans.agreement_added"
                if action == Action.CREATE
                else "plans.agreement_changed",
            )
    return agreement


def delete_agreement(
    agreement: Agreement, *, actor: User, request: HttpRequest | None = None
) -> None:
    """Take an agreement out of the plan."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=agreement.plan_id)
        record(
            Action.DELETE,
            agreement,
            actor=actor,
            request=request,
            case=plan.case,
            key="plans.agreement_removed",
        )
        agreement.delete()
        _touch(plan)


def add_support_request(
    plan: Plan,
    data: dict[str, Any],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> SupportRequest:
    """The plan asks a professional organisation for support."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        support = SupportRequest.objects.create(
            plan=plan,
            what=data["what"],
            organisation=data["organisation"],
            professional=data.get("professional"),
        )
        _touch(plan)
        record(
            Action.CREATE,
            support,
            actor=actor,
            request=request,
            case=plan.case,
            changes={
                "professional": str(support.professional.uuid) if support.professional else ""
            },
            key="plans.support_requested",
        )
    return support


def answer_support_request(
    support: SupportRequest,
    *,
    accepted: bool,
    answer: str,
    actor: User,
    request: HttpRequest | None = None,
) -> SupportRequest:
    """The professional accepts or declines the support the plan asks for; a decline needs a
    reason (so the family can look elsewhere)."""
    if not accepted and not answer.strip():
        raise PlanError([_("Leg kort uit waarom u deze steun niet kunt geven.")])
    with transaction.atomic():
        support = SupportRequest.objects.select_for_update().get(pk=support.pk)
        old = support.status
        support.status = SupportStatus.ACCEPTED if accepted else SupportStatus.DECLINED
        support.answer = answer.strip()
        support.answered_at = timezone.now()
        support.save(update_fields=["status", "answer", "answered_at"])
        record(
            Action.UPDATE,
            support,
            actor=actor,
            request=request,
            case=support.plan.case,
            changes={"status": support.status, "was": old},
            key="plans.support_answered",
        )
    return support


# --- Safety assessment -------------------------------------------------------------------------


# --- Delivery -----------------------------------------------------------------------------------


# --- Check-in ----------------------------------------------------------------------------------


# --- Snapshot, canonical text and diff ---------------------------------------------------------
