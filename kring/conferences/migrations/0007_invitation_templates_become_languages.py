"""Invitation templates give way to languages (kring.languages): a language an administrator
added for invitations stays as a Language row (inactive until its texts are entered in Kring's
own screens, since free-form templates do not map to texts); then the table goes."""

from django.db import migrations


def keep_languages(apps, schema_editor):  # type: ignore[no-untyped-def]
    Template = apps.get_model("conferences", "InvitationTemplate")
    Language = apps.get_model("languages", "Language")
    for row in Template.objects.all():
        code = row.language.strip().lower().split("-")[0][:3]
        if not code.isalpha() or Language.objects.filter(code=code).exists():
            continue
        Language.objects.create(
            code=code,
            native_name=row.language_name[:60] or code,
            direction=row.direction if row.direction in ("ltr", "rtl") else "ltr",
            active=False,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0006_logistics_internal_note_and_nobody_came"),
        ("languages", "0002_shipped_languages"),
    ]

    operations = [
        migrations.RunPython(keep_languages, migrations.RunPython.noop),
        migrations.DeleteModel(name="InvitationTemplate"),
    ]
