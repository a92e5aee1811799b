"""Absolute links for mails, letters and calendar files: one setting, `KRING_BASE_URL`."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` (starting with /) as a full address under the configured base URL."""
    return str(settings.KRING_BASE_URL).rstrip("/") + path


def absolute_reverse(name: str, *args: object) -> str:
    """The full address of a named URL."""
    return absolute_url(reverse(name, args=list(args)))
