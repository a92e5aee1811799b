"""Small-number suppression for published tables (decision 0152).

No published cell shows a count from 1 to 4. A table is published with its totals (a total row
under the columns, optionally a total column after the rows); a total relates the cells of its
line, so a line with exactly one hidden cell gives that cell away (total minus the others).
Complementary suppression therefore hides, in every such line, the smallest other value too,
and repeats until no line has exactly one hidden cell. Zero is shown: it says nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

LOW, HIGH = 1, 4


@dataclass
class Published:
    """A table with its totals; `None` is a hidden cell."""

    cells: list[list[int | None]]
    row_totals: bool
    col_totals: bool

    @property
    def hidden(self) -> int:
        return sum(v is None for row in self.cells for v in row)


def with_totals(grid: list[list[int]], *, row_totals: bool, col_totals: bool) -> list[list[int]]:
    """The grid with a total column (row sums) and/or a total row (column sums) added."""
    full = [list(row) + ([sum(row)] if row_totals else []) for row in grid]
    if col_totals:
        width = len(full[0]) if full else 0
        full.append([sum(row[j] for row in full) for j in range(width)])
    return full


def lines(
    rows: int, cols: int, *, row_totals: bool, col_totals: bool
) -> list[list[tuple[int, int]]]:
    """The cells related by one total: each row when rows have a total column, each column
    when columns have a total row (with the totals' own line at the margin)."""
    out = []
    if row_totals:
        out += [[(i, j) for j in range(cols)] for i in range(rows)]
    if col_totals:
        out += [[(i, j) for i in range(rows)] for j in range(cols)]
    return out


def suppress(
    grid: list[list[int]], *, row_totals: bool = False, col_totals: bool = True
) -> Published:
    """Publish `grid` (counts) with its totals, hiding small counts and what gives them away."""
    full = with_totals(grid, row_totals=row_totals, col_totals=col_totals)
    rows = len(full)
    cols = len(full[0]) if rows else 0
    hidden = {(i, j) for i in range(rows) for j in range(cols) if LOW <= full[i][j] <= HIGH}
    related = lines(rows, cols, row_totals=row_totals, col_totals=col_totals)
    changed = True
    while changed:
        changed = False
        for line in related:
            if sum(c in hidden for c in line) != 1:
                continue
            others = [c for c in line if c not in hidden]
            if not others:
                continue
            # The smallest non-zero value first (it costs the least information); a zero only
            # when nothing else is left.
            others.sort(key=lambda c: (full[c[0]][c[1]] == 0, full[c[0]][c[1]], c))
            hidden.add(others[0])
            changed = True
    cells: list[list[int | None]] = [
        [None if (i, j) in hidden else full[i][j] for j in range(cols)] for i in range(rows)
    ]
    return Published(cells, row_totals, col_totals)
