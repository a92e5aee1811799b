"""Recording a follow-up meeting: who came, how each agreement went, the outcome register, and
what comes next (the next meeting in the plan, or closing the case).

One function, `record_follow_up`, under the case's lock: it refuses what the rules refuse
(whatever a form sent), writes the rows and the audit event, resolves a late-follow-up signal,
and moves the case through the named transitions (`start_follow_up`, `close_case`). A new
follow-up date is a change of the plan through `kring.plans.writing.update_plan`, so the plan
gets its next version the usual way.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.models import Case
from kring.cases.states import Status
from kring.followup.access import FOLLOW_UP_STATES, may_record_follow_up
from kring.followup.models import (
    AgreementProgress,
    FollowUp,
    OverdueSignal,
    SafetyHolds,
)
from kring.network.models import Person
from kring.plans import writing
from kring.plans.models import Agreement, Plan
from kring.plans.versions import standing_requirements


class FollowUpError(Exception):
    """The follow-up cannot be recorded; `reasons` say why, in plain Dutch."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class AgreementStep:
    """How one agreement went, as the meeting told it."""

    agreement: Agreement
    status: str
    note: str = ""


@dataclass(frozen=True)
class Outcomes:
    """The outcome register of one meeting (docs/outcomes.md)."""

    agreements: str
    question_answered: str
    professional_help: str
    safety_holds: str


def why_not(user: User, case: Case) -> str:
    """Why `user` cannot record a follow-up of `case` now, in plain Dutch ('' when they can)."""
    if may_record_follow_up(user, case):
        return ""
    if case.status in {Status.CLOSED, Status.STOPPED}:
        return _("Dit traject is afgesloten. Er komen geen vervolgbijeenkomsten meer bij.")
    if case.status not in FOLLOW_UP_STATES:
        return _(
            "Een vervolgbijeenkomst kunt u vastleggen na het nabelgesprek. Leg eerst het "
            "nabelgesprek vast."
        )
    return _("U kunt de vervolgbijeenkomst van dit traject niet vastleggen.")


def why_not_main_person(person: Person, case: Case) -> str:
    """Why this person cannot record a follow-up of `case` in the portal ('' when they can):
    only the case's main person, in the same states as staff (after the check-in call)."""
    if not person.is_main_person or person.case_id != case.pk:
        return _("Alleen de hoofdpersoon kan de vervolgbijeenkomst vastleggen.")
    if case.status in {Status.CLOSED, Status.STOPPED}:
        return _("Dit traject is afgesloten. Er komen geen vervolgbijeenkomsten meer bij.")
    if case.status not in FOLLOW_UP_STATES:
        return _(
            "Een vervolgbijeenkomst kunt u vastleggen als de coördinator u na het plan heeft "
            "gebeld."
        )
    return ""


def has_requirements(case: Case) -> bool:
    """Does a minimum requirement (still) stand on this case?"""
    return standing_requirements(case.pk).exists()


def check_outcomes(case: Case, outcomes: Outcomes) -> dict[str, str]:
    """The outcome register's own rules, by field name ({} when it is consistent)."""
    errors: dict[str, str] = {}
    if outcomes.safety_holds == SafetyHolds.NONE and has_requirements(case):
        errors["safety_holds"] = _(
            "Bij dit traject staat een minimumeis. Kies of die nog geldt: ja of nee."
        )
    return errors


def record_follow_up(
    case: Case,
    *,
    held_on: datetime.date,
    present: Sequence[Person],
    steps: Sequence[AgreementStep],
    outcomes: Outcomes,
    changes: str,
    next_at: datetime.datetime | None,
    close: bool,
    actor: User | None,
    main_person: Person | None = None,
    request: HttpRequest | None = None,
) -> FollowUp:
    """Record one follow-up meeting and what comes next (see the module docstring).

    `actor` is the staff member who records it; or `main_person`, the case's main person in
    the family portal (decision 0184), who may plan the next meeting but never close the case.
    """
    with transitions.locked(case) as case:
        if main_person is not None:
            refused = why_not_main_person(main_person, case)
            if close:
                refused = refused or _("Alleen de regiomanager kan het traject afsluiten.")
        elif actor is not None:
            refused = why_not(actor, case)
        else:  # pragma: no cover - a programming error
            raise ValueError("A follow-up is recorded by a user or by the main person.")
        reasons = [refused] if refused else []
        if held_on > timezone.localdate():
            reasons.append(_("De vervolgbijeenkomst kan niet in de toekomst liggen."))
        if close == (next_at is not None):
            reasons.append(_("Kies: een nieuwe vervolgbijeenkomst plannen, of afsluiten."))
        if next_at is not None and next_at <= timezone.now():
            reasons.append(_("Kies voor de volgende vervolgbijeenkomst een datum in de toekomst."))
        if any(p.case_id != case.pk for p in present) or any(
            s.agreement.plan.case_id != case.pk for s in steps
        ):
            reasons.append(_("Kies alleen mensen en afspraken van dit traject."))
        reasons.extend(check_outcomes(case, outcomes).values())
        if reasons:
            raise FollowUpError(reasons)
        plan = Plan.objects.filter(case=case).first()
        planned_for = timezone.localdate(plan.follow_up_at) if plan and plan.follow_up_at else None
        follow_up = FollowUp.objects.create(
            case=case,
            planned_for=planned_for,
            held_on=held_on,
            agreements=outcomes.agreements,
            question_answered=outcomes.question_answered,
            professional_help=outcomes.professional_help,
            safety_holds=outcomes.safety_holds,
            changes=changes.strip(),
            next_at=next_at,
            closes_case=close,
            recorded_by=actor if main_person is None else None,
            recorded_by_person=main_person,
        )
        follow_up.present.set(present)
        AgreementProgress.objects.bulk_create(
            [
                AgreementProgress(
                    follow_up=follow_up,
                    agreement=s.agreement,
                    what=s.agreement.what,
                    status=s.status,
                    note=s.note.strip(),
                )
                for s in steps
            ]
        )
        label = f"family:{main_person.uuid}" if main_person is not None else ""
        record(
            Action.CREATE,
            follow_up,
            actor=actor,
            request=request,
            case=case,
            actor_label=label,
            # Counts and the register's codes: never who came or what was said.
            changes={
                "present": len(present),
                "agreements": len(steps),
                "outcome": outcomes.agreements,
                "question_answered": outcomes.question_answered,
                "professional_help": outcomes.professional_help,
                "safety_holds": outcomes.safety_holds,
                "closes_case": close,
            },
            key="followup.recorded",
        )
        OverdueSignal.objects.filter(case=case, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        if close:
            assert actor is not None  # the main person never closes (refused above)
            transitions.close_case(case, actor=actor, request=request)
        else:
            if case.status == Status.CHECK_IN_DONE:
                transitions.start_follow_up(case, actor=actor, request=request, actor_label=label)
            if plan is not None:
                writing.update_plan(
                    plan,
                    {"follow_up_at": next_at},
                    agreed_by=list(plan.agreed_by.all()),
                    actor=actor,
                    request=request,
                    actor_label=label,
                )
    return follow_up
