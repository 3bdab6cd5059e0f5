"""Small-cell suppression: primary (1 and 2 → "<3", 0 stays 0) and secondary (no
suppressed value can be worked out from the shown cells and totals)."""

import itertools
import random

import pytest

from steering.statistics import (
    Cell,
    CellState,
    difference,
    suppress_series,
    suppress_table,
    suppress_value,
    suppressed_median,
)


def _possible_values(table, *, row_totals=True, col_totals=True, limit=None):
    """Exhaustive attacker over all rows and columns together: every assignment of the
    suppressed cells (primary 1..2, secondary 3..) consistent with all shown cells and
    totals. Returns, per suppressed primary position, the set of values it can take."""
    cells = table.cells
    n_rows, n_cols = len(cells), len(cells[0])
    grand = sum(c.value for row in cells for c in row)
    # Hidden values may exceed the true grand total: the reader does not know it.
    top = grand + (limit or 6)

    def allowed(cell, value):
        # Only used for totals: a hidden total ("X") may be anything from 1 up.
        if not cell.suppressed:
            return value == cell.value
        return 1 <= value <= top

    def cell_range(cell, r, c):
        if not cell.suppressed:
            return [cell.value]
        if cell.state == CellState.PRIMARY:
            return [1, 2]
        upper = top
        if row_totals and not table.row_totals[r].suppressed:
            upper = min(upper, table.row_totals[r].value)
        if col_totals and not table.col_totals[c].suppressed:
            upper = min(upper, table.col_totals[c].value)
        return list(range(3, upper + 1))

    row_options = []
    for r in range(n_rows):
        options = []
        for combo in itertools.product(*(cell_range(cells[r][c], r, c) for c in range(n_cols))):
            if row_totals and not allowed(table.row_totals[r], sum(combo)):
                continue
            options.append(combo)
        row_options.append(options)

    possible = {}

    def note(key, cell, value):
        if cell.state == CellState.PRIMARY or (cell.suppressed and 0 < cell.value < 3):
            possible.setdefault(key, set()).add(value)

    def search(r, chosen, col_sums):
        if r == n_rows:
            if col_totals and not all(
                allowed(table.col_totals[c], col_sums[c]) for c in range(n_cols)
            ):
                return
            if row_totals and col_totals and not allowed(table.grand_total, sum(col_sums)):
                return
            for rr, combo in enumerate(chosen):
                for c, value in enumerate(combo):
                    note(("cell", rr, c), cells[rr][c], value)
                if row_totals:
                    note(("r", rr), table.row_totals[rr], sum(combo))
            if col_totals:
                for c in range(n_cols):
                    note(("c", c), table.col_totals[c], col_sums[c])
            if row_totals and col_totals:
                note(("g",), table.grand_total, sum(col_sums))
            return
        for combo in row_options[r]:
            sums = [a + b for a, b in zip(col_sums, combo, strict=True)]
            if col_totals and any(
                not table.col_totals[c].suppressed and sums[c] > table.col_totals[c].value
                for c in range(n_cols)
            ):
                continue
            search(r + 1, [*chosen, combo], sums)

    search(0, [], [0] * n_cols)
    return possible


def _assert_nothing_recomputable(table, **kwargs):
    for ref, values in _possible_values(table, **kwargs).items():
        assert len(values) >= 2, f"{ref} can only be {values}"


def test_one_and_two_are_shown_as_less_than_three():
    assert suppress_value(1).display == "<3"
    assert suppress_value(2).display == "<3"


def test_zero_and_three_are_shown_as_they_are():
    assert suppress_value(0).display == "0"
    assert suppress_value(3).display == "3"


def test_a_single_suppressed_cell_in_a_row_gets_a_partner():
    table = suppress_table([[1, 5, 8]], col_totals=False)

    states = [c.state for c in table.cells[0]]
    assert states == [CellState.PRIMARY, CellState.SECONDARY, CellState.SHOWN]


def test_the_partner_is_shown_as_x():
    table = suppress_table([[1, 5, 8]], col_totals=False)

    assert [c.display for c in table.cells[0]] == ["<3", "X", "8"]


def test_totals_are_computed_from_the_true_values():
    table = suppress_table([[1, 5, 8], [4, 4, 4]])

    assert table.row_totals[0].value == 14


def test_totals_stay_shown_when_the_cells_protect_each_other():
    table = suppress_table([[1, 5, 8], [4, 4, 4]])

    assert table.grand_total.display == "26"


def test_a_table_without_small_cells_is_unchanged():
    table = suppress_table([[3, 4], [5, 6]])

    assert table.suppressed_count == 0


def test_zeros_are_never_suppressed():
    table = suppress_table([[0, 1, 0, 7], [0, 3, 0, 9]])

    assert all(not c.suppressed for row in table.cells for c in row if c.value == 0)


def test_a_row_total_of_two_is_hidden_as_x():
    table = suppress_table([[0, 2, 0], [5, 6, 7]])

    assert table.row_totals[0].display == "X"


def test_a_pair_that_would_sum_to_a_unique_split_gets_more_protection():
    # Two cells of 1 in a row with total 2: both must be 1 — unless more is hidden.
    table = suppress_table([[1, 1, 9], [4, 3, 6]], col_totals=False)

    _assert_nothing_recomputable(table, col_totals=False)


@pytest.mark.parametrize(
    "values",
    [
        [[1, 5, 8], [4, 4, 4]],
        [[1, 0, 0], [0, 4, 3], [5, 3, 0]],
        [[2, 3], [3, 2]],
        [[1, 1], [1, 1]],
        [[2, 9, 4], [0, 0, 1], [6, 3, 3]],
        [[1, 3, 0], [3, 1, 0], [0, 0, 5]],
        [[0, 0, 0], [0, 2, 0], [0, 0, 0]],
    ],
)
def test_no_suppressed_value_can_be_recomputed_from_cells_and_totals(values):
    table = suppress_table(values)

    _assert_nothing_recomputable(table)


def test_no_suppressed_value_can_be_recomputed_in_random_tables():
    rng = random.Random(20261)
    for _ in range(60):
        values = [[rng.choice([0, 0, 1, 2, 3, 4, 6]) for _c in range(3)] for _r in range(2)]
        table = suppress_table(values)

        _assert_nothing_recomputable(table, limit=3)


def test_a_series_with_one_small_value_hides_a_second_one():
    table = suppress_series([4, 1, 7, 0])

    assert [c.display for c in table.cells[0]] == ["X", "<3", "7", "0"]


def test_a_series_without_total_needs_no_secondary_suppression():
    table = suppress_series([4, 1, 7], total=False)

    assert [c.display for c in table.cells[0]] == ["4", "<3", "7"]


def test_a_series_whose_only_value_is_small_hides_its_total():
    table = suppress_series([0, 2, 0])

    assert table.row_totals[0].display == "X"


def test_difference_is_withheld_when_either_value_is_suppressed():
    assert difference(Cell(5), suppress_value(2)) is None


def test_difference_of_shown_values():
    assert difference(Cell(5), Cell(9)) == -4


def test_median_of_fewer_than_three_cases_is_withheld():
    assert suppressed_median(12.0, 2) is None


def test_median_of_three_cases_is_shown():
    assert suppressed_median(12.0, 3) == "12"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="non-negative"):
        suppress_table([[1, -1]])
