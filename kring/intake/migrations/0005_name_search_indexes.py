"""Indexes for the queue's name search (kring.intake.search), without a change to the models.

PostgreSQL: the pg_trgm extension and a GIN trigram index on each name column, so that
`ILIKE '%term%'` reads the index. A no-op on SQLite, whose FTS5 table and triggers are made
after every migrate (`kring.intake.search.ensure_sqlite_search`), because SQLite rebuilds a
table on most schema changes and drops its triggers with it.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS request_names_trgm ON intake_request "
    "USING gin (main_person_names gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS request_requester_trgm ON intake_request "
    "USING gin (requester_name gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS request_requester_trgm",
    "DROP INDEX IF EXISTS request_names_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_main_people_wishes_and_duplicates")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
