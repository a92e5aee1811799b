"""The registry of personal-data holders stays complete as apps add models."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models

from kring.audit.admin import AuditedReadsMixin
from kring.privacy.holders import ACCOUNT_DATA, CASE_DATA, NOT_PERSONAL

PERSONAL_WORDS = ("name", "email", "phone", "note", "text", "question", "answer", "reason",
                  "address", "what", "background", "with_whom", "to")  # fmt: skip
HOLDERS = {h.model for h in (*CASE_DATA, *ACCOUNT_DATA)}


def _looks_personal(field: models.Field) -> bool:
    if isinstance(field, (models.FileField, models.TextField, models.EmailField)):
        return True
    return isinstance(field, models.CharField) and any(
        field.name == w or field.name.endswith(f"_{w}") or field.name.startswith(f"{w}_")
        for w in PERSONAL_WORDS
    )


def kring_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("kring.")]


def test_every_model_with_personal_looking_fields_is_a_holder_or_declared_free_of_it():
    missing = [
        m._meta.label
        for m in kring_models()
        if m._meta.label not in HOLDERS | NOT_PERSONAL
        and any(_looks_personal(f) for f in m._meta.concrete_fields)
    ]
    assert not missing, (
        "Add these models to kring/privacy/holders.py (CASE_DATA, ACCOUNT_DATA, or NOT_PERSONAL "
        f"with a reason): {missing}"
    )


@pytest.mark.parametrize("holder", [*CASE_DATA, *ACCOUNT_DATA], ids=lambda h: h.model)
def test_every_field_a_holder_names_exists(holder):
    model = holder.model_class
    for path in (*holder.blank, *holder.files, *holder.texts, *holder.export):
        target = model
        *hops, name = path.split("__")
        for hop in hops:
            target = target._meta.get_field(hop).related_model
        target._meta.get_field(name)
    for path in holder.to_person:
        if path:
            model._meta.get_field(path.split("__")[0])


def test_every_admin_of_personal_data_writes_read_events():
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.label in HOLDERS and not isinstance(model_admin, AuditedReadsMixin)
    ]
    assert not plain, f"Put AuditedReadsMixin first in the bases of these admins: {plain}"
