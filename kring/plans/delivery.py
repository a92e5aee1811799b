"""Delivering the plan: what must be ready, who the main person chose, and the frozen version
with a personal link for each recipient.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.models import Case
from kring.cases.states import Status, StopReason
from kring.conferences import services as conference_services
from kring.conferences.models import Attendance, Conference
from kring.network.models import ContactRestriction, Person, PersonStatus, Ring
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


def delivery_blockers(
    case: Case, *, safety: list[SafetyRow] | None = None, plan: Plan | None = None
) -> list[str]:
    """Why the plan cannot be delivered yet (empty when it can); registered as a guard.

    A page that already has `safety_rows(plan)`, or the plan with its agreements prefetched
    (`versions.plan_queryset`), may pass them in to save the queries.
    """
    if plan is None:
        plan = Plan.objects.filter(case=case).first()
    if plan is None:
        return [_("Er is nog geen plan.")]
    reasons: list[str] = []
    prefetched = "agreements" in getattr(plan, "_prefetched_objects_cache", {})
    if not (bool(plan.agreements.all()) if prefetched else plan.agreements.exists()):
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


class Caution(models.TextChoices):
    """Why sending the plan to someone needs an explicit confirmation: the plan says where the
    family is and who takes a child to school."""

    RESTRICTED = (
        "restricted",
        gettext_lazy(
            "Er is een contactverbod of een afspraak om niet samen te zijn met de hoofdpersoon."
        ),
    )
    DECLINED = "declined", gettext_lazy("Heeft gezegd niet naar de conferentie te komen.")
    ABSENT = "absent", gettext_lazy("Was niet bij de conferentie.")


def recipient_cautions(
    case: Case, people: Iterable[Person], *, main_person: Person | None = None
) -> dict[int, list[Caution]]:
    """The cautions per person id for these possible recipients (`recipient_choices`: it holds
    the main people, who never get one since they always receive the plan). Two queries.

    A contact restriction counts when its other side is a main person; with `main_person`
    (the main person choosing through their own link) only a restriction with them, so a main
    person never learns of a restriction that is not theirs. Someone counts as absent when the
    attendance was recorded and they were present in no part.
    """
    people = list(people)
    if main_person is not None:
        main_ids = {main_person.pk}
    else:
        main_ids = {p.pk for p in people if p.is_main_person}
    restricted: set[int] = set()
    for a, b in ContactRestriction.objects.filter(case=case).values_list(
        "person_a_id", "person_b_id"
    ):
        if a in main_ids:
            restricted.add(b)
        if b in main_ids:
            restricted.add(a)
    # Every person on the attendance list has a row per part; none at all: not recorded.
    attendance = list(
        Attendance.objects.filter(record__case=case).values_list("person_id", "present")
    )
    recorded = bool(attendance)
    present = {person_id for person_id, was_there in attendance if was_there}
    cautions: dict[int, list[Caution]] = {}
    for person in people:
        if person.is_main_person:
            continue
        found = []
        if person.pk in restricted:
            found.append(Caution.RESTRICTED)
        if person.status == PersonStatus.NOT_COMING:
            found.append(Caution.DECLINED)
        if recorded and person.pk not in present:
            found.append(Caution.ABSENT)
        if found:
            cautions[person.pk] = found
    return cautions


def unconfirmed(
    chosen: Iterable[Person], confirmed: Iterable[Person], cautions: dict[int, list[Caution]]
) -> list[Person]:
    """The chosen people with a caution whose inclusion was not explicitly confirmed."""
    ok = {p.pk for p in confirmed}
    return [p for p in chosen if p.pk in cautions and p.pk not in ok]


def _unconfirmed_reasons(people: Iterable[Person]) -> list[str]:
    return [
        _(
            "%(name)s: bevestig eerst dat deze persoon het plan toch mag krijgen, "
            "of haal het vinkje weg."
        )
        % {"name": p.name}
        for p in people
    ]


def choose_recipients(
    plan: Plan,
    people: Iterable[Person],
    *,
    person: Person,
    confirmed: Iterable[Person] = (),
    request: HttpRequest | None = None,
) -> list[Person]:
    """The main person chooses, through their own link, who receives the plan.

    Someone with a caution (see `recipient_cautions`, as this main person may see them) is
    only taken with an explicit confirmation.
    """
    if not person.is_main_person or person.case_id != plan.case_id:
        raise PlanError([_("Alleen de hoofdpersoon kiest wie het plan krijgt.")])
    choices = recipient_choices(plan.case)
    allowed = {p.pk for p in choices}
    chosen = [p for p in people if p.pk in allowed]
    cautions = recipient_cautions(plan.case, choices, main_person=person)
    missing = unconfirmed(chosen, confirmed, cautions)
    if missing:
        raise PlanError(_unconfirmed_reasons(missing))
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
            changes={
                "chosen": len(chosen),
                "confirmed": sum(p.pk in cautions for p in chosen),
            },
            key="plans.recipients_chosen",
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
            changes={"main_people": len(people)},
            key="plans.main_person_asked",
        )
        notices.choice_requested(people)
    return len(people)


def deliver(
    case: Case,
    recipients: Iterable[Person],
    *,
    confirmed: Iterable[Person] = (),
    actor: User,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Freeze the current plan as a delivered version and send a personal link to each recipient.

    Nobody is added but the main people (they always receive it). A recipient with a caution
    (a contact restriction with a main person, declined, absent) must be in `confirmed`.

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
        choices = recipient_choices(case)
        allowed = {p.pk for p in choices}
        chosen = [p for p in recipients if p.pk in allowed]
        cautions = recipient_cautions(case, choices)
        missing = unconfirmed(chosen, confirmed, cautions)
        if missing:
            raise PlanError(_unconfirmed_reasons(missing))
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
            changes={
                "version": version.number,
                "recipients": len(chosen),
                "confirmed": sum(p.pk in cautions for p in chosen),
            },
            key="plans.delivered",
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
