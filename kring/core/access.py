"""What every app's access module shares: why an object is fetched, and safe id parsing.

Each domain app has its own `access.py` (`intake.access`, `cases.access`, `network.access`, ...)
that scopes querysets by role and raises 404 for anything a person may not see. The case rules
live in `kring.cases.access`; apps above it add their own object rules on top and call down.
This module knows no domain at all.
"""

from __future__ import annotations

import enum
import uuid

from django.http import Http404


class Purpose(enum.StrEnum):
    """Why an object is fetched; decides the check and whether a read event is written."""

    LIST = "list"  # a row in a worklist: reference, first name, municipality, status
    VIEW = "view"  # the detail page with personal data
    CHANGE = "change"  # a state change or an edit


def parse_uuid(value: object) -> uuid.UUID:
    """`value` as a UUID, or 404 (a tampered or truncated id is simply not found)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
