"""What `{{ value }}` writes in an autoescaping template, for the markup Kring writes in Python
(decisions 200, 204-207): the same escaping in one place."""

import html

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]


def escaped(text: str | SafeData) -> str:
    """`conditional_escape`: plain text escaped, safe text kept; without its lazy-text wrapper
    for the plain string it mostly gets (the same text, a little cheaper per item)."""
    if type(text) is str:
        return html.escape(text)
    return conditional_escape(text)


def resolved(value: object) -> object:
    """A value as a template variable gives it: a callable is called (as Django's
    `Variable._resolve_lookup` does), unless it asks not to be."""
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        return value()
    return value


def as_text(value: object) -> str:
    """`{{ value }}` in an autoescaping template: local time and format, then escaped."""
    value = localize(template_localtime(resolved(value)))
    return escaped(value if isinstance(value, str) else str(value))
