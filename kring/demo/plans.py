"""Demo data for plans: delivered plans of each variant, a safety round, a restoration conference.

The cases, circles and conferences in `PLANS` are this app's own (references EK-2026-003xx),
built directly in their states so they do not depend on the other seeders. Idempotent: every
row is keyed on stable values, and a plan that already has a version is left alone.

`seed_handed` then gives the cases seeder's cases (EK-2026-001xx, `ctx.extra["cases"]`) that had
their conference what their state implies: attendance, a draft or delivered plan, a check-in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kring.accounts.models import User
from kring.cases.models import Case, Part, Variant
from kring.cases.states import Status, StopReason
from kring.conferences.models import Attendance, ConferenceRecord
from kring.demo.accounts import DemoContext
from kring.demo.cases import ensure_main_people
from kring.network.models import (
    ContactRestriction,
    Person,
    PersonStatus,
    Relation,
    RestrictionKind,
    Ring,
    SafetyRequirement,
)
from kring.plans.models import (
    Agreement,
    CheckIn,
    Outcome,
    Plan,
    PlanRecipient,
    PlanVersion,
    SafetyAssessment,
    SupportRequest,
)
from kring.plans.versions import canonical_text, snapshot
from kring.plans.writing import plan_language

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
    # Days since the conference: 20 keeps the check-in window closed for a day more (it opens
    # KRING_CHECK_IN_EARLY_DAYS before the due date), 26 shows it open.
    held_days_ago: int = 20
    # Someone under a contact restriction with the main person, who did not come: in the
    # circle, never among the recipients (sending them a later version asks for a second tick).
    restricted: str = ""


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
        restricted="Youssef Amrani",
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
        held_days_ago=26,
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
    held = now - datetime.timedelta(days=spec.held_days_ago)
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
    ensure_main_people(case, [name for name, _party in spec.main])
    return case


def _people(case: Case, spec: DemoPlan, now: datetime.datetime) -> dict[str, Person]:
    people: dict[str, Person] = {}
    rows = [(n, Relation.SELF, Ring.HOUSEHOLD, party, True) for n, party in spec.main] + [
        (n, rel, ring, party, False) for n, rel, ring, party in spec.others
    ]
    if spec.restricted:
        rows.append((spec.restricted, Relation.EX_PARTNER, Ring.FAMILY, 1, False))
    for name, relation, ring, party, is_main in rows:
        local = name.lower().replace(" ", ".").replace("ı", "i")
        came = not spec.without_conference and name != spec.restricted
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
                if came
                else PersonStatus.NOT_COMING
                if name == spec.restricted
                else PersonStatus.INFORMED,
                "consent_at": None if is_main else now - datetime.timedelta(days=60),
            },
        )
    if spec.restricted:
        main = people[spec.main[0][0]]
        ContactRestriction.objects.get_or_create(
            case=case,
            person_a=people[spec.restricted],
            person_b=main,
            defaults={"kind": RestrictionKind.RESTRAINING_ORDER},
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
            # The main person agreed to involve her: without it she could not open the case.
            "consent_at": case.in_preparation_at or timezone.now(),
        },
    )
    return person


def _record(case: Case, spec: DemoPlan, people: list[Person], user: User) -> None:
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
            present = not (in_private and professional) and person.name != spec.restricted
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
    plan.agreed_by.set([p for name, p in people.items() if name != spec.restricted])
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
    # The main person chose the recipients through their own link: everyone who came.
    recipients = [p for p in everyone if p.name != spec.restricted]
    plan.chosen_recipients.set(recipients)
    Plan.objects.filter(pk=plan.pk).update(recipients_chosen_at=version.delivered_at)
    PlanRecipient.objects.bulk_create(
        [
            PlanRecipient(version=version, person=p, notified_at=version.delivered_at)
            for p in recipients
        ]
    )


def seed(ctx: DemoContext) -> None:
    """Create or refresh this app's demo data (idempotent)."""
    now = timezone.now()
    for spec in PLANS:
        _plan(ctx, spec, now)
    seed_handed(ctx)


# --- Plans for the cases seeder's cases (EK-2026-001xx) ----------------------------------------
#
# The cases seeder hands over cases in every state and the network seeder gives them a circle.
# Cases that had their conference get what the plans app would have recorded: attendance per
# part, a plan (a draft right after the conference, a delivered version afterwards) and, once
# the coordinator called, the check-in. Rows are written directly with the case's own dates;
# running the services would stamp everything "now" and move the cases again.

HELD_OR_LATER = (
    Status.CONFERENCE_HELD,
    Status.PLAN_DELIVERED,
    Status.CHECK_IN_DONE,
    Status.FOLLOW_UP,
    Status.CLOSED,
)
DELIVERED_OR_LATER = HELD_OR_LATER[1:]
CHECKED_IN = HELD_OR_LATER[2:]

# (what, performers, organisation, days after the conference, how everyone knows).
# Performers are slots: 0 is the main person, 1, 2, ... the participants who were present.
# "{who}" is the first performer's first name, "{main}" the main person's first name.
Item = tuple[str, tuple[int, ...], str, int, str]


@dataclass
class HandedPlan:
    agreements: list[Item]
    contingency: str
    follow_up_place: str
    check_in_note: str = ""
    requirement: str = ""


GENERIC = HandedPlan(
    [
        ("{who} komt elke week langs om te horen hoe het gaat.", (1,), "", 7, ""),
        ("{who} helpt met de post en de rekeningen.", (2,), "", 14, "Er liggen geen brieven meer."),
        ("Een gesprek met het wijkteam over wat er nog nodig is.", (), "Wijkteam", 21, ""),
    ],
    "Als iemand een afspraak niet kan nakomen, belt die zelf een ander uit de kring.",
    "Buurthuis in de wijk",
    "Het gaat goed met de afspraken; de familie houdt contact via een groepsapp.",
)

HANDED_PLANS: dict[str, HandedPlan] = {
    "haarlemmermeer-eenzaam": HandedPlan(
        [
            ("{who} drinkt elke dinsdagochtend koffie met {main}.", (1,), "", 7,
             "{main} zet het op de kalender in de keuken."),
            ("{who} rijdt {main} op vrijdag naar de markt en de biljartclub.", (2,), "", 10,
             "{who} stuurt een berichtje als het niet lukt."),
            ("Een scootmobiel aanvragen.", (), "Gemeente Haarlemmermeer (Wmo)", 30,
             "De gemeente stuurt {main} een brief."),
        ],
        "Als niemand langs kan komen, belt {main} de zondagmiddag-telefoon van de kerk.",
        "Bij {main} thuis",
    ),
    "zaanstad-werk": HandedPlan(
        [
            ("{who} oefent elke maandagavond met {main} voor sollicitatiegesprekken.", (1,), "",
             14, "{main} vertelt in de groepsapp hoe het ging."),
            ("{who} vraagt bij de eigen werkgever of {main} een dag kan meelopen.", (2,), "", 21,
             "{who} belt {main} met de datum."),
            ("Nederlandse les op niveau B1, twee avonden per week.", (), "Werkplein Zaanstad", 30,
             "De docent geeft een bewijs van deelname."),
        ],
        "Als het werk zoeken vastloopt, plannen we samen een extra avond met de hele kring.",
        "Buurthuis Het Anker, Zaandam",
        "Dmytro loopt twee dagen per week mee bij een bouwbedrijf en is blij met de hulp.",
    ),
    "amsterdam-scheiding": HandedPlan(
        [
            ("Noah en Lieke wonen om de week bij mama en bij papa; ze wisselen op vrijdag na "
             "school.", (0,), "", 7, "Het rooster hangt bij allebei op de koelkast."),
            ("{who} haalt de kinderen op woensdag op van school.", (1,), "", 7, ""),
            ("{who} is het aanspreekpunt als er onenigheid is over de afspraken.", (2,), "", 14,
             "Linda en Marco bellen eerst {who} voordat ze ruzie maken."),
            ("Een gesprek bij de schoolmaatschappelijk werker voor Noah.", (), "Wijkteam Oost",
             30, "De school vertelt het aan beide ouders."),
        ],
        "Als de ouders het niet eens worden, gaan ze samen naar {second}, die meedenkt.",
        "Buurthuis De Pijp, Amsterdam",
        "Het nieuwe rooster werkt; de kinderen weten waar ze aan toe zijn.",
    ),
    "amsterdam-naaiatelier": HandedPlan(
        [
            ("{who} zoekt samen met {main} een tweedehands naaimachine.", (1,), "", 14, ""),
            ("{who} vraagt in de buurt wie kleding wil laten vermaken.", (2,), "", 21,
             "{who} zet de namen op een lijst."),
        ],
        "",
        "",
    ),
    "rotterdam-na-detentie": HandedPlan(
        [
            ("{who} laat {main} tot de zomer in de logeerkamer wonen.", (1,), "", 3,
             "{main} betaalt elke maand een bijdrage voor het eten."),
            ("{who} gaat mee naar het gesprek bij de woningcorporatie.", (2,), "", 21,
             "{who} vertelt het in de groepsapp."),
            ("Begeleiding bij werk en schulden, elke twee weken.", (), "Reclassering Nederland",
             14, "De reclasseringswerker bevestigt de afspraken aan {main}."),
        ],
        "Als {main} terugvalt in oude contacten, belt {who} meteen de reclasseringswerker.",
        "Wijkcentrum Feijenoord, Rotterdam",
        "Kevin woont bij zijn oom en werkt vier dagen per week in een magazijn.",
    ),
    "tilburg-gezin": HandedPlan(
        [
            ("{who} past op Daan als zijn ouders naar hun eigen afspraken gaan.", (1,), "", 7, ""),
            ("{who} belt elke zondag met Ellen hoe de week ging.", (2,), "", 7, ""),
        ],
        "",
        "",
        requirement="Daan is nooit alleen thuis met een volwassene die heeft gedronken.",
    ),
    "breda-lopes": HandedPlan(
        [
            ("{who} kookt op maandag en donderdag voor het hele gezin.", (1,), "", 7,
             "Het rooster staat in de familie-app."),
            ("{who} rijdt {main} naar de chemokuur in het ziekenhuis.", (2,), "", 10,
             "{who} zet de ritten in de agenda."),
            ("Gesprekken voor de kinderen over de ziekte van papa.", (), "Wijkteam Breda", 21,
             "De kinderen vertellen het zelf bij de vervolgbijeenkomst."),
        ],
        "Als de zorg te zwaar wordt, vraagt {main} het wijkteam om extra hulp thuis.",
        "Bij de familie Lopes thuis",
    ),
    "maastricht-afgerond": HandedPlan(
        [
            ("{who} gaat elke woensdagmiddag met {main} naar de inloop in het buurthuis.", (1,),
             "", 7, "{main} vertelt het bij het nabelgesprek."),
            ("{who} helpt {main} met een plan voor rustige en drukke dagen.", (2,), "", 14,
             "Het plan hangt op de koelkast."),
            ("Fysiotherapie twee keer per week.", (), "Huisartsenpraktijk Wyck", 21,
             "{main} houdt het bij in de agenda."),
        ],
        "Als {main} een slechte week heeft, komt {who} vaker langs.",
        "Buurthuis Wyck, Maastricht",
        "Mia gaat elke week naar het buurthuis en helpt daar nu zelf bij de koffie.",
    ),
    "utrecht-nabellen": HandedPlan(
        [
            ("{who} helpt {main} elke donderdagavond met huiswerk en planning.", (1,), "", 7,
             "{main} laat de planning zien aan de mentor."),
            ("{who} regelt een rustige plek om te studeren, op zaterdag in de bibliotheek.",
             (2,), "", 7, ""),
            ("Een gesprek met de studieloopbaanbegeleider over de stage.", (), "ROC Midden "
             "Nederland", 14, "De begeleider stuurt {main} een mail."),
        ],
        "Als {main} achterloopt met school, zoeken we samen een bijlesdocent.",
        "Bibliotheek Kanaleneiland, Utrecht",
        "Abdi heeft een stageplek gevonden en haalt zijn vakken.",
    ),
    "nijmegen-plan": HandedPlan(
        [
            ("{who} is elke avond bereikbaar; {main} belt als het thuis onrustig wordt.", (1,),
             "", 3, "{main} spreekt een codewoord af met {who}."),
            ("{who} brengt de kinderen naar school en haalt ze op.", (2,), "", 3,
             "De juf meldt het als een kind er niet is."),
            ("Hulp bij een veilige woning en een contactverbod.", (), "Veilig Thuis Gelderland-"
             "Zuid", 14, "Veilig Thuis belt {main} over de stappen."),
        ],
        "Als de ex-partner toch voor de deur staat, belt {main} 112 en daarna {who}.",
        "Wijkcentrum Dukenburg, Nijmegen",
        requirement="De kinderen zijn nooit alleen met hun vader; de overdracht gaat via een "
        "volwassene uit de familie.",
    ),
    "enschede-vervolg": HandedPlan(
        [
            ("{who} helpt vader elke ochtend met het voeren van de koeien.", (1,), "", 7,
             "Vader streept het af op het bord in de stal."),
            ("{who} doet op zaterdag de boodschappen en kookt voor twee dagen.", (2,), "", 7, ""),
            ("Thuiszorg voor het wassen, drie keer per week.", (), "Thuiszorg Twente", 21,
             "De thuiszorg schrijft het in het zorgschrift."),
        ],
        "Als een van ons niet kan, ruilen we via de familie-app; lukt dat niet, dan belt {who} "
        "de buren.",
        "Op de boerderij",
        "Het gaat goed; de broers en zussen wisselen de zorg af en vader is tevreden.",
    ),
}  # fmt: skip


def _first(name: str) -> str:
    return name.split()[0]


def _fill(text: str, main: str, people: list[Person]) -> str:
    return text.format(
        main=main,
        who=_first(people[0].name) if people else main,
        second=_first(people[1].name) if len(people) > 1 else main,
    )


def _handed_requirement(
    ctx: DemoContext, case: Case, text: str, people: list[Person]
) -> SafetyRequirement:
    """Safety was at stake, so the conference could only be planned with a minimum requirement
    (conferences guard); the youth-protection worker with an account set it."""
    existing = SafetyRequirement.objects.filter(case=case).order_by("id").first()
    if existing is not None:
        return existing
    user = ctx.users["professional:sanne.visser"]
    worker = next((p for p in people if p.user_id == user.pk), None)
    if worker is None:
        worker = Person.objects.create(
            case=case,
            name=user.full_name,
            relation=Relation.PROFESSIONAL,
            ring=Ring.PROFESSIONALS,
            organisation=user.organisation,
            user=user,
            email=user.email,
            status=PersonStatus.PRESENT,
            parts=["information", "presentation"] if case.variant == Variant.FAMILY else [],
        )
        people.append(worker)
    set_at = case.conference_scheduled_at or case.in_preparation_at or timezone.now()
    return SafetyRequirement.objects.create(
        case=case,
        text=text,
        set_by=worker,
        organisation=worker.organisation or user.organisation,
        set_on=timezone.localdate(set_at) - datetime.timedelta(days=2),
        created_at=set_at - datetime.timedelta(days=2),
    )


def _handed_record(case: Case, people: list[Person], coordinator: User) -> None:
    """Attendance per part: who came was there in the parts they were invited to."""
    assert case.conference_held_at is not None
    private = case.variant == Variant.FAMILY
    record = ConferenceRecord.objects.create(
        case=case,
        held_on=timezone.localdate(case.conference_held_at),
        planning_private=private,
        coordinator_in_planning=not private,
        planning_notes="" if private else "De groep koos zelf drie afspraken om mee te beginnen.",
        recorded_by=coordinator,
        recorded_at=case.conference_held_at,
    )
    rows = []
    informed = False
    for person in people:
        if not (person.has_consent or person.ring == Ring.PROFESSIONALS):
            continue
        professional = person.ring == Ring.PROFESSIONALS
        came = person.status == PersonStatus.PRESENT
        for part in Part.values:
            in_private = private and part == Part.PLANNING
            present = came and part in (person.parts or Part.values)
            present = present and not (in_private and professional)
            gave = professional and present and part == Part.INFORMATION and not informed
            informed = informed or gave
            rows.append(
                Attendance(
                    record=record,
                    person=person,
                    part=part,
                    present=present,
                    is_professional=professional,
                    in_private_part=in_private,
                    gave_information=gave,
                )
            )
    Attendance.objects.bulk_create(rows)


def _handed_plan(ctx: DemoContext, case: Case, key: str, people: list[Person], index: int) -> None:
    """A draft right after the conference; a delivered version (and check-in) afterwards."""
    assert case.conference_held_at is not None
    spec = HANDED_PLANS.get(key, GENERIC)
    held = case.conference_held_at
    delivered = case.status in DELIVERED_OR_LATER
    coordinator = case.coordinator or ctx.users["admin"]
    main = next((p for p in people if p.is_main_person), None)
    came = [
        p
        for p in people
        if not p.is_main_person
        and p.ring != Ring.PROFESSIONALS
        and p.status == PersonStatus.PRESENT
    ]
    # Slot 1 is a relative, slot 2 someone from the wider circle: the plan leans on both.
    relatives = [p for p in came if p.ring in {Ring.HOUSEHOLD, Ring.FAMILY}]
    others = [p for p in came if p not in relatives]
    came = [*relatives[:1], *others[:1], *relatives[1:], *others[1:]]
    slots = [main, *came] if main else came
    main_first = case.main_person_first_name
    requirement = None
    if case.safety_at_stake:
        text = spec.requirement or (
            "Er is altijd een volwassene bij de kinderen die het thuis veilig houdt."
        )
        requirement = _handed_requirement(ctx, case, text, people)
    agreements = spec.agreements if delivered else spec.agreements[:2]
    follow_up = None
    if delivered:
        if case.status == Status.CLOSED:
            day = timezone.localdate(held) + datetime.timedelta(days=42)
        else:
            day = max(
                timezone.localdate(held) + datetime.timedelta(days=42),
                timezone.localdate() + datetime.timedelta(days=7 + index * 3 % 14),
            )
        follow_up = datetime.datetime.combine(
            day, datetime.time(19, 30), tzinfo=timezone.get_current_timezone()
        )
    named = slots[1:3]
    plan = Plan.objects.create(
        case=case,
        question=case.question,
        contingency=_fill(spec.contingency, main_first, named) if delivered else "",
        follow_up_at=follow_up,
        follow_up_place=_fill(spec.follow_up_place, main_first, named) if delivered else "",
        follow_up_organiser=named[0].name if delivered and named else "",
        created_at=held,
    )
    rows = []
    performers: list[list[Person]] = []
    for position, (what, who, organisation, days, how) in enumerate(agreements, start=1):
        doers = [slots[i] for i in who if i < len(slots) and slots[i] is not None]
        rows.append(
            Agreement(
                plan=plan,
                position=position,
                what=_fill(what, main_first, doers),
                organisation=organisation,
                due=timezone.localdate(held) + datetime.timedelta(days=days),
                how_known=_fill(how, main_first, doers),
                created_at=held,
            )
        )
        performers.append(doers)
    Agreement.objects.bulk_create(rows)
    Through = Agreement.performers.through
    Through.objects.bulk_create(
        [
            Through(agreement_id=a.pk, person_id=p.pk)
            for a, doers in zip(rows, performers, strict=True)
            for p in doers
        ]
    )
    if requirement is not None and delivered:
        Meets = Agreement.meets_requirements.through
        Meets.objects.bulk_create(
            [Meets(agreement_id=a.pk, safetyrequirement_id=requirement.pk) for a in rows[:2]]
        )
    if not delivered:
        return
    plan.agreed_by.set([p for p in slots if p is not None])
    assert case.plan_delivered_at is not None
    if requirement is not None:
        SafetyAssessment.objects.create(
            plan=plan,
            requirement=requirement,
            plan_revision=plan.revision,
            outcome=Outcome.MET,
            assessed_by=requirement.set_by.user or ctx.users["professional:sanne.visser"],
            assessed_at=case.plan_delivered_at - datetime.timedelta(days=1),
        )
    content = snapshot(plan)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content=content,
        text=canonical_text(content),
        language=plan_language(case),
        delivered_by=coordinator,
        delivered_at=case.plan_delivered_at,
    )
    professionals = [
        p for p in people if p.ring == Ring.PROFESSIONALS and p.status == PersonStatus.PRESENT
    ]
    PlanRecipient.objects.bulk_create(
        [
            PlanRecipient(version=version, person=p, notified_at=case.plan_delivered_at)
            for p in [*[s for s in slots if s is not None], *professionals]
        ]
    )
    if case.status in CHECKED_IN and case.check_in_done_at is not None:
        CheckIn.objects.get_or_create(
            case=case,
            defaults={
                "held_on": timezone.localdate(case.check_in_done_at),
                "note": spec.check_in_note or GENERIC.check_in_note,
                "recorded_by": coordinator,
                "recorded_at": case.check_in_done_at,
            },
        )


def seed_handed(ctx: DemoContext) -> None:
    """Conference records, plans and check-ins for the handed cases that had their conference."""
    handed: dict[str, Case] = ctx.extra.get("cases") or {}
    cases = {key: c for key, c in handed.items() if c.status in HELD_OR_LATER}
    if not cases:
        return
    ids = [c.pk for c in cases.values()]
    people: dict[int, list[Person]] = {pk: [] for pk in ids}
    for person in Person.objects.filter(case_id__in=ids).order_by("id"):
        people[person.case_id].append(person)
    recorded = set(
        ConferenceRecord.objects.filter(case_id__in=ids).values_list("case_id", flat=True)
    )
    planned = set(Plan.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    for index, (key, case) in enumerate(cases.items()):
        if not people[case.pk]:
            continue  # No circle, nothing to record.
        coordinator = case.coordinator or ctx.users["admin"]
        if case.pk not in recorded:
            _handed_record(case, people[case.pk], coordinator)
        if case.pk not in planned:
            _handed_plan(ctx, case, key, people[case.pk], index)
