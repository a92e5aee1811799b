"""Choice labels without Django's per-call cost: the abstract base of every Kring model.

Django's `get_<field>_display()` builds a dict of the field's choices on every call and
hashes each label to do so; a label is a lazy translation, so hashing it translates it. A
status badge in a list of 50 cases therefore translated every status label 50 times, some 250
`gettext` calls per page and about a tenth of a list's time (issue 15, docs/performance.md).
`LabelledModel` looks the label up in a dict built once per field; the label is still lazy,
so it is translated once, in the language of the moment it is shown.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.utils.encoding import force_str


@functools.cache
def _labels(field: models.Field[Any, Any]) -> dict[object, object]:
    """The field's choices as {value: lazy label}, built once per field."""
    return dict(field.flatchoices)


class LabelledModel(models.Model):
    """The base of every Kring model: `get_<field>_display()` as a dict lookup.

    Same result as Django's: the label of the stored value, or the value itself when it is no
    choice; a value that cannot be a dict key (never one of Kring's) goes Django's own way.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> object:
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        return force_str(label, strings_only=True)
