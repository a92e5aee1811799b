"""On PostgreSQL the audit table becomes range-partitioned by month of `occurred_at`.

Retention then drops whole months (`audit_drop_partitions_before`) instead of deleting rows,
which the append-only trigger refuses anyway. Partitions live in the schema
`audit_partitions` (the application's role has no rights there: it reaches the rows only
through the parent table, where it may INSERT and SELECT). A DEFAULT partition catches rows
outside the months made so far; `audit_ensure_partition` moves them into their month when it
is created. Decision 0110 explains the primary key: (id, occurred_at), because a partitioned
table's unique keys must contain the partition key; `id` comes from one sequence for all
partitions, so it stays unique in practice and Django keeps using it as `pk`.

SQLite keeps the plain table (the Django state does not change).
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE SCHEMA IF NOT EXISTS audit_partitions;

-- The append-only row trigger, with one door for the maintenance functions below: they set
-- kring.audit_maintenance for their own transaction to move rows out of the default partition.
-- The application's role has no UPDATE or DELETE right on the table, so it cannot use the door.
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('kring.audit_maintenance', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: TRUNCATE refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

-- Make the partition for the month that contains `day` (UTC months), if it is missing.
-- Rows that were written into the default partition for that month are moved into it.
CREATE OR REPLACE FUNCTION audit_ensure_partition(day date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    first_day date := date_trunc('month', day)::date;
    lower_at timestamptz := (first_day::timestamp AT TIME ZONE 'UTC');
    upper_at timestamptz := ((first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    part text := format('auditevent_%s', to_char(first_day, 'YYYY_MM'));
    moving integer;
BEGIN
    IF to_regclass(format('audit_partitions.%I', part)) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    -- Rows already in the default partition for this month would block the new partition:
    -- they are set aside and written again once their month exists.
    SELECT count(*) INTO moving FROM audit_partitions.auditevent_default
        WHERE occurred_at >= lower_at AND occurred_at < upper_at;
    IF moving > 0 THEN
        PERFORM set_config('kring.audit_maintenance', 'on', true);
        CREATE TEMP TABLE IF NOT EXISTS audit_moving (LIKE audit_auditevent) ON COMMIT DROP;
        WITH moved AS (
            DELETE FROM audit_partitions.auditevent_default
            WHERE occurred_at >= lower_at AND occurred_at < upper_at RETURNING *
        )
        INSERT INTO audit_moving SELECT * FROM moved;
        PERFORM set_config('kring.audit_maintenance', 'off', true);
    END IF;
    EXECUTE format(
        'CREATE TABLE audit_partitions.%I PARTITION OF audit_auditevent '
        'FOR VALUES FROM (%L) TO (%L)', part, lower_at, upper_at);
    IF moving > 0 THEN
        INSERT INTO audit_auditevent SELECT * FROM audit_moving;
        DELETE FROM audit_moving;
    END IF;
    -- The TRUNCATE guard that `setup_db_roles` put on the parent holds for each month too.
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_auditevent_no_truncate'
               AND tgrelid = 'audit_auditevent'::regclass) THEN
        EXECUTE format('CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON '
                       'audit_partitions.%I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION audit_refuse_truncate()', part);
    END IF;
    RETURN part;
END;
$$;

-- Drop every month that ended on or before `cutoff`, and delete older rows that sit in the
-- default partition. Refuses anything younger than a year, whatever the caller asks: a
-- compromised application cannot wipe recent history through this door.
CREATE OR REPLACE FUNCTION audit_drop_partitions_before(cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    part record;
    dropped integer := 0;
    upper_at timestamptz;
BEGIN
    IF cutoff > now() - interval '1 year' THEN
        RAISE EXCEPTION 'audit months younger than a year are never dropped (cutoff %)', cutoff
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOR part IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhparent = 'audit_auditevent'::regclass AND n.nspname = 'audit_partitions'
          AND c.relname ~ '^auditevent_[0-9]{4}_[0-9]{2}$'
        ORDER BY c.relname
    LOOP
        upper_at := ((to_date(substr(part.relname, 12), 'YYYY_MM') + interval '1 month')::timestamp
                     AT TIME ZONE 'UTC');
        IF upper_at <= cutoff THEN
            EXECUTE format('DROP TABLE audit_partitions.%I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    PERFORM set_config('kring.audit_maintenance', 'on', true);
    DELETE FROM audit_partitions.auditevent_default WHERE occurred_at < cutoff;
    PERFORM set_config('kring.audit_maintenance', 'off', true);
    RETURN dropped;
END;
$$;
"""

FORWARD = r"""
ALTER TABLE audit_auditevent RENAME TO audit_auditevent_unpartitioned;
ALTER TABLE audit_auditevent_unpartitioned
    RENAME CONSTRAINT audit_action_valid TO audit_action_valid_old;

CREATE TABLE audit_auditevent (
    LIKE audit_auditevent_unpartitioned INCLUDING DEFAULTS
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit_partitions.auditevent_default PARTITION OF audit_auditevent DEFAULT;

DO $$
DECLARE
    month date := date_trunc('month', least(
        coalesce((SELECT min(occurred_at) FROM audit_auditevent_unpartitioned), now()),
        now()) AT TIME ZONE 'UTC')::date;
BEGIN
    WHILE month <= (now() AT TIME ZONE 'UTC') + interval '3 months' LOOP
        PERFORM audit_ensure_partition(month);
        month := (month + interval '1 month')::date;
    END LOOP;
END $$;

INSERT INTO audit_auditevent SELECT * FROM audit_auditevent_unpartitioned;
CREATE SEQUENCE audit_auditevent_id_seq_new;
SELECT setval('audit_auditevent_id_seq_new',
              coalesce((SELECT max(id) FROM audit_auditevent_unpartitioned), 0) + 1, false);
DROP TABLE audit_auditevent_unpartitioned;
ALTER SEQUENCE audit_auditevent_id_seq_new RENAME TO audit_auditevent_id_seq;
ALTER SEQUENCE audit_auditevent_id_seq OWNED BY audit_auditevent.id;
ALTER TABLE audit_auditevent ALTER COLUMN id SET DEFAULT nextval('audit_auditevent_id_seq');

ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_pkey PRIMARY KEY (id, occurred_at);
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_action_valid CHECK (
    action IN ('create', 'update', 'delete', 'view', 'transition', 'export', 'login', 'logout',
               'login_failed', 'send'));
CREATE INDEX audit_auditevent_occurred_at_1f007848 ON audit_auditevent (occurred_at);
CREATE INDEX audit_auditevent_actor_id_270bb4b7 ON audit_auditevent (actor_id);
CREATE INDEX audit_case_time ON audit_auditevent (case_id, occurred_at);
CREATE INDEX audit_object_time ON audit_auditevent (object_type, object_id, occurred_at);
CREATE INDEX audit_actor_time ON audit_auditevent (actor_id, occurred_at);

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""

BACKWARD = r"""
CREATE TABLE audit_auditevent_plain (LIKE audit_auditevent INCLUDING DEFAULTS);
INSERT INTO audit_auditevent_plain SELECT * FROM audit_auditevent;
DROP TABLE audit_auditevent CASCADE;
DROP FUNCTION IF EXISTS audit_ensure_partition(date);
DROP FUNCTION IF EXISTS audit_drop_partitions_before(timestamptz);
DROP SCHEMA IF EXISTS audit_partitions CASCADE;
ALTER TABLE audit_auditevent_plain RENAME TO audit_auditevent;
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_pkey PRIMARY KEY (id);
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_action_valid CHECK (
    action IN ('create', 'update', 'delete', 'view', 'transition', 'export', 'login', 'logout',
               'login_failed', 'send'));
CREATE INDEX audit_auditevent_occurred_at_1f007848 ON audit_auditevent (occurred_at);
CREATE INDEX audit_auditevent_actor_id_270bb4b7 ON audit_auditevent (actor_id);
CREATE INDEX audit_case_time ON audit_auditevent (case_id, occurred_at);
CREATE INDEX audit_object_time ON audit_auditevent (object_type, object_id, occurred_at);
CREATE INDEX audit_actor_time ON audit_auditevent (actor_id, occurred_at);
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_event_key")]

    operations = [migrations.RunPython(forward, backward)]
