"""Kring's form renderer (every field with its label, help and errors linked for screen
readers) and the browser's own date pickers."""

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates


class KringFormRenderer(DjangoTemplates):
    """Renders `{{ field.as_field_group }}` with Kring's accessible field template."""

    field_template_name = "kring/forms/field.html"


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
