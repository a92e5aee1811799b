"""Cached plan PDFs move out of the database into private file storage (decision 0094).

Each stored PDF is written to the `plan_pdfs` storage under the version's uuid, then the
BinaryField goes. Backwards, the files are read back into the column (and left in storage).
"""

from django.core.files.base import ContentFile
from django.db import migrations, models

import kring.plans.models


def to_storage(apps, schema_editor):  # type: ignore[no-untyped-def]
    PlanVersion = apps.get_model("plans", "PlanVersion")
    storage = kring.plans.models.plan_pdf_storage()
    rows = PlanVersion.objects.filter(pdf__isnull=False).only("pk", "uuid", "pdf")
    for version in rows.iterator(chunk_size=100):
        data = bytes(version.pdf)
        if not data:
            continue
        name = storage.save(f"plan-versions/{version.uuid}.pdf", ContentFile(data))
        PlanVersion.objects.filter(pk=version.pk).update(pdf_file=name, pdf=None)


def to_database(apps, schema_editor):  # type: ignore[no-untyped-def]
    PlanVersion = apps.get_model("plans", "PlanVersion")
    storage = kring.plans.models.plan_pdf_storage()
    for version in PlanVersion.objects.exclude(pdf_file="").iterator(chunk_size=100):
        try:
            with storage.open(version.pdf_file.name, "rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            continue
        PlanVersion.objects.filter(pk=version.pk).update(pdf=data)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_assessment_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="planversion",
            name="pdf_file",
            field=models.FileField(
                blank=True,
                editable=False,
                storage=kring.plans.models.plan_pdf_storage,
                upload_to=kring.plans.models.plan_pdf_name,
            ),
        ),
        migrations.RunPython(to_storage, to_database, elidable=False),
        migrations.RemoveField(
            model_name="planversion",
            name="pdf",
        ),
    ]
