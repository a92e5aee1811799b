"""Domain functions for the conference record and the plan.

Views call exactly one of these. Each runs in `transaction.atomic`, writes audit events in the
same transaction and queues mail and PDF work with `transaction.on_commit`. Status changes go
through the named functions in `kring.cases.transitions`, never directly.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from kring.audit.services import Action, diff, record
from kring.cases import transitions
from kring.cases.models import Case, Variant
from kring.cases.states import Status, StopReason
from kring.network.models import Person, PersonStatus, Ring, SafetyRequirement
from kring.plans.models import (
    Agreement,
    Attendance,
    CheckIn,
    ConferenceRecord,
    Outcome,
    Part,
    Plan,
    PlanRecipient,
    PlanVersion,
    SafetyAssessment,
    SupportRequest,
    SupportStatus,
)

CHECK_IN_AFTER_DAYS = 28

# States in which the plan may be written down and changed.
PLAN_STATES = frozenset(
    {
        Status.IN_PREPARATION,
        Status.CONFERENCE_SCHEDULED,
        Status.CONFERENCE_HELD,
        Status.PLAN_DELIVERED,
        Status.CHECK_IN_DONE,
        Status.FOLLOW_UP,
    }
)


class PlanError(Exception):
    """The action cannot be done now; `reasons` say why in plain Dutch."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# --- Variants --------------------------------------------------------------------------------


def planning_is_private(case: Case) -> bool:
    """Part 2 is private (no coordinator, no professionals, no notes) for family conferences."""
    return case.variant == Variant.FAMILY


def main_people(case: Case) -> list[Person]:
    """The main person(s): several for a group, one per party for restoration."""
    return [p for p in case.people.all() if p.is_main_person]


def plan_language(case: Case) -> str:
    """The main person's language for the plan document: English or Dutch."""
    first = (
        Person.objects.filter(case=case, is_main_person=True)
        .order_by("party", "id")
        .values_list("language", flat=True)
        .first()
    )
    return "en" if (first or "").lower().startswith("en") else "nl"


# --- Conference record -----------------------------------------------------------------------


@dataclass
class AttendanceRow:
    """What the form says about one person."""

    person: Person
    parts: set[str] = field(default_factory=set)
    gave_information: bool = False


def record_attendance(
    case: Case,
    rows: Sequence[AttendanceRow],
    *,
    held_on: datetime.date,
    coordinator_in_planning: bool,
    planning_notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> ConferenceRecord:
    """Record who was present in which part; marks the conference as held when it was planned.

    For a private part 2 (family variant) professionals and the coordinator are recorded as
    absent from it and no notes are kept, whatever the form sent.
    """
    with transaction.atomic():
        case = transitions._lock(case)
        private = planning_is_private(case)
        if private:
            coordinator_in_planning = False
            planning_notes = ""
        record_obj, created = ConferenceRecord.objects.update_or_create(
            case=case,
            defaults={
                "held_on": held_on,
                "planning_private": private,
                "coordinator_in_planning": coordinator_in_planning,
                "planning_notes": planning_notes.strip(),
                "recorded_by": actor,
            },
        )
        Attendance.objects.filter(record=record_obj).delete()
        attendances = []
        present_ids = set()
        for row in rows:
            is_professional = row.person.ring == Ring.PROFESSIONALS
            for part in Part.values:
                in_private = private and part == Part.PLANNING
                present = part in row.parts and not (in_private and is_professional)
                if present:
                    present_ids.add(row.person.pk)
                attendances.append(
                    Attendance(
                        record=record_obj,
                        person=row.person,
                        part=part,
                        present=present,
                        is_professional=is_professional,
                        in_private_part=in_private,
                        gave_information=bool(
                            part == Part.INFORMATION and present and row.gave_information
                        ),
                    )
                )
        Attendance.objects.bulk_create(attendances)
        if present_ids:
            Person.objects.filter(case=case, pk__in=present_ids).update(status=PersonStatus.PRESENT)
        record(
            Action.CREATE if created else Action.UPDATE,
            record_obj,
            actor=actor,
            request=request,
            case=case,
            changes={"present": len(present_ids)},
            message=_("Aanwezigheid bij de conferentie vastgelegd"),
        )
        if case.status == Status.CONFERENCE_SCHEDULED:
            transitions.record_conference(case, actor=actor, request=request)
    return record_obj


# --- The plan ----------------------------------------------------------------------------------


def plan_for(case: Case) -> Plan | None:
    """The case's plan, if one was started."""
    return Plan.objects.filter(case=case).first()


def start_plan(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Plan:
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
                message=_("Plan begonnen"),
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
    actor: Any,
    request: HttpRequest | None = None,
) -> Plan:
    """Change the plan's own fields and who agreed to it."""
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
                changes=changes,
                message=_("Plan gewijzigd"),
            )
    return plan


def save_agreement(
    plan: Plan,
    agreement: Agreement | None,
    data: dict[str, Any],
    *,
    performers: Iterable[Person],
    requirements: Iterable[SafetyRequirement],
    actor: Any,
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
                changes=changes,
                message=_("Afspraak in het plan vastgelegd"),
            )
    return agreement


def delete_agreement(
    agreement: Agreement, *, actor: Any, request: HttpRequest | None = None
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
            changes={"what": [agreement.what, None]},
            message=_("Afspraak uit het plan gehaald"),
        )
        agreement.delete()
        _touch(plan)


def add_support_request(
    plan: Plan,
    data: dict[str, Any],
    *,
    actor: Any,
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
            message=_("Steun gevraagd van een professional"),
        )
    return support


def answer_support_request(
    support: SupportRequest,
    *,
    accepted: bool,
    answer: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> SupportRequest:
    """The professional accepts or declines the support the plan asks for."""
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
            changes={"status": [old, support.status]},
            message=_("Steunvraag beantwoord"),
        )
    return support


# --- Safety assessment -------------------------------------------------------------------------


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


def safety_rows(plan: Plan) -> list[SafetyRow]:
    """Each requirement of the plan's case with its latest assessment; four queries."""
    requirements = list(
        SafetyRequirement.objects.filter(case_id=plan.case_id).order_by("set_on", "id")
    )
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
    actor: Any,
    request: HttpRequest | None = None,
    base_url: str = "",
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
            changes={"outcome": outcome, "fingerprint": basis.fingerprint},
            message=_("Minimumeis beoordeeld"),
        )
        if outcome == Outcome.NOT_MET:
            from kring.plans import tasks

            assessment_id = assessment.pk
            transaction.on_commit(
                lambda: tasks.send_not_met_notice.enqueue(assessment_id, base_url)
            )
    return assessment


def ask_assessment(
    plan: Plan, *, actor: Any, request: HttpRequest | None = None, base_url: str = ""
) -> int:
    """Ask each professional who set a requirement to assess the plan; returns how many asked."""
    requirements = list(
        SafetyRequirement.objects.filter(case=plan.case, set_by__user__isnull=False)
        .exclude(set_by__user__email="")
        .values_list("pk", flat=True)
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
            message=_("Professional gevraagd het plan te beoordelen"),
        )
        from kring.plans import tasks

        transaction.on_commit(lambda: tasks.send_assessment_request.enqueue(requirements, base_url))
    return len(requirements)


# --- Delivery -----------------------------------------------------------------------------------


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


def plan_delivered_guard(case: Case) -> list[str]:
    """Guard for PLAN_DELIVERED: the plan must be ready to deliver."""
    return delivery_blockers(case)


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


def ask_main_person(
    plan: Plan, *, actor: Any, request: HttpRequest | None = None, base_url: str = ""
) -> int:
    """Mail the main person(s) a personal link to read the draft and choose the recipients."""
    people = list(
        Person.objects.filter(case=plan.case, is_main_person=True)
        .exclude(email="")
        .values_list("pk", flat=True)
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
        from kring.plans import tasks

        transaction.on_commit(lambda: tasks.send_choice_request.enqueue(people, base_url))
    return len(people)


def deliver(
    case: Case,
    recipients: Iterable[Person],
    *,
    actor: Any,
    request: HttpRequest | None = None,
    base_url: str = "",
) -> PlanVersion:
    """Freeze the current plan as a delivered version and send a personal link to each recipient.

    The first delivery moves the case to PLAN_DELIVERED. A plan made without a conference is
    delivered and the case then stops with reason PLAN_WITHOUT_CONFERENCE. Later deliveries
    (after a change) only add a version.
    """
    with transaction.atomic():
        case = transitions._lock(case)
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
            from kring.conferences import services as conference_services
            from kring.conferences.models import Conference

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
                    base_url=base_url,
                )
            transitions.stop_case(
                case,
                actor=actor,
                request=request,
                reason=StopReason.PLAN_WITHOUT_CONFERENCE,
                note=plan.no_conference_reason,
            )
        elif case.status == Status.CONFERENCE_HELD:
            transitions.deliver_plan(case, actor=actor, request=request)
        from kring.plans import tasks

        version_id = version.pk
        recipient_ids = list(
            PlanRecipient.objects.filter(version=version).values_list("pk", flat=True)
        )

        def after_commit() -> None:
            tasks.render_version_pdf.enqueue(version_id)
            for rid in recipient_ids:
                tasks.send_plan_notice.enqueue(rid, base_url)

        transaction.on_commit(after_commit)
    return version


# --- Check-in ----------------------------------------------------------------------------------


def check_in_due(case: Case) -> datetime.date | None:
    """Four weeks after the conference (or after delivery, for older data)."""
    base = case.conference_held_at or case.plan_delivered_at
    if base is None:
        return None
    return timezone.localdate(base) + datetime.timedelta(days=CHECK_IN_AFTER_DAYS)


def record_check_in(
    case: Case,
    *,
    held_on: datetime.date,
    note: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> CheckIn:
    """Record the check-in call; this ends the coordinator's task (CHECK_IN_DONE)."""
    with transaction.atomic():
        case = transitions._lock(case)
        check_in, _created = CheckIn.objects.update_or_create(
            case=case, defaults={"held_on": held_on, "note": note.strip(), "recorded_by": actor}
        )
        record(
            Action.CREATE,
            check_in,
            actor=actor,
            request=request,
            case=case,
            message=_("Nabelgesprek vastgelegd"),
        )
        transitions.record_check_in(case, actor=actor, request=request)
    return check_in


# --- Snapshot, canonical text and diff ---------------------------------------------------------


def plan_queryset() -> Any:
    """Plans with everything a snapshot needs, in a fixed number of queries."""
    return Plan.objects.select_related("case").prefetch_related(
        Prefetch(
            "agreements",
            queryset=Agreement.objects.prefetch_related(
                Prefetch("performers", queryset=Person.objects.order_by("name", "id")),
                "meets_requirements",
            ),
        ),
        Prefetch("support_requests", queryset=SupportRequest.objects.order_by("created_at", "id")),
        Prefetch("agreed_by", queryset=Person.objects.order_by("name", "id")),
        Prefetch("assessments", queryset=SafetyAssessment.objects.order_by("assessed_at", "id")),
    )


def snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content as plain JSON: what a delivered version freezes."""
    plan = plan_queryset().get(pk=plan.pk)
    case = plan.case
    people = list(Person.objects.filter(case=case).order_by("party", "-is_main_person", "id"))
    agreements = list(plan.agreements.all())
    numbers = {a.pk: i for i, a in enumerate(agreements, start=1)}
    latest: dict[int, SafetyAssessment] = {}
    for assessment in plan.assessments.all():
        latest[assessment.requirement_id] = assessment
    requirements = list(SafetyRequirement.objects.filter(case=case).order_by("set_on", "id"))
    covered: dict[int, list[int]] = {r.pk: [] for r in requirements}
    for agreement in agreements:
        for req in agreement.meets_requirements.all():
            covered.setdefault(req.pk, []).append(numbers[agreement.pk])
    return {
        "reference": case.reference,
        "variant": case.variant,
        "question": plan.question,
        "main_people": [{"name": p.name, "party": p.party} for p in people if p.is_main_person],
        "made_without_conference": plan.made_without_conference,
        "no_conference_reason": plan.no_conference_reason,
        "agreements": [
            {
                "number": numbers[a.pk],
                "uuid": str(a.uuid),
                "what": a.what,
                "who": [{"uuid": str(p.uuid), "name": p.name} for p in a.performers.all()],
                "organisation": a.organisation,
                "due": a.due.isoformat(),
                "how_known": a.how_known,
            }
            for a in agreements
        ],
        "support": [
            {"what": s.what, "organisation": s.organisation, "status": s.status}
            for s in plan.support_requests.all()
        ],
        "safety": [
            {
                "text": r.text,
                "organisation": r.organisation,
                "agreements": covered.get(r.pk, []),
                "outcome": latest[r.pk].outcome if r.pk in latest else "",
                "explanation": latest[r.pk].explanation if r.pk in latest else "",
            }
            for r in requirements
        ],
        "contingency": plan.contingency,
        "follow_up": {
            "at": timezone.localtime(plan.follow_up_at).isoformat(timespec="minutes")
            if plan.follow_up_at
            else "",
            "place": plan.follow_up_place,
            "organiser": plan.follow_up_organiser,
        },
        "agreed_by": [p.name for p in plan.agreed_by.all()],
        "version": plan.version,
    }


def display(content: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with real dates, for templates."""
    shown = dict(content)
    shown["agreements"] = [
        {**a, "due": datetime.date.fromisoformat(a["due"])} for a in content["agreements"]
    ]
    follow_up = dict(content["follow_up"])
    follow_up["at"] = datetime.datetime.fromisoformat(follow_up["at"]) if follow_up["at"] else None
    shown["follow_up"] = follow_up
    return shown


def _day(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "j F Y") if value else "–"


def _moment(value: str) -> str:
    if not value:
        return "–"
    return date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "l j F Y, H:i")


def canonical_text(content: dict[str, Any]) -> str:
    """One line per fact, in Dutch, so versions can be compared line by line."""
    with override("nl"):
        lines = [_("Centrale vraag: %(q)s") % {"q": content["question"]}]
        if content.get("made_without_conference"):
            lines.append(
                _("Gemaakt zonder conferentie: %(r)s") % {"r": content["no_conference_reason"]}
            )
        for a in content["agreements"]:
            who = ", ".join(
                [p["name"] for p in a["who"]] + ([a["organisation"]] if a["organisation"] else [])
            )
            line = _("Afspraak %(n)s: %(what)s | wie: %(who)s | klaar op: %(due)s") % {
                "n": a["number"],
                "what": a["what"],
                "who": who or "–",
                "due": _day(a["due"]),
            }
            if a["how_known"]:
                line += " | " + _("zo weten we het: %(how)s") % {"how": a["how_known"]}
            lines.append(line)
        for s in content["support"]:
            lines.append(
                _("Steun van %(org)s: %(what)s") % {"org": s["organisation"], "what": s["what"]}
            )
        for r in content["safety"]:
            line = _("Minimumeis: %(text)s | afspraken: %(nums)s") % {
                "text": r["text"],
                "nums": ", ".join(str(n) for n in r["agreements"]) or "–",
            }
            if r["outcome"]:
                line += " | " + _("oordeel: %(o)s") % {"o": Outcome(r["outcome"]).label}
            lines.append(line)
        lines.append(_("Als het anders gaat: %(c)s") % {"c": content["contingency"] or "–"})
        f = content["follow_up"]
        lines.append(
            _("Vervolgbijeenkomst: %(at)s, %(place)s, georganiseerd door %(who)s")
            % {"at": _moment(f["at"]), "place": f["place"] or "–", "who": f["organiser"] or "–"}
        )
        lines.append(
            _("Eens met het plan: %(names)s") % {"names": ", ".join(content["agreed_by"]) or "–"}
        )
    return "\n".join(lines)


def diff_lines(old_text: str, new_text: str) -> list[tuple[str, str]]:
    """The line diff between two canonical texts as (kind, line): kind is '+', '-' or ' '."""
    result: list[tuple[str, str]] = []
    for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines()):
        kind, body = line[:1], line[2:]
        if kind in {"+", "-", " "}:
            result.append((kind, body))
    return result


def tasks_of(content: dict[str, Any], person: Person) -> list[dict[str, Any]]:
    """The agreements in a snapshot that this person takes part in ("my agreements")."""
    key = str(person.uuid)
    return [a for a in content["agreements"] if any(p["uuid"] == key for p in a["who"])]
