"""The manager's start page reads partial indexes, in sort order (issue 15), built without
blocking writes: the cases waiting for a coordinator, and those waiting for their first
contact by deadline (which replaces `case_region_contact_due`, dropped online too)."""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline, RemoveIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("cases", "0009_case_region_open"),
    ]

    operations = [
        AddIndexOnline(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status", "requested"),
                    models.Q(
                        ("coordinator__isnull", True),
                        (
                            "status__in",
                            [
                                "conference_held",
                                "conference_scheduled",
                                "coordinator_assigned",
                                "in_preparation",
                                "plan_delivered",
                            ],
                        ),
                    ),
                    _connector="OR",
                ),
                fields=["region", "requested_at", "id"],
                name="case_region_waiting",
            ),
        ),
        AddIndexOnline(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("first_contact_at__isnull", True),
                    ("status__in", ["coordinator_assigned", "requested"]),
                ),
                fields=["region", "contact_due", "id"],
                name="case_region_contact_pending",
            ),
        ),
        RemoveIndexOnline(model_name="case", name="case_region_contact_due"),
    ]
