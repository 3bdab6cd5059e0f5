"""Small-cell suppression for the steering dashboard: pure functions, no database.

**The rule** (DOMAIN.md: "cells below 3 shown as <3, plus secondary suppression so totals
cannot reveal them"):

* *Primary suppression*: a count of 1 or 2 is shown as ``<3``. **0 stays 0**: "nobody" is
  not a person who could be singled out, and the offer gaps the steering group looks for
  are exactly the zeros. Totals (row, column, grand) are cells too: a total of 1 or 2 is
  suppressed as well, but shown as ``X`` (a ``<3`` total would say that every cell under
  it is small).
* *Secondary suppression*: a published table has its row and column totals, so one
  suppressed cell in a line would be ``total − shown cells``. For every line (a row or a
  column with its total) we check what someone who knows the rule can still work out —
  primary cells lie in 1..2, secondary ones are at least 3 — and while one suppressed cell
  of a line has only one possible value, the smallest still-shown non-zero cell of that line
  is suppressed too (shown as ``X``); a line without such a cell loses its total instead.
  This repeats over all rows and columns until nothing changes.
* Totals are always computed from the unsuppressed data (never from the shown cells), and
  shown unless suppressed by the rule above.

Limits (documented in docs/decisions.md): the check is per line; an attacker combining
several lines and the choice rule could in theory narrow a value further. The tests run an
exhaustive attacker over all rows and columns together on crafted and random tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

THRESHOLD = 3  # counts below this (and above 0) are suppressed
PRIMARY_MARK = "<3"
SECONDARY_MARK = "X"


class CellState(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # 1 or 2: shown as "<3"
    SECONDARY = "secondary"  # suppressed to protect another cell: shown as "X"


@dataclass(frozen=True)
class Cell:
    """One published number: its true value (never output when suppressed) and state."""

    value: int
    state: CellState = CellState.SHOWN

    @property
    def suppressed(self) -> bool:
        return self.state != CellState.SHOWN

    @property
    def display(self) -> str:
        if self.state == CellState.PRIMARY:
            return PRIMARY_MARK
        if self.state == CellState.SECONDARY:
            return SECONDARY_MARK
        return str(self.value)

    @property
    def shown_value(self) -> int | None:
        """The value if it may be published, else None (for charts and exports)."""
        return None if self.suppressed else self.value


@dataclass
class SuppressedTable:
    """A table after suppression. ``row_totals``/``col_totals``/``grand_total`` are None
    when the table does not publish them."""

    cells: list[list[Cell]]
    row_totals: list[Cell] | None = None
    col_totals: list[Cell] | None = None
    grand_total: Cell | None = None
    suppressed_count: int = field(default=0)


def is_primary(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress_value(value: int) -> Cell:
    """A single published count without totals (primary suppression only)."""
    return Cell(value, CellState.PRIMARY if is_primary(value) else CellState.SHOWN)


_INF = float("inf")


def _bounds(state: CellState, *, total: bool = False) -> tuple[float, float]:
    """What a reader knows of a hidden value: "<3" is 1 or 2; an "X" cell is a value of at
    least 3 hidden to protect others; an "X" total may also be a total of 1 or 2."""
    if state == CellState.PRIMARY:
        return 1, THRESHOLD - 1
    return (1 if total else THRESHOLD), _INF


# --- Tables --------------------------------------------------------------------------------------


def suppress_table(
    values: list[list[int]], *, row_totals: bool = True, col_totals: bool = True
) -> SuppressedTable:
    """Primary and secondary suppression of a table of non-negative counts with the totals
    it publishes. A one-dimensional series is a one-row table with ``col_totals=False``."""
    n_rows = len(values)
    n_cols = len(values[0]) if values else 0
    if any(len(row) != n_cols for row in values) or any(v < 0 for row in values for v in row):
        raise ValueError("a table of non-negative counts with rows of equal length")
    rsum = [sum(row) for row in values]
    csum = [sum(values[r][c] for r in range(n_rows)) for c in range(n_cols)]
    grand = sum(rsum)

    def initial(value: int) -> CellState:
        return CellState.PRIMARY if is_primary(value) else CellState.SHOWN

    def initial_total(value: int) -> CellState:
        # A total of 1 or 2 is hidden as "X", not "<3": "<3" on a total would tell that
        # every cell under it is small (two cells under a "<3" total are both 1).
        return CellState.SECONDARY if is_primary(value) else CellState.SHOWN

    state = [[initial(v) for v in row] for row in values]
    rstate = [initial_total(v) for v in rsum] if row_totals else None
    cstate = [initial_total(v) for v in csum] if col_totals else None
    gstate = initial_total(grand) if (row_totals and col_totals) else None

    def lines():
        """Each published equation as a list of (coef, value, getter, setter, is_total)."""
        if row_totals:
            for r in range(n_rows):
                yield [("cell", r, c) for c in range(n_cols)], ("rtotal", r)
        if col_totals:
            for c in range(n_cols):
                yield [("cell", r, c) for r in range(n_rows)], ("ctotal", c)
        if gstate is not None:
            yield [("rtotal", r) for r in range(n_rows)], ("grand",)
            yield [("ctotal", c) for c in range(n_cols)], ("grand",)

    def value_of(ref):
        kind = ref[0]
        if kind == "cell":
            return values[ref[1]][ref[2]]
        if kind == "rtotal":
            return rsum[ref[1]]
        if kind == "ctotal":
            return csum[ref[1]]
        return grand

    def state_of(ref):
        nonlocal gstate
        kind = ref[0]
        if kind == "cell":
            return state[ref[1]][ref[2]]
        if kind == "rtotal":
            return rstate[ref[1]]
        if kind == "ctotal":
            return cstate[ref[1]]
        return gstate

    def suppress(ref):
        nonlocal gstate
        kind = ref[0]
        if kind == "cell":
            state[ref[1]][ref[2]] = CellState.SECONDARY
        elif kind == "rtotal":
            rstate[ref[1]] = CellState.SECONDARY
        elif kind == "ctotal":
            cstate[ref[1]] = CellState.SECONDARY
        else:
            gstate = CellState.SECONDARY

    all_lines = list(lines())

    def leaking_line():
        """Propagate what the published lines say about the hidden cells (interval bounds,
        until nothing tightens) and return a line holding a primary cell whose value is
        then pinned down, or None."""
        bounds = {}
        for parts, total in all_lines:
            for ref in [*parts, total]:
                st = state_of(ref)
                if st != CellState.SHOWN and ref not in bounds:
                    bounds[ref] = list(_bounds(st, total=ref[0] != "cell"))
        for _round in range(100):
            tightened = False
            for parts, total in all_lines:
                members = [(1, p) for p in parts] + [(-1, total)]
                known = sum(
                    coef * value_of(ref)
                    for coef, ref in members
                    if state_of(ref) == CellState.SHOWN
                )
                unknown = [(coef, ref) for coef, ref in members if ref in bounds]
                for coef, ref in unknown:
                    lo_sum = hi_sum = 0.0
                    for other_coef, other in unknown:
                        if other == ref:
                            continue
                        lo, hi = bounds[other]
                        if other_coef > 0:
                            lo_sum, hi_sum = lo_sum + lo, hi_sum + hi
                        else:
                            lo_sum, hi_sum = lo_sum - hi, hi_sum - lo
                    # coef * x = -known - others  →  x within these limits
                    a, b = -known - hi_sum, -known - lo_sum
                    lo_new, hi_new = (a, b) if coef > 0 else (-b, -a)
                    lo, hi = bounds[ref]
                    if lo_new > lo or hi_new < hi:
                        bounds[ref] = [max(lo, lo_new), min(hi, hi_new)]
                        tightened = True
            if not tightened:
                break
        pinned = {
            ref
            for ref, (lo, hi) in bounds.items()
            if (state_of(ref) == CellState.PRIMARY or is_primary(value_of(ref))) and hi - lo < 1
        }
        if not pinned:
            return None
        candidates = [(parts, total) for parts, total in all_lines if pinned & {*parts, total}]
        return min(
            candidates,
            key=lambda line: sum(state_of(ref) != CellState.SHOWN for ref in [*line[0], line[1]]),
        )

    while (line := leaking_line()) is not None:
        parts, total = line
        # The smallest still-shown non-zero part protects the line; else its total; else
        # any shown non-zero cell of the table (rare: everything in the line is hidden).
        candidates = [p for p in parts if state_of(p) == CellState.SHOWN and value_of(p) > 0]
        if not candidates and state_of(total) == CellState.SHOWN:
            candidates = [total]
        if not candidates:
            candidates = [
                ref
                for other_parts, other_total in all_lines
                for ref in [*other_parts, other_total]
                if state_of(ref) == CellState.SHOWN and value_of(ref) > 0
            ]
        if not candidates:
            break
        suppress(min(candidates, key=lambda p: (value_of(p), p)))

    def cell(value, cell_state):
        return Cell(value, cell_state)

    table = SuppressedTable(
        cells=[[cell(values[r][c], state[r][c]) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[cell(v, s) for v, s in zip(rsum, rstate, strict=True)] if row_totals else None,
        col_totals=[cell(v, s) for v, s in zip(csum, cstate, strict=True)] if col_totals else None,
        grand_total=cell(grand, gstate) if gstate is not None else None,
    )
    table.suppressed_count = sum(c.suppressed for row in table.cells for c in row)
    return table


def suppress_series(values: list[int], *, total: bool = True) -> SuppressedTable:
    """A one-dimensional series (e.g. counts per month) with or without its total."""
    return suppress_table([list(values)], row_totals=total, col_totals=False)


def difference(current: Cell, previous: Cell) -> int | None:
    """The change between two periods, or None when either value is suppressed (a
    difference of a suppressed value would reveal it)."""
    if current.suppressed or previous.suppressed:
        return None
    return current.value - previous.value


def suppressed_median(median: float | None, count: int) -> str | None:
    """A median over ``count`` cases, or None when fewer than 3 cases make it up (a median
    of one or two cases is one person's value)."""
    if median is None or count < THRESHOLD:
        return None
    return f"{median:g}"
