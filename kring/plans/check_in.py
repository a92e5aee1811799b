"""The check-in call about four weeks after the conference; it ends the coordinator's task."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.models import Case
from kring.plans.models import (
    CheckIn,
)


def record_check_in(
    case: Case,
    *,
    held_on: datetime.date,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
) -> CheckIn:
    """Record the check-in call; this ends the coordinator's task (CHECK_IN_DONE)."""
    with transitions.locked(case) as case:
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
