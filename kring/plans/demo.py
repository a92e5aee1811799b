"""Demo data for plans: delivered plans of each variant, a safety round, a restoration conference.

The cases, circles and conferences here are this app's own (references EK-2026-003xx), built
directly in their states so the demo does not depend on the other seeders. Idempotent: every
row is keyed on stable values, and a plan that already has a version is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kring.accounts.demo import DemoContext
from kring.cases.models import Case, Variant
from kring.cases.states import Status, StopReason
from kring.network.models import Person, PersonStatus, Relation, Ring, SafetyRequirement
from kring.plans.models import (
    Agreement,
    Attendance,
    ConferenceRecord,
    Outcome,
    Part,
    Plan,
    PlanRecipient,
    PlanVersion,
    SafetyAssessment,
    SupportRequest,
)
from kring.plans.services import canonical_text, snapshot

P = tuple[str, str, str]  # (name, relation, ring)


@dataclass
class DemoPlan:
    reference: str
    variant: str
    status: str
    municipality: str
    coordinator: str
    question: str
    main: list[tuple[str, int]]  # (name, party)
    others: list[tuple[str, str, str, int]]  # (name, relation, ring, party)
    agreements: list[tuple[str, list[str], str, int, str]]  # what, who, organisation, days, how
    contingency: str
    follow_up_place: str
    follow_up_organiser: str
    requirement: str = ""
    rounds: list[tuple[str, str]] = field(default_factory=list)  # (outcome, explanation)
    without_conference: str = ""
    notes: str = ""


PLANS = [
    DemoPlan(
        "EK-2026-00301",
        Variant.FAMILY,
        Status.PLAN_DELIVERED,
        "GM0363",
        "anouk",
        "Wat is nodig zodat Noah en Lina veilig thuis kunnen blijven wonen?",
        [("Fatima Amrani", 1)],
        [
            ("Truus de Wit", Relation.GRANDPARENT, Ring.FAMILY, 1),
            ("Ria Amrani", Relation.AUNT_UNCLE, Ring.FAMILY, 1),
            ("Karim Amrani", Relation.SIBLING, Ring.FAMILY, 1),
            ("Els Bakker", Relation.NEIGHBOUR, Ring.COMMUNITY, 1),
        ],
        [
            (
                "Oma Truus brengt de kinderen elke ochtend naar school.",
                ["Truus de Wit"],
                "",
                7,
                "De juf meldt het als een kind er niet is.",
            ),
            (
                "Karim helpt elke maandag met de post en de rekeningen.",
                ["Karim Amrani"],
                "",
                14,
                "Er liggen geen ongeopende brieven meer.",
            ),
            (
                "Vader komt alleen op bezoek als Ria erbij is.",
                ["Ria Amrani"],
                "",
                3,
                "Ria belt Fatima na elk bezoek.",
            ),
            (
                "Opvoedondersteuning thuis, één keer per week.",
                [],
                "Wijkteam De Pijp",
                30,
                "Het wijkteam vertelt het bij de vervolgbijeenkomst.",
            ),
        ],
        "Als oma ziek is, brengt buurvrouw Els de kinderen. Gaat het mis bij een bezoek, dan "
        "belt Ria meteen Jeugdbescherming.",
        "Buurthuis De Pijp",
        "Ria Amrani",
        requirement="De kinderen zijn nooit alleen met vader als hij gedronken heeft.",
        rounds=[(Outcome.MET, "")],
    ),
    DemoPlan(
        "EK-2026-00302",
        Variant.FAMILY,
        Status.PLAN_DELIVERED,
        "GM0363",
        "anouk",
        "Hoe kan Daan weer veilig bij zijn moeder wonen?",
        [("Sandra Kok", 1)],
        [
            ("Wim Kok", Relation.GRANDPARENT, Ring.FAMILY, 1),
            ("Mirjam Kok", Relation.AUNT_UNCLE, Ring.FAMILY, 1),
        ],
        [
            ("Opa Wim haalt Daan op vrijdag op van school.", ["Wim Kok"], "", 7, ""),
            (
                "Mirjam past op als Sandra naar de avondschool gaat.",
                ["Mirjam Kok"],
                "",
                10,
                "Sandra zet het in de familie-app.",
            ),
            (
                "Sandra gaat elke week naar de verslavingszorg.",
                ["Sandra Kok"],
                "",
                21,
                "De hulpverlener bevestigt het aan Jeugdbescherming.",
            ),
        ],
        "Als Sandra terugvalt, woont Daan tijdelijk bij opa Wim.",
        "Bij opa Wim thuis",
        "Wim Kok",
        requirement="Er is elke avond een volwassene thuis die niet drinkt.",
        rounds=[
            (Outcome.NOT_MET, "Het plan zegt niet wie er op dinsdag en donderdag thuis is."),
            (Outcome.MET, "Met de afspraak van Mirjam is het nu geregeld."),
        ],
    ),
    DemoPlan(
        "EK-2026-00303",
        Variant.GROUP,
        Status.PLAN_DELIVERED,
        "GM0392",
        "youssef",
        "Hoe kunnen we in de Zaanenstraat weer veilig en prettig met elkaar wonen?",
        [("Henk Visser", 1), ("Aisha Bouali", 1), ("Pieter de Groot", 1)],
        [("Marja Smit", Relation.NEIGHBOUR, Ring.COMMUNITY, 1)],
        [
            ("Een straatapp voor overlast-meldingen opzetten.", ["Aisha Bouali"], "", 14, ""),
            (
                "Elke eerste zaterdag samen de speeltuin opruimen.",
                ["Henk Visser", "Marja Smit"],
                "",
                30,
                "Foto in de straatapp.",
            ),
            ("Geluidsmetingen bij nummer 12.", [], "Gemeente Haarlem", 21, ""),
        ],
        "Als het weer misgaat, bellen we eerst elkaar en pas daarna de wijkagent.",
        "Speeltuin Zaanenstraat",
        "Henk Visser",
        notes="Twee ideeën bleven liggen: een straatfeest en een bankje bij de speeltuin.",
    ),
    DemoPlan(
        "EK-2026-00304",
        Variant.LEARNING,
        Status.PLAN_DELIVERED,
        "GM0344",
        "olena",
        "Wat is nodig zodat iedereen in groep 7 zich weer veilig voelt in de klas?",
        [("Groep 7 van De Regenboog", 1)],
        [
            ("Juf Marloes", Relation.TEACHER, Ring.COMMUNITY, 1),
            ("Sevda Yilmaz", Relation.PARENT, Ring.FAMILY, 1),
        ],
        [
            ("Elke maandag een kringgesprek van een kwartier.", ["Juf Marloes"], "", 7, ""),
            (
                "Ouders spreken af wie er bij het schoolreisje meegaat.",
                ["Sevda Yilmaz"],
                "",
                14,
                "De lijst hangt in de klas.",
            ),
        ],
        "Als er weer gepest wordt, gaat het kind naar juf Marloes of de vertrouwensouder.",
        "Lokaal van groep 7",
        "Juf Marloes",
    ),
    DemoPlan(
        "EK-2026-00305",
        Variant.RESTORATION,
        Status.PLAN_DELIVERED,
        "GM0599",
        "priya",
        "Wat is nodig om de schade te herstellen en elkaar weer te kunnen groeten?",
        [("Jeroen Bos", 1), ("Kemal Aydın", 2)],
        [
            ("Ans Bos", Relation.PARENT, Ring.FAMILY, 1),
            ("Zeynep Aydın", Relation.PARTNER, Ring.HOUSEHOLD, 2),
        ],
        [
            (
                "Jeroen betaalt de nieuwe ruit in tien termijnen.",
                ["Jeroen Bos"],
                "",
                60,
                "Kemal bevestigt elke betaling.",
            ),
            (
                "Kemal en Jeroen drinken over een maand samen koffie.",
                ["Jeroen Bos", "Kemal Aydın"],
                "",
                30,
                "",
            ),
        ],
        "Als een betaling niet lukt, belt Ans met Zeynep om een nieuwe datum te maken.",
        "Wijkcentrum Feijenoord",
        "Ans Bos",
        notes="Beide partijen wilden eerst apart praten; daarna samen verder.",
    ),
    DemoPlan(
        "EK-2026-00306",
        Variant.FAMILY,
        Status.STOPPED,
        "GM0363",
        "anouk",
        "Hoe kan opa Jan thuis blijven wonen nu hij minder mobiel is?",
        [("Jan Hendriks", 1)],
        [("Petra Hendriks", Relation.CHILD, Ring.FAMILY, 1)],
        [
            ("Petra doet de boodschappen op woensdag.", ["Petra Hendriks"], "", 7, ""),
            ("Een traplift aanvragen.", [], "Gemeente Amsterdam (Wmo)", 30, ""),
        ],
        "Als Petra niet kan, bestelt opa Jan de boodschappen online.",
        "Bij opa Jan thuis",
        "Petra Hendriks",
        without_conference="De familie maakte het plan zelf aan de keukentafel, na het eerste "
        "gesprek met de coördinator.",
    ),
]


def _case(ctx: DemoContext, spec: DemoPlan, now: datetime.datetime) -> Case:
    municipality = ctx.municipalities[spec.municipality]
    coordinator = ctx.users[f"coordinator:{spec.coordinator}"]
    held = now - datetime.timedelta(days=20)
    defaults: dict[str, Any] = {
        "variant": spec.variant,
        "status": spec.status,
        "main_person_names": ", ".join(name for name, _ in spec.main),
        "main_person_first_name": spec.main[0][0].split()[0],
        "question": spec.question,
        "region": municipality.region,
        "municipality": municipality,
        "coordinator": coordinator,
        "regional_manager": ctx.users.get(f"manager:{municipality.region.slug}"),
        "safety_at_stake": bool(spec.requirement),
        "minors_involved": spec.variant in {Variant.FAMILY, Variant.LEARNING},
        "requested_at": now - datetime.timedelta(days=70),
        "coordinator_assigned_at": now - datetime.timedelta(days=66),
        "independence_declared_at": now - datetime.timedelta(days=66),
        "first_contact_at": now - datetime.timedelta(days=65),
        "in_preparation_at": now - datetime.timedelta(days=65),
    }
    if spec.without_conference:
        defaults.update(
            stop_reason=StopReason.PLAN_WITHOUT_CONFERENCE,
            stop_note=spec.without_conference,
            stopped_at=now - datetime.timedelta(days=30),
        )
    else:
        defaults.update(
            conference_scheduled_at=now - datetime.timedelta(days=40),
            conference_held_at=held,
            plan_delivered_at=held + datetime.timedelta(days=3),
        )
    case, _ = Case.objects.update_or_create(reference=spec.reference, defaults=defaults)
    return case


def _people(case: Case, spec: DemoPlan, now: datetime.datetime) -> dict[str, Person]:
    people: dict[str, Person] = {}
    rows = [(n, Relation.SELF, Ring.HOUSEHOLD, party, True) for n, party in spec.main] + [
        (n, rel, ring, party, False) for n, rel, ring, party in spec.others
    ]
    for name, relation, ring, party, is_main in rows:
        local = name.lower().replace(" ", ".").replace("ı", "i")
        people[name], _ = Person.objects.update_or_create(
            case=case,
            name=name,
            defaults={
                "is_main_person": is_main,
                "party": party,
                "relation": relation,
                "ring": ring,
                "email": f"{local}@voorbeeld.nl",
                "status": PersonStatus.PRESENT
                if not spec.without_conference
                else PersonStatus.INFORMED,
                "consent_at": None if is_main else now - datetime.timedelta(days=60),
            },
        )
    return people


def _professional(ctx: DemoContext, case: Case) -> Person:
    user = ctx.users["professional:sanne.visser"]
    person, _ = Person.objects.update_or_create(
        case=case,
        name=user.full_name,
        defaults={
            "relation": Relation.PROFESSIONAL,
            "ring": Ring.PROFESSIONALS,
            "organisation": user.organisation,
            "user": user,
            "email": user.email,
            "status": PersonStatus.PRESENT,
        },
    )
    return person


def _record(case: Case, spec: DemoPlan, people: list[Person], user: Any) -> None:
    private = spec.variant == Variant.FAMILY
    record, created = ConferenceRecord.objects.update_or_create(
        case=case,
        defaults={
            "held_on": timezone.localdate(case.conference_held_at),
            "planning_private": private,
            "coordinator_in_planning": not private,
            "planning_notes": "" if private else spec.notes,
            "recorded_by": user,
        },
    )
    if not created:
        return
    rows = []
    for person in people:
        professional = person.ring == Ring.PROFESSIONALS
        for part in Part.values:
            in_private = private and part == Part.PLANNING
            present = not (in_private and professional)
            rows.append(
                Attendance(
                    record=record,
                    person=person,
                    part=part,
                    present=present,
                    is_professional=professional,
                    in_private_part=in_private,
                    gave_information=professional and part == Part.INFORMATION,
                )
            )
    Attendance.objects.bulk_create(rows)


def _plan(ctx: DemoContext, spec: DemoPlan, now: datetime.datetime) -> None:
    case = _case(ctx, spec, now)
    people = _people(case, spec, now)
    coordinator = ctx.users[f"coordinator:{spec.coordinator}"]
    professional = (
        _professional(ctx, case) if spec.requirement or spec.variant == Variant.FAMILY else None
    )
    everyone = list(people.values()) + ([professional] if professional else [])
    if not spec.without_conference:
        _record(case, spec, everyone, coordinator)
    plan, _ = Plan.objects.update_or_create(
        case=case,
        defaults={
            "question": spec.question,
            "contingency": spec.contingency,
            "follow_up_at": now + datetime.timedelta(days=30),
            "follow_up_place": spec.follow_up_place,
            "follow_up_organiser": spec.follow_up_organiser,
            "made_without_conference": bool(spec.without_conference),
            "no_conference_reason": spec.without_conference,
        },
    )
    if PlanVersion.objects.filter(plan=plan).exists():
        return
    plan.agreed_by.set([p for p in people.values()])
    requirement = None
    if spec.requirement and professional is not None:
        requirement, _ = SafetyRequirement.objects.get_or_create(
            case=case,
            text=spec.requirement,
            defaults={"set_by": professional, "organisation": professional.organisation},
        )
    plan.agreements.all().delete()
    for position, (what, who, organisation, days, how) in enumerate(spec.agreements, start=1):
        agreement = Agreement.objects.create(
            plan=plan,
            position=position,
            what=what,
            organisation=organisation,
            due=timezone.localdate() + datetime.timedelta(days=days),
            how_known=how,
        )
        agreement.performers.set([people[name] for name in who])
        if requirement is not None and position <= 2:
            agreement.meets_requirements.set([requirement])
    if spec.variant == Variant.FAMILY and professional is not None and not spec.without_conference:
        SupportRequest.objects.get_or_create(
            plan=plan,
            what="Opvoedondersteuning thuis, één keer per week.",
            defaults={
                "organisation": professional.organisation,
                "professional": professional,
                "status": "accepted",
                "answered_at": now - datetime.timedelta(days=10),
            },
        )
    if requirement is not None:
        for i, (outcome, explanation) in enumerate(spec.rounds):
            SafetyAssessment.objects.create(
                plan=plan,
                requirement=requirement,
                plan_revision=plan.revision,
                outcome=outcome,
                explanation=explanation,
                assessed_by=ctx.users["professional:sanne.visser"],
                assessed_at=now - datetime.timedelta(days=15 - i * 3),
            )
    content = snapshot(plan)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content=content,
        text=canonical_text(content),
        delivered_by=coordinator,
        delivered_at=case.plan_delivered_at or case.stopped_at or now,
    )
    PlanRecipient.objects.bulk_create(
        [
            PlanRecipient(version=version, person=p, notified_at=version.delivered_at)
            for p in everyone
        ]
    )


def seed(ctx: DemoContext) -> None:
    """Create or refresh this app's demo data (idempotent)."""
    now = timezone.now()
    for spec in PLANS:
        _plan(ctx, spec, now)
