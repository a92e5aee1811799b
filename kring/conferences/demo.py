"""Demo conferences: logistics, proposed dates with answers, information needed, an Arabic
invitation template. Uses the cases the network seeder gave circles (idempotent)."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from kring.accounts.demo import DemoContext
from kring.cases.states import Status
from kring.conferences.models import (
    Conference,
    DateOption,
    DateVote,
    InformationItem,
    InformationStatus,
    InvitationTemplate,
)
from kring.network.models import Person

QUESTIONS = [
    ("Hoe gaat het met de kinderen op school?", "teacher", InformationStatus.RECEIVED),
    ("Wat zijn de zorgen van Jeugdbescherming?", "professional", InformationStatus.ASKED),
    ("Welke hulp is er nu al in het gezin?", "professional", InformationStatus.OPEN),
]

ARABIC_BODY = """{% autoescape off %}عزيزي/عزيزتي {{ name }}،

يدعوك {{ main_person }} إلى مؤتمر القوة الذاتية (Eigen Kracht-conferentie). معًا نضع خطة.
{% if date %}
الموعد: {{ date }} الساعة {{ time }}
المكان: {{ place }}، {{ address }}
{% endif %}
أخبرنا إن كنت ستحضر عبر رابطك الشخصي:
{{ link }}

مع أطيب التحيات،
{{ organisation }}{% endautoescape %}"""


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


def seed(ctx: DemoContext) -> None:
    """Create or refresh conferences for the circle cases (idempotent)."""
    InvitationTemplate.objects.update_or_create(
        language="ar",
        defaults={
            "language_name": "العربية (Arabisch)",
            "direction": "rtl",
            "subject": "دعوة: مؤتمر القوة الذاتية مع {{ main_person }}",
            "body": ARABIC_BODY,
        },
    )
    for index, case in enumerate(ctx.extra.get("circle_cases", [])):
        conference, created = Conference.objects.get_or_create(
            case=case, defaults={"ical_uid": f"{uuid.uuid4()}@kring"}
        )
        if not created:
            continue
        scheduled = case.status != Status.IN_PREPARATION
        if index == 0 and not scheduled:
            # Still finding a date: three options with answers.
            conference.place_name = "Buurthuis De Pijp"
            conference.address = "Van Ostadestraat 233, Amsterdam"
            conference.accessibility = "Gelijkvloers, invalidentoilet aanwezig"
            conference.interpreters = "Arabisch: tolk via Tolkcentrum (aanvragen)"
            conference.childcare = "Speelhoek met twee vrijwilligers"
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
            start = _at(-12 if case.status not in {Status.CONFERENCE_SCHEDULED} else 16, 13)
            if case.status == Status.IN_PREPARATION:
                start = _at(30 + index, 13)
            conference.starts_at = start
            conference.ends_at = start + datetime.timedelta(hours=4)
            conference.place_name = ["Wijkcentrum De Kolk", "Buurthuis Het Anker"][index % 2]
            conference.address = ["Kolkstraat 4, Haarlem", "Merelstraat 12, Zaandam"][index % 2]
            conference.room = "Grote zaal"
            conference.food = "Soep en broodjes van de buurtkeuken"
            conference.travel = "Reiskosten worden vergoed (bonnetjes meenemen)"
            conference.checklist_done = ["room_booked", "food_ordered"]
            conference.save()
        people_by_relation = {
            p.relation: p for p in Person.objects.filter(case=case, ring="professionals")
        }
        InformationItem.objects.bulk_create(
            [
                InformationItem(
                    case=case,
                    question=question,
                    answered_by=people_by_relation.get(relation),
                    status=status,
                    shared_with_invitees=status == InformationStatus.RECEIVED,
                    answer="Het gaat beter sinds de zomer; Noor leest op niveau."
                    if status == InformationStatus.RECEIVED
                    else "",
                )
                for question, relation, status in QUESTIONS
            ]
        )
