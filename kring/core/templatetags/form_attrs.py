"""Filters that write a widget's HTML in Python, for Kring's form renderer (decisions 194, 200).

Django writes every input, every `<option>` and every radio or checkbox of a list through its
own small template (`attrs.html`, `input.html`, `select_option.html`, `input_option.html`),
included once per item: a few hundredths of a millisecond each, and a select of languages or
municipalities has a hundred or more (issue 15). These filters write the same text in Python;
the widget templates in `kring/core/form_templates/` call them. Tests compare them with
Django's own rendering of every widget of every form
(tests/test_form_widgets_render_as_django.py).

An option that names a template of its own (a custom widget's `option_template_name`) is still
rendered through that template, by the form renderer.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.forms.renderers import get_default_renderer
from django.utils.safestring import SafeData, SafeString, mark_safe

from kring.core.markup import as_text, escaped, resolved

register = template.Library()

SELECT_OPTION = "django/forms/widgets/select_option.html"
CHOICE_OPTIONS = {
    "django/forms/widgets/radio_option.html",
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/input_option.html",
}

Optgroups = Iterable[tuple[Any, list[dict[str, Any]], int | None]]


def _value(value: object) -> str:
    """`{{ value|stringformat:'s' }}`: a safe value stays as it is (the filter is `is_safe`)."""
    value = resolved(value)
    if isinstance(value, SafeData):
        return str(value)
    return escaped(str(value))


@register.filter(is_safe=True)
def flat_attrs(attrs: Mapping[str, object]) -> SafeString:
    """` name="value"` for each attribute; `True` writes the name alone, `False` nothing (as
    Django's attrs.html)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escaped(name)}")
        else:
            text = value if isinstance(value, (str, SafeData)) else str(value)
            parts.append(f' {escaped(name)}="{escaped(text)}"')
    # Every name and value is escaped above.
    return mark_safe("".join(parts))


def _input(widget: Mapping[str, Any]) -> str:
    """Django's `input.html`, with the line end that closes that file."""
    value = resolved(widget["value"])
    shown = f' value="{_value(value)}"' if value is not None else ""
    return (
        f'<input type="{as_text(widget["type"])}" name="{as_text(widget["name"])}"{shown}'
        f"{flat_attrs(widget['attrs'])}>\n"
    )


@register.filter(is_safe=True)
def input_tag(widget: Mapping[str, Any]) -> SafeString:
    """An `<input>` as Django's `input.html` writes it (its closing line end included)."""
    # Every part is escaped in _input.
    return mark_safe(_input(widget))


def _own_template(option: Mapping[str, Any]) -> str:
    """An option with a template Kring does not write in Python, through that template."""
    # Through the template itself: the renderer's `render` would strip its line ends.
    own = get_default_renderer().get_template(option["template_name"])
    return str(own.render({"widget": option}))


@register.filter(is_safe=True)
def select_options(optgroups: Optgroups) -> SafeString:
    """The options and option groups inside a `<select>`, as Django's `select.html` writes them
    (each option on its own line after two spaces)."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{as_text(group_name)}">')
        for option in options:
            if option["template_name"] == SELECT_OPTION:
                parts.append(
                    f'\n  <option value="{_value(option["value"])}"'
                    f"{flat_attrs(option['attrs'])}>{as_text(option['label'])}</option>\n"
                )
            else:
                parts.append(f"\n  {_own_template(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    # Labels and values are escaped above; an option's own template escapes its own.
    return mark_safe("".join(parts))


def _choice(option: Mapping[str, Any]) -> str:
    """A radio or checkbox with its label, as Django's `input_option.html` writes it."""
    name = option["template_name"]
    if name not in CHOICE_OPTIONS:
        return _own_template(option)
    text = _input(option)
    if option["wrap_label"]:
        option_id = option["attrs"].get("id")
        label_for = f' for="{as_text(option_id)}"' if option_id else ""
        text = f"<label{label_for}>{text} {as_text(option['label'])}</label>"
    # input_option.html ends with a line end; radio_option.html and checkbox_option.html
    # include it and end with one more.
    return text + ("\n" if name == "django/forms/widgets/input_option.html" else "\n\n")


@register.filter(is_safe=True)
def choice_inputs(optgroups: Optgroups) -> SafeString:
    """The radios or checkboxes of a list and their groups, as Django's `multiple_input.html`
    writes them inside its outer `<div>`."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f"\n  <div><label>{as_text(group_name)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_choice(option)}</div>")
        if group_name:
            parts.append("\n  </div>")
    # Labels and values are escaped in _choice and _input.
    return mark_safe("".join(parts))


@register.filter(is_safe=True)
def kring_choices(optgroups: Optgroups, marked_language: bool = False) -> SafeString:
    """The radios or checkboxes of Kring's own choice lists (`intake/widgets/choices.html`):
    each input followed by its label in a `div.choice`; with `True`, each label carries its
    option's value as `lang` (the language lists)."""
    parts = []
    for _group, options, _index in optgroups:
        for option in options:
            attrs = option["attrs"]
            label_for = as_text(attrs["id"]) if "id" in attrs else ""
            lang = f' lang="{as_text(option["value"])}"' if marked_language else ""
            parts.append(
                f'\n  <div class="choice">{_input(option)}<label for="{label_for}"{lang}>'
                f"{as_text(option['label'])}</label></div>"
            )
    # Labels, ids and values are escaped above.
    return mark_safe("".join(parts))
