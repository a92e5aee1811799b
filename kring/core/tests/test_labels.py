"""`LabelledModel`: every Kring model has it, and it shows the same label as Django would."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from kring.core.labels import LabelledModel


def _kring_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("kring.")]


def test_every_kring_model_is_a_labelled_model() -> None:
    found = _kring_models()
    assert len(found) > 50
    assert [m.__name__ for m in found if not issubclass(m, LabelledModel)] == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_choice_shows_the_label_django_would(language: str) -> None:
    checked = 0
    with translation.override(language):
        for model in _kring_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.Field) or not field.choices:
                    continue
                values = [value for value, _label in field.flatchoices] + ["not-a-choice"]
                for value in values:
                    instance = model()
                    setattr(instance, field.attname, value)
                    ours = getattr(instance, f"get_{field.name}_display")()
                    djangos = models.Model._get_FIELD_display(instance, field)  # type: ignore[attr-defined]
                    assert ours == djangos, (model.__name__, field.name, value)
                    checked += 1
    assert checked > 300
