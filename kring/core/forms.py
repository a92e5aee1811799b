"""Kring's form renderer: every field with its label, help and errors linked for screen readers."""

from django.forms.renderers import DjangoTemplates


class KringFormRenderer(DjangoTemplates):
    """Renders `{{ field.as_field_group }}` with Kring's accessible field template."""

    field_template_name = "kring/forms/field.html"
