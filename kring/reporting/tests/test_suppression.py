"""Small-number suppression, property-tested: no published cell from 1 to 4, and no total
gives a hidden cell away."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kring.reporting.suppression import lines, suppress, with_totals

grids = st.integers(1, 6).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=13
    )
)


def check(grid: list[list[int]], row_totals: bool, col_totals: bool) -> None:
    published = suppress(grid, row_totals=row_totals, col_totals=col_totals)
    truth = with_totals(grid, row_totals=row_totals, col_totals=col_totals)
    cells = published.cells
    # Shown cells are the true counts, and never 1 to 4.
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            assert value is None or value == truth[i][j]
            assert value is None or not 1 <= value <= 4
    # No line (the cells a total relates) holds exactly one hidden cell: solving any one
    # relation for a single unknown is impossible, so nothing can be derived line by line.
    related = lines(len(cells), len(cells[0]), row_totals=row_totals, col_totals=col_totals)
    for line in related:
        assert sum(cells[i][j] is None for i, j in line) != 1


@settings(max_examples=300, deadline=None)
@given(grids)
def test_column_totals(grid):
    check(grid, row_totals=False, col_totals=True)


@settings(max_examples=300, deadline=None)
@given(grids)
def test_row_and_column_totals(grid):
    check(grid, row_totals=True, col_totals=True)


def test_a_single_small_cell_takes_its_smallest_neighbour_with_it():
    published = suppress([[3], [10], [7]], col_totals=True)
    assert published.cells == [[None], [10], [None], [20]]


def test_nothing_is_hidden_without_small_numbers():
    assert suppress([[0, 5], [12, 9]], col_totals=True).hidden == 0
