"""`{{ event|describe }}` and `{{ event|actor }}`: audit events in words, in the reader's
language; `{% timeline_items events %}`: a case's timeline rows."""

import datetime
import html
from collections.abc import Iterable

from django import template
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

from kring.audit import events
from kring.audit.models import AuditEvent

register = template.Library()


@register.filter
def describe(event: AuditEvent) -> str:
    """What happened."""
    return events.describe(event)


@register.filter
def actor(event: AuditEvent) -> str:
    """Who did it."""
    return events.describe_actor(event)


def _when(moment: datetime.datetime, months: dict[int, str]) -> tuple[str, str]:
    """`moment|date:'c'` and `moment|date:"j F Y, H:i"`, as the template wrote them: in the
    current time zone, the month's name in the active language (`months`, looked up once per
    list)."""
    local = template_localtime(moment)
    if local.month not in months:
        months[local.month] = html.escape(str(MONTHS[local.month]))
    return local.isoformat(), f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}"


@register.simple_tag
def timeline_items(events_: Iterable[AuditEvent]) -> SafeString:
    """The `<li>` of each event of a case's timeline: when, what and who, escaped as the
    template escaped them. About fifty rows on a busy case page, each through three filters
    and two date formats as a template loop: written here in Python instead (issue 15,
    decision 205; `tests/test_timeline_items.py` compares both)."""
    months: dict[int, str] = {}
    items = []
    for event in events_:
        iso, text = _when(event.occurred_at, months)
        items.append(
            f'<li><time datetime="{iso}">{text}</time>\n'
            f"<strong>{conditional_escape(events.describe(event))}</strong>\n"
            f'<span class="muted">— {conditional_escape(events.describe_actor(event))}</span>\n'
            "</li>"
        )
    return mark_safe("\n".join(items))  # every part above is escaped
