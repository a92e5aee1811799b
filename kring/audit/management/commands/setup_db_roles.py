"""`manage.py setup_db_roles`: two PostgreSQL roles, so the application cannot rewrite history.

Run once by a database superuser (DATABASE_URL of `postgres`), at installation and again after
an upgrade (it is idempotent):

- the OWNER role (default `kring_owner`) owns every table and runs `manage.py migrate`;
- the APP role (default `kring_app`) is what the web app and the worker log in as: it may
  read and write the ordinary tables, but on the audit table only INSERT and SELECT. It does not
  own the audit table, so it cannot disable its triggers, TRUNCATE it or drop months; the
  monthly partitions live in a schema it cannot even see. It may call the two maintenance
  functions, which run as the owner and refuse to drop anything younger than a year.
- a statement trigger refuses TRUNCATE of the audit table (and of each month) for everyone,
  the owner included.

Passwords come from the environment (KRING_DB_OWNER_PASSWORD, KRING_DB_APP_PASSWORD), never
from the command line; without one the role is created without a password (NOLOGIN until an
administrator sets one). docs/operations.md has the procedure.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
FUNCTIONS = (
    "audit_refuse_change()",
    "audit_refuse_truncate()",
    "audit_ensure_partition(date)",
    "audit_drop_partitions_before(timestamptz)",
)
APP_FUNCTIONS = ("audit_ensure_partition(date)", "audit_drop_partitions_before(timestamptz)")


class Command(BaseCommand):
    help = "Create the owner and application roles on PostgreSQL (audit table: INSERT/SELECT)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", default="kring_owner", help="role that owns the tables")
        parser.add_argument("--app", default="kring_app", help="role the application uses")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("setup_db_roles is for PostgreSQL (DATABASE_URL=postgres://...).")
        owner, app = options["owner"], options["app"]
        for name in (owner, app):
            if not ROLE_NAME.match(name):
                raise CommandError(f"Not a plain role name: {name!r}")
        with transaction.atomic(), connection.cursor() as cursor:
            setup(cursor, owner=owner, app=app)
        self.stdout.write(
            f"Roles ready: {owner} owns the tables and runs migrations; {app} runs Kring "
            "(INSERT and SELECT only on the audit table)."
        )


def _role(cursor: CursorWrapper, name: str, password_env: str) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE ROLE "{name}"')
    password = os.environ.get(password_env, "")
    if password:
        cursor.execute(f'ALTER ROLE "{name}" LOGIN PASSWORD %s', [password])


def setup(cursor: CursorWrapper, *, owner: str, app: str) -> None:
    """All grants in one transaction; role names are checked plain identifiers."""
    # Changing a table's owner waits for no deferred foreign-key check of this transaction.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _role(cursor, owner, "KRING_DB_OWNER_PASSWORD")
    _role(cursor, app, "KRING_DB_APP_PASSWORD")
    cursor.execute("SELECT current_database()")
    database = cursor.fetchone()[0]
    statements = [
        f'GRANT CONNECT, CREATE, TEMPORARY ON DATABASE "{database}" TO "{owner}"',
        f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{app}"',
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f'GRANT USAGE, CREATE ON SCHEMA public TO "{owner}"',
        f'GRANT USAGE ON SCHEMA public TO "{app}"',
        "CREATE SCHEMA IF NOT EXISTS audit_partitions",
        f'ALTER SCHEMA audit_partitions OWNER TO "{owner}"',
        f'REVOKE ALL ON SCHEMA audit_partitions FROM PUBLIC, "{app}"',
    ]
    for sql in statements:
        cursor.execute(sql)
    # Every table (and the sequences they own) belongs to the owner.
    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname IN ('public', 'audit_partitions') AND c.relkind IN ('r', 'p') "
        "AND NOT c.relispartition"
    )
    for schema, table in cursor.fetchall():
        cursor.execute(f'ALTER TABLE "{schema}"."{table}" OWNER TO "{owner}"')
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'audit_partitions' AND c.relispartition AND c.relkind IN ('r', 'p')"
    )
    for (table,) in cursor.fetchall():
        cursor.execute(f'ALTER TABLE audit_partitions."{table}" OWNER TO "{owner}"')
        cursor.execute(f'REVOKE ALL ON audit_partitions."{table}" FROM PUBLIC, "{app}"')
    for function in FUNCTIONS:
        cursor.execute("SELECT to_regprocedure(%s)", [function])
        if cursor.fetchone()[0] is not None:
            cursor.execute(f'ALTER FUNCTION {function} OWNER TO "{owner}"')
            cursor.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    for function in APP_FUNCTIONS:
        cursor.execute("SELECT to_regprocedure(%s)", [function])
        if cursor.fetchone()[0] is not None:
            cursor.execute(f'GRANT EXECUTE ON FUNCTION {function} TO "{app}"')
    # The application reads and writes the ordinary tables ...
    for sql in (
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{app}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{app}"',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{app}"',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT USAGE, SELECT ON SEQUENCES TO "{app}"',
    ):
        cursor.execute(sql)
    # ... but only appends to, and reads, the audit trail (once migrations have made it; run
    # the command again after `migrate` on a new database).
    cursor.execute("SELECT to_regclass('public.audit_auditevent')")
    if cursor.fetchone()[0] is not None:
        cursor.execute(f'REVOKE ALL ON audit_auditevent FROM PUBLIC, "{app}"')
        cursor.execute(f'GRANT SELECT, INSERT ON audit_auditevent TO "{app}"')
        _truncate_guard(cursor)


def _truncate_guard(cursor: CursorWrapper) -> None:
    """A statement trigger that refuses TRUNCATE on the audit table and on every month.

    Installed here rather than in a migration: the test runner empties tables with TRUNCATE
    between browser tests, and only a deployed database needs the guard.
    """
    cursor.execute(
        "SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid = 'audit_auditevent'::regclass "
        "UNION ALL SELECT i.inhrelid::regclass::text FROM pg_inherits i "
        "WHERE i.inhparent = 'audit_auditevent'::regclass"
    )
    for (table,) in cursor.fetchall():
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_auditevent_no_truncate' "
            "AND tgrelid = %s::regclass",
            [table],
        )
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()"
            )
