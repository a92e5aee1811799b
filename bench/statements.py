"""Where a page's statements spend their time: `python bench/statements.py "page" [requests]`.

For one page of `bench/pages.py` (requested `requests` times, 40, after a warm-up, as the
bench's user for that page, against DATABASE_URL, with DEBUG off): each statement the page
runs, with the milliseconds per request the ORM spent compiling it (`SQLCompiler.as_sql`), the
database took (from sending it to the last row fetched by the driver), and the rest of the
compiler's `execute_sql` around them. Statements written by hand (`raw()`, a cursor) have no
compile column. The time to build the queryset before it is compiled and
to turn rows into objects afterwards is not in these columns: it is part of the page's time
printed first.

Why: the instruction counts (`bench/instructions.py`) say how much Python a page costs, not
which statement. In the ninth round this showed that the public post's duplicate check cost
the ORM 2.4-3.3 ms to compile against 0.2 ms in PostgreSQL (decision 209). Milliseconds, so
compare statements within one run, not runs with each other (docs/performance.md).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("KRING_ENV", "dev")
os.environ.setdefault("KRING_REQUEST_RATE_LIMIT", "1000000000")
os.environ.setdefault("DEBUG", "false")


class Meter:
    """Times each top-level `execute_sql` of a compiler, its compile and its database part."""

    def __init__(self) -> None:
        self.depth = 0
        self.compiling = False
        self.compile = 0.0
        self.database = 0.0
        self.sql = ""
        # statement (its first 100 characters) -> [count, compile, database, total] in seconds
        self.rows: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])

    def timed_as_sql(self, as_sql: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(compiler: Any, *args: Any, **kwargs: Any) -> Any:
            if self.compiling or self.depth == 0:
                # A subquery's compile is inside its statement's; outside a statement (a
                # queryset printed or compiled ahead) it is not one of the page's statements.
                return as_sql(compiler, *args, **kwargs)
            self.compiling = True
            start = time.perf_counter()
            try:
                return as_sql(compiler, *args, **kwargs)
            finally:
                self.compiling = False
                self.compile += time.perf_counter() - start

        return wrapper

    def timed_execute_sql(self, execute_sql: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(compiler: Any, *args: Any, **kwargs: Any) -> Any:
            self.depth += 1
            outer = self.depth == 1
            if outer:
                self.compile = self.database = 0.0
                self.sql = ""
            start = time.perf_counter()
            try:
                return execute_sql(compiler, *args, **kwargs)
            finally:
                self.depth -= 1
                if outer:
                    row = self.rows[(self.sql or "?")[:100]]
                    row[0] += 1
                    row[1] += self.compile
                    row[2] += self.database
                    row[3] += time.perf_counter() - start

        return wrapper

    def database_wrapper(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - start
            if self.depth:
                self.database += took
                self.sql = self.sql or sql
            else:
                # Written by hand (`raw()`, a cursor) or by the transaction: no compiler.
                row = self.rows[sql[:100]]
                row[0] += 1
                row[2] += took
                row[3] += took


class Statement(NamedTuple):
    """One statement of a page: its first 100 characters, how many times a request, and the
    milliseconds a request of compile, database and the rest of `execute_sql`."""

    sql: str
    per_request: float
    compile_ms: float
    database_ms: float
    rest_ms: float


def measure_statements(which: str, times: int = 40) -> tuple[float, list[Statement]]:
    """The page's median milliseconds, and per statement (largest first): its first 100
    characters, how many times a request, and the milliseconds a request of compile, database
    and the rest. The compilers are patched for the measurement and restored after it."""
    from django.db import connection
    from django.db.models.sql import compiler
    from pages import _clients, _hit, _pages  # bench/pages.py, beside this file

    pages = {page.name: page for page in _pages()}
    if which not in pages:
        raise SystemExit(f"no page {which!r}; one of: {', '.join(pages)}")
    page = pages[which]
    clients = _clients()
    meter = Meter()
    originals: list[tuple[type, str, Any]] = []
    for cls in (
        compiler.SQLCompiler,
        compiler.SQLInsertCompiler,
        compiler.SQLUpdateCompiler,
        compiler.SQLDeleteCompiler,
        compiler.SQLAggregateCompiler,
    ):
        # Each class's own methods only: a subclass that calls its parent's is counted once.
        for name, timed in (
            ("as_sql", meter.timed_as_sql),
            ("execute_sql", meter.timed_execute_sql),
        ):
            if name in vars(cls):
                originals.append((cls, name, vars(cls)[name]))
                setattr(cls, name, timed(vars(cls)[name]))
    try:
        for _i in range(3):
            _hit(clients, page)
        meter.rows.clear()
        durations = []
        with connection.execute_wrapper(meter.database_wrapper):
            for _i in range(times):
                start = time.perf_counter()
                _hit(clients, page)
                durations.append(time.perf_counter() - start)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    each = 1e3 / times
    statements = [
        Statement(
            sql,
            count / times,
            compiled * each,
            database * each,
            max(total - compiled - database, 0.0) * each,
        )
        for sql, (count, compiled, database, total) in sorted(
            meter.rows.items(), key=lambda item: -item[1][3]
        )
    ]
    return statistics.median(durations) * 1e3, statements


def main() -> None:
    import django

    django.setup()
    which = sys.argv[1] if len(sys.argv) > 1 else "case page"
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    page_ms, statements = measure_statements(which, times)
    print(f"{which}: {page_ms:.2f} ms a request (median of {times})")
    print(f"{'compile':>8} {'database':>9} {'rest':>6}  per request, ms; the statement")
    for sql, per_request, compiled, database, rest in statements:
        print(f"{compiled:8.2f} {database:9.2f} {rest:6.2f}  x{per_request:.0f} {sql}")


if __name__ == "__main__":
    main()
