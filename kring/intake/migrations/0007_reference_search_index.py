"""The index a reference search of the queue reads in its own order (decision 203):
(region, status, reference compared byte by byte, id), built without blocking writes.

PostgreSQL only: the search compares `reference COLLATE "C"` (`kring.intake.search`), and the
index holds that expression. SQLite compares text byte by byte already, and finds a prefix's
few matches through the unique index on `reference`; it gets no index here. Not in the model's
`Meta.indexes`: SQLite has no collation named "C" to build it with.
"""

from django.db import migrations

NAME = "request_reference_queue"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [NAME])
        row = cursor.fetchone()
    if row and row[0]:
        return
    if row:
        # Left half-built by an interrupted run: made anew.
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {NAME}")
    schema_editor.execute(
        f'CREATE INDEX CONCURRENTLY {NAME} ON intake_request '
        f'(region_id, status, (reference COLLATE "C"), id)'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("intake", "0006_refresh_index")]

    operations = [migrations.RunPython(forwards, backwards)]
