"""The conference day: who was present in which part, and the record that marks it as held.

For a family conference part 2 is private: professionals and the coordinator are recorded as
absent from it and no notes are kept, whatever a form sends (the database refuses it too).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.models import Case, Part
from kring.cases.states import Status
from kring.conferences.models import Attendance, ConferenceRecord
from kring.network import transitions as person_transitions
from kring.network.models import Person, Ring


@dataclass
class AttendanceRow:
    """What the form says about one person."""

    person: Person
    parts: set[str] = field(default_factory=set)
    gave_information: bool = False


def record_attendance(
    case: Case,
    rows: Sequence[AttendanceRow],
    *,
    held_on: datetime.date,
    coordinator_in_planning: bool,
    planning_notes: str,
    actor: User,
    request: HttpRequest | None = None,
) -> ConferenceRecord:
    """Record who was present in which part; marks the conference as held when it was planned.

    For a private part 2 (family variant) professionals and the coordinator are recorded as
    absent from it and no notes are kept, whatever the form sent.
    """
    with transitions.locked(case) as case:
        private = case.planning_is_private
        if private:
            coordinator_in_planning = False
            planning_notes = ""
        record_obj, created = ConferenceRecord.objects.update_or_create(
            case=case,
            defaults={
                "held_on": held_on,
                "planning_private": private,
                "coordinator_in_planning": coordinator_in_planning,
                "planning_notes": planning_notes.strip(),
                "recorded_by": actor,
            },
        )
        Attendance.objects.filter(record=record_obj).delete()
        attendances = []
        present_ids = set()
        for row in rows:
            is_professional = row.person.ring == Ring.PROFESSIONALS
            for part in Part.values:
                in_private = private and part == Part.PLANNING
                present = part in row.parts and not (in_private and is_professional)
                if present:
                    present_ids.add(row.person.pk)
                attendances.append(
                    Attendance(
                        record=record_obj,
                        person=row.person,
                        part=part,
                        present=present,
                        is_professional=is_professional,
                        in_private_part=in_private,
                        gave_information=bool(
                            part == Part.INFORMATION and present and row.gave_information
                        ),
                    )
                )
        Attendance.objects.bulk_create(attendances)
        person_transitions.mark_present(
            [row.person for row in rows if row.person.pk in present_ids],
            actor=actor,
            request=request,
        )
        record(
            Action.CREATE if created else Action.UPDATE,
            record_obj,
            actor=actor,
            request=request,
            case=case,
            changes={"present": len(present_ids)},
            message=_("Aanwezigheid bij de conferentie vastgelegd"),
        )
        if case.status == Status.CONFERENCE_SCHEDULED:
            transitions.record_conference(case, actor=actor, request=request)
    return record_obj
