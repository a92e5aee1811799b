"""A year of synthetic requests and trajectories drawn from the published shape of Eigen
Kracht services (issue 14), written through the models in bulk, for the figures.

The shape: 80% of requests start a trajectory; a third of trajectories stop during the
preparation; the others hold a conference 6 to 10 weeks after the request, with 9 to 11 people
present; about 85% of conferences end in a delivered plan, 1 to 3 weeks later. Names are
"Synthetisch" with a number: nobody real.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kring.accounts.models import Municipality
from kring.cases.models import Case, Variant
from kring.cases.states import Status, StopReason
from kring.intake.choices import Topic
from kring.intake.models import Request, RequesterType
from kring.intake.states import RequestStatus
from kring.network.models import Person, Relation, Ring
from kring.network.states import PersonStatus

TRAJECTORY_SHARE = 0.80
EARLY_STOP_SHARE = 1 / 3
PLAN_SHARE = 0.85
INFO_SHARE = 0.10
EARLY_STOPS = [
    StopReason.SITUATION_CHANGED,
    StopReason.NETWORK_TOO_SMALL,
    StopReason.WITHDRAWN,
    StopReason.OTHER,
]
LANGUAGES = ["nl"] * 8 + ["tr", "ar", "pl", "en"]


@dataclass
class Generated:
    requests: int
    cases: int
    people: int


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def generate_year(year: int, count: int, *, seed: int = 14, prefix: str = "SY") -> Generated:
    """`count` requests spread over `year` in the active municipalities, with what followed."""
    rng = random.Random(seed)
    places = list(Municipality.objects.filter(active=True).select_related("region"))
    if not places:
        raise ValueError("Er zijn nog geen gemeenten: voeg eerst een regio en gemeente toe.")
    requests: list[Request] = []
    plans: list[dict[str, object]] = []
    start = datetime.date(year, 1, 1)
    for n in range(count):
        place = rng.choice(places)
        day = start + datetime.timedelta(days=rng.randrange(365))
        created = _at(day)
        contact_days = rng.randint(1, 5)
        language = rng.choice(LANGUAGES)
        trajectory = rng.random() < TRAJECTORY_SHARE
        request = Request(
            reference=f"{prefix}-{year}-{n + 1:06d}",
            status=RequestStatus.CONVERTED if trajectory else RequestStatus.CLOSED,
            channel="web",
            submission_token=f"synthetic-{prefix}-{year}-{n}",
            requester_type=rng.choice(RequesterType.values),
            requester_name=f"Synthetisch {n}",
            requester_email=f"synthetisch-{n}@example.invalid",
            main_person_names=f"Synthetisch {n}",
            main_language=language,
            municipality=place,
            region=place.region,
            question="Synthetisch",
            topics=[rng.choice(Topic.values)],
            consent_at=created,
            created_at=created,
            contact_due=day + datetime.timedelta(days=3),
            first_contact_at=created + datetime.timedelta(days=contact_days),
            info_conversation_at=created + datetime.timedelta(days=contact_days)
            if rng.random() < INFO_SHARE
            else None,
            closed_at=None if trajectory else created + datetime.timedelta(days=contact_days),
            close_reason="" if trajectory else "no_question",
        )
        requests.append(request)
        if trajectory:
            plans.append({"request": request, "contact_days": contact_days})
    with transaction.atomic():
        Request.objects.bulk_create(requests, batch_size=500)
        cases, people = _cases(rng, plans)
    return Generated(len(requests), cases, people)


def _cases(rng: random.Random, plans: list[dict[str, object]]) -> tuple[int, int]:
    cases: list[Case] = []
    circles: list[tuple[Case, int, int, int, int]] = []
    for item in plans:
        request = item["request"]
        assert isinstance(request, Request)
        created = request.created_at
        case = Case(
            reference=f"{request.reference}-T",
            request=request,
            variant=Variant.FAMILY,
            main_person_names=request.main_person_names,
            main_person_first_name="Synthetisch",
            question="Synthetisch",
            topics=request.topics,
            languages=[request.main_language],
            main_language=request.main_language,
            region=request.region,
            municipality=request.municipality,
            requested_at=created,
            contact_due=request.contact_due,
            first_contact_at=request.first_contact_at,
        )
        if rng.random() < EARLY_STOP_SHARE:
            case.status = Status.STOPPED
            case.stop_reason = rng.choice(EARLY_STOPS)
            case.stopped_at = created + datetime.timedelta(days=rng.randint(10, 40))
        else:
            held = created + datetime.timedelta(days=rng.randint(42, 70))
            case.conference_held_at = held
            present = rng.randint(9, 11)
            professionals = rng.randint(1, 2)
            network = rng.randint(2, 3)
            family = present - professionals - network
            circles.append((case, family, network, professionals, rng.randint(0, 3)))
            if rng.random() < PLAN_SHARE:
                case.plan_delivered_at = held + datetime.timedelta(days=rng.randint(7, 21))
                case.status = Status.PLAN_DELIVERED
            else:
                case.status = Status.STOPPED
                case.stop_reason = StopReason.OTHER
                case.stopped_at = held + datetime.timedelta(days=30)
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=500)
    people: list[Person] = []
    for case, family, network, professionals, absent in circles:
        groups = [
            (Ring.FAMILY, Relation.AUNT_UNCLE, family, True),
            (Ring.COMMUNITY, Relation.FRIEND, network, True),
            (Ring.PROFESSIONALS, Relation.PROFESSIONAL, professionals, True),
            (Ring.FAMILY, Relation.SIBLING, absent, False),
        ]
        for ring, relation, number, present in groups:
            for k in range(number):
                main = ring == Ring.FAMILY and present and k == 0
                people.append(
                    Person(
                        case=case,
                        is_main_person=main,
                        name=f"Synthetisch {k}",
                        relation=Relation.SELF if main else relation,
                        ring=ring,
                        status=PersonStatus.PRESENT if present else PersonStatus.NOT_COMING,
                    )
                )
    Person.objects.bulk_create(people, batch_size=1000)
    return len(cases), len(people)
