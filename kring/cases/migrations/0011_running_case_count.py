"""A kept count of running cases per coordinator (issue 15, decision 192), filled from the
cases; matching and the registry read it, so the partial index of the running cases they
counted from goes (dropped without blocking writes)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from kring.core.indexes import RemoveIndexOnline

# COORDINATOR_TASK_STATES when this migration was written (a migration does not follow the code).
RUNNING = [
    "conference_held",
    "conference_scheduled",
    "coordinator_assigned",
    "in_preparation",
    "plan_delivered",
]


def fill_running_counts(apps, schema_editor):
    """One row per coordinator who ever had a case: their cases in RUNNING. One statement, on
    SQLite and PostgreSQL; a row already there (a run again) is set right."""
    Case = apps.get_model("cases", "Case")
    RunningCaseCount = apps.get_model("cases", "RunningCaseCount")
    qn = schema_editor.connection.ops.quote_name
    cases = qn(Case._meta.db_table)
    counts = qn(RunningCaseCount._meta.db_table)
    marks = ", ".join(["%s"] * len(RUNNING))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {counts} (coordinator_id, running) "
            f"SELECT coordinator_id, SUM(CASE WHEN status IN ({marks}) THEN 1 ELSE 0 END) "
            f"FROM {cases} WHERE coordinator_id IS NOT NULL GROUP BY coordinator_id "
            "ON CONFLICT (coordinator_id) DO UPDATE SET running = excluded.running",
            RUNNING,
        )


class Migration(migrations.Migration):
    # DROP INDEX CONCURRENTLY cannot run inside a transaction; the table and its filling each
    # run in their own.
    atomic = False

    dependencies = [
        ("accounts", "0003_region_funding_required"),
        ("cases", "0010_manager_start_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="RunningCaseCount",
            fields=[
                (
                    "coordinator",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="running_case_count",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "running",
                    models.PositiveIntegerField(default=0, verbose_name="lopende trajecten"),
                ),
            ],
            options={
                "verbose_name": "lopende trajecten van een coördinator",
                "verbose_name_plural": "lopende trajecten van coördinatoren",
            },
        ),
        migrations.RunPython(fill_running_counts, migrations.RunPython.noop, atomic=True),
        RemoveIndexOnline(
            model_name="case",
            name="case_coordinator_running",
        ),
    ]
