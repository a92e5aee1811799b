"""The seven languages Kring ships catalogues for, active from the start."""

from django.db import migrations

SHIPPED = [
    ("nl", "Nederlands", "ltr"),
    ("en", "English", "ltr"),
    ("tr", "Türkçe", "ltr"),
    ("ar", "العربية", "rtl"),
    ("pl", "Polski", "ltr"),
    ("uk", "Українська", "ltr"),
    ("ti", "ትግርኛ", "ltr"),
]


def add_shipped(apps, schema_editor):  # type: ignore[no-untyped-def]
    Language = apps.get_model("languages", "Language")
    for code, name, direction in SHIPPED:
        Language.objects.update_or_create(
            code=code,
            defaults={"native_name": name, "direction": direction, "active": True, "shipped": True},
        )


def remove_shipped(apps, schema_editor):  # type: ignore[no-untyped-def]
    Language = apps.get_model("languages", "Language")
    Language.objects.filter(code__in=[code for code, _n, _d in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("languages", "0001_initial")]

    operations = [migrations.RunPython(add_shipped, remove_shipped)]
