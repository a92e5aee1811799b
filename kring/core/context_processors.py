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
