"""Demo conferences: logistics, proposed dates with answers, information needed. Uses the
cases the network seeder gave circles (idempotent)."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from kring.cases.models import Case
from kring.cases.states import Status
from kring.conferences.checklist import MANUAL
from kring.conferences.models import (
    Conference,
    DateOption,
    DateVote,
    InformationItem,
    InformationStatus,
)
from kring.demo.accounts import DemoContext
from kring.network.models import Person

ANSWERS = {
    "Hoe gaat het met de kinderen op school?": (
        "Het gaat beter sinds de zomer; de kinderen zijn bijna elke dag op school."
    ),
    "Wat zijn de zorgen van Jeugdbescherming?": (
        "Wij maken ons zorgen als niemand in de gaten houdt of het thuis goed gaat."
    ),
    "Welke hulp is er nu al in het gezin?": (
        "Het wijkteam komt één keer per week; verder is er nog geen hulp."
    ),
}

QUESTIONS = [
    ("Hoe gaat het met de kinderen op school?", "teacher", InformationStatus.RECEIVED),
    ("Wat zijn de zorgen van Jeugdbescherming?", "professional", InformationStatus.ASKED),
    ("Welke hulp is er nu al in het gezin?", "professional", InformationStatus.OPEN),
]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


def seed(ctx: DemoContext) -> None:
    """Create or refresh conferences for the circle cases (idempotent)."""
    for index, case in enumerate(ctx.extra.get("circle_cases", [])):
        conference, created = Conference.objects.get_or_create(
            case=case, defaults={"ical_uid": f"{uuid.uuid4()}@kring"}
        )
        if not created:
            _align_held_date(case, conference)
            continue
        scheduled = case.status != Status.IN_PREPARATION
        if index == 0 and not scheduled:
            # Still finding a date: three options with answers.
            conference.place_name = "Buurthuis De Pijp"
            conference.address = "Van Ostadestraat 233, Amsterdam"
            conference.accessibility = "Gelijkvloers, invalidentoilet aanwezig"
            conference.interpreters = "Arabisch: tolk via Tolkcentrum (aanvragen)"
            conference.childcare = "Speelhoek met twee vrijwilligers"
            # Only for the coordinator and the office: invitees never see it.
            conference.internal_note = (
                "Sleutel ophalen bij de beheerder van het buurthuis; vader (contactverbod) "
                "niet in de hal laten wachten."
            )
            conference.save()
            options = [
                DateOption.objects.create(conference=conference, starts_at=_at(d, 10))
                for d in (18, 21, 25)
            ]
            people = list(Person.objects.filter(case=case).order_by("id")[:12])
            votes = [
                # Mostly yes for the first date, mixed for the second, main person not on the third.
                DateVote(option=o, person=p, suits=(i * (j + 2)) % (5 - j) != 1)
                for i, p in enumerate(people)
                for j, o in enumerate(options)
            ]
            DateVote.objects.bulk_create(votes)
        else:
            start = _at(12 + index % 9, 13)
            if case.status == Status.IN_PREPARATION:
                start = _at(30 + index, 13)
            elif case.conference_held_at is not None:
                # Held or later: the meeting was on the day the case says it was held.
                start = _held_start(case.conference_held_at)
            conference.starts_at = start
            conference.ends_at = start + datetime.timedelta(hours=4)
            conference.place_name = ["Wijkcentrum De Kolk", "Buurthuis Het Anker"][index % 2]
            conference.address = ["Kolkstraat 4, Haarlem", "Merelstraat 12, Zaandam"][index % 2]
            conference.room = "Grote zaal"
            conference.food = "Soep en broodjes van de buurtkeuken"
            conference.travel = "Reiskosten worden vergoed (bonnetjes meenemen)"
            conference.checklist_done = ["room_booked", "food_ordered"]
            conference.internal_note = "Zaal afgehuurd tot 18.00 uur; factuur naar regiokantoor."
            if case.conference_held_at is not None:
                # It took place, so everything practical was arranged.
                conference.checklist_done = [key for key, _label in MANUAL]
            conference.save()
        people_by_relation = {
            p.relation: p for p in Person.objects.filter(case=case, ring="professionals")
        }
        held = case.conference_held_at is not None
        items = []
        for question, relation, status in QUESTIONS:
            if held:
                # After the conference every question was answered in part 1.
                status = InformationStatus.RECEIVED
            items.append(
                InformationItem(
                    case=case,
                    question=question,
                    answered_by=people_by_relation.get(relation),
                    status=status,
                    shared_with_invitees=status == InformationStatus.RECEIVED,
                    answer=ANSWERS[question] if status == InformationStatus.RECEIVED else "",
                )
            )
        InformationItem.objects.bulk_create(items)


def _held_start(held_at: datetime.datetime) -> datetime.datetime:
    """13:00 on the day the conference was held."""
    return datetime.datetime.combine(
        timezone.localdate(held_at), datetime.time(13, 0), tzinfo=timezone.get_current_timezone()
    )


def _align_held_date(case: Case, conference: Conference) -> None:
    """Older demo databases put every held conference twelve days ago; move it to its real day."""
    if case.conference_held_at is None or conference.starts_at is None:
        return
    start = _held_start(case.conference_held_at)
    if conference.starts_at != start:
        conference.starts_at = start
        conference.ends_at = start + datetime.timedelta(hours=4)
        conference.save(update_fields=["starts_at", "ends_at", "updated_at"])
