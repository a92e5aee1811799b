"""What the family does with its plan after the conference (through the family portal):
marking their own agreements, asking to move the follow-up meeting, and writing their own
draft of the plan, which the coordinator takes over once the main person presented it.

Every function runs in one transaction and writes an audit event with ids, codes and field
names only; the family's words stay in the rows (decision 0173).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import states
from kring.cases.models import Case
from kring.network.models import Person
from kring.plans import writing
from kring.plans.models import (
    Agreement,
    AgreementProgress,
    FamilyDraft,
    FollowUpRequest,
    Plan,
    Progress,
)
from kring.plans.writing import PlanError


def _label(person: Person) -> str:
    return f"family:{person.uuid}"


# --- Progress on agreements ---------------------------------------------------------------


def may_mark(person: Person, agreement: Agreement) -> bool:
    """Only someone who takes part in the agreement marks how it goes."""
    return agreement.performers.filter(pk=person.pk).exists()


def mark_progress(
    agreement: Agreement,
    person: Person,
    status: str,
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> AgreementProgress:
    """Mark one's own agreement done / busy / stuck (replacing an earlier mark)."""
    if status not in Progress.values:
        raise PlanError([_("Kies hoe het gaat: klaar, bezig of loopt vast.")])
    if not may_mark(person, agreement):
        raise PlanError([_("U kunt alleen uw eigen afspraken bijwerken.")])
    with transaction.atomic():
        progress, created = AgreementProgress.objects.update_or_create(
            agreement=agreement,
            person=person,
            defaults={"status": status, "note": note.strip()[:280], "marked_at": timezone.now()},
        )
        record(
            Action.CREATE if created else Action.UPDATE,
            progress,
            request=request,
            case=person.case,
            actor_label=_label(person),
            changes={"status": status, "with_note": bool(progress.note)},
            key="plans.progress_marked",
        )
    return progress


def progress_for(plan: Plan) -> dict[str, list[AgreementProgress]]:
    """Every mark on the plan's agreements, by agreement uuid (one query)."""
    result: dict[str, list[AgreementProgress]] = {}
    for p in (
        AgreementProgress.objects.filter(agreement__plan=plan)
        .select_related("agreement", "person")
        .order_by("agreement_id", "marked_at", "id")
    ):
        result.setdefault(str(p.agreement.uuid), []).append(p)
    return result


# --- Asking to move the follow-up meeting ------------------------------------------------------


def ask_follow_up_move(
    plan: Plan,
    person: Person,
    wished_date: datetime.date,
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> FollowUpRequest:
    """The main person asks the coordinator to move the follow-up meeting."""
    if not person.is_main_person or person.case_id != plan.case_id:
        raise PlanError([_("Alleen de hoofdpersoon kan vragen de datum te verzetten.")])
    if wished_date < timezone.localdate():
        raise PlanError([_("Kies een datum vanaf vandaag.")])
    with transaction.atomic():
        asked = FollowUpRequest.objects.create(
            plan=plan, person=person, wished_date=wished_date, note=note.strip()[:500]
        )
        record(
            Action.CREATE,
            asked,
            request=request,
            case=person.case,
            actor_label=_label(person),
            changes={"wished_date": wished_date.isoformat()},
            key="plans.follow_up_move_asked",
        )
    return asked


def open_follow_up_requests(plan: Plan) -> list[FollowUpRequest]:
    """The main person's requests the coordinator has not dealt with yet."""
    return list(plan.follow_up_requests.filter(handled_at__isnull=True).order_by("-asked_at"))


def handle_follow_up_request(
    asked: FollowUpRequest, *, actor: User, request: HttpRequest | None = None
) -> None:
    """The coordinator dealt with a request (moved the date, or called the family)."""
    with transaction.atomic():
        updated = FollowUpRequest.objects.filter(pk=asked.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=actor
        )
        if updated:
            record(
                Action.UPDATE,
                asked,
                actor=actor,
                request=request,
                case=asked.plan.case,
                key="plans.follow_up_request_handled",
            )


# --- The family's own draft ----------------------------------------------------------------

DRAFT_FIELDS = ("question", "agreements", "contingency")


class StaleDraft(PlanError):
    """Someone else saved the draft since this person opened it."""


def draft_for(case: Case) -> FamilyDraft | None:
    """The family's draft, whether presented or not (for the family only)."""
    return FamilyDraft.objects.filter(case=case).select_related("updated_by").first()


def presented_draft(case: Case) -> FamilyDraft | None:
    """The draft as the coordinator may see it: only once the main person presented it."""
    return FamilyDraft.objects.filter(case=case, presented_at__isnull=False).first()


def may_write_draft(person: Person) -> bool:
    """Every consented participant of an open case (not a professional) writes along."""
    return (
        person.has_consent
        and person.ring != "professionals"
        and person.case.status in states.PLAN_STATES
    )


def save_draft(
    case: Case,
    person: Person,
    data: dict[str, str],
    *,
    revision: int,
    request: HttpRequest | None = None,
) -> FamilyDraft:
    """Save the shared draft. Refuses (StaleDraft) when `revision` is not the draft's current
    one: someone else saved in between, and this save would silently overwrite their words."""
    if not may_write_draft(person):
        raise PlanError([_("U kunt dit plan niet (meer) bewerken.")])
    with transaction.atomic():
        draft, _created = FamilyDraft.objects.select_for_update().get_or_create(
            case=case, defaults={"revision": 0}
        )
        if draft.presented_at is not None:
            raise PlanError([_("Het plan is al gepresenteerd aan de coördinator.")])
        if revision != draft.revision:
            raise StaleDraft(
                [
                    _(
                        "Iemand anders heeft het plan net opgeslagen. Uw tekst staat hieronder "
                        "nog; kijk wat er veranderd is en sla dan opnieuw op."
                    )
                ]
            )
        changed = [name for name in DRAFT_FIELDS if getattr(draft, name) != data.get(name, "")]
        for name in DRAFT_FIELDS:
            setattr(draft, name, data.get(name, ""))
        draft.revision += 1
        draft.updated_at = timezone.now()
        draft.updated_by = person
        draft.save()
        record(
            Action.UPDATE,
            draft,
            request=request,
            case=case,
            actor_label=_label(person),
            changes={"fields": changed, "revision": draft.revision},
            key="plans.family_draft_saved",
        )
    return draft


def present_draft(case: Case, person: Person, *, request: HttpRequest | None = None) -> FamilyDraft:
    """The main person shows the family's draft to the coordinator."""
    if not person.is_main_person:
        raise PlanError([_("Alleen de hoofdpersoon kan het plan presenteren.")])
    with transaction.atomic():
        draft = FamilyDraft.objects.select_for_update().filter(case=case).first()
        if draft is None or not any(getattr(draft, n).strip() for n in DRAFT_FIELDS):
            raise PlanError([_("Schrijf eerst iets in het plan.")])
        if draft.presented_at is None:
            draft.presented_at = timezone.now()
            draft.save(update_fields=["presented_at"])
            record(
                Action.UPDATE,
                draft,
                request=request,
                case=case,
                actor_label=_label(person),
                changes={"revision": draft.revision},
                key="plans.family_draft_presented",
            )
    return draft


def draft_lines(text: str) -> list[str]:
    """The draft's agreements: one per non-empty line."""
    return [line.strip(" -*•\t") for line in text.splitlines() if line.strip(" -*•\t")]


def adopt_draft(
    draft: FamilyDraft,
    *,
    due: datetime.date,
    actor: User,
    request: HttpRequest | None = None,
) -> Plan:
    """The coordinator takes the presented draft over as the start of the plan: the family's
    question and contingency become the plan's, each line of their agreements an agreement
    (due on `due` until the coordinator changes it). The family's words are kept as they were
    in `adopted_text`, to show next to the plan."""
    case = draft.case
    if draft.presented_at is None or case.status not in states.PLAN_STATES:
        raise PlanError([_("Dit plan kan nu niet worden overgenomen.")])
    with transaction.atomic():
        draft = FamilyDraft.objects.select_for_update().get(pk=draft.pk)
        if draft.adopted_at is not None:
            raise PlanError([_("Het plan van de familie is al overgenomen.")])
        plan = writing.start_plan(case, actor=actor, request=request)
        data: dict[str, Any] = {}
        if draft.question.strip():
            data["question"] = draft.question.strip()
        if draft.contingency.strip():
            data["contingency"] = draft.contingency.strip()
        if data:
            writing.update_plan(
                plan, data, agreed_by=list(plan.agreed_by.all()), actor=actor, request=request
            )
        lines = draft_lines(draft.agreements)
        for line in lines:
            writing.save_agreement(
                plan,
                None,
                {"what": line[:1000], "due": due, "organisation": "", "how_known": ""},
                performers=[],
                requirements=[],
                actor=actor,
                request=request,
            )
        draft.adopted_at = timezone.now()
        draft.adopted_by = actor
        draft.adopted_text = {
            "question": draft.question,
            "agreements": lines,
            "contingency": draft.contingency,
        }
        draft.save(update_fields=["adopted_at", "adopted_by", "adopted_text"])
        record(
            Action.UPDATE,
            draft,
            actor=actor,
            request=request,
            case=case,
            changes={"agreements": len(lines)},
            key="plans.family_draft_adopted",
        )
    return Plan.objects.get(pk=plan.pk)


def side_by_side(draft: FamilyDraft, plan: Plan) -> list[dict[str, Any]]:
    """The family's words next to what the plan says now, part by part."""
    family = draft.adopted_text or {}
    agreements = [a.what for a in plan.agreements.all()]
    return [
        {
            "label": _("Wat willen we bereiken"),
            "family": family.get("question", ""),
            "plan": plan.question,
        },
        {
            "label": _("Afspraken"),
            "family": "\n".join(family.get("agreements", [])),
            "plan": "\n".join(agreements),
        },
        {
            "label": _("Als het anders gaat"),
            "family": family.get("contingency", ""),
            "plan": plan.contingency,
        },
    ]
