"""A decided (approved or rejected) expense declaration is never changed or removed:
PostgreSQL refuses UPDATE and DELETE of such a row, SQLite (development) refuses UPDATE (a test
database is emptied with DELETE there). Decision 0136."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION funding_expense_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'submitted' THEN
        RAISE EXCEPTION 'funding_expense is frozen once decided: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER funding_expense_frozen BEFORE UPDATE OR DELETE ON funding_expense
    FOR EACH ROW EXECUTE FUNCTION funding_expense_frozen();
"""
SQLITE_FORWARD = """
CREATE TRIGGER funding_expense_frozen_UPDATE BEFORE UPDATE ON funding_expense
WHEN OLD.status <> 'submitted'
BEGIN SELECT RAISE(ABORT, 'funding_expense is frozen once decided'); END;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS funding_expense_frozen ON funding_expense", params=None
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS funding_expense_frozen()", params=None)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS funding_expense_frozen_UPDATE", params=None)


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_coordinator_fees_and_expenses")]

    operations = [migrations.RunPython(forward, backward)]
