"""Demo data for cases: about thirty trajectories in every state, spread over regions and
coordinators, with the contact log and a backdated timeline (audit events) for each.

Cases are keyed on their reference (EK-2026-001xx is reserved for this seeder), so seeding
twice changes nothing. Later seeders find the cases in `ctx.extra["cases"]` by a stable name,
e.g. `ctx.extra["cases"]["amsterdam-veilig-thuis"]`.

The cases are written directly with the timestamps and audit events the transition functions
would have written on those days; running the real transitions would stamp everything "now".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kring.accounts.models import User
from kring.audit.models import Action, AuditEvent
from kring.cases.models import (
    INDEPENDENCE_VERSION,
    AssignmentKind,
    Case,
    CasePerson,
    Contact,
    CoordinatorAssignment,
    IndependenceDeclaration,
    Variant,
)
from kring.cases.states import Status
from kring.cases.transitions import derive_people_facts
from kring.core.workdays import add_working_days
from kring.demo.accounts import DemoContext

S = Status
# The happy path, and the day (after the request) on which each step happens.
PATH: list[tuple[str, float]] = [
    (S.COORDINATOR_ASSIGNED, 2.0),
    (S.IN_PREPARATION, 4.0),
    (S.CONFERENCE_SCHEDULED, 18.0),
    (S.CONFERENCE_HELD, 38.0),
    (S.PLAN_DELIVERED, 42.0),
    (S.CHECK_IN_DONE, 70.0),
    (S.FOLLOW_UP, 80.0),
    (S.CLOSED, 120.0),
]
DECLARED_AFTER = 2.2
# The keys the verbs write for these steps (kring/cases/events.py); others are "case.<state>".
STEP_KEYS: dict[str, str] = {
    S.COORDINATOR_ASSIGNED: "case.coordinator_assigned",
    S.IN_PREPARATION: "case.first_contact",
    S.CHECK_IN_DONE: "case.check_in_done",
    S.STOPPED: "case.stopped",
}
MANAGER_STEPS = {S.COORDINATOR_ASSIGNED, S.FOLLOW_UP, S.CLOSED, S.STOPPED}


@dataclass
class Spec:
    key: str
    number: int
    municipality: str
    coordinator: str | None
    status: str
    names: str
    question: str
    topics: list[str]
    days_ago: float
    variant: str = Variant.FAMILY
    languages: list[str] = field(default_factory=lambda: ["nl"])
    declared: bool = True
    stopped_from: str = S.IN_PREPARATION
    stop_reason: str = ""
    stop_note: str = ""
    minors: bool = False
    safety: bool = False
    court: str = "none"
    wish: str = ""
    preferred_gender: str = ""
    preferred_language: str = ""
    preferred_culture: str = ""


SPECS = [
    # Noord-Holland (Marieke de Boer)
    Spec("amsterdam-blijven-wonen", 101, "GM0363", None, S.REQUESTED, "Sandra en Kevin de Graaf",
         "Wat is nodig om met de kinderen in dit huis te kunnen blijven wonen?",
         ["eviction", "youth_care"], 1, minors=True),
    Spec("zaanstad-schoolgaan", 102, "GM0479", None, S.REQUESTED, "Nadia Bouzid",
         "Hoe kunnen de kinderen weer elke dag naar school?", ["education", "youth_care"], 8,
         languages=["ar", "nl"], minors=True, preferred_gender="f", preferred_language="ar",
         wish="Liefst iemand die de school van Ilyas kent."),
    Spec("haarlem-mantelzorg", 103, "GM0392", "anouk", S.COORDINATOR_ASSIGNED, "Henk en Truus Bos",
         "Hoe zorgen we samen dat moeder thuis kan blijven wonen nu haar geheugen achteruitgaat?",
         ["care_for_family", "health"], 1.5, declared=False),
    Spec("amsterdam-veilig-thuis", 104, "GM0363", "anouk", S.IN_PREPARATION, "Fatima el Idrissi",
         "Wat is nodig zodat Amira en Yassin veilig thuis kunnen opgroeien?",
         ["youth_care", "domestic_violence"], 12, languages=["ar", "nl"], minors=True,
         safety=True, court="threatened"),
    Spec("alkmaar-straat", 105, "GM0361", "youssef", S.COORDINATOR_ASSIGNED,
         "Bewoners Spoorstraat", "Hoe kunnen we in deze straat weer veilig en prettig samenwonen?",
         ["neighbourhood", "conflict"], 9, variant=Variant.GROUP),
    Spec("amsterdam-herstel", 106, "GM0363", "ayse", S.CONFERENCE_SCHEDULED,
         "Mehmet Yılmaz en familie Jansen",
         "Wat is nodig om de schade na de inbraak te herstellen?",
         ["crime"], 30, variant=Variant.RESTORATION, languages=["tr", "nl"]),
    Spec("haarlemmermeer-eenzaam", 107, "GM0394", "anouk", S.PLAN_DELIVERED, "Gerrit van Leeuwen",
         "Hoe voorkom ik dat ik vereenzaam nu ik minder mobiel word?",
         ["health", "care_for_family"], 60),
    Spec("zaanstad-werk", 108, "GM0479", "olena", S.CHECK_IN_DONE, "Dmytro Kovalenko",
         "Hoe vindt Dmytro werk dat bij hem past?", ["work"], 80, languages=["uk", "nl"]),
    Spec("amsterdam-scheiding", 109, "GM0363", "youssef", S.CLOSED, "Linda en Marco Visser",
         "Hoe regelen we de zorg voor Noah en Lieke na de scheiding?", ["divorce", "youth_care"],
         140, minors=True),
    Spec("haarlem-gestopt", 110, "GM0392", "anouk", S.STOPPED, "Peter Smit",
         "Wat is nodig zodat Peter na zijn opname weer grip op zijn dagen krijgt?", ["psychiatry"],
         25, stop_reason="network_too_small",
         stop_note="Peter wil niemand uit zijn omgeving uitnodigen."),
    Spec("amsterdam-naaiatelier", 111, "GM0363", "anouk", S.CONFERENCE_HELD, "Samira Ouali",
         "Hoe kan Samira haar droom waarmaken om een eigen naaiatelier te beginnen?",
         ["dream", "work"], 45),
    # Zuid-Holland (Rachid El Amrani)
    Spec("rotterdam-klas", 112, "GM0599", None, S.REQUESTED, "Groep 7 van De Regenboog",
         "Hoe kan onze klas weer fijn samenwerken na het pesten?", ["education"], 3,
         variant=Variant.LEARNING, minors=True),
    Spec("denhaag-huis", 113, "GM0518", "priya", S.IN_PREPARATION, "Radjesh en Anjali Ramsaran",
         "Wat is nodig om in dit huis te kunnen blijven wonen?", ["eviction"], 15,
         languages=["hi", "nl"]),
    Spec("leiden-zelfstandig", 114, "GM0546", "ahmad", S.CONFERENCE_SCHEDULED, "Lotte de Jong",
         "Wat is nodig zodat Lotte na haar opname weer zelfstandig kan wonen?", ["psychiatry"],
         35),
    Spec("rotterdam-na-detentie", 115, "GM0599", "ayse", S.FOLLOW_UP, "Kevin Brouwer",
         "Hoe vindt Kevin na zijn detentie een eigen plek en werk?", ["probation", "work"], 110),
    Spec("dordrecht-zelf-gedaan", 116, "GM0505", "priya", S.STOPPED, "Familie Verhoeven",
         "Hoe helpen we opa nu hij alleen is komen te staan?", ["care_for_family"], 40,
         stop_reason="plan_without_conference",
         stop_note="De familie heeft aan de keukentafel zelf een plan gemaakt."),
    Spec("delft-nieuw", 117, "GM0503", "ahmad", S.COORDINATOR_ASSIGNED, "Farid Rahimi",
         "Hoe kan Farid na de dood van zijn vrouw de zorg voor de kinderen aan?",
         ["youth_care", "care_for_family"], 1, languages=["fa", "nl"], declared=False,
         minors=True),
    # Zuid (Ingrid Peeters)
    Spec("eindhoven-buurt", 118, "GM0772", "maria", S.IN_PREPARATION, "Bewoners Woensel-Noord",
         "Hoe maken we het plein weer een plek voor iedereen?", ["neighbourhood"], 10,
         variant=Variant.GROUP),
    Spec("tilburg-gezin", 119, "GM0855", "bram", S.CONFERENCE_HELD, "Ellen en Rob Peeters",
         "Wat is nodig zodat Daan weer thuis kan wonen?", ["youth_care"], 50, minors=True,
         safety=True, court="present"),
    Spec("breda-lopes", 120, "GM0758", "maria", S.PLAN_DELIVERED, "João Lopes",
         "Hoe houden we het samen vol nu papa ziek is?", ["health", "care_for_family"], 65,
         languages=["pt", "nl"]),
    Spec("maastricht-afgerond", 121, "GM0935", "bram", S.CLOSED, "Mia Hendriks",
         "Hoe kan Mia na haar herstel weer meedoen in de buurt?", ["health"], 150),
    Spec("venlo-wacht", 122, "GM0983", None, S.REQUESTED, "Ricardo Martina",
         "Hoe voorkomen we dat Ricardo uit huis wordt gezet?", ["eviction"], 6,
         languages=["pap", "nl"]),
    # Midden (Joost van Dam)
    Spec("utrecht-jeugd", 123, "GM0344", "tesfay", S.IN_PREPARATION, "Semhar Tekle",
         "Hoe kunnen de kinderen weer naar school?", ["youth_care", "education"], 14,
         languages=["ti", "nl"], minors=True),
    Spec("amersfoort-moeder", 124, "GM0307", "olena", S.CONFERENCE_SCHEDULED, "Wilma Kuipers",
         "Hoe zorgen we samen voor moeder nu zij steeds meer hulp nodig heeft?",
         ["care_for_family"], 28),
    Spec("almere-ingetrokken", 125, "GM0034", "youssef", S.STOPPED, "Jeroen Bakker",
         "Hoe kan Jeroen zijn schulden en zijn huis op orde krijgen?", ["eviction"], 20,
         stopped_from=S.COORDINATOR_ASSIGNED, stop_reason="withdrawn",
         stop_note="Jeroen wil nu toch geen conferentie."),
    Spec("utrecht-nabellen", 126, "GM0344", "tesfay", S.CHECK_IN_DONE, "Abdi Hassan",
         "Wat is nodig zodat Abdi zijn opleiding kan afmaken?", ["education", "work"], 85,
         languages=["so", "nl"]),
    # Oost (Fatma Yilmaz)
    Spec("arnhem-nieuw", 127, "GM0202", None, S.REQUESTED, "Thijs Wolters",
         "Hoe kan Thijs weer contact krijgen met zijn kinderen?", ["divorce"], 2),
    Spec("nijmegen-plan", 128, "GM0268", "gerda", S.PLAN_DELIVERED, "Bianca Hermsen",
         "Wat is nodig zodat Bianca en de kinderen veilig kunnen wonen?",
         ["domestic_violence", "youth_care"], 62, minors=True, safety=True),
    Spec("enschede-vervolg", 129, "GM0153", "gerda", S.FOLLOW_UP, "Familie Oude Nijhuis",
         "Hoe verdelen we de zorg voor vader op de boerderij?", ["care_for_family"], 105,
         languages=["nl", "de"]),
    # Noord (Hennie Bakker)
    Spec("groningen-voorbereiding", 130, "GM0014", "wim", S.IN_PREPARATION, "Jelle Dijkstra",
         "Hoe houdt Jelle zijn woning na de huurachterstand?", ["eviction"], 11,
         languages=["fy", "nl"]),
    Spec("leeuwarden-gepland", 131, "GM0080", "wim", S.CONFERENCE_SCHEDULED,
         "Sietske en Douwe Hoekstra", "Hoe zorgen we dat Sietske weer naar school wil?",
         ["education", "youth_care"], 33, minors=True),
    Spec("assen-geen-geld", 132, "GM0106", None, S.STOPPED, "Familie Mulder",
         "Hoe kunnen we de ruzie in de familie bijleggen?", ["conflict"], 18,
         stopped_from=S.REQUESTED, stop_reason="no_funding",
         stop_note="De gemeente betaalt niet; de familie zoekt zelf verder."),
]  # fmt: skip


# The main people of the cases with more than one, asked one by one as on the form:
# (name, relation to the requester, main language, age when a child).
DemoPerson = tuple[str, str, str, int | None]
PEOPLE: dict[str, list[DemoPerson]] = {
    "amsterdam-blijven-wonen": [("Sandra de Graaf", "self", "nl", None),
                                ("Kevin de Graaf", "partner", "nl", None)],
    "haarlem-mantelzorg": [("Truus Bos", "parent", "nl", None), ("Henk Bos", "family", "nl", None)],
    "amsterdam-herstel": [("Mehmet Yılmaz", "client", "tr", None),
                          ("Familie Jansen", "client", "nl", None)],
    "amsterdam-scheiding": [("Linda Visser", "self", "nl", None),
                            ("Marco Visser", "partner", "nl", None)],
    "denhaag-huis": [("Radjesh Ramsaran", "client", "hi", None),
                     ("Anjali Ramsaran", "client", "hi", None)],
    "tilburg-gezin": [("Ellen Peeters", "self", "nl", None), ("Rob Peeters", "partner", "nl", None),
                      ("Daan Peeters", "child", "nl", 14)],
    "leeuwarden-gepland": [("Sietske Hoekstra", "child", "fy", 13),
                           ("Douwe Hoekstra", "self", "fy", None)],
    "zaanstad-schoolgaan": [("Nadia Bouzid", "self", "ar", None),
                            ("Ilyas Bouzid", "child", "ar", 9)],
}  # fmt: skip
# Cases whose coordinator was replaced (illness happens): key -> (first coordinator, reason).
REPLACED: dict[str, tuple[str, str]] = {
    "leiden-zelfstandig": ("priya", "Priya is voor een paar maanden uitgevallen."),
}


def _main_people(spec: Spec, case: Case) -> list[CasePerson]:
    rows = PEOPLE.get(spec.key) or [(spec.names, "client", spec.languages[0], None)]
    people = []
    for position, (name, relation, language, age) in enumerate(rows):
        spoken = [language, *[c for c in spec.languages if c != language]]
        people.append(
            CasePerson(
                case=case,
                position=position,
                name=name,
                relation=relation,
                languages=spoken,
                main_language=language,
                age=age,
                is_minor=age is not None and age < 18,
                phone=f"+31 6 {20000000 + spec.number * 10 + position}",
                email=f"{name.split()[0].lower()}.{spec.number}@voorbeeld.nl",
            )
        )
    return people


def _steps(spec: Spec) -> list[str]:
    """The states this case went through, in order (after REQUESTED)."""
    if spec.status == S.REQUESTED:
        return []
    last = spec.stopped_from if spec.status == S.STOPPED else spec.status
    steps: list[str] = []
    for state, _day in PATH:
        if last == S.REQUESTED:
            break
        steps.append(state)
        if state == last:
            break
    if spec.status == S.STOPPED:
        steps.append(S.STOPPED)
    return steps


def seed(ctx: DemoContext) -> None:
    """Create the demo cases once (keyed on reference) and hand them on in ctx.extra."""
    now = timezone.now()
    references = {f"EK-2026-{spec.number:05d}": spec for spec in SPECS}
    existing = {c.reference: c for c in Case.objects.filter(reference__in=references)}
    cases: dict[str, Case] = {}
    events: list[AuditEvent] = []
    contacts: list[Contact] = []
    declarations: list[IndependenceDeclaration] = []
    assignments: list[CoordinatorAssignment] = []
    for reference, spec in references.items():
        if reference in existing:
            cases[spec.key] = existing[reference]
            continue
        built = _build(ctx, spec, reference, now)
        cases[spec.key] = built.case
        events.extend(built.events)
        contacts.extend(built.contacts)
        declarations.extend(built.declarations)
        assignments.extend(built.assignments)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    Contact.objects.bulk_create(contacts, batch_size=500)
    IndependenceDeclaration.objects.bulk_create(declarations, batch_size=500)
    CoordinatorAssignment.objects.bulk_create(assignments, batch_size=500)
    ctx.extra["cases"] = cases


@dataclass
class Built:
    case: Case
    events: list[AuditEvent]
    contacts: list[Contact]
    declarations: list[IndependenceDeclaration]
    assignments: list[CoordinatorAssignment]


def _build(ctx: DemoContext, spec: Spec, reference: str, now: datetime.datetime) -> Built:
    municipality = ctx.municipalities[spec.municipality]
    region = municipality.region
    manager = next(
        (u for k, u in ctx.users.items() if k == f"manager:{region.slug}"), ctx.users["admin"]
    )
    coordinator = ctx.users[f"coordinator:{spec.coordinator}"] if spec.coordinator else None
    requested_at = now - datetime.timedelta(days=spec.days_ago)
    steps = _steps(spec)
    # Squeeze the standard rhythm into the case's age, so the last step lies in the past.
    last_day = max([day for state, day in PATH if state in steps] or [1.0])
    scale = min(1.0, (spec.days_ago * 0.9) / last_day)

    def at(day: float) -> datetime.datetime:
        return requested_at + datetime.timedelta(days=day * scale)

    stamps: dict[str, Any] = {}
    day_of: dict[str, float] = dict(PATH)
    for state in steps:
        if state == S.STOPPED:
            stamps["stopped_at"] = now - datetime.timedelta(days=min(2, spec.days_ago / 4))
        else:
            stamps[f"{state}_at"] = at(day_of[state])
    if "conference_held_at" in stamps:
        # The conference runs 13:00-17:00 (see conferences/demo.py); it is recorded as held
        # that evening, not at whatever time of day the seeder happens to run.
        held = timezone.localtime(stamps["conference_held_at"]).replace(
            hour=17, minute=30, second=0, microsecond=0
        )
        if held < min(now, stamps.get("plan_delivered_at") or now):
            stamps["conference_held_at"] = held
    declared = spec.declared and S.COORDINATOR_ASSIGNED in steps
    if declared:
        stamps["independence_declared_at"] = at(DECLARED_AFTER)
    if S.IN_PREPARATION in steps:
        stamps["first_contact_at"] = at(day_of[S.IN_PREPARATION])
    case = Case.objects.create(
        reference=reference,
        status=spec.status,
        variant=spec.variant,
        main_person_names=spec.names,
        main_person_first_name=spec.names.split()[0],
        question=spec.question,
        topics=spec.topics,
        languages=spec.languages,
        main_language=spec.languages[0],
        coordinator_wish=spec.wish,
        preferred_gender=spec.preferred_gender,
        preferred_language=spec.preferred_language,
        preferred_culture=spec.preferred_culture,
        region=region,
        municipality=municipality,
        regional_manager=manager,
        coordinator=coordinator if spec.status != S.REQUESTED else None,
        minors_involved=spec.minors,
        safety_at_stake=spec.safety,
        court_measure=spec.court,
        contact_due=add_working_days(
            timezone.localtime(requested_at).date(), region.contact_deadline_days
        ),
        stop_reason=spec.stop_reason,
        stop_note=spec.stop_note,
        requested_at=requested_at,
        **stamps,
    )
    people = _main_people(spec, case)
    CasePerson.objects.bulk_create(people)
    derive_people_facts(case, people)
    case.save(update_fields=["main_person_names", "main_person_first_name", "languages"])
    events = [
        _event(
            case,
            manager,
            Action.CREATE,
            requested_at,
            "case.opened",
            {"variant": spec.variant, "main_people": len(people)},
        )
    ]
    assignments: list[CoordinatorAssignment] = []
    previous: str = S.REQUESTED
    for state in steps:
        when = stamps["stopped_at"] if state == S.STOPPED else stamps[f"{state}_at"]
        actor = manager if state in MANAGER_STEPS or coordinator is None else coordinator
        key = STEP_KEYS.get(state, f"case.{state}")
        changes: dict[str, Any] = {"status": [previous, state]}
        if state == S.COORDINATOR_ASSIGNED and coordinator is not None:
            first = _first_coordinator(ctx, spec) or coordinator
            row = CoordinatorAssignment(
                case=case,
                kind=AssignmentKind.ASSIGNED,
                to_coordinator=first,
                rank=1,
                score=100,
                actor=manager,
                occurred_at=when,
            )
            assignments.append(row)
            changes.update(coordinator=[None, str(first.uuid)], rank=1, score=100)
        if state == S.STOPPED:
            changes["stop_reason"] = spec.stop_reason
        events.append(_event(case, actor, Action.TRANSITION, when, key, changes))
        if state == S.COORDINATOR_ASSIGNED and declared and coordinator is not None:
            events.append(
                _event(
                    case,
                    coordinator,
                    Action.UPDATE,
                    stamps["independence_declared_at"],
                    "case.independence_declared",
                )
            )
        previous = state
    replaced = REPLACED.get(spec.key)
    if replaced and coordinator is not None and S.IN_PREPARATION in steps:
        old = ctx.users[f"coordinator:{replaced[0]}"]
        when = stamps["first_contact_at"] + datetime.timedelta(days=2 * scale)
        row = CoordinatorAssignment(
            case=case,
            kind=AssignmentKind.REPLACED,
            from_coordinator=old,
            to_coordinator=coordinator,
            rank=2,
            score=85,
            reason=replaced[1],
            actor=manager,
            occurred_at=when,
        )
        assignments.append(row)
        events.append(
            _event(
                case,
                manager,
                Action.UPDATE,
                when,
                "case.coordinator_replaced",
                {"coordinator": [str(old.uuid), str(coordinator.uuid)], "rank": 2, "score": 85},
            )
        )
    contacts: list[Contact] = []
    declarations: list[IndependenceDeclaration] = []
    if declared and coordinator is not None:
        declarations.append(
            IndependenceDeclaration(
                case=case,
                coordinator=coordinator,
                has_conflict=False,
                text_version=INDEPENDENCE_VERSION,
                declared_at=stamps["independence_declared_at"],
            )
        )
    if S.IN_PREPARATION in steps and coordinator is not None:
        first = stamps["first_contact_at"]
        contacts.append(
            Contact(
                case=case,
                occurred_on=timezone.localtime(first).date(),
                with_whom="Aanvrager",
                channel="phone",
                note="Kennisgemaakt, uitleg gegeven over de conferentie. Huisbezoek afgesproken.",
                is_first_contact=True,
                created_by=coordinator,
                created_at=first,
            )
        )
        visit = first + datetime.timedelta(days=3 * scale)
        if visit < now:
            contacts.append(
                Contact(
                    case=case,
                    occurred_on=timezone.localtime(visit).date(),
                    with_whom=spec.names.split(" en ")[0],
                    channel="visit",
                    note="Samen de kring in beeld gebracht: wie hoort erbij, wie nodigen we uit?",
                    created_by=coordinator,
                    created_at=visit,
                )
            )
        for contact in contacts:
            events.append(
                _event(case, coordinator, Action.CREATE, contact.created_at, "case.contact_logged")
            )
    return Built(case, events, contacts, declarations, assignments)


def ensure_main_people(case: Case, names: list[str]) -> None:
    """Give a case made by another seeder its main people (once), one row per name."""
    if case.main_people.exists():
        return
    people = CasePerson.objects.bulk_create(
        CasePerson(
            case=case,
            position=position,
            name=name,
            relation="client",
            languages=list(case.languages or [case.main_language]),
            main_language=case.main_language,
        )
        for position, name in enumerate(names)
    )
    derive_people_facts(case, people)
    case.save(update_fields=["main_person_names", "main_person_first_name", "languages"])


def _first_coordinator(ctx: DemoContext, spec: Spec) -> User | None:
    """Who had the case first: the replaced coordinator, when the case had a replacement."""
    replaced = REPLACED.get(spec.key)
    return ctx.users[f"coordinator:{replaced[0]}"] if replaced else None


def _event(
    case: Case,
    actor: User,
    action: str,
    when: datetime.datetime,
    key: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """An event as the verb would have written it: a key and non-personal data only."""
    return AuditEvent(
        occurred_at=when,
        actor=actor,
        role=actor.role,
        action=action,
        key=key,
        object_type="cases.case",
        object_id=str(case.uuid),
        case_id=case.uuid,
        changes=changes or {},
    )
