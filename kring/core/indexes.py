"""`AddIndexOnline`: a migration operation that adds an index without stopping the writes
(and `RemoveIndexOnline`, which drops one so).

A plain `CREATE INDEX` holds a lock that blocks every INSERT and UPDATE on the table while it
reads all of its rows. At national scale (12 million people, 9 million invitations, 48 million
audit rows and more, issue 15) that is seconds to minutes of a deploy, and on the audit table,
which every page writes to (read events), it stops every page. So on PostgreSQL the index is
built `CONCURRENTLY`.

A partitioned table (the audit trail, decision 110) refuses `CONCURRENTLY` on its parent. Its
index is made the way PostgreSQL's manual describes: on the parent `ONLY` (instant, invalid
until complete), then concurrently on each partition and attached to the parent's; once every
partition has it, the parent's index is valid, and a month made later gets it when its table is
created. SQLite gets a plain `CREATE INDEX`.

The migration must set `atomic = False`: `CONCURRENTLY` cannot run inside a transaction. A run
that was interrupted can simply be run again: a half-built (invalid) index is dropped and made
anew, a finished one is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import NotSupportedError
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations import AddIndex, RemoveIndex
from django.db.migrations.state import ProjectState
from django.db.models import Index, Model

if TYPE_CHECKING:
    from django.db.backends.postgresql.schema import DatabaseSchemaEditor as PostgresSchemaEditor

# The partitions of a partitioned table that have no index attached to the parent's index yet.
_PARTITIONS_WITHOUT = """
SELECT n.nspname, c.relname FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.inhparent = %s::regclass AND c.relkind = 'r'
  AND NOT EXISTS (
      SELECT 1 FROM pg_inherits ii JOIN pg_index x ON x.indexrelid = ii.inhrelid
      WHERE ii.inhparent = %s::regclass AND x.indrelid = c.oid)
ORDER BY c.relname
"""


class AddIndexOnline(AddIndex):
    """`AddIndex` that does not block writes on PostgreSQL (also on a partitioned table).

    The same state change as `AddIndex`, so `makemigrations` sees nothing to add.
    """

    def describe(self) -> str:
        return f"Create index {self.index.name} on {self.model_name} without blocking writes"

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor != "postgresql":
            schema_editor.add_index(model, self.index)
            return
        if schema_editor.connection.in_atomic_block:
            raise NotSupportedError(
                "AddIndexOnline builds the index concurrently: set atomic = False on the migration."
            )
        table = model._meta.db_table
        if _relkind(schema_editor, table) == "p":
            _add_to_partitions(schema_editor, model, self.index)
        elif _prepare(schema_editor, schema_editor.quote_name(self.index.name)):
            cast("PostgresSchemaEditor", schema_editor).add_index(
                model, self.index, concurrently=True
            )


def _fetch(schema_editor: BaseDatabaseSchemaEditor, sql: str, params: list[Any]) -> list[Any]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _relkind(schema_editor: BaseDatabaseSchemaEditor, name: str) -> str | None:
    rows = _fetch(schema_editor, "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [name])
    return str(rows[0][0]) if rows else None


def _prepare(schema_editor: BaseDatabaseSchemaEditor, index: str) -> bool:
    """Must the index (quoted, with its schema if any) still be built? An invalid one, left
    half-built by an interrupted run, is dropped first."""
    rows = _fetch(
        schema_editor, "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [index]
    )
    if rows and rows[0][0]:
        return False
    if rows:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {index}")
    return True


def _create_sql(
    schema_editor: BaseDatabaseSchemaEditor,
    model: type[Model],
    index: Index,
    table: str,
    name: str | None = None,
    concurrently: bool = False,
) -> str:
    """The index's own CREATE INDEX, on another table (a partition, or the parent ONLY)."""
    statement = index.create_sql(model, schema_editor, concurrently=concurrently)
    parts = cast(dict[str, object], statement.parts)
    parts["table"] = table
    if name is not None:
        parts["name"] = name
    return str(statement)


def _add_to_partitions(
    schema_editor: BaseDatabaseSchemaEditor, model: type[Model], index: Index
) -> None:
    quote = schema_editor.quote_name
    table = model._meta.db_table
    if _relkind(schema_editor, quote(index.name)) is None:
        schema_editor.execute(_create_sql(schema_editor, model, index, f"ONLY {quote(table)}"))
    for schema, partition in _fetch(schema_editor, _PARTITIONS_WITHOUT, [table, index.name]):
        name = f"{partition}_{index.name}"[:63]
        child = f"{quote(schema)}.{quote(name)}"
        if _prepare(schema_editor, child):
            on = f"{quote(schema)}.{quote(partition)}"
            sql = _create_sql(schema_editor, model, index, on, quote(name), concurrently=True)
            schema_editor.execute(sql)
        schema_editor.execute(f"ALTER INDEX {quote(index.name)} ATTACH PARTITION {child}")


class RemoveIndexOnline(RemoveIndex):
    """`RemoveIndex` that does not block the table on PostgreSQL: `DROP INDEX CONCURRENTLY`
    (a plain `DROP INDEX` waits for every query on the table and holds up all that come after
    it meanwhile). SQLite gets a plain `DROP INDEX`. Like `AddIndexOnline`, the migration must
    set `atomic = False`; a run that was interrupted can be run again. Going back builds the
    index again with `AddIndexOnline`'s care.
    """

    def describe(self) -> str:
        return f"Remove index {self.name} from {self.model_name} without blocking writes"

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        if schema_editor.connection.in_atomic_block:
            raise NotSupportedError(
                "RemoveIndexOnline drops the index concurrently: set atomic = False on the "
                "migration."
            )
        schema_editor.execute(
            f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.name)}"
        )

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        AddIndexOnline(self.model_name, index).database_forwards(
            app_label, schema_editor, from_state, to_state
        )
