"""Shared helpers for the intake tests."""

import secrets
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


def form_data(place: Any, /, **overrides: Any) -> dict[str, Any]:
    """A complete, valid public request form post."""
    data: dict[str, Any] = {
        "submission_token": secrets.token_urlsafe(32),
        "requester_type": "professional",
        "requester_name": "Sanne Visser",
        "requester_organisation": "Wijkteam Amsterdam-Oost",
        "requester_phone": "06 12345678",
        "requester_email": "sanne@wijkteam.example",
        "main_person_names": "Fatima el Idrissi",
        "minors_involved": "yes",
        "municipality": str(place.pk),
        "languages": ["nl", "ar"],
        "other_language": "",
        "coordinator_wish": "Graag een vrouw die Arabisch spreekt.",
        "question": "Wat is nodig om samen met de kinderen in dit huis te kunnen blijven wonen?",
        "topics": ["eviction", "youth_care"],
        "safety_at_stake": "no",
        "court_measure": "none",
        "wants_info_conversation": "no",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")
