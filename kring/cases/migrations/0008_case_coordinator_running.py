"""Matching's count of running cases per coordinator reads a small partial index of the
running cases only (decision 145), built without blocking writes."""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("cases", "0007_refresh_index"),
    ]

    operations = [
        AddIndexOnline(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "conference_held",
                            "conference_scheduled",
                            "coordinator_assigned",
                            "in_preparation",
                            "plan_delivered",
                        ],
                    )
                ),
                fields=["coordinator"],
                name="case_coordinator_running",
            ),
        ),
    ]
