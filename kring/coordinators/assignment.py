"""Assigning a coordinator to a requested case: the registry's rules on top of the case's verb.

`assign` is the one public entry. It passes the registry's rules to
`kring.cases.transitions.assign_coordinator` as its `check`, which runs them under the case's
lock: the coordinator must be in the registry and assignable (trained, signed declaration, no
conflict on this case), and choosing someone below the best candidate needs a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.cases import transitions
from kring.cases.models import Case
from kring.coordinators.matching import rank_coordinators
from kring.core.states import TransitionError


class OverrideReasonRequired(TransitionError):
    """The manager picked someone below the best candidate without saying why."""


def coordinators_for_assignment() -> QuerySet[User]:
    """Every active coordinator: any of them may be chosen (region is a reason, not a wall);
    the page shows the best ranked and finds the others by name. The choice is checked on POST
    (`assign`), not limited to the names the page happened to show."""
    return User.objects.filter(role=Role.COORDINATOR, is_active=True)


def _eligible(coordinator: User, override_reason: str) -> Callable[[Case], Mapping[str, object]]:
    """The registry's rules for choosing `coordinator`, run under the case's lock: rank and
    score back, or a refusal."""

    def eligible(locked: Case) -> Mapping[str, object]:
        # The best candidate and the chosen one, each with their place among all.
        ranking = rank_coordinators(locked, limit=1, include=[coordinator.uuid])
        chosen = ranking.get(coordinator)
        if chosen is None:
            raise TransitionError([_("Deze persoon staat niet in het register van coördinatoren.")])
        if not chosen.eligible:
            raise TransitionError(chosen.blockers)
        best = ranking.best or chosen
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
        return {"rank": chosen.rank, "score": chosen.score}

    return eligible


def assign(
    case: Case,
    coordinator: User,
    *,
    actor: User,
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Give a requested case to `coordinator` if the registry allows it (see the module)."""
    override_reason = override_reason.strip()
    return transitions.assign_coordinator(
        case,
        coordinator,
        actor=actor,
        request=request,
        check=_eligible(coordinator, override_reason),
        reason=override_reason,
    )


def replace(
    case: Case,
    coordinator: User,
    *,
    actor: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Case:
    """Give a running case to another coordinator before the check-in call, with the
    manager's reason (which also covers choosing someone below the best candidate)."""
    reason = reason.strip()
    return transitions.replace_coordinator(
        case,
        coordinator,
        actor=actor,
        request=request,
        reason=reason,
        check=_eligible(coordinator, reason),
    )
