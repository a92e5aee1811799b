"""Tiny helpers for htmx requests (no dependency needed for two headers)."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx made the request, so a template partial is enough."""
    return request.headers.get("HX-Request") == "true"
