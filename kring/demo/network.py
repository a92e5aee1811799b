"""Demo circles: realistic sizes (9 to 30 people) and variety, worth looking at as eco-maps.

Cases come from the cases seeder (`ctx.extra["cases"]`, name -> Case); until that exists this
seeder makes a few cases of its own (EK-2026-002xx). Idempotent: a case that already has a
circle is left alone. Hands `ctx.extra["circle_cases"]` (list of Case) to the conferences seeder.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from kring.cases.models import ALL_PARTS, Case, Part, main_people_of
from kring.cases.states import Status
from kring.demo.accounts import DemoContext
from kring.demo.cases import ensure_main_people
from kring.network.models import (
    ContactRestriction,
    Person,
    PersonStatus,
    RequirementChange,
    RequirementChangeKind,
    RestrictionKind,
    SafetyRequirement,
)

S = PersonStatus
PUBLIC_PARTS = [Part.INFORMATION.value, Part.PRESENTATION.value]

# (name, relation, ring, status, language, extra)
Row = tuple[str, str, str, str, str, dict[str, Any]]

EL_AMRANI: list[Row] = [
    ("Yusuf el Amrani", "child", "household", S.COMING, "nl", {"is_minor": True}),
    ("Noor el Amrani", "child", "household", S.COMING, "nl", {"is_minor": True}),
    ("Adam el Amrani", "child", "household", S.INFORMED, "nl", {"is_minor": True}),
    ("Rachid el Amrani", "ex_partner", "family", S.INVITED, "nl", {}),
    (
        "Aïcha Bennani",
        "grandparent",
        "family",
        S.COMING,
        "ar",
        {"needs_interpreter": True, "interpreter_language": "Arabisch"},
    ),
    (
        "Mohammed Bennani",
        "grandparent",
        "family",
        S.MAYBE,
        "ar",
        {"needs_interpreter": True, "interpreter_language": "Arabisch"},
    ),
    ("Samira Bennani", "sibling", "family", S.COMING, "nl", {"needs_childcare": True}),
    ("Karim Bennani", "sibling", "family", S.NOT_COMING, "nl", {}),
    ("Latifa Bennani", "aunt_uncle", "family", S.INVITED, "nl", {}),
    ("Ans de Vries", "neighbour", "community", S.COMING, "nl", {}),
    ("Henk Jansen", "friend", "community", S.INFORMED, "nl", {}),
    ("Imam Youssef Ait", "other", "community", S.SUGGESTED, "nl", {}),
    ("Marloes Bakker", "colleague", "community", S.MAYBE, "nl", {}),
    ("Juf Petra Hendriks", "teacher", "professionals", S.COMING, "nl", {}),
    ("Sanne Visser", "professional", "professionals", S.COMING, "nl", {}),
    ("Wijkagent Bas Koster", "professional", "professionals", S.INVITED, "nl", {}),
]

DE_JONG: list[Row] = [
    ("Gerrit de Jong", "partner", "household", S.COMING, "nl", {"needs_accessibility": "rolstoel"}),
    ("Marja de Jong", "child", "family", S.COMING, "nl", {}),
    ("Erik de Jong", "child", "family", S.COMING, "en", {"needs_travel": True}),
    ("Lotte de Jong", "grandparent", "family", S.INFORMED, "nl", {}),
    ("Tess de Jong", "child", "family", S.MAYBE, "nl", {}),
    ("Wim Brouwer", "neighbour", "community", S.COMING, "nl", {}),
    ("Els Brouwer", "neighbour", "community", S.COMING, "nl", {}),
    ("Dominee Van Dam", "other", "community", S.SUGGESTED, "nl", {}),
    ("Annelies Smit", "professional", "professionals", S.INVITED, "nl", {}),
    ("Huisarts Kramer", "professional", "professionals", S.NOT_COMING, "nl", {}),
]

# A restoration conference after a burglary: the shopkeeper (party 1) and the young man who
# broke in (party 2), each with their own circle.
HERSTEL_MAIN = [("Mehmet Yılmaz", 1), ("Jesse Jansen", 2)]
HERSTEL: list[Row] = [
    ("Ayla Yılmaz", "partner", "household", S.COMING, "tr", {"party": 1}),
    ("Deniz Yılmaz", "child", "household", S.INFORMED, "nl", {"party": 1}),
    ("Hüseyin Yılmaz", "sibling", "family", S.COMING, "tr", {"party": 1}),
    ("Gerard de Wit", "neighbour", "community", S.COMING, "nl", {"party": 1}),
    ("Sevda Kaya", "colleague", "community", S.SUGGESTED, "nl", {"party": 1}),
    ("Nina Bos", "professional", "professionals", S.COMING, "nl", {"party": 1}),
    ("Petra Jansen", "parent", "household", S.COMING, "nl", {"party": 2}),
    ("Rob Jansen", "parent", "household", S.MAYBE, "nl", {"party": 2}),
    ("Lisa Jansen", "sibling", "household", S.INVITED, "nl", {"party": 2}),
    ("Kees Jansen", "grandparent", "family", S.COMING, "nl", {"party": 2}),
    ("Trainer Marco", "friend", "community", S.INVITED, "nl", {"party": 2}),
    ("Wijkagent Bas Koster", "professional", "professionals", S.COMING, "nl", {"party": 2}),
    ("Halt Femke de Boer", "professional", "professionals", S.NOT_COMING, "nl", {"party": 2}),
]

FIRST = ["Jan", "Ria", "Kees", "Fenna", "Ahmet", "Zeynep", "Daan", "Lieke", "Mustafa", "Iris",
         "Tom", "Sevda", "Ruud", "Joyce", "Kofi", "Ama", "Bram", "Noa", "Emre", "Sophie",
         "Gijs", "Mila", "Orlando", "Sharon", "Hüseyin", "Anna"]  # fmt: skip
LAST = ["Yılmaz", "de Groot", "Mensah", "Kaya", "van Dijk", "Boateng", "Visser", "Öztürk",
        "Bos", "Martina", "Peters", "Şahin", "Meijer", "Asante"]  # fmt: skip
RELATIONS = [
    ("neighbour", "community"),
    ("friend", "community"),
    ("neighbour", "community"),
    ("aunt_uncle", "family"),
    ("colleague", "community"),
    ("sibling", "family"),
]
CYCLE = [S.COMING, S.COMING, S.INVITED, S.MAYBE, S.INFORMED, S.NOT_COMING, S.SUGGESTED]


def _street(count: int, offset: int = 0) -> list[Row]:
    """A neighbourhood circle (group conference): many neighbours, a few professionals.

    `offset` shifts the names, so that circles of different cases hold different people.
    """
    rows: list[Row] = []
    for i in range(count):
        relation, ring = RELATIONS[i % len(RELATIONS)]
        name = f"{FIRST[(i + offset * 7) % len(FIRST)]} {LAST[(i * 5 + offset * 3) % len(LAST)]}"
        rows.append((name, relation, ring, CYCLE[i % len(CYCLE)], "nl", {}))
    rows += [
        ("Linda Jansen", "professional", "professionals", S.COMING, "nl", {}),
        ("Opbouwwerker Ricardo", "professional", "professionals", S.COMING, "nl", {}),
        ("Woningcorporatie Ymere", "professional", "professionals", S.INVITED, "nl", {}),
    ]
    return rows


OWN_CASES = [
    # reference, names, first name, municipality, safety, variant, question, status
    (
        "EK-2026-00201",
        "Fatima el Amrani",
        "Fatima",
        "GM0363",
        True,
        "family",
        "Hoe zorgen we samen dat Yusuf, Noor en Adam veilig thuis kunnen blijven wonen?",
        Status.IN_PREPARATION,
    ),
    (
        "EK-2026-00202",
        "Riet de Jong",
        "Riet",
        "GM0392",
        False,
        "family",
        "Hoe kan moeder Riet met hulp van de familie zo lang mogelijk thuis blijven wonen?",
        Status.IN_PREPARATION,
    ),
    (
        "EK-2026-00203",
        "Bewoners Vogelbuurt",
        "Vogelbuurt",
        "GM0479",
        False,
        "group",
        "Hoe maken we de Vogelbuurt weer een straat waar iedereen prettig woont?",
        Status.IN_PREPARATION,
    ),
]


def _own_cases(ctx: DemoContext) -> list[Case]:
    coordinator = ctx.users.get("coordinator:anouk")
    if coordinator is None or not ctx.municipalities:
        return []
    ago = timezone.now() - datetime.timedelta(days=20)
    cases = []
    for ref, names, first, code, safety, variant, question, status in OWN_CASES:
        municipality = ctx.municipalities.get(code) or next(iter(ctx.municipalities.values()))
        case, _created = Case.objects.update_or_create(
            reference=ref,
            defaults={
                "main_person_names": names,
                "main_person_first_name": first,
                "question": question,
                "variant": variant,
                "topics": ["youth_care"] if variant == "family" else ["neighbourhood"],
                "languages": ["nl"],
                "region": municipality.region,
                "municipality": municipality,
                "coordinator": coordinator,
                "safety_at_stake": safety,
                "minors_involved": safety,
                "status": status,
                "requested_at": ago - datetime.timedelta(days=10),
                "coordinator_assigned_at": ago,
                "independence_declared_at": ago,
                "first_contact_at": ago,
                "in_preparation_at": ago,
            },
        )
        ensure_main_people(case, [names])
        # Anouk works in Noord-Holland; make sure she may see these demo cases.
        coordinator.regions.add(municipality.region)
        cases.append(case)
    return cases


def _surname(case: Case) -> str:
    """The family name in the case's names: "Linda en Marco Visser" -> "Visser"."""
    last = case.main_person_names.split(" en ")[-1].split()
    if last and last[0].lower() == "familie":
        return " ".join(last[1:])
    return " ".join(last[1:]) or "de Jong"


FAMILY: list[Row] = [
    ("Marja", "sibling", "family", S.COMING, "nl", {}),
    ("Erik", "child", "family", S.COMING, "nl", {"needs_travel": True}),
    ("Wim", "aunt_uncle", "family", S.COMING, "nl", {"needs_accessibility": "rolstoel"}),
    ("Tineke", "grandparent", "family", S.INFORMED, "nl", {}),
]


def _family(case: Case) -> list[Row]:
    """Four relatives who carry the case's own family name."""
    surname = _surname(case)
    return [
        (f"{first} {surname}", relation, ring, status, language, extra)
        for first, relation, ring, status, language, extra in FAMILY
    ]


def _circle_for(index: int, case: Case) -> list[Row]:
    if case.variant == "restoration":
        return HERSTEL
    if case.variant == "group":
        return _street(24, offset=index)
    if index < 2:
        return [EL_AMRANI, DE_JONG][index % 2]
    return _street(6 + index % 5, offset=index) + _family(case)


HELD_OR_LATER = {
    Status.CONFERENCE_HELD,
    Status.PLAN_DELIVERED,
    Status.CHECK_IN_DONE,
    Status.FOLLOW_UP,
    Status.CLOSED,
}


def _build(ctx: DemoContext, case: Case, rows: list[Row], *, restraining: bool) -> None:
    now = timezone.now()
    if case.status in HELD_OR_LATER:
        # After the conference, who came was present; whoever was only suggested has been
        # informed by now (and did not come); the rest stays as it was.
        after: dict[str, str] = {S.COMING: S.PRESENT, S.SUGGESTED: S.INFORMED}
        rows = [(n, r, g, after.get(s, s), lang, e) for n, r, g, s, lang, e in rows]
    # A restoration case has a main person per party; every other case one in the centre.
    mains = (
        HERSTEL_MAIN
        if case.variant == "restoration"
        else [(p.name, 1) for p in main_people_of(case)]
    )
    main_people = [
        Person.objects.create(
            case=case,
            is_main_person=True,
            party=party,
            name=name[:150],
            relation="self",
            ring="household",
            status=S.PRESENT if case.status in HELD_OR_LATER else S.COMING,
            parts=list(ALL_PARTS),
            informed_on=timezone.localdate() - datetime.timedelta(days=14),
            informed_channel="home_visit",
        )
        for name, party in mains
    ]
    main = main_people[0]
    people = []
    for i, (name, relation, ring, status, language, extra) in enumerate(rows):
        informed = status != S.SUGGESTED
        people.append(
            Person(
                case=case,
                name=name,
                relation=relation,
                ring=ring,
                status=status,
                language=language,
                email=f"{name.split()[0].lower()}.{i}@voorbeeld.example",
                phone=f"06 {10000000 + i * 7919:08d}",
                parts=PUBLIC_PARTS
                if ring == "professionals" and case.variant == "family"
                else list(ALL_PARTS),
                organisation="Jeugdbescherming Regio Amsterdam" if name == "Sanne Visser" else "",
                user=ctx.users.get("professional:sanne.visser") if name == "Sanne Visser" else None,
                consent_at=now if informed else None,
                consent_given_by=case.main_person_first_name if informed else "",
                informed_on=timezone.localdate() - datetime.timedelta(days=3 + i % 9)
                if informed
                else None,
                informed_channel=["phone", "in_person", "home_visit"][i % 3] if informed else "",
                informed_note="Vraagt of de buurvrouw ook mag komen." if i == 2 else "",
                suggested_by=main_people[extra.get("party", 1) - 1] if i % 4 == 1 else None,
                **extra,
            )
        )
    Person.objects.bulk_create(people)
    if restraining:
        ex = Person.objects.get(case=case, name="Rachid el Amrani")
        # The order forbids contact between mother and ex-partner: he joins part 1 only.
        ex.parts = [Part.INFORMATION.value]
        ex.save(update_fields=["parts"])
        main.parts = [Part.PLANNING.value, Part.PRESENTATION.value]
        main.save(update_fields=["parts"])
        ContactRestriction.objects.create(
            case=case,
            person_a=main,
            person_b=ex,
            kind=RestrictionKind.RESTRAINING_ORDER,
            note="Contactverbod tot 1 maart 2027 (uitspraak rechtbank Amsterdam).",
        )
        sanne = Person.objects.get(case=case, name="Sanne Visser")
        requirement = SafetyRequirement.objects.create(
            case=case,
            set_by=sanne,
            organisation="Jeugdbescherming Regio Amsterdam",
            text=(
                "De kinderen zijn nooit zonder toezicht met vader. Het plan beschrijft wie "
                "de kinderen ophaalt van school en wie moeder belt als het thuis misgaat."
            ),
            changed_at=timezone.now() - datetime.timedelta(days=2),
        )
        # Sanne sharpened her requirement once; the earlier text is kept in its history.
        RequirementChange.objects.create(
            requirement=requirement,
            kind=RequirementChangeKind.CHANGED,
            old_text="De kinderen zijn nooit zonder toezicht met vader.",
            old_set_by=sanne,
            old_organisation="Jeugdbescherming Regio Amsterdam",
            changed_at=timezone.now() - datetime.timedelta(days=2),
        )


def seed(ctx: DemoContext) -> None:
    """Create circles for cases in preparation or later (idempotent)."""
    handed: dict[str, Case] = ctx.extra.get("cases") or {}
    if handed:
        cases = [
            c
            for c in handed.values()
            if c.status
            in {
                Status.IN_PREPARATION,
                Status.CONFERENCE_SCHEDULED,
                Status.CONFERENCE_HELD,
                Status.PLAN_DELIVERED,
                Status.CHECK_IN_DONE,
                Status.FOLLOW_UP,
                Status.CLOSED,
            }
        ]
    else:
        cases = _own_cases(ctx)
    with_circle = set(
        Person.objects.filter(case__in=cases).values_list("case_id", flat=True).distinct()
    )
    for index, case in enumerate(cases):
        if case.pk in with_circle:
            continue
        restraining = index == 0
        rows = EL_AMRANI if restraining else _circle_for(index, case)
        _build(ctx, case, rows, restraining=restraining)
    ctx.extra["circle_cases"] = cases
