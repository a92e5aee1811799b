"""The manager's worklist of open cases reads a partial index of the open cases in sort order
(issue 15), built without blocking writes."""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("cases", "0008_case_coordinator_running"),
    ]

    operations = [
        AddIndexOnline(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "check_in_done",
                            "conference_held",
                            "conference_scheduled",
                            "coordinator_assigned",
                            "follow_up",
                            "in_preparation",
                            "plan_delivered",
                            "requested",
                        ],
                    )
                ),
                fields=["region", "requested_at", "id"],
                name="case_region_open",
            ),
        ),
    ]
