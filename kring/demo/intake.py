"""Demo data for intake: requests in every state in every region, and quotes for the home page."""

import datetime
from typing import Any

from django.utils import timezone

from kring.cases.transitions import open_case
from kring.core.references import next_reference
from kring.core.workdays import add_working_days
from kring.demo.accounts import DemoContext
from kring.intake.choices import name_key
from kring.intake.models import (
    CloseReason,
    ReceivedVia,
    Request,
    RequesterType,
    RequestPerson,
    RequestStatus,
    Testimonial,
)

QUOTES = [
    (
        "Ik dacht dat niemand wilde helpen. Er kwamen veertien mensen. "
        "Nu weet ik wie ik kan bellen.",
        "Moeder van drie kinderen, Zwolle",
    ),
    (
        "Het was ons plan, niet dat van de hulpverlening. Daarom houden we ons er ook aan.",
        "Opa, Tilburg",
    ),
    (
        "De buren en wij praten weer met elkaar. Dat had ik een jaar geleden niet gedacht.",
        "Bewoner, Rotterdam-Zuid",
    ),
]

# (status, days ago, main person, question, topics, extra fields)
SCENARIOS: list[tuple[str, int, str, str, list[str], dict[str, Any]]] = [
    (
        RequestStatus.NEW,
        0,
        "Fatima el Idrissi",
        "Wat is nodig om samen met de kinderen in dit huis te kunnen blijven wonen?",
        ["eviction", "youth_care"],
        {"languages": ["nl", "ar"], "coordinator_wish": "Graag een vrouw die Arabisch spreekt."},
    ),
    (
        RequestStatus.NEW,
        9,
        "Kees en Ria Jansen",
        "Hoe kunnen we de zorg voor moeder samen verdelen?",
        ["care_for_family", "health"],
        {"requester_type": RequesterType.FAMILY, "requester_organisation": ""},
    ),
    (
        RequestStatus.NEW,
        2,
        "Dewi Pranoto",
        "Mijn zoon gaat al maanden niet naar school.",
        ["education", "youth_care"],
        {"minors_involved": True, "wants_info_conversation": True},
    ),
    (
        RequestStatus.CONTACTED,
        4,
        "Bram de Vries",
        "Hoe kan Bram na zijn detentie een veilige plek vinden?",
        ["probation", "crime"],
        {"court_measure": "present", "safety_at_stake": True},
    ),
    (
        RequestStatus.INFO_CONVERSATION,
        6,
        "Yusuf Kaya",
        "Wat is een Eigen Kracht-conferentie en past het bij ons?",
        ["conflict"],
        {"wants_info_conversation": True, "languages": ["tr", "nl"]},
    ),
    (
        RequestStatus.CONVERTED,
        12,
        "Anna Kowalski",
        "Hoe kunnen de kinderen weer veilig thuis wonen?",
        ["domestic_violence", "youth_care"],
        {"court_measure": "threatened", "safety_at_stake": True, "languages": ["pl", "nl"]},
    ),
    (
        RequestStatus.CLOSED,
        20,
        "Henk Mulder",
        "Ik wil een klacht indienen over mijn buren.",
        ["neighbourhood"],
        {
            "close_reason": CloseReason.NO_QUESTION,
            "close_note": "Doorverwezen naar buurtbemiddeling.",
        },
    ),
]

# The scenario of a request sent again (the same requester and main person): flagged in the
# queue as a resubmission of the first scenario, ready to be merged or closed as "duplicaat".
RESUBMISSION = (
    RequestStatus.NEW,
    0,
    "Fatima el Idrissi",
    "Wij willen graag een conferentie om in ons huis te kunnen blijven wonen.",
    ["eviction"],
    {"languages": ["ar", "nl"]},
)
# Main people asked one by one: (name, relation to the requester, main language, age).
PEOPLE: dict[str, list[tuple[str, str, str, int | None]]] = {
    "Fatima el Idrissi": [("Fatima el Idrissi", "client", "ar", None)],
    "Kees en Ria Jansen": [("Kees Jansen", "family", "nl", None),
                           ("Ria Jansen", "family", "nl", None)],
    "Dewi Pranoto": [("Dewi Pranoto", "self", "nl", None), ("Bima Pranoto", "child", "nl", 13)],
}  # fmt: skip

REQUESTERS = [
    ("Sanne Visser", "Wijkteam", "+31 6 12345678", "sanne.visser@wijkteam.example"),
    ("Marco Bos", "Jeugdbescherming", "+31 20 123 4567", "m.bos@jb.example"),
    ("Petra de Jong", "", "+31 6 98765432", ""),
]


def _municipalities_by_region(ctx: DemoContext) -> dict[str, list[Any]]:
    by_region: dict[str, list[Any]] = {}
    for municipality in ctx.municipalities.values():
        by_region.setdefault(municipality.region.slug, []).append(municipality)
    return by_region


def seed(ctx: DemoContext) -> None:
    """Create or refresh this app's demo data (idempotent: keyed on a stable token)."""
    for position, (quote, attribution) in enumerate(QUOTES):
        Testimonial.objects.update_or_create(
            attribution=attribution, defaults={"quote": quote, "position": position}
        )

    now = timezone.now()
    created: dict[str, Request] = {}
    for slug, municipalities in sorted(_municipalities_by_region(ctx).items()):
        manager = ctx.users[f"manager:{slug}"]
        for index, (status, days, person, question, topics, extra) in enumerate(
            [*SCENARIOS, RESUBMISSION]
        ):
            resubmitted = index == len(SCENARIOS)
            municipality = municipalities[0 if resubmitted else index % len(municipalities)]
            name, organisation, phone, email = REQUESTERS[0 if resubmitted else index % 3]
            received = now - datetime.timedelta(days=days, hours=index)
            fields: dict[str, Any] = {
                "status": status,
                "channel": ReceivedVia.WEB if index % 3 else ReceivedVia.PHONE,
                "entered_by": None if index % 3 else manager,
                "requester_type": RequesterType.PROFESSIONAL
                if organisation
                else RequesterType.SELF,
                "requester_name": name,
                "requester_organisation": organisation,
                "requester_phone": phone,
                "requester_email": email,
                "main_person_names": person,
                "minors_involved": "youth_care" in topics,
                "municipality": municipality,
                "region": municipality.region,
                "languages": ["nl"],
                "question": question,
                "topics": topics,
                "consent_at": received,
                "created_at": received,
                "contact_due": add_working_days(
                    timezone.localdate(received), municipality.region.contact_deadline_days
                ),
                "first_contact_at": None,
                "info_conversation_at": None,
                "closed_at": None,
                "close_reason": "",
                **extra,
            }
            if fields["entered_by"] is None:
                fields["channel"] = ReceivedVia.WEB
            if status != RequestStatus.NEW:
                fields["first_contact_at"] = received + datetime.timedelta(days=1)
            if status == RequestStatus.INFO_CONVERSATION:
                fields["info_conversation_at"] = now + datetime.timedelta(days=3)
            if status == RequestStatus.CLOSED:
                fields["closed_at"] = received + datetime.timedelta(days=2)
            if status == RequestStatus.CONVERTED:
                # Converted by `open_case` below, as the triage page does.
                fields["status"] = RequestStatus.CONTACTED
            token = f"demo-{slug}-{index}"
            people = PEOPLE.get(person) or [(person, "client", fields["languages"][0], None)]
            fields["main_language"] = people[0][2]
            fields["languages"] = list(dict.fromkeys([people[0][2], *fields["languages"]]))
            if index == 0:
                fields.update(preferred_gender="f", preferred_language="ar")
            if resubmitted:
                fields.update(
                    duplicate_of=created[f"demo-{slug}-0"], is_resubmission=True, channel="web"
                )
            req = Request.objects.filter(submission_token=token).first()
            if req is None:
                req = Request.objects.create(
                    submission_token=token, reference=next_reference("EK"), **fields
                )
                RequestPerson.objects.bulk_create(
                    RequestPerson(
                        request=req,
                        position=position,
                        name=who,
                        name_key=name_key(who),
                        relation=relation,
                        languages=[language],
                        main_language=language,
                        age=age,
                        is_minor=age is not None and age < 18,
                    )
                    for position, (who, relation, language, age) in enumerate(people)
                )
            elif req.status != RequestStatus.CONVERTED:
                Request.objects.filter(pk=req.pk).update(**fields)
            if status == RequestStatus.CONVERTED and not hasattr(req, "case"):
                open_case(req, actor=manager)
                req.refresh_from_db()
            created[token] = req
    ctx.extra["intake_requests"] = created
