"""Kring's widget templates (kring/core/form_templates, decision 0194) write exactly the HTML
of Django's own: for every widget of every Kring form, and for the awkward attribute values
(True, False, None, numbers, quotes and markup, lazy and safe strings, option groups)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kring.core.forms import KringFormRenderer
from kring.core.templatetags.form_attrs import flat_attrs
from kring.intake.forms import ChoiceCheckboxes, ChoiceRadios, LanguageCheckboxes
from tests.test_out_of_range_choices import every_form_class

pytestmark = pytest.mark.django_db

DJANGO = DjangoTemplates()
KRING = KringFormRenderer()

AWKWARD_ATTRS = {
    "id": "id_x",
    "required": True,
    "disabled": False,
    "data-none": None,
    "maxlength": 200,
    "placeholder": 'Say "hi" & <b>bye</b>',
    "aria-label": gettext_lazy("Naam"),
    "data-safe": mark_safe("<i>already safe</i>"),
    "class": "one two",
}

GROUPED = [
    ("", "---------"),
    ("Noord", [("1", "Amsterdam"), ("2", "Zaandam & <Wormer>")]),
    ("Zuid", [("3", "Eindhoven")]),
    (4, "Vier"),
]


class OptionsOwnTemplate(forms.Select):
    """A select whose options have a template of their own (rendered through it)."""

    option_template_name = "django/forms/widgets/input.html"


class BareRadios(forms.RadioSelect):
    """Radios whose options use `input_option.html` itself, not `radio_option.html`."""

    option_template_name = "django/forms/widgets/input_option.html"


class UnwrappedRadios(forms.RadioSelect):
    """Radios without their label around them."""

    def create_option(self, *args, **kwargs):
        return {**super().create_option(*args, **kwargs), "wrap_label": False}


# Kring's own choice lists as they were written before the filters (decision 200).
KRING_CHOICES_AS_TEMPLATE = (
    '<div{% if widget.attrs.id %} id="{{ widget.attrs.id }}"{% endif %} class="choices'
    '{% if widget.attrs.class %} {{ widget.attrs.class }}{% endif %}">'
    "{% for group, options, index in widget.optgroups %}{% for option in options %}\n"
    '  <div class="choice">{% include "django/forms/widgets/input.html" with widget=option %}'
    '<label for="{{ option.attrs.id }}"{% if lang %} lang="{{ option.value }}"{% endif %}>'
    "{{ option.label }}</label></div>{% endfor %}{% endfor %}\n</div>\n"
)


def both(widget: forms.Widget, name: str, value: object, attrs: dict | None = None) -> tuple:
    return (
        widget.render(name, value, attrs, renderer=DJANGO),
        widget.render(name, value, attrs, renderer=KRING),
    )


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(), None),
        (forms.TextInput(), ""),
        (forms.TextInput(), 0),
        (forms.TextInput(), 'a "quoted" <value>'),
        (forms.NumberInput(), 12),
        (forms.EmailInput(), "x@example.org"),
        (forms.PasswordInput(render_value=True), "secret"),
        (forms.HiddenInput(), "token"),
        (forms.DateInput(), "2026-11-30"),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.Textarea(), None),
        (forms.Textarea(), "line one\nline <two>"),
        (forms.Select(choices=GROUPED), "2"),
        (forms.Select(choices=GROUPED), None),
        (forms.SelectMultiple(choices=GROUPED), ["1", "3"]),
        (forms.NullBooleanSelect(), True),
        (forms.RadioSelect(choices=GROUPED), "3"),
        (forms.CheckboxSelectMultiple(choices=GROUPED), ["1", "4"]),
        (forms.ClearableFileInput(), None),
        (forms.SplitDateTimeWidget(), None),
        (forms.Select(choices=[(1, 1000), (2.5, gettext_lazy("Naam"))]), 1),
        (forms.Select(choices=[(mark_safe("a&amp;b"), mark_safe("<b>A</b>")), ("<", "&")]), "<"),
        (forms.TextInput(), mark_safe("x &amp; y")),
        (OptionsOwnTemplate(choices=GROUPED), "1"),
        (BareRadios(choices=GROUPED), "1"),
        (UnwrappedRadios(choices=GROUPED), "1"),
        (forms.RadioSelect(choices=GROUPED), None),
    ],
)
def test_each_widget_renders_as_django(widget, value):
    django_html, kring_html = both(widget, "field", value, dict(AWKWARD_ATTRS))
    assert kring_html == django_html


def test_every_widget_of_every_kring_form_renders_as_django():
    compared = 0
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            for value in (None, field.initial):
                django_html, kring_html = both(field.widget, name, value, {"id": f"id_{name}"})
                assert kring_html == django_html, f"{cls.__name__}.{name}"
                compared += 1
    assert compared > 200


def test_flat_attrs_writes_what_attrs_html_writes():
    assert flat_attrs({"a": True, "b": False, "c": None, "d": '"<&>"'}) == (
        ' a c="None" d="&quot;&lt;&amp;&gt;&quot;"'
    )


@pytest.mark.parametrize(
    ("widget", "lang"),
    [
        (ChoiceRadios(choices=GROUPED), False),
        (ChoiceCheckboxes(choices=GROUPED), False),
        (LanguageCheckboxes(choices=[("nl", "Nederlands"), ("ar", "العربية")]), True),
    ],
)
@pytest.mark.parametrize("attrs", [{"id": "id_x", "class": "wide"}, {}])
def test_kring_choice_lists_render_as_their_template_did(widget, lang, attrs):
    context = widget.get_context("field", ["1", "ar"], attrs)
    before = DJANGO.engine.from_string(KRING_CHOICES_AS_TEMPLATE).render({**context, "lang": lang})
    # A widget's render strips the outer line ends, as Django's renderer does.
    assert widget.render("field", ["1", "ar"], attrs, renderer=KRING) == before.strip()
