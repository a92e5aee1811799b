"""An issued invoice, credit note and their lines are never changed or removed: PostgreSQL
refuses UPDATE and DELETE of their rows, SQLite (development) refuses UPDATE (a test database
is emptied with DELETE there; on PostgreSQL with TRUNCATE, which no row trigger sees).
Corrections are credit notes (decision 0131)."""

from django.db import migrations

TABLES = ("funding_invoice", "funding_invoiceline")

PG_FORWARD = """
CREATE OR REPLACE FUNCTION funding_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is frozen once issued: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
PG_TRIGGER = """
CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();
"""
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_frozen_{op} BEFORE {op} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is frozen once issued'); END;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
        for table in TABLES:
            schema_editor.execute(PG_TRIGGER.format(table=table), params=None)
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(SQLITE_TRIGGER.format(table=table, op="UPDATE"), params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}", params=None)
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_UPDATE", params=None)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS funding_refuse_change()", params=None)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
