"""The case's state machine as one readable table.

Only `kring.cases.transitions` changes a case's status, and only along ALLOWED. Every other
rule about states (who may still work on a case, when the plan may change) is a set derived
here, never a list of status strings elsewhere.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.states import StateTable


class Status(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    COORDINATOR_ASSIGNED = "coordinator_assigned", _("Coördinator toegewezen")
    IN_PREPARATION = "in_preparation", _("In voorbereiding")
    CONFERENCE_SCHEDULED = "conference_scheduled", _("Conferentie gepland")
    CONFERENCE_HELD = "conference_held", _("Conferentie gehouden")
    PLAN_DELIVERED = "plan_delivered", _("Plan verstuurd")
    CHECK_IN_DONE = "check_in_done", _("Nabelgesprek gedaan")
    FOLLOW_UP = "follow_up", _("Vervolg")
    CLOSED = "closed", _("Afgesloten")
    STOPPED = "stopped", _("Gestopt")


class StopReason(models.TextChoices):
    PLAN_WITHOUT_CONFERENCE = "plan_without_conference", _("Plan gemaakt zonder conferentie")
    SITUATION_CHANGED = "situation_changed", _("Situatie veranderd")
    NETWORK_TOO_SMALL = "network_too_small", _("Netwerk te klein")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    NO_FUNDING = "no_funding", _("Geen financiering")
    OTHER = "other", _("Anders")


S = Status

# The states in which a case is still running; from each of these it may be stopped.
OPEN_STATES: frozenset[str] = frozenset(
    {
        S.REQUESTED,
        S.COORDINATOR_ASSIGNED,
        S.IN_PREPARATION,
        S.CONFERENCE_SCHEDULED,
        S.CONFERENCE_HELD,
        S.PLAN_DELIVERED,
        S.CHECK_IN_DONE,
        S.FOLLOW_UP,
    }
)

# The end states: nothing happens to the case any more.
FINISHED_STATES: frozenset[str] = frozenset({S.CLOSED, S.STOPPED})

# from-state -> the states it may move to.
ALLOWED: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.COORDINATOR_ASSIGNED, S.STOPPED}),
    # Back to REQUESTED when the coordinator declares a conflict of interest.
    S.COORDINATOR_ASSIGNED: frozenset({S.IN_PREPARATION, S.REQUESTED, S.STOPPED}),
    S.IN_PREPARATION: frozenset({S.CONFERENCE_SCHEDULED, S.STOPPED}),
    # Back to IN_PREPARATION when the conference is cancelled.
    S.CONFERENCE_SCHEDULED: frozenset({S.CONFERENCE_HELD, S.IN_PREPARATION, S.STOPPED}),
    S.CONFERENCE_HELD: frozenset({S.PLAN_DELIVERED, S.STOPPED}),
    S.PLAN_DELIVERED: frozenset({S.CHECK_IN_DONE, S.STOPPED}),
    S.CHECK_IN_DONE: frozenset({S.FOLLOW_UP, S.CLOSED, S.STOPPED}),
    S.FOLLOW_UP: frozenset({S.CLOSED, S.STOPPED}),
    S.CLOSED: frozenset(),
    S.STOPPED: frozenset(),
}

# States in which the coordinator's task runs (and so their access to the case).
COORDINATOR_TASK_STATES: frozenset[str] = frozenset(
    {
        S.COORDINATOR_ASSIGNED,
        S.IN_PREPARATION,
        S.CONFERENCE_SCHEDULED,
        S.CONFERENCE_HELD,
        S.PLAN_DELIVERED,
    }
)


# Right after the assignment a case always has its coordinator (the database checks it).
COORDINATOR_REQUIRED_STATES: frozenset[str] = frozenset({S.COORDINATOR_ASSIGNED})

# A coordinator can be replaced at any point of their task before the check-in call
# (illness happens): a named change without a move in the table.
REPLACEABLE_STATES: frozenset[str] = COORDINATOR_TASK_STATES

# The kind of conference can change until the conference is scheduled.
VARIANT_STATES: frozenset[str] = frozenset({S.REQUESTED, S.COORDINATOR_ASSIGNED, S.IN_PREPARATION})


TABLE = StateTable(
    Status, ALLOWED, refusal=_("Dit kan nu niet: het traject staat op '%(status)s'.")
)


def can_move(current: str, target: str) -> bool:
    """Is `current -> target` in the table?"""
    return TABLE.can_move(current, target)


# What happens next in each state, shown on worklists and the case page.
NEXT_STEP: dict[str, Any] = {
    S.REQUESTED: _("Coördinator kiezen"),
    S.COORDINATOR_ASSIGNED: _("Onafhankelijkheid verklaren en eerste contact"),
    S.IN_PREPARATION: _("Kring samenstellen en conferentie plannen"),
    S.CONFERENCE_SCHEDULED: _("Conferentie houden"),
    S.CONFERENCE_HELD: _("Plan uitwerken en versturen"),
    S.PLAN_DELIVERED: _("Nabelgesprek na ongeveer vier weken"),
    S.CHECK_IN_DONE: _("Vervolg afspreken of afsluiten"),
    S.FOLLOW_UP: _("Vervolgbijeenkomst volgen en afsluiten"),
    S.CLOSED: _("Geen: het traject is afgesloten"),
    S.STOPPED: _("Geen: het traject is gestopt"),
}

# Before first contact is recorded the contact deadline runs (and can be overdue).
CONTACT_PENDING_STATES: frozenset[str] = frozenset({S.REQUESTED, S.COORDINATOR_ASSIGNED})

# From the first contact until the case ends, the plan may be written down and changed.
PLAN_STATES: frozenset[str] = OPEN_STATES - CONTACT_PENDING_STATES

# Attendance is recorded around the conference: once it is planned, until the check-in.
ATTENDANCE_STATES: frozenset[str] = frozenset(
    {S.CONFERENCE_SCHEDULED, S.CONFERENCE_HELD, S.PLAN_DELIVERED}
)

# States whose next step is a page of another app (the links in cases/_actions.html).
STEP_LINK_STATES: frozenset[str] = frozenset(
    {S.IN_PREPARATION, S.CONFERENCE_SCHEDULED, S.CONFERENCE_HELD, S.PLAN_DELIVERED}
)

# Before the conference the family may still make their plan without one.
BEFORE_CONFERENCE_STATES: frozenset[str] = frozenset({S.IN_PREPARATION, S.CONFERENCE_SCHEDULED})

# Around the conference the case page announces the plan before it is written down.
PLAN_ANNOUNCED_STATES: frozenset[str] = frozenset({S.CONFERENCE_SCHEDULED, S.CONFERENCE_HELD})

# The check-in call can be recorded from these states (from the table: the plan is delivered).
CHECK_IN_STATES: frozenset[str] = TABLE.sources(S.CHECK_IN_DONE)
