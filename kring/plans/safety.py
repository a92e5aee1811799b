"""The safety assessment: the professional who set a minimum requirement says whether the plan
meets it, and the assessment goes stale when what it rested on changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.network.models import Person, SafetyRequirement
from kring.plans import notices
from kring.plans.models import (
    Agreement,
    Outcome,
    Plan,
    SafetyAssessment,
)
from kring.plans.versions import diff_lines, standing_requirements
from kring.plans.writing import PlanError


def latest_assessments(plan: Plan) -> dict[int, SafetyAssessment]:
    """The newest assessment per requirement id."""
    latest: dict[int, SafetyAssessment] = {}
    for assessment in plan.assessments.order_by("assessed_at", "id"):
        latest[assessment.requirement_id] = assessment
    return latest


@dataclass(frozen=True)
class SafetyBasis:
    """What a requirement's safety rests on now: a fingerprint and the same facts as lines."""

    fingerprint: str
    text: str


def _linked_agreements_prefetch() -> Prefetch:
    """The agreements linked to a requirement, with their performers, in two queries."""
    return Prefetch(
        "agreements",
        queryset=Agreement.objects.prefetch_related(
            Prefetch("performers", queryset=Person.objects.order_by("name", "id"))
        ).order_by("position", "id"),
        to_attr="linked_agreements",
    )


def safety_basis(
    requirement: SafetyRequirement, agreements: Sequence[Agreement], contingency: str
) -> SafetyBasis:
    """The fingerprint of everything `requirement`'s safety depends on.

    That is the requirement's own text, each linked agreement (what, who, by when, how everyone
    knows) and the contingency. Agreements are identified by uuid, so removing one and adding a
    look-alike still counts as a change; performers by uuid, so renaming a person does not.
    Anything else in the plan (an agreement that is not linked, the follow-up) is left out: a
    change there does not make the assessment stale. `agreements[*].performers` should be
    prefetched.
    """
    facts = {
        "requirement": requirement.text,
        "agreements": [
            {
                "uuid": str(a.uuid),
                "what": a.what,
                "who": sorted(str(p.uuid) for p in a.performers.all()),
                "organisation": a.organisation,
                "due": a.due.isoformat(),
                "how_known": a.how_known,
            }
            # By uuid, so moving an agreement up or down the plan changes nothing.
            for a in sorted(agreements, key=lambda a: str(a.uuid))
        ],
        "contingency": contingency,
    }
    canonical = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    with override("nl"):
        lines = [_("Minimumeis: %(text)s") % {"text": requirement.text}]
        for a in agreements:
            who = ", ".join(
                [p.name for p in a.performers.all()] + ([a.organisation] if a.organisation else [])
            )
            line = _("Afspraak: %(what)s | wie: %(who)s | klaar op: %(due)s") % {
                "what": a.what,
                "who": who or "–",
                "due": date_format(a.due, "j F Y"),
            }
            if a.how_known:
                line += " | " + _("zo weten we het: %(how)s") % {"how": a.how_known}
            lines.append(line)
        if not agreements:
            lines.append(_("Geen afspraken bij deze minimumeis."))
        lines.append(_("Als het anders gaat: %(c)s") % {"c": contingency or "–"})
    return SafetyBasis(
        fingerprint=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        text="\n".join(lines),
    )


def current_bases(
    requirements: Sequence[SafetyRequirement], contingency_by_case: dict[int, str]
) -> dict[int, SafetyBasis]:
    """The current basis per requirement id, in a fixed number of queries (two).

    `contingency_by_case` maps case id to the plan's contingency; a case without a plan has
    none. Agreements are only ever linked to requirements of their own case.
    """
    prefetch_related_objects(list(requirements), _linked_agreements_prefetch())
    return {
        r.pk: safety_basis(
            r,
            getattr(r, "linked_agreements", []),
            contingency_by_case.get(r.case_id, ""),
        )
        for r in requirements
    }


def is_stale(assessment: SafetyAssessment, basis: SafetyBasis, plan_revision: int) -> bool:
    """Whether what the assessment rested on changed since it was given.

    Rows from before fingerprints existed only count while the plan was not changed at all.
    """
    if assessment.fingerprint:
        return assessment.fingerprint != basis.fingerprint
    return assessment.plan_revision != plan_revision


@dataclass
class SafetyRow:
    """One requirement with its latest assessment and whether that assessment is stale."""

    requirement: SafetyRequirement
    assessment: SafetyAssessment | None
    basis: SafetyBasis
    stale: bool


def safety_rows(plan: Plan, requirements: list[SafetyRequirement] | None = None) -> list[SafetyRow]:
    """Each requirement of the plan's case with its latest assessment; four queries (three
    when the caller passes the case's `standing_requirements`, read already)."""
    if requirements is None:
        requirements = list(standing_requirements(plan.case_id))
    if not requirements:
        return []
    latest = latest_assessments(plan)
    bases = current_bases(requirements, {plan.case_id: plan.contingency})
    rows = []
    for requirement in requirements:
        assessment = latest.get(requirement.pk)
        basis = bases[requirement.pk]
        rows.append(
            SafetyRow(
                requirement=requirement,
                assessment=assessment,
                basis=basis,
                stale=assessment is not None and is_stale(assessment, basis, plan.revision),
            )
        )
    return rows


def mark_stale(content: dict[str, Any], rows: Sequence[SafetyRow]) -> dict[str, Any]:
    """The displayed live plan with `stale` set on each requirement whose assessment is stale.

    `snapshot` and `safety_rows` list the requirements in the same order (set_on, id).
    """
    if len(content.get("safety", [])) != len(rows):
        return content
    content["safety"] = [
        {**fact, "stale": row.stale} for fact, row in zip(content["safety"], rows, strict=True)
    ]
    return content


def basis_changes(assessment: SafetyAssessment, basis: SafetyBasis) -> list[tuple[str, str]]:
    """What changed since the assessment, as ('+' or '-', line); empty for old rows."""
    if not assessment.basis:
        return []
    return [
        (kind, line)
        for kind, line in diff_lines(assessment.basis, basis.text)
        if kind in {"+", "-"}
    ]


def assess_requirement(
    plan: Plan,
    requirement: SafetyRequirement,
    *,
    outcome: str,
    explanation: str,
    actor: User,
    request: HttpRequest | None = None,
) -> SafetyAssessment:
    """The professional who set `requirement` says whether the plan meets it.

    "Not met" keeps the case where it is and tells the main person(s) what is missing.
    """
    if outcome not in Outcome.values:
        raise PlanError([_("Kies een oordeel.")])
    if outcome != Outcome.MET and not explanation.strip():
        raise PlanError([_("Leg uit wat er ontbreekt of waarom u zo besluit.")])
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        # Fingerprint what the professional saw, under the plan's lock, so a change saved at
        # the same moment either comes before (and is assessed) or after (and makes it stale).
        basis = current_bases([requirement], {plan.case_id: plan.contingency})[requirement.pk]
        assessment = SafetyAssessment.objects.create(
            plan=plan,
            requirement=requirement,
            plan_revision=plan.revision,
            fingerprint=basis.fingerprint,
            basis=basis.text,
            outcome=outcome,
            explanation=explanation.strip(),
            assessed_by=actor,
        )
        record(
            Action.CREATE,
            assessment,
            actor=actor,
            request=request,
            case=plan.case,
            changes={"outcome": outcome, "requirement": str(requirement.uuid)},
            key="plans.requirement_assessed",
        )
        if outcome == Outcome.NOT_MET:
            notices.not_met(assessment)
    return assessment


def ask_assessment(plan: Plan, *, actor: User, request: HttpRequest | None = None) -> int:
    """Ask each professional who set a requirement to assess the plan; returns how many asked."""
    requirements = list(
        standing_requirements(plan.case_id)
        .filter(set_by__user__isnull=False, set_by__user__is_active=True)
        .select_related("set_by__user", "case")
    )
    if not requirements:
        raise PlanError([_("Er zijn geen minimumeisen van professionals met een account.")])
    with transaction.atomic():
        record(
            Action.SEND,
            plan,
            actor=actor,
            request=request,
            case=plan.case,
            changes={"requirements": len(requirements)},
            key="plans.assessment_requested",
        )
        notices.assessment_requested(requirements)
    return len(requirements)
