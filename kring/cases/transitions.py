"""One function per business verb; the only code that changes a case's status.

Each verb runs in `transaction.atomic`, locks the case row (`select_for_update`), asks the
state table (`states.TABLE`), runs the preconditions its caller passed in, stamps the per-state
timestamp, writes an audit event and queues its mail in the outbox (sent after commit).

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
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.cases import notices
from kring.cases.models import INDEPENDENCE_VERSION, Case, Contact, IndependenceDeclaration
from kring.cases.states import TABLE, Status, StopReason
from kring.core.states import TransitionError
from kring.core.workdays import add_working_days
from kring.intake.models import Request
from kring.intake.transitions import convert_request

__all__ = ["Check", "TransitionError", "locked", "no_check"]

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


def move(
    case: Case,
    target: str,
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    check: Check = no_check,
    key: str = "",
    reason: str = "",
    changes: Mapping[str, object] | None = None,
    **fields: object,
) -> Case:
    """Move a locked case to `target`, stamping `<target>_at`; the shared core of each verb.

    Call inside `locked(case)`. Raises TransitionError when the table or `check` refuses.
    """
    TABLE.require(case.status, target)
    reasons = list(check(case))
    if reasons:
        raise TransitionError(reasons)
    old_status = case.status
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
    record(
        Action.TRANSITION,
        case,
        actor=actor,
        request=request,
        case=case,
        changes={"status": [old_status, target], **(changes or {})},
        reason=reason,
        key=key or f"case.{target}",
    )
    return case


def open_case(source_request: Request, *, actor: User, request: HttpRequest | None = None) -> Case:
    """Start a conference trajectory from an intake request: the request becomes CONVERTED and
    a case starts in REQUESTED, in one transaction.

    The case keeps the request's reference number, so the family hears one number throughout.
    """
    with transaction.atomic():
        source = convert_request(source_request, actor=actor, request=request)
        names = source.main_person_names.strip()
        case = Case.objects.create(
            reference=source.reference,
            request=source,
            status=Status.REQUESTED,
            main_person_names=names,
            main_person_first_name=(names.split() or [""])[0][:100],
            question=source.question,
            topics=list(source.topics),
            languages=list(source.languages),
            coordinator_wish=source.coordinator_wish,
            region=source.region,
            municipality=source.municipality,
            regional_manager=actor if actor.role == Role.REGIONAL_MANAGER else None,
            minors_involved=source.minors_involved,
            safety_at_stake=source.safety_at_stake,
            court_measure=source.court_measure,
            requested_at=source.created_at,
            contact_due=add_working_days(timezone.localdate(), source.region.contact_deadline_days),
        )
        record(
            Action.CREATE,
            case,
            actor=actor,
            request=request,
            case=case,
            key="case.opened",
        )
    return case


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
        move(
            case,
            Status.COORDINATOR_ASSIGNED,
            actor=actor,
            request=request,
            reason=reason,
            key="case.coordinator_assigned",
            changes={"coordinator": [None, str(coordinator.uuid)], **facts},
            coordinator=coordinator,
            regional_manager=manager,
            independence_declared_at=None,
        )
        notices.coordinator_assigned(case)
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
        if case.status != Status.COORDINATOR_ASSIGNED or case.coordinator_id != actor.pk:
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
            move(
                case,
                Status.REQUESTED,
                actor=actor,
                request=request,
                reason=note,
                key="case.conflict_declared",
                changes={"coordinator": [str(actor.uuid), None]},
                coordinator=None,
                coordinator_assigned_at=None,
                independence_declared_at=None,
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
        move(
            case,
            Status.REQUESTED,
            actor=actor,
            request=request,
            reason=reason,
            key="case.assignment_withdrawn",
            changes={"coordinator": [str(coordinator.uuid), None]},
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

    Public entry: `kring.conferences.services.cancel` (which also sends the cancellations).
    """
    with locked(case) as case:
        move(
            case,
            Status.IN_PREPARATION,
            actor=actor,
            request=request,
            reason=reason,
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


def start_follow_up(case: Case, *, actor: User, request: HttpRequest | None = None) -> Case:
    """CHECK_IN_DONE -> FOLLOW_UP: the network meets again as agreed in the plan."""
    return _simple(case, Status.FOLLOW_UP, actor=actor, request=request)


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
            reason=note,
            key="case.stopped",
            changes={"stop_reason": reason},
            stop_reason=reason,
            stop_note=note,
        )
    return case
