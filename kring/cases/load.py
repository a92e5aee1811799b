"""The kept count of running cases per coordinator (`RunningCaseCount`, decision 192), counted
again from the cases.

The transition functions keep the count as cases move (`kring.cases.transitions`); `recount`
is the check behind them and the way to set the counts after writing cases in bulk (the demo
and scale seeders, test factories). Nightly, `kring.cases.tasks.recount_running_cases` runs it
and reports how many rows it had to correct: anything but zero is a path that moved a case
without its transition function.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection

from kring.cases.models import Case, RunningCaseCount
from kring.cases.states import COORDINATOR_TASK_STATES


def recount(coordinators: Collection[int] | None = None) -> int:
    """Set every coordinator's count (or only those of the `coordinators` ids) to their cases
    with the status in `COORDINATOR_TASK_STATES`, in one statement; returns how many rows it
    corrected (made, or changed because they were wrong).

    Every coordinator who has or had a case gets a row, and a row whose coordinator no longer
    has any case goes to 0. One pass over the cases with a coordinator, grouped per
    coordinator (on PostgreSQL a sequential scan: 50 ms at 100 000 cases, so well under a
    second at a million; fine at night), written as an upsert that leaves right rows alone.
    The same SQL on SQLite (3.24+) and PostgreSQL.
    """
    qn = connection.ops.quote_name
    cases = qn(Case._meta.db_table)
    counts = qn(RunningCaseCount._meta.db_table)
    states = sorted(COORDINATOR_TASK_STATES)
    params: list[str | int] = [*states]
    only_cases = only_counts = ""
    if coordinators is not None:
        ids = sorted(set(coordinators))
        if not ids:
            return 0
        marks = ", ".join(["%s"] * len(ids))
        only_cases = f" AND coordinator_id IN ({marks})"
        only_counts = f" WHERE coordinator_id IN ({marks})"
        params = [*states, *ids, *ids]
    in_states = ", ".join(["%s"] * len(states))
    # Table names come from the models and the rest are placeholders: no input in the SQL.
    # `WHERE true` before ON CONFLICT: SQLite's parser needs it after a SELECT ... FROM.
    sql = (
        f"INSERT INTO {counts} (coordinator_id, running) "  # noqa: S608
        "SELECT k.coordinator_id, SUM(k.n) FROM ("
        f"SELECT coordinator_id, CASE WHEN status IN ({in_states}) THEN 1 ELSE 0 END AS n "
        f"FROM {cases} WHERE coordinator_id IS NOT NULL{only_cases} "
        f"UNION ALL SELECT coordinator_id, 0 FROM {counts}{only_counts}"
        ") k WHERE true GROUP BY k.coordinator_id "
        "ON CONFLICT (coordinator_id) DO UPDATE SET running = excluded.running "
        f"WHERE {counts}.running <> excluded.running"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
