"""One function per business verb; the only code that changes a case's status.

Each verb runs in `transaction.atomic`, locks the case row (`select_for_update`), asks the
state table (`states.TABLE`), runs the preconditions its caller passed in, stamps the per-state
timestamp, writes an audit event and queues its mail in the outbox (sent after commit). Where a
case starts or stops running for a coordinator (its status, or its coordinator), the kept count
of their running cases follows in the same transaction (`_keep_running_count`, decision 192).

Apps above `cases` own some preconditions (a date and a place before scheduling, an assessed
plan before delivery, an eligible coordinator before assigning). They pass them explicitly as
`check=` to the verb, so whoever reads a verb's public entry (`conferences.services.schedule`,
`plans.delivery.deliver`, `coordinators.assignment.assign`) sees every rule it obeys. Apps that
must do their own work under the same lock use `locked(case)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.cases import notices
from kring.cases.models import (
    INDEPENDENCE_VERSION,
    AssignmentKind,
    Case,
    CasePerson,
    Contact,
    CoordinatorAssignment,
    IndependenceDeclaration,
    RunningCaseCount,
    Variant,
)
from kring.cases.states import (
    COORDINATOR_TASK_STATES,
    REPLACEABLE_STATES,
    TABLE,
    VARIANT_STATES,
    Status,
    StopReason,
)
from kring.core.states import TransitionError
from kring.core.workdays import add_working_days
from kring.intake.models import Request
from kring.intake.services import people_summary, spoken_languages
from kring.intake.transitions import convert_request

__all__ = ["Check", "TransitionError", "derive_people_facts", "locked", "no_check"]

# A precondition: the plain-Dutch reasons why the locked case may not move yet (empty: fine).
Check = Callable[[Case], Sequence[str]]


def no_check(case: Case) -> Sequence[str]:
    """The precondition of a verb that needs nothing beyond the state table."""
    return ()


@contextmanager
def locked(case: Case) -> Iterator[Case]:
    """A transaction holding the case row's lock; yields the freshly read case.

    For an app above `cases` that changes its own rows and then calls a verb, all under one
    lock (the verb locks again, which the database allows within one transaction).
    """
    with transaction.atomic():
        yield Case.objects.select_for_update().get(pk=case.pk)


def _runs(status: str, coordinator_id: int | None) -> int | None:
    """Whose running case this is: the coordinator's while the status is one of their task's,
    nobody's otherwise (`RunningCaseCount` counts exactly these)."""
    return coordinator_id if status in COORDINATOR_TASK_STATES else None


def _keep_running_count(was: int | None, now: int | None) -> None:
    """The case stopped running for coordinator `was` and runs for `now` (ids, None for
    nobody): their kept counts follow, in the caller's transaction (decision 192).

    `F()` updates, so two cases of one coordinator moving at once both count. The rows are
    written in id order, so that two replacements the other way round wait for each other
    instead of deadlocking. A count never goes below 0: a count too low (a case written
    around the transitions) must not stop a case from moving; the nightly recount corrects
    and reports it.
    """
    if was == now:
        return
    for coordinator_id, step in sorted(
        [(c, s) for c, s in ((was, -1), (now, 1)) if c is not None], key=lambda pair: pair[0]
    ):
        rows = RunningCaseCount.objects.filter(coordinator_id=coordinator_id)
        if step < 0:
            rows.update(running=Greatest(F("running") - 1, 0))
        elif not rows.update(running=F("running") + 1):
            # Their first case: make the row (or find the one a concurrent first case made).
            RunningCaseCount.objects.bulk_create(
                [RunningCaseCount(coordinator_id=coordinator_id)], ignore_conflicts=True
            )
            rows.update(running=F("running") + 1)


def move(
    case: Case,
    target: str,
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    check: Check = no_check,
    key: str = "",
    changes: Mapping[str, object] | None = None,
    actor_label: str = "",
    **fields: object,
) -> Case:
    """Move a locked case to `target`, stamping `<target>_at`; the shared core of each verb.

    The audit event gets the key and non-personal `changes` only; a reason in someone's own
    words is kept in the verb's own domain row (an assignment, the stop note, the conference).

    Call inside `locked(case)`. Raises TransitionError when the table or `check` refuses.
    """
    TABLE.require(case.status, target)
    reasons = list(check(case))
    if reasons:
        raise TransitionError(reasons)
    old_status = case.status
    was = _runs(old_status, case.coordinator_id)
    case.status = target
    stamp = f"{target}_at"
    update_fields = ["status", "updated_at"]
    if hasattr(case, stamp):
        setattr(case, stamp, timezone.now())
        update_fields.append(stamp)
    for name, value in fields.items():
        setattr(case, name, value)
        update_fields.append(name)
    case.save(update_fields=update_fields)
    _keep_running_count(was, _runs(case.status, case.coordinator_id))
    record(
        Action.TRANSITION,
        case,
        actor=actor,
        request=request,
        case=case,
        changes={"status": [old_status, target], **(changes or {})},
        key=key or f"case.{target}",
        actor_label=actor_label,
    )
    return case


def open_case(
    source_request: Request,
    *,
    actor: User,
    variant: str = Variant.FAMILY,
    request: HttpRequest | None = None,
) -> Case:
    """Start a conference trajectory from an intake request: the request becomes CONVERTED and
    a case starts in REQUESTED, in one transaction, with the request's main people copied.

    The case keeps the request's reference number, so the family hears one number throughout.
    The kind of conference (`variant`) is chosen here and may change until it is scheduled.
    """
    if variant not in Variant.values:
        raise TransitionError([_("Kies de soort conferentie.")])
    with transaction.atomic():
        source = convert_request(source_request, actor=actor, request=request)
        case = Case.objects.create(
            reference=source.reference,
            request=source,
            status=Status.REQUESTED,
            variant=variant,
            main_person_names=source.main_person_names,
            question=source.question,
            topics=list(source.topics),
            main_language=source.main_language or (source.languages or ["nl"])[0],
            coordinator_wish=source.coordinator_wish,
            preferred_gender=source.preferred_gender,
            preferred_language=source.preferred_language,
            preferred_culture=source.preferred_culture,
            region=source.region,
            municipality=source.municipality,
            regional_manager=actor if actor.role == Role.REGIONAL_MANAGER else None,
            minors_involved=source.minors_involved,
            safety_at_stake=source.safety_at_stake,
            court_measure=source.court_measure,
            requested_at=source.created_at,
            contact_due=add_working_days(timezone.localdate(), source.region.contact_deadline_days),
        )
        people = [
            CasePerson(
                case=case,
                position=position,
                name=person.name,
                relation=person.relation,
                languages=list(person.languages),
                main_language=person.main_language,
                phone=person.phone,
                email=person.email,
                age=person.age,
                is_minor=person.is_minor,
            )
            for position, person in enumerate(source.people.all())
        ]
        CasePerson.objects.bulk_create(people)
        derive_people_facts(case, people)
        case.save(update_fields=["main_person_names", "main_person_first_name", "languages"])
        record(
            Action.CREATE,
            case,
            actor=actor,
            request=request,
            case=case,
            key="case.opened",
            changes={"variant": variant, "main_people": len(people)},
        )
    return case


def derive_people_facts(case: Case, people: Sequence[CasePerson]) -> None:
    """Write the case's lines about its main people from their rows (not saved): the names on
    one line, the first person's first name, and every language spoken (main language first)."""
    case.main_person_names = people_summary(people) or case.main_person_names
    if people:
        case.main_person_first_name = people[0].first_name[:100]
    case.languages = spoken_languages(people, case.main_language)


def _assignment(
    case: Case,
    kind: str,
    *,
    actor: User,
    from_coordinator: User | None = None,
    to_coordinator: User | None = None,
    facts: Mapping[str, object] | None = None,
    reason: str = "",
) -> CoordinatorAssignment:
    facts = facts or {}
    rank, score = facts.get("rank"), facts.get("score")
    return CoordinatorAssignment.objects.create(
        case=case,
        kind=kind,
        from_coordinator=from_coordinator,
        to_coordinator=to_coordinator,
        rank=rank if isinstance(rank, int) else None,
        score=score if isinstance(score, int) else None,
        reason=reason.strip(),
        actor=actor,
    )


def _uuid(user: User | None) -> str | None:
    return str(user.uuid) if user is not None else None


# --- The business verbs ------------------------------------------------------------------------
# One function per verb. Each locks the case, moves it through `move()` (table + check), and
# queues mail on commit. Views call exactly one public entry per verb.


def assign_coordinator(
    case: Case,
    coordinator: User,
    *,
    actor: User,
    check: Callable[[Case], Mapping[str, object]],
    request: HttpRequest | None = None,
    reason: str = "",
) -> Case:
    """Give a requested case to a coordinator (REQUESTED -> COORDINATOR_ASSIGNED).

    `check` vets the coordinator for the locked case (the registry's rules, in
    `kring.coordinators.assignment`): it raises TransitionError to refuse, or returns the
    non-personal facts to record with the assignment (rank, score). The coordinator gets an
    e-mail on commit.
    """
    with locked(case) as case:
        # The state first: a second manager who clicks a moment later hears that the case was
        # already assigned, not a complaint about the ranking.
        if not TABLE.can_move(case.status, Status.COORDINATOR_ASSIGNED):
            raise TransitionError(
                [
                    _("Dit traject heeft al een coördinator of staat niet meer open: '%(status)s'.")
                    % {"status": TABLE.label(case.status)}
                ]
            )
        facts = check(case)
        manager = case.regional_manager
        if manager is None and actor.role == Role.REGIONAL_MANAGER:
            manager = actor
        row = _assignment(
            case,
            AssignmentKind.ASSIGNED,
            actor=actor,
            to_coordinator=coordinator,
            facts=facts,
            reason=reason,
        )
        move(
            case,
            Status.COORDINATOR_ASSIGNED,
            actor=actor,
            request=request,
            key="case.coordinator_assigned",
            changes={
                "coordinator": [None, str(coordinator.uuid)],
                "rank": row.rank,
                "score": row.score,
                "assignment": str(row.uuid),
            },
            coordinator=coordinator,
            regional_manager=manager,
            independence_declared_at=None,
        )
        notices.coordinator_assigned(case)
    return case


def replace_coordinator(
    case: Case,
    coordinator: User,
    *,
    actor: User,
    reason: str,
    check: Callable[[Case], Mapping[str, object]],
    request: HttpRequest | None = None,
) -> Case:
    """Give a running case to another coordinator at any point before the check-in call
    (illness happens); the state stays where it is.

    `check` vets the new coordinator like `assign_coordinator`'s (rank and score back). The
    manager's reason is required when someone is replaced and kept in the assignment history.
    The old coordinator loses access on their next request (access follows `Case.coordinator`)
    and gets a mail; the new one first declares independence, then sees the case.
    """
    with locked(case) as case:
        if case.status not in REPLACEABLE_STATES:
            raise TransitionError(
                [
                    _(
                        "Een coördinator vervangen kan tot het nabelgesprek; het traject staat op "
                        "'%(status)s'."
                    )
                    % {"status": TABLE.label(case.status)}
                ]
            )
        old = case.coordinator
        if old is not None and old.pk == coordinator.pk:
            raise TransitionError([_("Dit is al de coördinator van dit traject.")])
        if old is not None and not reason.strip():
            raise TransitionError([_("Schrijf kort op waarom u de coördinator vervangt.")])
        facts = check(case)
        row = _assignment(
            case,
            AssignmentKind.REPLACED,
            actor=actor,
            from_coordinator=old,
            to_coordinator=coordinator,
            facts=facts,
            reason=reason,
        )
        case.coordinator = coordinator
        case.independence_declared_at = None
        case.save(update_fields=["coordinator", "independence_declared_at", "updated_at"])
        _keep_running_count(
            _runs(case.status, old.pk if old is not None else None),
            _runs(case.status, coordinator.pk),
        )
        record(
            Action.UPDATE,
            case,
            actor=actor,
            request=request,
            case=case,
            key="case.coordinator_replaced",
            changes={
                "coordinator": [_uuid(old), str(coordinator.uuid)],
                "rank": row.rank,
                "score": row.score,
                "assignment": str(row.uuid),
            },
        )
        notices.coordinator_assigned(case)
        if old is not None:
            notices.coordinator_withdrawn(case, old)
    return case


def declare_independence(
    case: Case,
    *,
    actor: User,
    has_conflict: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """The assigned coordinator's declaration for this case.

    No conflict: stamps `independence_declared_at`, after which they see personal details.
    Conflict: the case goes back to REQUESTED without coordinator and the manager is mailed
    to make another match; the conflict is remembered so matching skips this coordinator.
    """
    with locked(case) as case:
        if case.status not in COORDINATOR_TASK_STATES or case.coordinator_id != actor.pk:
            raise TransitionError([_("Alleen de toegewezen coördinator kan dit nu verklaren.")])
        if case.independence_declared_at is not None:
            raise TransitionError([_("U heeft uw onafhankelijkheid al verklaard.")])
        now = timezone.now()
        IndependenceDeclaration.objects.create(
            case=case,
            coordinator=actor,
            has_conflict=has_conflict,
            note=note,
            text_version=INDEPENDENCE_VERSION,
            declared_at=now,
        )
        if has_conflict:
            # The note is the declaration's; the history shows it to the managers, the audit
            # row only points at the history row.
            row = _assignment(
                case, AssignmentKind.CONFLICT, actor=actor, from_coordinator=actor, reason=note
            )
            changes = {"coordinator": [str(actor.uuid), None], "assignment": str(row.uuid)}
            if case.status == Status.COORDINATOR_ASSIGNED:
                move(
                    case,
                    Status.REQUESTED,
                    actor=actor,
                    request=request,
                    key="case.conflict_declared",
                    changes=changes,
                    coordinator=None,
                    coordinator_assigned_at=None,
                    independence_declared_at=None,
                )
            else:
                # A replacement later in the task: the case waits, without a coordinator, for
                # the manager to choose the next one.
                case.coordinator = None
                case.independence_declared_at = None
                case.save(update_fields=["coordinator", "independence_declared_at", "updated_at"])
                _keep_running_count(_runs(case.status, actor.pk), None)
                record(
                    Action.UPDATE,
                    case,
                    actor=actor,
                    request=request,
                    case=case,
                    key="case.conflict_declared",
                    changes=changes,
                )
            notices.manager_conflict(case)
        else:
            case.independence_declared_at = now
            case.save(update_fields=["independence_declared_at", "updated_at"])
            record(
                Action.UPDATE,
                case,
                actor=actor,
                request=request,
                case=case,
                changes={"independence_declared_at": [None, now]},
                key="case.independence_declared",
            )
    return case


def withdraw_assignment(
    case: Case, *, actor: User, reason: str, request: HttpRequest | None = None
) -> Case:
    """The manager takes the case back before first contact to choose another coordinator.

    COORDINATOR_ASSIGNED -> REQUESTED; the coordinator loses access at once and gets a mail.
    """
    with locked(case) as case:
        if not reason.strip():
            raise TransitionError([_("Schrijf kort op waarom u de coördinator terugneemt.")])
        coordinator = case.coordinator
        if case.status != Status.COORDINATOR_ASSIGNED or coordinator is None:
            raise TransitionError(
                [
                    _("Dit kan nu niet: het traject staat op '%(status)s'.")
                    % {"status": TABLE.label(case.status)}
                ]
            )
        row = _assignment(
            case,
            AssignmentKind.WITHDRAWN,
            actor=actor,
            from_coordinator=coordinator,
            reason=reason,
        )
        move(
            case,
            Status.REQUESTED,
            actor=actor,
            request=request,
            key="case.assignment_withdrawn",
            changes={"coordinator": [str(coordinator.uuid), None], "assignment": str(row.uuid)},
            coordinator=None,
            coordinator_assigned_at=None,
            independence_declared_at=None,
        )
        notices.coordinator_withdrawn(case, coordinator)
    return case


def _add_contact(
    case: Case,
    *,
    actor: User,
    request: HttpRequest | None,
    occurred_on: datetime.date,
    with_whom: str,
    channel: str,
    note: str,
    is_first_contact: bool = False,
) -> Contact:
    contact = Contact.objects.create(
        case=case,
        occurred_on=occurred_on,
        with_whom=with_whom,
        channel=channel,
        note=note,
        is_first_contact=is_first_contact,
        created_by=actor,
    )
    record(
        Action.CREATE,
        contact,
        actor=actor,
        request=request,
        case=case,
        key="case.contact_logged",
        changes={"channel": channel, "first_contact": is_first_contact},
    )
    return contact


def record_first_contact(
    case: Case,
    *,
    actor: User,
    occurred_on: datetime.date,
    with_whom: str,
    channel: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """The first contact with the requester happened: log it and move to IN_PREPARATION."""
    with locked(case) as case:
        if case.independence_declared_at is None:
            raise TransitionError([_("Verklaar eerst uw onafhankelijkheid voor dit traject.")])
        contact_at = timezone.make_aware(
            datetime.datetime.combine(occurred_on, datetime.time(12, 0))
        )
        move(
            case,
            Status.IN_PREPARATION,
            actor=actor,
            request=request,
            key="case.first_contact",
            first_contact_at=min(contact_at, timezone.now()),
        )
        _add_contact(
            case,
            actor=actor,
            request=request,
            occurred_on=occurred_on,
            with_whom=with_whom,
            channel=channel,
            note=note,
            is_first_contact=True,
        )
    return case


def log_contact(
    case: Case,
    *,
    actor: User,
    occurred_on: datetime.date,
    with_whom: str,
    channel: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Contact:
    """Add a contact to the case's contact log (no state change)."""
    with transaction.atomic():
        return _add_contact(
            case,
            actor=actor,
            request=request,
            occurred_on=occurred_on,
            with_whom=with_whom,
            channel=channel,
            note=note,
        )


def _simple(
    case: Case,
    target: str,
    *,
    actor: User,
    request: HttpRequest | None,
    check: Check = no_check,
    key: str = "",
) -> Case:
    with locked(case) as case:
        move(case, target, actor=actor, request=request, check=check, key=key)
    return case


def schedule_conference(
    case: Case, *, actor: User, check: Check, request: HttpRequest | None = None
) -> Case:
    """IN_PREPARATION -> CONFERENCE_SCHEDULED.

    Public entry: `kring.conferences.services.schedule`, which passes the conference's own
    preconditions (date, place, safety requirement, no open contact conflict) as `check`.
    """
    return _simple(case, Status.CONFERENCE_SCHEDULED, actor=actor, request=request, check=check)


def cancel_conference(
    case: Case, *, actor: User, reason: str = "", request: HttpRequest | None = None
) -> Case:
    """CONFERENCE_SCHEDULED -> IN_PREPARATION: the meeting is off, preparation goes on.

    Public entry: `kring.conferences.services.cancel` (which also sends the cancellations and
    keeps `reason` on the conference; the audit trail gets none of its words).
    """
    with locked(case) as case:
        move(
            case,
            Status.IN_PREPARATION,
            actor=actor,
            request=request,
            key="case.conference_cancelled",
            conference_scheduled_at=None,
        )
    return case


def record_conference(
    case: Case, *, actor: User, check: Check = no_check, request: HttpRequest | None = None
) -> Case:
    """CONFERENCE_SCHEDULED -> CONFERENCE_HELD.

    Public entry: `kring.conferences.day.record_attendance`.
    """
    return _simple(case, Status.CONFERENCE_HELD, actor=actor, request=request, check=check)


def deliver_plan(
    case: Case, *, actor: User, check: Check, request: HttpRequest | None = None
) -> Case:
    """CONFERENCE_HELD -> PLAN_DELIVERED.

    Public entry: `kring.plans.delivery.deliver`, which passes the plan's completeness (a
    follow-up, every safety requirement assessed) as `check`.
    """
    return _simple(case, Status.PLAN_DELIVERED, actor=actor, request=request, check=check)


def record_check_in(case: Case, *, actor: User, request: HttpRequest | None = None) -> Case:
    """PLAN_DELIVERED -> CHECK_IN_DONE: the check-in call is done; the coordinator's task ends.

    Public entry: `kring.plans.check_in.record_check_in` (which keeps the call's record).
    """
    return _simple(
        case,
        Status.CHECK_IN_DONE,
        actor=actor,
        request=request,
        key="case.check_in_done",
    )


def start_follow_up(
    case: Case, *, actor: User | None, request: HttpRequest | None = None, actor_label: str = ""
) -> Case:
    """CHECK_IN_DONE -> FOLLOW_UP: the network meets again as agreed in the plan (recorded by
    staff, or by the main person in the family portal: `actor` None with `actor_label`)."""
    with locked(case) as case:
        move(case, Status.FOLLOW_UP, actor=actor, request=request, actor_label=actor_label)
    return case


def close_case(case: Case, *, actor: User, request: HttpRequest | None = None) -> Case:
    """CHECK_IN_DONE or FOLLOW_UP -> CLOSED."""
    return _simple(case, Status.CLOSED, actor=actor, request=request)


def stop_case(
    case: Case, *, actor: User, reason: str, note: str = "", request: HttpRequest | None = None
) -> Case:
    """Stop an open case, with a reason from the fixed list (and a note when 'other')."""
    with locked(case) as case:
        if reason not in StopReason.values:
            raise TransitionError([_("Kies een reden om te stoppen.")])
        if reason == StopReason.OTHER and not note.strip():
            raise TransitionError([_("Schrijf kort op waarom het traject stopt.")])
        move(
            case,
            Status.STOPPED,
            actor=actor,
            request=request,
            key="case.stopped",
            changes={"stop_reason": reason},
            stop_reason=reason,
            stop_note=note,
        )
    return case


def change_variant(
    case: Case, variant: str, *, actor: User, request: HttpRequest | None = None
) -> Case:
    """Change the kind of conference, until the conference is scheduled (VARIANT_STATES).

    The case keeps its state; who is invited to which part is the circle's to check again.
    """
    if variant not in Variant.values:
        raise TransitionError([_("Kies een soort uit de lijst.")])
    with locked(case) as case:
        if case.status not in VARIANT_STATES:
            raise TransitionError(
                [
                    _(
                        "De soort conferentie kan niet meer veranderen: het traject staat op "
                        "'%(status)s'."
                    )
                    % {"status": TABLE.label(case.status)}
                ]
            )
        if case.variant == variant:
            return case
        old = case.variant
        case.variant = variant
        case.save(update_fields=["variant", "updated_at"])
        record(
            Action.UPDATE,
            case,
            actor=actor,
            request=request,
            case=case,
            key="case.variant_changed",
            changes={"variant": [old, variant]},
        )
    return case
