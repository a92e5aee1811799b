"""The check-in call about four weeks after the conference; it ends the coordinator's task.

When it may be recorded is one rule, `kring.cases.access.may_record_check_in` (from
KRING_CHECK_IN_EARLY_DAYS before `Case.check_in_due`, by the coordinator or staff); this
module refuses anything else, whatever a form sent.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.access import check_in_opens_on, may_record_check_in
from kring.cases.models import Case
from kring.cases.states import CHECK_IN_STATES
from kring.plans.models import CheckIn
from kring.plans.writing import PlanError


def why_not(user: User, case: Case) -> str:
    """Why `user` cannot record the check-in of `case` now, in plain Dutch ('' when they can)."""
    if may_record_check_in(user, case):
        return ""
    opens, due = check_in_opens_on(case), case.check_in_due
    if case.status in CHECK_IN_STATES and opens and due and timezone.localdate() < opens:
        return _(
            "Het nabelgesprek is rond %(due)s, ongeveer vier weken na de conferentie. U kunt het "
            "vastleggen vanaf %(opens)s."
        ) % {"due": date_format(due, "j F Y"), "opens": date_format(opens, "j F Y")}
    if case.status not in CHECK_IN_STATES:
        return _("Het nabelgesprek kan pas worden vastgelegd als het plan verstuurd is.")
    return _("U kunt het nabelgesprek van dit traject niet vastleggen.")


def held_on_error(case: Case, held_on: datetime.date) -> str:
    """Why this date cannot be the check-in call's ('' when it can)."""
    if held_on > timezone.localdate():
        return _("Het gesprek kan niet in de toekomst liggen.")
    opens, due = check_in_opens_on(case), case.check_in_due
    if opens and due and held_on < opens:
        return _(
            "Een gesprek vóór %(opens)s is te vroeg voor het nabelgesprek. Leg dat vast als "
            "contact; bel de hoofdpersoon rond %(due)s opnieuw."
        ) % {"opens": date_format(opens, "j F Y"), "due": date_format(due, "j F Y")}
    return ""


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
        reasons = [r for r in (why_not(actor, case), held_on_error(case, held_on)) if r]
        if reasons:
            raise PlanError(reasons)
        check_in, _created = CheckIn.objects.update_or_create(
            case=case, defaults={"held_on": held_on, "note": note.strip(), "recorded_by": actor}
        )
        record(
            Action.CREATE,
            check_in,
            actor=actor,
            request=request,
            case=case,
            changes={"held_on": held_on, "due": case.check_in_due},
            key="plans.check_in_recorded",
        )
        transitions.record_check_in(case, actor=actor, request=request)
    return check_in
