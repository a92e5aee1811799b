"""Preconditions that other apps add to case transitions.

A transition into a target state asks every guard registered for that state; each guard
returns a list of plain-Dutch reasons why the case may not move yet (empty when fine). Apps
register their guards in `AppConfig.ready()`, e.g. the conferences app requires a date, a place
and the safety requirement before CONFERENCE_SCHEDULED; the plans app requires a follow-up date
and an assessed safety section before PLAN_DELIVERED. This keeps `transitions.py` the one place
that changes a status, without it importing every app.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kring.cases.models import Case

Guard = Callable[["Case"], list[str]]

_GUARDS: dict[str, list[Guard]] = defaultdict(list)


def register(target_status: str, guard: Guard) -> None:
    """Add a precondition for moving a case into `target_status` (idempotent)."""
    if guard not in _GUARDS[target_status]:
        _GUARDS[target_status].append(guard)


def blockers(case: "Case", target_status: str) -> list[str]:
    """Every reason, from every registered guard, why `case` may not move to `target_status`."""
    reasons: list[str] = []
    for guard in _GUARDS.get(target_status, []):
        reasons.extend(guard(case))
    return reasons
