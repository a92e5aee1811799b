"""Shared helpers for the intake tests."""

import secrets
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


def people_data(people: list[dict[str, Any]]) -> dict[str, Any]:
    """The main-people part of a request form post (a formset with prefix "persoon")."""
    data: dict[str, Any] = {
        "persoon-TOTAL_FORMS": str(len(people)),
        "persoon-INITIAL_FORMS": "0",
        "persoon-MIN_NUM_FORMS": "1",
        "persoon-MAX_NUM_FORMS": "6",
    }
    for index, person in enumerate(people):
        fields = {
            "name": "",
            "relation": "other",
            "main_language": "nl",
            "languages": [],
            "phone": "",
            "email": "",
            "age": "",
            **person,
        }
        for name, value in fields.items():
            if name == "is_minor":
                if value:
                    data[f"persoon-{index}-is_minor"] = "on"
                continue
            data[f"persoon-{index}-{name}"] = value
    return data


FATIMA = {
    "name": "Fatima el Idrissi",
    "relation": "self",
    "main_language": "ar",
    "languages": ["nl"],
}


def form_data(
    place: Any, /, people: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    """A complete, valid public request form post (`main_person_names` and `languages` are
    shorthands for one main person with that name and those languages, main language first)."""
    person = dict(FATIMA)
    if "main_person_names" in overrides:
        person["name"] = overrides.pop("main_person_names")
    if "languages" in overrides:
        codes = list(overrides.pop("languages")) or ["nl"]
        person["main_language"], person["languages"] = codes[0], codes[1:]
    data: dict[str, Any] = {
        "submission_token": secrets.token_urlsafe(32),
        "requester_type": "professional",
        "requester_name": "Sanne Visser",
        "requester_organisation": "Wijkteam Amsterdam-Oost",
        "requester_phone": "06 12345678",
        "requester_email": "sanne@wijkteam.example",
        "minors_involved": "yes",
        "municipality": str(place.pk),
        "preferred_gender": "f",
        "preferred_language": "",
        "preferred_culture": "",
        "coordinator_wish": "Graag iemand die de Marokkaanse cultuur kent.",
        "question": "Wat is nodig om samen met de kinderen in dit huis te kunnen blijven wonen?",
        "topics": ["eviction", "youth_care"],
        "safety_at_stake": "no",
        "court_measure": "none",
        "wants_info_conversation": "no",
        "consent": "on",
        "website": "",
    }
    data.update(people_data(people if people is not None else [person]))
    data.update(overrides)
    return data


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")
