"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, Any]:
    """The organisation's public name, phone number and e-mail address."""
    return {
        "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
        "ORGANISATION_PHONE": settings.KRING_PHONE,
        "ORGANISATION_EMAIL": settings.KRING_EMAIL,
    }


def speech(request: HttpRequest) -> dict[str, Any]:
    """The language a view speaks for the whole request (`request.speech`, set by pages in an
    invitee's language), for the page's `<html lang dir>`; a view's own `speech` wins."""
    return {"speech": getattr(request, "speech", None)}
