"""The conference day: who was present in which part, and the record that marks it as held.

The day follows the date (decision 0070): attendance is recorded on or after the planned date
of the conference, never for a day in the future, and with at least one person present. When
nobody came, the coordinator records that with a reason instead: the conference was not held,
the case goes back to preparation for a new date (or can be stopped from the case page).

For a family conference part 2 is private: professionals and the coordinator are recorded as
absent from it and no notes are kept, whatever a form sends (the database refuses it too).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.models import Case, Part
from kring.cases.states import ATTENDANCE_STATES, Status
from kring.conferences.models import Attendance, Conference, ConferenceRecord
from kring.core.states import TransitionError
from kring.network import transitions as person_transitions
from kring.network.models import Person, Ring


def planned_date(conference: Conference | None) -> datetime.date | None:
    """The local date the conference was planned for (None while there is no date)."""
    if conference is None or conference.starts_at is None:
        return None
    return timezone.localtime(conference.starts_at).date()


def day_has_come(conference: Conference | None) -> bool:
    """Is it the day of the conference, or later? (True when no date is known: old cases.)"""
    planned = planned_date(conference)
    return planned is None or timezone.localdate() >= planned


def _too_early(planned: datetime.date | None) -> list[str]:
    if planned is not None and timezone.localdate() < planned:
        return [
            _("De conferentie is op %(date)s. Vanaf die dag legt u vast wie er was.")
            % {"date": date_format(planned, "j F Y")}
        ]
    return []


def attendance_problems(
    conference: Conference | None, *, held_on: datetime.date, present: int
) -> list[str]:
    """Why this attendance cannot be recorded (empty when it can): the one rule for the day.

    Passed as `check=` to `kring.cases.transitions.record_conference` and applied to every
    correction afterwards too.
    """
    planned = planned_date(conference)
    reasons = _too_early(planned)
    if held_on > timezone.localdate():
        reasons.append(_("De datum van de conferentie ligt in de toekomst."))
    elif planned is not None and held_on < planned:
        reasons.append(
            _(
                "De conferentie stond gepland op %(date)s. Was zij eerder? Zet dan eerst de "
                "datum goed op de pagina van de conferentie."
            )
            % {"date": date_format(planned, "j F Y")}
        )
    if present == 0:
        reasons.append(
            _(
                "Vink aan wie er was. Kwam er niemand? Leg dat dan vast onder "
                "“Niemand gekomen”, met de reden."
            )
        )
    return reasons


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
    present_count = sum(1 for row in rows if row.parts)
    with transitions.locked(case) as case:
        conference = Conference.objects.filter(case=case).first()
        problems = attendance_problems(conference, held_on=held_on, present=present_count)
        if problems:
            raise TransitionError(problems)
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
            key="conference.attendance_recorded",
            changes={"present": len(present_ids), "held_on": held_on},
        )
        if case.status == Status.CONFERENCE_SCHEDULED:
            transitions.record_conference(
                case,
                actor=actor,
                request=request,
                check=lambda locked: attendance_problems(
                    Conference.objects.filter(case=locked).first(),
                    held_on=held_on,
                    present=len(present_ids),
                ),
            )
    return record_obj


def may_record_nobody_came(case: Case, conference: Conference | None) -> bool:
    """Only a planned conference whose day has come can turn out to have had nobody."""
    return (
        case.status == Status.CONFERENCE_SCHEDULED
        and conference is not None
        and day_has_come(conference)
    )


def record_nobody_came(
    case: Case, *, reason: str, actor: User, request: HttpRequest | None = None
) -> Conference:
    """Nobody came on the day: the conference was not held. It is marked cancelled (with the
    reason, kept on the conference) and the case goes back to preparation, so the coordinator
    plans a new date or stops the case. No mail goes out: the day is past."""
    with transitions.locked(case) as locked:
        conference = Conference.objects.select_for_update().filter(case=locked).first()
        if not may_record_nobody_came(locked, conference) or conference is None:
            raise TransitionError(
                _too_early(planned_date(conference))
                or [_("Dit kan alleen voor een geplande conferentie.")]
            )
        conference.cancelled_at = timezone.now()
        conference.cancel_reason = reason
        conference.nobody_came = True
        conference.save(update_fields=["cancelled_at", "cancel_reason", "nobody_came"])
        transitions.cancel_conference(locked, actor=actor, request=request)
        record(
            Action.UPDATE,
            conference,
            actor=actor,
            request=request,
            case=locked,
            key="conference.nobody_came",
            changes={"planned_on": planned_date(conference)},
        )
    return conference


def may_record_attendance(case: Case, conference: Conference | None) -> bool:
    """Around the conference, from its day on (ATTENDANCE_STATES and the date)."""
    return case.status in ATTENDANCE_STATES and day_has_come(conference)
