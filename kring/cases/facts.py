"""Correcting a case's facts after intake, each change kept with its old value.

Every change writes one `CaseFactChange` row per field (old and new value, who, when) and one
audit event that names only the fields and the rows (decision 0061). A move to a municipality
in another region re-routes the case: it leaves the old region's desk, and the new region's
managers get a mail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import Municipality, Region, User
from kring.audit.services import Action, record
from kring.cases import notices
from kring.cases.models import Case, CaseFactChange, CasePerson
from kring.cases.transitions import TransitionError, derive_people_facts, locked
from kring.core.languages import language_name
from kring.intake.choices import (
    MAX_MAIN_PEOPLE,
    CourtMeasure,
    GenderWish,
    MainPersonRelation,
    Topic,
)

# The facts anyone who runs the case may correct (a coordinator after declaring independence).
CASE_FACTS = (
    "question",
    "topics",
    "minors_involved",
    "safety_at_stake",
    "court_measure",
    "main_language",
)
# The facts only staff correct: where the case belongs, and the wishes about the coordinator.
STAFF_FACTS = (
    "municipality",
    "preferred_gender",
    "preferred_language",
    "preferred_culture",
    "coordinator_wish",
)
PERSON_FACTS = (
    "name",
    "relation",
    "main_language",
    "languages",
    "phone",
    "email",
    "age",
    "is_minor",
)
PERSON_ADDED = "main_person_added"
PERSON_REMOVED = "main_person_removed"
FIELD_LABELS = {
    "question": gettext_lazy("Centrale vraag"),
    "topics": gettext_lazy("Onderwerpen"),
    "minors_involved": gettext_lazy("Kinderen onder 18"),
    "safety_at_stake": gettext_lazy("Veiligheid in het geding"),
    "court_measure": gettext_lazy("Maatregel van de rechter"),
    "main_language": gettext_lazy("Hoofdtaal"),
    "municipality": gettext_lazy("Gemeente"),
    "preferred_gender": gettext_lazy("Wens: vrouw of man"),
    "preferred_language": gettext_lazy("Wens: taal"),
    "preferred_culture": gettext_lazy("Wens: culturele achtergrond"),
    "coordinator_wish": gettext_lazy("Andere wens"),
    "name": gettext_lazy("Naam"),
    "relation": gettext_lazy("Wie voor de aanvrager"),
    "languages": gettext_lazy("Talen"),
    "phone": gettext_lazy("Telefoon"),
    "email": gettext_lazy("E-mail"),
    "age": gettext_lazy("Leeftijd"),
    "is_minor": gettext_lazy("Jonger dan 18"),
    PERSON_ADDED: gettext_lazy("Hoofdpersoon toegevoegd"),
    PERSON_REMOVED: gettext_lazy("Hoofdpersoon weggehaald"),
}


def field_label(field: str) -> str:
    """A fact's name in words, in the reader's language."""
    return str(FIELD_LABELS.get(field, field))


# Derived from the people whenever one of them changes.
DERIVED = ["main_person_names", "main_person_first_name", "languages", "updated_at"]


def _stored(value: object) -> str:
    """A value as kept in the history: text as typed, codes and lists as JSON."""
    if isinstance(value, Municipality):
        return json.dumps({"code": value.code, "name": value.name})
    if isinstance(value, str):
        return value
    return json.dumps(value)


def shown(field: str, stored: str) -> str:
    """A stored history value in words, in the reader's language."""
    if stored == "":
        return "—"
    try:
        value = json.loads(stored) if not _is_text(field) else stored
    except ValueError:
        value = stored
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field == "municipality" and isinstance(value, dict):
        return str(value.get("name", ""))
    if field == "topics" and isinstance(value, list):
        topics = dict(Topic.choices)
        return ", ".join(str(topics.get(code, code)) for code in value)
    if field == "languages" and isinstance(value, list):
        return ", ".join(language_name(str(code)) for code in value)
    if field in {"main_language", "preferred_language"}:
        return language_name(str(value))
    labels: dict[str, dict[str, str]] = {
        "court_measure": {k: str(v) for k, v in CourtMeasure.choices},
        "preferred_gender": {k: str(v) for k, v in GenderWish.choices},
        "relation": {k: str(v) for k, v in MainPersonRelation.choices},
    }
    if field in labels:
        return labels[field].get(str(value), str(value))
    return str(value) if value is not None else "—"


def _is_text(field: str) -> bool:
    return field in {
        "question",
        "coordinator_wish",
        "preferred_culture",
        "name",
        "phone",
        "email",
        "main_language",
        "preferred_language",
        "court_measure",
        "preferred_gender",
        "relation",
        PERSON_ADDED,
        PERSON_REMOVED,
    }


def _changes(
    obj: Case | CasePerson, data: Mapping[str, object], fields: Sequence[str]
) -> dict[str, tuple[object, object]]:
    found = {}
    for name in fields:
        if name not in data:
            continue
        old, new = getattr(obj, name), data[name]
        if old != new:
            found[name] = (old, new)
    return found


def change_facts(
    case: Case,
    data: Mapping[str, object],
    *,
    actor: User,
    staff: bool,
    request: HttpRequest | None = None,
) -> list[CaseFactChange]:
    """Correct the case's own facts (`CASE_FACTS`, and `STAFF_FACTS` when `staff`).

    A new municipality in another region re-routes the case: the region follows, the manager
    is cleared when they do not work there, and the new region's managers get a mail.
    """
    fields = [*CASE_FACTS, *(STAFF_FACTS if staff else ())]
    with locked(case) as case:
        found = _changes(case, data, fields)
        if not found:
            return []
        old_region: Region = case.region
        for name, (_old, new) in found.items():
            setattr(case, name, new)
        update = [*found, "updated_at"]
        if "municipality" in found:
            municipality = found["municipality"][1]
            assert isinstance(municipality, Municipality)
            case.region = municipality.region
            update.append("region")
            manager = case.regional_manager
            moved = case.region_id != old_region.pk
            if moved and manager is not None and not manager.regions.filter(pk=case.region_id):
                case.regional_manager = None
                update.append("regional_manager")
        if "main_language" in found:
            derive_people_facts(case, list(case.main_people.all()))
            update.append("languages")
        case.save(update_fields=sorted(set(update)))
        rows = CaseFactChange.objects.bulk_create(
            [
                CaseFactChange(
                    case=case,
                    field=name,
                    old_value=_stored(old),
                    new_value=_stored(new),
                    changed_by=actor,
                )
                for name, (old, new) in found.items()
            ]
        )
        rerouted = case.region_id != old_region.pk
        record(
            Action.UPDATE,
            case,
            actor=actor,
            request=request,
            case=case,
            key="case.facts_changed",
            changes={
                "fields": sorted(found),
                "region": [old_region.slug, case.region.slug] if rerouted else None,
            },
        )
        if rerouted:
            notices.case_rerouted(case)
    return rows


def _sync(case: Case) -> None:
    derive_people_facts(case, list(case.main_people.all()))
    case.save(update_fields=DERIVED)


def change_person(
    person: CasePerson,
    data: Mapping[str, object],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> list[CaseFactChange]:
    """Correct one main person's details; the case's lines about its people follow."""
    with locked(person.case) as case:
        person = CasePerson.objects.select_for_update().get(pk=person.pk)
        found = _changes(person, data, PERSON_FACTS)
        if not found:
            return []
        for name, (_old, new) in found.items():
            setattr(person, name, new)
        person.save(update_fields=list(found))
        _sync(case)
        rows = CaseFactChange.objects.bulk_create(
            [
                CaseFactChange(
                    case=case,
                    person=person,
                    field=name,
                    old_value=_stored(old),
                    new_value=_stored(new),
                    changed_by=actor,
                )
                for name, (old, new) in found.items()
            ]
        )
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=case,
            key="case.main_person_changed",
            changes={"fields": sorted(found)},
        )
    return rows


def add_person(
    case: Case, data: Mapping[str, object], *, actor: User, request: HttpRequest | None = None
) -> CasePerson:
    """Name another main person (up to MAX_MAIN_PEOPLE)."""
    with locked(case) as case:
        count = case.main_people.count()
        if count >= MAX_MAIN_PEOPLE:
            raise TransitionError(
                [_("Een traject heeft hoogstens %(n)d hoofdpersonen.") % {"n": MAX_MAIN_PEOPLE}]
            )
        last = case.main_people.aggregate(last=Max("position"))["last"]
        person = CasePerson.objects.create(
            case=case,
            position=0 if last is None else last + 1,
            **{name: data[name] for name in PERSON_FACTS if name in data},
        )
        _sync(case)
        CaseFactChange.objects.create(
            case=case, person=person, field=PERSON_ADDED, new_value=person.name, changed_by=actor
        )
        record(
            Action.CREATE,
            person,
            actor=actor,
            request=request,
            case=case,
            key="case.main_person_added",
            changes={"main_people": count + 1},
        )
    return person


def remove_person(person: CasePerson, *, actor: User, request: HttpRequest | None = None) -> None:
    """Take someone off the main people (never the last one); the history keeps the name."""
    with locked(person.case) as case:
        count = case.main_people.count()
        if count <= 1:
            raise TransitionError([_("Een traject heeft minstens één hoofdpersoon.")])
        CaseFactChange.objects.create(
            case=case, field=PERSON_REMOVED, old_value=person.name, changed_by=actor
        )
        record(
            Action.DELETE,
            person,
            actor=actor,
            request=request,
            case=case,
            key="case.main_person_removed",
            changes={"main_people": count - 1},
        )
        person.delete()
        _sync(case)
