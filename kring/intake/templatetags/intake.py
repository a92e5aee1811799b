"""Display helpers for requests: readable names for stored codes."""

from django import template

from kring.core.languages import language_name
from kring.intake.choices import Topic

register = template.Library()


@register.filter
def topic_names(codes: list[str]) -> str:
    """'Jeugdzorg, Onderwijs en school' for ['youth_care', 'education']."""
    labels = dict(Topic.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.filter
def language_names(codes: list[str]) -> str:
    """'Nederlands, العربيّة' for ['nl', 'ar']."""
    return ", ".join(language_name(code) for code in codes or [])
