"""The audit table cannot be rewritten by the application, and is kept in monthly partitions.

The PostgreSQL tests run inside the test's transaction: the roles, grants and triggers that
`setup_db_roles` makes are rolled back with it (role names carry the database's name, because
roles are shared by every database of the server).
"""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from kring.audit import partitions
from kring.audit.models import Action, AuditEvent
from kring.audit.services import record

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and partitions are PostgreSQL's"
)
ROOT = Path(__file__).resolve().parents[3]


def _roles() -> tuple[str, str]:
    suffix = connection.settings_dict["NAME"].lower().replace("-", "_")[-40:]
    return f"o_{suffix}", f"a_{suffix}"


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


@postgresql_only
def test_the_application_role_may_only_insert_and_select_audit_events(admin_user):
    owner, app = _roles()
    call_command("setup_db_roles", owner=owner, app=app, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app}"')
    try:
        event = record(Action.VIEW, admin_user, actor=admin_user, key="test.viewed")
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        assert _refused(f"UPDATE audit_auditevent SET key = 'x' WHERE id = {event.pk}")  # noqa: S608
        assert _refused(f"DELETE FROM audit_auditevent WHERE id = {event.pk}")  # noqa: S608
        assert _refused("TRUNCATE audit_auditevent")
        assert _refused("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        assert _refused("DROP TABLE audit_partitions.auditevent_default")
        # The maintenance doors are open to it, but never for recent months.
        assert partitions.ensure_partitions(ahead=1) == []
        assert _refused("SELECT audit_drop_partitions_before(now())")
        # Ordinary tables stay writable.
        assert not _refused("UPDATE accounts_user SET phone = '' WHERE id = 0")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(pk=event.pk, key="test.viewed").exists()


@postgresql_only
def test_truncate_is_refused_even_for_the_owner(admin_user):
    owner, app = _roles()
    call_command("setup_db_roles", owner=owner, app=app, stdout=open("/dev/null", "w"))  # noqa: SIM115
    record(Action.VIEW, admin_user, actor=admin_user, key="test.viewed")
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{owner}"')
    try:
        with (
            pytest.raises(DatabaseError, match="TRUNCATE refused"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("TRUNCATE audit_auditevent")
        # A month made after the roles were set up is guarded too.
        [made] = partitions.ensure_partitions(datetime.datetime(2098, 5, 2, tzinfo=datetime.UTC), 0)
        with (
            pytest.raises(DatabaseError, match="TRUNCATE refused"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"TRUNCATE audit_partitions.{made}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.exists()


@postgresql_only
def test_events_land_in_their_month_and_old_months_are_dropped_whole():
    assert partitions.existing_partitions(), "the migration makes this month and the next"
    far = datetime.datetime(2097, 3, 15, 12, tzinfo=datetime.UTC)
    early = AuditEvent.objects.create(occurred_at=far, action="view", object_type="x", key="t")
    # Without its month the row waits in the default partition; making the month moves it.
    assert _partition_of(early.pk) == "audit_partitions.auditevent_default"
    assert partitions.ensure_partitions(far, ahead=0) == ["auditevent_2097_03"]
    assert _partition_of(early.pk) == "audit_partitions.auditevent_2097_03"
    assert AuditEvent.objects.filter(pk=early.pk).count() == 1

    old = datetime.datetime(2015, 6, 10, tzinfo=datetime.UTC)
    partitions.ensure_partitions(old, ahead=1)
    kept = AuditEvent.objects.create(
        occurred_at=datetime.datetime(2015, 7, 10, tzinfo=datetime.UTC), action="view"
    )
    gone = AuditEvent.objects.create(occurred_at=old, action="view")
    dropped = partitions.drop_before(datetime.datetime(2015, 7, 1, tzinfo=datetime.UTC))
    assert dropped.months >= 1
    assert not AuditEvent.objects.filter(pk=gone.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    assert "auditevent_2015_06" not in partitions.existing_partitions()


@postgresql_only
def test_a_partitioned_table_keeps_its_indexes_and_one_id_sequence():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'audit_auditevent'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"audit_case_time", "audit_object_time", "audit_actor_time"} <= names
    a = AuditEvent.objects.create(action="view")
    b = AuditEvent.objects.create(
        occurred_at=datetime.datetime(2097, 1, 1, tzinfo=datetime.UTC), action="view"
    )
    assert b.pk == a.pk + 1


def _partition_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_on_sqlite_retention_deletes_old_rows_instead_of_months():
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL drops months (tested above)")
    old = AuditEvent.objects.create(
        occurred_at=datetime.datetime(2015, 6, 10, tzinfo=datetime.UTC), action="view"
    )
    new = AuditEvent.objects.create(action="view")
    dropped = partitions.drop_before(datetime.datetime(2015, 7, 1, tzinfo=datetime.UTC))
    assert dropped.rows == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=new.pk).exists()
    assert partitions.ensure_partitions() == []


def test_the_partition_job_is_on_the_workers_schedule(settings):
    from kring.audit.tasks import create_audit_partitions

    assert "kring.audit.tasks.create_audit_partitions" in settings.KRING_SCHEDULE
    assert create_audit_partitions.call() >= 0


def test_setup_db_roles_explains_that_it_needs_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("runs for real above")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("setup_db_roles")


@pytest.mark.parametrize("url", ["", "sqlite:////tmp/kring.sqlite3"])
def test_production_refuses_to_start_without_postgresql(tmp_path, url):
    env = {
        "PATH": "/usr/bin:/bin",
        "KRING_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "KRING_BASE_URL": "https://kring.example.nl",
        "KRING_VAR_DIR": str(tmp_path),
    }
    if url:
        env["DATABASE_URL"] = url
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Kring needs PostgreSQL in production" in result.stderr
