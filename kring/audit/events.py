"""Audit events rendered into words when they are read, in the reader's language.

An event stores a stable key ("case.coordinator_assigned") and non-personal data (ids, codes,
counts, which fields changed). Each app registers how its keys read, in its `events.py`,
loaded from its `AppConfig.ready()`; `describe(event)` renders the text in the active language,
so a timeline is readable in Dutch or English and can be rendered again later. Events written
before keys existed keep their stored message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit.models import AuditEvent

Text = str | Promise | Callable[[Mapping[str, object]], str]

_TEXTS: dict[str, Text] = {}


def register(texts: Mapping[str, Text]) -> None:
    """Add how these event keys read: a (lazy) text with %(name)s fields from the event's
    data, or a function of the data for anything more (a code shown by its label)."""
    _TEXTS.update(texts)


def known_keys() -> frozenset[str]:
    """Every registered key (for tests that check each key an app writes reads well)."""
    return frozenset(_TEXTS)


class _Fields(dict[str, object]):
    """Formatting data where a missing field reads as a dash instead of failing."""

    def __missing__(self, key: str) -> str:
        return "–"


def describe(event: AuditEvent) -> str:
    """The event in words, in the active language."""
    text = _TEXTS.get(event.key) if event.key else None
    if text is None:
        return str(event.message or event.get_action_display())
    data = event.changes if isinstance(event.changes, dict) else {}
    if callable(text) and not isinstance(text, Promise):
        return str(text(data))
    return str(text) % _Fields(data)


def describe_actor(event: AuditEvent) -> str:
    """Who acted, in words: a person's name, Kring itself, the public form, or a link holder."""
    if event.actor is not None:
        return str(event.actor.full_name)
    label = event.actor_label or ""
    if label == "system":
        return _("Kring")
    if label == "public":
        return _("via het webformulier")
    if label.startswith("link:"):
        return _("via een persoonlijke link")
    return label or _("onbekend")


# The trail's own events: reads through Django's admin (signing in and out is accounts').
register(
    {
        "audit.admin_viewed": gettext_lazy("Bekeken in het beheer"),
        "audit.admin_listed": gettext_lazy("Lijst bekeken in het beheer (%(count)s rijen)"),
    }
)
