"""`{{ event|describe }}` and `{{ event|actor }}`: audit events in words, in the reader's
language."""

from django import template

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
