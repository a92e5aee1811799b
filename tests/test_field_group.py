"""A field group written in Python (`kring.core.forms.field_group`, decision 207) is the group
Kring's field template wrote, to the byte: for every field of every Kring form, empty, with
errors and without ids, and for awkward labels, help texts and widgets."""

import copy
from pathlib import Path

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from kring.core.forms import FORM_TEMPLATES, WIDGET_WRITERS, KringFormRenderer, field_group
from tests.test_out_of_range_choices import every_form_class

pytestmark = pytest.mark.django_db

KRING = KringFormRenderer()

# kring/forms/field.html, which `field_group` replaces, as it was.
FIELD_TEMPLATE = """{% load i18n %}<div class="field{% if field.errors %} field--error{% endif %}" id="{{ field.auto_id }}_group">
{% if field.use_fieldset %}
  <fieldset{% if field.aria_describedby %} aria-describedby="{{ field.aria_describedby }}"{% endif %}>
  {% if field.label %}<legend>{{ field.label }}{% if not field.field.required %} <span class="muted">({% translate "niet verplicht" %})</span>{% endif %}</legend>{% endif %}
{% else %}
  {% if field.label %}<label for="{{ field.id_for_label }}">{{ field.label }}{% if not field.field.required and field.widget_type != "checkbox" %} <span class="muted">({% translate "niet verplicht" %})</span>{% endif %}</label>{% endif %}
{% endif %}
{% if field.help_text %}<span class="help"{% if field.auto_id %} id="{{ field.auto_id }}_helptext"{% endif %}>{{ field.help_text }}</span>{% endif %}
{% if field.errors %}<ul class="errorlist" id="{{ field.auto_id }}_error">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
{{ field }}{% if field.use_fieldset %}</fieldset>{% endif %}
</div>
"""  # noqa: E501


def _as_template(field: forms.BoundField) -> str:
    # What the renderer returned: the template's text, stripped (DjangoTemplates.render).
    return KRING.engine.from_string(FIELD_TEMPLATE).render({"field": field}).strip()


def _forms(fields: dict[str, forms.Field]) -> list[forms.Form]:
    """Empty, posted empty (every required field in error), and without ids."""

    class Plain(forms.Form):
        pass

    Plain.base_fields = copy.deepcopy(fields)
    return [
        Plain(renderer=KRING),
        Plain(data={}, renderer=KRING),
        Plain(data={}, renderer=KRING, auto_id=False),
        Plain(data={}, renderer=KRING, prefix="stop"),
    ]


def _compare(fields: dict[str, forms.Field], variants: slice = slice(None)) -> int:
    compared = 0
    for form in _forms(fields)[variants]:
        for bound in form:
            assert field_group(bound) == _as_template(bound), bound.html_name
            compared += 1
    return compared


def test_every_field_of_every_kring_form_is_its_template():
    compared = 0
    for cls in every_form_class():
        with override("nl"):
            # Posted empty and without ids: every branch but the empty form's (no errors),
            # which the awkward fields below take.
            compared += _compare(cls.base_fields, slice(1, 3))
    assert compared > 400


AWKWARD = {
    "plain": forms.CharField(label="Naam & <toenaam>", help_text="Zoals op <b>het</b> paspoort"),
    "optional": forms.CharField(required=False, label=gettext_lazy("Naam")),
    "safe": forms.CharField(label=mark_safe("<i>al veilig</i>"), help_text=mark_safe("<b>ja</b>")),
    "unlabelled": forms.CharField(label=""),
    "check": forms.BooleanField(required=False, label="Akkoord"),
    "check_required": forms.BooleanField(label="Akkoord", help_text="Moet"),
    "radios": forms.ChoiceField(
        choices=[("a", "A"), ("b", "B & C")], widget=forms.RadioSelect, help_text="Kies"
    ),
    "optional_radios": forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect, required=False
    ),
    "boxes": forms.MultipleChoiceField(
        choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False, label=""
    ),
    "described": forms.CharField(
        widget=forms.TextInput(attrs={"aria-describedby": "elders"}), help_text="Hulp"
    ),
    "hidden": forms.CharField(widget=forms.HiddenInput, help_text="Verborgen"),
    "number": forms.IntegerField(min_value=1, label="Aantal"),
}


def test_awkward_fields_are_their_template():
    for language in ("nl", "en"):
        with override(language):
            assert _compare(AWKWARD) == 4 * len(AWKWARD)


def test_the_renderer_writes_field_groups_in_python():
    form = _forms(AWKWARD)[1]
    assert form["plain"].as_field_group() == field_group(form["plain"])
    # Other templates still go through the engine: the widget itself, the whole form.
    assert 'name="plain"' in str(form["plain"])
    assert 'id="id_plain_group"' in form.render()


def test_the_widgets_written_in_python_are_djangos_or_krings_own_templates():
    """A widget template written in Python (`WIDGET_WRITERS`) is Django's own or Kring's copy
    in FORM_TEMPLATES: an app that put its own version of one in its templates would see it
    ignored, so there must be none."""
    django_own = Path(forms.__file__).parent / "templates"
    for name in WIDGET_WRITERS:
        origin = Path(KRING.get_template(name).origin.name)
        assert origin.is_relative_to(django_own) or origin.is_relative_to(FORM_TEMPLATES), name


def test_the_renderer_writes_the_widgets_in_python():
    form = _forms(AWKWARD)[1]
    for name in ("plain", "radios", "boxes", "number"):
        widget = form[name].field.widget
        context = widget.get_context(name, None, {"id": f"id_{name}"})
        written = KRING.render(widget.template_name, context)
        assert written == KRING.get_template(widget.template_name).render(context).strip()
