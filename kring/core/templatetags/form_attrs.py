"""`{{ widget.attrs|flat_attrs }}`: a widget's HTML attributes, for Kring's form renderer.

Django writes them with `django/forms/widgets/attrs.html`, an `{% include %}` with a loop of
conditions, once per input and once per `<option>`: a tenth of a millisecond each, a few
milliseconds on a page with forms (issue 15). This filter writes the same text in Python; the
widget templates in `kring/core/form_templates/` call it. Tests compare it with Django's own
rendering of every widget of every form (tests/test_form_widgets_render_as_django.py).
"""

from collections.abc import Mapping

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()


@register.filter(is_safe=True)
def flat_attrs(attrs: Mapping[str, object]) -> SafeString:
    """` name="value"` for each attribute; `True` writes the name alone, `False` nothing (as
    Django's attrs.html)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            text = value if isinstance(value, (str, SafeData)) else str(value)
            parts.append(f' {conditional_escape(name)}="{conditional_escape(text)}"')
    # Every name and value is escaped above.
    return mark_safe("".join(parts))
