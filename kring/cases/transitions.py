"""One function per business verb; the only code that changes a case's status.

Each transition runs in `transaction.atomic`, locks the case row (`select_for_update`), checks
the state table (`states.ALLOWED`) and the guards other apps registered (`guards.py`), stamps the
per-state timestamp, writes an audit event and queues side effects with `on_commit`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit.services import Action, record
from kring.cases import guards
from kring.cases.models import Case
from kring.cases.states import Status, can_move
from kring.core.workdays import add_working_days


class TransitionError(Exception):
    """The case cannot make this move now; `reasons` say why, in plain Dutch."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


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
