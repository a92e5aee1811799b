"""One function per business verb; the only code that changes a case's status.

Each transition runs in `transaction.atomic`, locks the case row (`select_for_update`), checks
the state table (`states.ALLOWED`) and the guards other apps registered (`guards.py`), stamps the
per-state timestamp, writes an audit event and queues side effects with `on_commit`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.services import Action, record
from kring.cases import guards
from kring.cases.models import Case
from kring.cases.states import Status, StopReason, can_move
from kring.core.workdays import add_working_days


class TransitionError(Exception):
    """The case cannot make this move now; `reasons` say why, in plain Dutch."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class OverrideReasonRequired(TransitionError):
    """The manager picked someone below the best candidate without saying why."""


def _lock(case: Case | Any) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return Case.objects.select_for_update().get(pk=pk)


def move(
    case: Case,
    target: str,
    *,
    actor: Any,
    request: HttpRequest | None = None,
    message: str = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
    **fields: Any,
) -> Case:
    """Move a locked case to `target`, stamping `<target>_at`; the shared core of each verb.

    Call inside `transaction.atomic` with a case from `_lock`. Raises TransitionError when the
    table or a guard refuses.
    """
    if not can_move(case.status, target):
        raise TransitionError(
            [
                _("Dit kan nu niet: het traject staat op '%(status)s'.")
                % {"status": Status(case.status).label}
            ]
        )
    reasons = guards.blockers(case, target)
    if reasons:
        raise TransitionError(reasons)
    old_status = case.status
    now = timezone.now()
    case.status = target
    stamp = f"{target}_at"
    update_fields = ["status", "updated_at"]
    if hasattr(case, stamp):
        setattr(case, stamp, now)
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
        message=message or str(Status(target).label),
    )
    return case


def open_case(source_request: Any, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """Start a conference trajectory from an intake request (state REQUESTED).

    The case keeps the request's reference number, so the family hears one number throughout.
    """
    with transaction.atomic():
        names = source_request.main_person_names.strip()
        case = Case.objects.create(
            reference=source_request.reference,
            request=source_request,
            status=Status.REQUESTED,
            main_person_names=names,
            main_person_first_name=(names.split() or [""])[0][:100],
            question=source_request.question,
            topics=list(source_request.topics),
            languages=list(source_request.languages),
            coordinator_wish=source_request.coordinator_wish,
            region=source_request.region,
            municipality=source_request.municipality,
            regional_manager=actor if getattr(actor, "role", "") == "regional_manager" else None,
            minors_involved=source_request.minors_involved,
            safety_at_stake=source_request.safety_at_stake,
            court_measure=source_request.court_measure,
            requested_at=source_request.created_at,
            contact_due=add_working_days(
                timezone.localdate(), source_request.region.contact_deadline_days
            ),
        )
        record(
            Action.CREATE,
            case,
            actor=actor,
            request=request,
            case=case,
            message=_("Traject gestart"),
        )
    return case


# --- The business verbs ------------------------------------------------------------------------
# One function per verb. Each locks the case, moves it through `move()` (table + guards), and
# queues mail on commit. Views call exactly one of these.


def _queue(task_fn: Any, *args: Any) -> None:
    """Enqueue a task once the transaction commits (never mail about a rolled-back change)."""
    transaction.on_commit(lambda: task_fn.enqueue(*args))


def assign_coordinator(
    case: Case,
    coordinator: Any,
    *,
    actor: Any,
    request: HttpRequest | None = None,
    override_reason: str = "",
) -> Case:
    """Give a requested case to a coordinator (REQUESTED -> COORDINATOR_ASSIGNED).

    The coordinator must be assignable (trained, signed declaration, no conflict on this case).
    Picking someone ranked lower than the best candidate needs `override_reason`. The
    coordinator gets an e-mail on commit.
    """
    from kring.cases import tasks
    from kring.coordinators.matching import rank_coordinators

    with transaction.atomic():
        case = _lock(case)
        # Check the state first: a second manager who clicks a moment later hears that the
        # case was already assigned, not a ranking complaint.
        if not can_move(case.status, Status.COORDINATOR_ASSIGNED):
            raise TransitionError(
                [
                    _("Dit traject heeft al een coördinator of staat niet meer open: '%(status)s'.")
                    % {"status": Status(case.status).label}
                ]
            )
        matches = rank_coordinators(case)
        chosen = next((m for m in matches if m.user.pk == coordinator.pk), None)
        if chosen is None:
            raise TransitionError([_("Deze persoon staat niet in het register van coördinatoren.")])
        if not chosen.eligible:
            raise TransitionError(chosen.blockers)
        best = next((m for m in matches if m.eligible), chosen)
        override_reason = override_reason.strip()
        if chosen.score < best.score and not override_reason:
            raise OverrideReasonRequired(
                [
                    _(
                        "%(name)s staat niet bovenaan de lijst. Schrijf kort op waarom u toch "
                        "voor deze coördinator kiest."
                    )
                    % {"name": chosen.user.full_name}
                ]
            )
        manager = case.regional_manager
        if manager is None and getattr(actor, "role", "") == "regional_manager":
            manager = actor
        move(
            case,
            Status.COORDINATOR_ASSIGNED,
            actor=actor,
            request=request,
            reason=override_reason,
            message=_("Coördinator toegewezen: %(name)s") % {"name": chosen.user.full_name},
            changes={
                "coordinator": [None, str(coordinator.uuid)],
                "rank": chosen.rank,
                "score": chosen.score,
            },
            coordinator=coordinator,
            regional_manager=manager,
            independence_declared_at=None,
        )
        _queue(tasks.notify_coordinator_assigned, str(case.uuid))
    return case


def declare_independence(
    case: Case,
    *,
    actor: Any,
    has_conflict: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """The assigned coordinator's declaration for this case.

    No conflict: stamps `independence_declared_at`, after which they see personal details.
    Conflict: the case goes back to REQUESTED without coordinator and the manager is mailed
    to make another match; the conflict is remembered so matching skips this coordinator.
    """
    from kring.cases import tasks
    from kring.coordinators.models import INDEPENDENCE_VERSION, IndependenceDeclaration

    with transaction.atomic():
        case = _lock(case)
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
                message=_("Coördinator meldt een belang of relatie; terug naar de regiomanager"),
                changes={"coordinator": [str(actor.uuid), None]},
                coordinator=None,
                coordinator_assigned_at=None,
                independence_declared_at=None,
            )
            _queue(tasks.notify_manager_conflict, str(case.uuid))
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
                message=_("Onafhankelijkheid verklaard"),
            )
    return case


def withdraw_assignment(
    case: Case, *, actor: Any, reason: str, request: HttpRequest | None = None
) -> Case:
    """The manager takes the case back before first contact to choose another coordinator.

    COORDINATOR_ASSIGNED -> REQUESTED; the coordinator loses access at once and gets a mail.
    """
    from kring.cases import tasks

    with transaction.atomic():
        case = _lock(case)
        if not reason.strip():
            raise TransitionError([_("Schrijf kort op waarom u de coördinator terugneemt.")])
        coordinator = case.coordinator
        if case.status != Status.COORDINATOR_ASSIGNED or coordinator is None:
            raise TransitionError(
                [
                    _("Dit kan nu niet: het traject staat op '%(status)s'.")
                    % {"status": Status(case.status).label}
                ]
            )
        move(
            case,
            Status.REQUESTED,
            actor=actor,
            request=request,
            reason=reason,
            message=_("Coördinator teruggenomen; opnieuw kiezen"),
            changes={"coordinator": [str(coordinator.uuid), None]},
            coordinator=None,
            coordinator_assigned_at=None,
            independence_declared_at=None,
        )
        _queue(tasks.notify_coordinator_withdrawn, str(case.uuid), coordinator.email)
    return case


def record_first_contact(
    case: Case,
    *,
    actor: Any,
    occurred_on: Any,
    with_whom: str,
    channel: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """The first contact with the requester happened: log it and move to IN_PREPARATION."""
    from kring.cases.models import Contact

    with transaction.atomic():
        case = _lock(case)
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
            message=_("Eerste contact gehad; traject in voorbereiding"),
            first_contact_at=min(contact_at, timezone.now()),
        )
        contact = Contact.objects.create(
            case=case,
            occurred_on=occurred_on,
            with_whom=with_whom,
            channel=channel,
            note=note,
            is_first_contact=True,
            created_by=actor,
        )
        record(
            Action.CREATE,
            contact,
            actor=actor,
            request=request,
            case=case,
            message=_("Contact vastgelegd"),
        )
    return case


def log_contact(
    case: Case,
    *,
    actor: Any,
    occurred_on: Any,
    with_whom: str,
    channel: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Any:
    """Add a contact to the case's contact log (no state change)."""
    from kring.cases.models import Contact

    with transaction.atomic():
        contact = Contact.objects.create(
            case=case,
            occurred_on=occurred_on,
            with_whom=with_whom,
            channel=channel,
            note=note,
            created_by=actor,
        )
        record(
            Action.CREATE,
            contact,
            actor=actor,
            request=request,
            case=case,
            message=_("Contact vastgelegd"),
        )
    return contact


def _simple(
    case: Case, target: str, *, actor: Any, request: HttpRequest | None, message: str = ""
) -> Case:
    with transaction.atomic():
        case = _lock(case)
        move(case, target, actor=actor, request=request, message=message)
    return case


def schedule_conference(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """IN_PREPARATION -> CONFERENCE_SCHEDULED (the conferences app guards date and place)."""
    return _simple(case, Status.CONFERENCE_SCHEDULED, actor=actor, request=request)


def cancel_conference(
    case: Case, *, actor: Any, reason: str = "", request: HttpRequest | None = None
) -> Case:
    """CONFERENCE_SCHEDULED -> IN_PREPARATION: the meeting is off, preparation goes on."""
    with transaction.atomic():
        case = _lock(case)
        move(
            case,
            Status.IN_PREPARATION,
            actor=actor,
            request=request,
            reason=reason,
            message=_("Conferentie afgezegd; terug naar voorbereiding"),
            conference_scheduled_at=None,
        )
    return case


def record_conference(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """CONFERENCE_SCHEDULED -> CONFERENCE_HELD."""
    return _simple(case, Status.CONFERENCE_HELD, actor=actor, request=request)


def deliver_plan(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """CONFERENCE_HELD -> PLAN_DELIVERED (the plans app guards the plan's completeness)."""
    return _simple(case, Status.PLAN_DELIVERED, actor=actor, request=request)


def record_check_in(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """PLAN_DELIVERED -> CHECK_IN_DONE: the check-in call is done; the coordinator's task ends."""
    return _simple(
        case,
        Status.CHECK_IN_DONE,
        actor=actor,
        request=request,
        message=_("Nabelgesprek gedaan; de taak van de coördinator is klaar"),
    )


def start_follow_up(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """CHECK_IN_DONE -> FOLLOW_UP: the network meets again as agreed in the plan."""
    return _simple(case, Status.FOLLOW_UP, actor=actor, request=request)


def close_case(case: Case, *, actor: Any, request: HttpRequest | None = None) -> Case:
    """CHECK_IN_DONE or FOLLOW_UP -> CLOSED."""
    return _simple(case, Status.CLOSED, actor=actor, request=request)


def stop_case(
    case: Case, *, actor: Any, reason: str, note: str = "", request: HttpRequest | None = None
) -> Case:
    """Stop an open case, with a reason from the fixed list (and a note when 'other')."""
    with transaction.atomic():
        case = _lock(case)
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
            message=_("Traject gestopt: %(reason)s") % {"reason": StopReason(reason).label},
            changes={"stop_reason": ["", reason]},
            stop_reason=reason,
            stop_note=note,
        )
    return case
