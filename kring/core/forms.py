"""Kring's form renderer (every field with its label, help and errors linked for screen
readers), the browser's own date pickers, and form fields that survive tampered input."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import QuerySet
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template.backends.django import DjangoTemplates as DjangoTemplatesEngine
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kring.core.markup import as_text
from kring.core.templatetags.form_attrs import choice_inputs, flat_attrs, input_tag, select_options

# Kring's versions of Django's widget templates come first: the same HTML, the attributes
# written by a filter instead of an include per input and per option (decision 0194).
FORM_TEMPLATES = Path(__file__).resolve().parent / "form_templates"


class KringFormRenderer(DjangoTemplates):
    """Renders `{{ field.as_field_group }}` as Kring's accessible field group (`field_group`)."""

    field_template_name = "kring/forms/field.html"

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        """A field group is written in Python (decision 207); every other form or widget
        template through the template engine, as Django does."""
        if template_name == self.field_template_name:
            return field_group(context["field"])
        write = WIDGET_WRITERS.get(template_name)
        if write is not None:
            # What the template wrote, stripped as the renderer strips it.
            return write(context["widget"]).strip()
        return super().render(template_name, context, request)

    @cached_property
    def engine(self) -> DjangoTemplatesEngine:
        return DjangoTemplatesEngine(
            {
                "APP_DIRS": True,
                "DIRS": [FORM_TEMPLATES, Path(forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {"builtins": ["kring.core.templatetags.form_attrs"]},
            }
        )


def _select(widget: dict[str, Any]) -> str:
    return (
        f'<select name="{escape(widget["name"])}"{flat_attrs(widget["attrs"])}>'
        f"{select_options(widget['optgroups'])}\n</select>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    shown = as_text(widget["value"]) if widget["value"] else ""
    attrs = flat_attrs(widget["attrs"])
    return f'<textarea name="{escape(widget["name"])}"{attrs}>\n{shown}</textarea>'


def _multiple_input(widget: dict[str, Any]) -> str:
    attrs = widget["attrs"]
    own_id = f' id="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""
    own_class = f' class="{conditional_escape(attrs["class"])}"' if attrs.get("class") else ""
    return f"<div{own_id}{own_class}>{choice_inputs(widget['optgroups'])}\n</div>"


# Django's widget templates that are Kring's filters around the widget's context (decisions
# 194, 200), written without the template engine: each was a template lookup and a render
# per widget. Every name here is Django's own template or Kring's copy in FORM_TEMPLATES
# (tests/test_field_group.py checks that no other template takes its place), and
# tests/test_form_widgets_render_as_django.py compares the result with Django's rendering.
INPUTS = (
    "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
    "password", "search", "tel", "text", "time", "url",
)  # fmt: skip
WIDGET_WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"django/forms/widgets/{name}.html": input_tag for name in INPUTS},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/multiple_input.html": _multiple_input,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
}


def field_group(field: forms.BoundField) -> SafeString:
    """One field with its label (a legend for a group of inputs), "niet verplicht" on an
    optional one, its help and its errors, each linked to the input for screen readers
    (`aria-describedby`, set by Django on the input).

    The markup of Kring's field template, written in Python: a form of ten fields went
    through it ten times, a template of some twenty tags each (issue 15).
    `tests/test_field_group.py` keeps the template and compares both, for every field of
    every Kring form, empty and with errors."""
    auto_id = escape(field.auto_id)
    errors = field.errors
    label = field.label
    optional = (
        f' <span class="muted">({escape(gettext("niet verplicht"))})</span>'
        if not field.field.required
        else ""
    )
    parts = [f'<div class="field{" field--error" if errors else ""}" id="{auto_id}_group">\n']
    if field.use_fieldset:
        described = field.aria_describedby
        described_attr = f' aria-describedby="{escape(described)}"' if described else ""
        parts.append(f"\n  <fieldset{described_attr}>\n  ")
        if label:
            parts.append(f"<legend>{conditional_escape(label)}{optional}</legend>")
    else:
        parts.append("\n  ")
        if label:
            if field.widget_type == "checkbox":
                optional = ""
            parts.append(
                f'<label for="{escape(field.id_for_label)}">{conditional_escape(label)}'
                f"{optional}</label>"
            )
    parts.append("\n\n")
    if field.help_text:
        helptext_id = f' id="{auto_id}_helptext"' if field.auto_id else ""
        parts.append(
            f'<span class="help"{helptext_id}>{conditional_escape(field.help_text)}</span>'
        )
    parts.append("\n")
    if errors:
        items = "".join(f"<li>{conditional_escape(str(error))}</li>" for error in errors)
        parts.append(f'<ul class="errorlist" id="{auto_id}_error">{items}</ul>')
    parts.append(f"\n{conditional_escape(str(field))}")
    if field.use_fieldset:
        parts.append("</fieldset>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # every part above is escaped


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, with the ISO value it expects."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ListedChoices(forms.models.ModelChoiceIterator):
    """A model field's choices, read with one ordinary query.

    Django reads them with `QuerySet.iterator()`, which on PostgreSQL opens a server-side
    cursor outside a transaction (DECLARE ... WITH HOLD, FETCH, CLOSE): three round trips and a
    cursor to plan, for a list of at most a few hundred rows (a region's municipalities, the
    people of one case). Every model choice field of Kring uses this (decision 0193)."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, its choices read with one query (`ListedChoices`)."""

    iterator = ListedChoices


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField that refuses values the database cannot hold, its
    choices read with one query (`ListedChoices`).

    A checkbox list posts primary keys; a tampered post with a number beyond the column's
    range (`99999999999999999999`) makes SQLite raise OverflowError on the `IN (...)` query,
    a 500. Here such a value is an invalid choice, like any other unknown one. Use this class
    for every model checkbox list (tests/test_out_of_range_choices.py checks every form)."""

    iterator = ListedChoices

    def clean(self, value: object) -> QuerySet[Any]:
        if isinstance(value, (list, tuple)):
            for item in value:
                if self._out_of_range(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super().clean(value)

    def _out_of_range(self, item: object) -> bool:
        if self.queryset is None:
            return False
        model = self.queryset.model
        field = (
            model._meta.pk if not self.to_field_name else model._meta.get_field(self.to_field_name)
        )
        internal_type = field.get_internal_type() if field is not None else ""
        if not internal_type.endswith(("IntegerField", "AutoField")):
            return False
        try:
            number = int(str(item).strip())
        except ValueError:
            return False  # not a number at all: Django's own check refuses it
        low, high = connections[self.queryset.db].ops.integer_field_range(internal_type)
        return (low is not None and number < low) or (high is not None and number > high)
