"""What an audit event may carry: facts, not content.

An event's `changes` hold ids, codes, counts, booleans, dates and the NAMES of changed fields;
never a name, an address, a phone number or free text. In development and tests
(`settings.KRING_AUDIT_STRICT`) `record()` refuses a payload that does not look like that, so
a leak is found by the test that writes it instead of by an auditor years later. In production
the check is off: an audit event is never lost over a false alarm.

The rule is deliberately simple and errs on the side of refusing: a string value must be a
code (lower-case words joined by `_ . : -`, or an upper-case reference such as
`EK-2026-00042` or a CBS code `GM0363`), a UUID, an ISO date or time, or a short number.
Anything with a space, an `@`, a `+`, or a capital followed by lower case is content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# A field name or a code: "plan_delivered", "noord-holland", "link:rsvp:<uuid>", "nl".
CODE = re.compile(r"^[a-z][a-z0-9_.:\-]{0,99}$")
# A text version such as "2026-1" (a year and a number; never as long as a phone number).
VERSION = re.compile(r"^[0-9]{4}-[0-9]{1,2}$")
# An upper-case reference or code with digits: "EK-2026-00042", "GM0363", "A1".
REFERENCE = re.compile(r"^[A-Z]{1,6}-?[0-9][0-9\-]{0,30}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
# ISO dates and times as `diff()` writes them: "2026-03-01", "2026-03-01 10:00:00+00:00".
ISO_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+\-]\d{2}:\d{2}|Z)?)?$"
)
# A media type as detected from a file's content: "application/pdf", "image/png".
MEDIA_TYPE = re.compile(r"^(application|image|text)/[a-z0-9.+\-]{1,60}$")
# A keyed hash (HMAC) in hex, e.g. of an address tried at login: ties events, reveals nothing.
HEX_DIGEST = re.compile(r"^[0-9a-f]{16,128}$")
# Short numbers only: a phone number is ten digits or more.
SHORT_NUMBER = re.compile(r"^[0-9]{1,6}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class PersonalPayloadError(ValueError):
    """An audit event was asked to store something that looks like personal content."""


def looks_like_fact(value: str) -> bool:
    """Is this string a code, reference, id, date or short number (not content)?"""
    facts = (CODE, VERSION, REFERENCE, UUID, ISO_TIME, SHORT_NUMBER, HEX_DIGEST, MEDIA_TYPE)
    return any(p.match(value) for p in facts) or (value == "")


def problems(value: object, path: str = "changes") -> list[str]:
    """Where a payload holds something that is not a fact; empty when it is clean."""
    if value is None or isinstance(value, (bool, int, float)):
        return []
    if isinstance(value, str):
        return [] if looks_like_fact(value) else [f"{path}: {_hint(value)}"]
    if isinstance(value, Mapping):
        found = []
        for key, item in value.items():
            if not FIELD_NAME.match(str(key)):
                found.append(f"{path}: a key of {len(str(key))} characters is not a field name")
            found += problems(item, f"{path}.{key}")
        return found
    if isinstance(value, (list, tuple)):
        return [p for i, item in enumerate(value) for p in problems(item, f"{path}[{i}]")]
    return [f"{path}: a {type(value).__name__} is not a fact"]


def _hint(value: str) -> str:
    # The message names the shape, not the value: a test log is no place for the content.
    if "@" in value:
        return "looks like an e-mail address"
    if re.search(r"\d{3}[\d\s\-]{5,}", value) or value.startswith("+"):
        return "looks like a phone number"
    if " " in value.strip():
        return f"looks like free text or a name ({len(value)} characters)"
    return f"is not a code, id, date or short number ({len(value)} characters)"


def check(*, changes: Mapping[str, object], object_id: str, actor_label: str) -> None:
    """Refuse a payload that looks personal (see the module docstring)."""
    found = problems(dict(changes))
    # A row id without a uuid: up to nine digits (a phone number has ten or more).
    if not (looks_like_fact(object_id) or re.match(r"^[0-9]{1,9}$", object_id)):
        found.append("object_id: " + _hint(object_id))
    if not looks_like_fact(actor_label):
        found.append("actor_label: " + _hint(actor_label))
    if found:
        raise PersonalPayloadError(
            "An audit event stores facts, not content (ids, codes, counts, field names): "
            + "; ".join(found)
        )
