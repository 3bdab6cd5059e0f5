"""Accessible SVG charts of the steering dashboard, built on the server.

Each chart is an ``<svg role="img" aria-labelledby="<title id> <desc id>">`` with a
``<title>`` and a ``<desc>``; every bar and point carries its number as a direct label, and
series are told apart by pattern and marker shape as well as colour. Suppressed values are
never drawn to scale: a suppressed bar is a short hatched stub labelled ``<3``/``X``, so the
picture reveals no more than the table. Right-to-left pages get mirrored geometry (text is
not mirrored). The numbers are also in the table below each chart.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .statistics import Cell

WIDTH = 640
FILLS = ["url(#pat-solid)", "url(#pat-hatch)", "url(#pat-dots)", "url(#pat-cross)"]
COLOURS = ["#1f4e79", "#8a4f00", "#2e6b30", "#6a1b5a", "#4a4a4a", "#005f73", "#9b2226"]
MARKERS = ["circle", "square", "diamond", "triangle"]


def _defs(slug: str) -> str:
    """Patterns: solid, hatch, dots, cross-hatch (ids prefixed per chart)."""
    return (
        "<defs>"
        f'<pattern id="{slug}-pat-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern>'
        f'<pattern id="{slug}-pat-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.6"'
        ' fill="currentColor"/></pattern>'
        f'<pattern id="{slug}-pat-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6"'
        ' stroke="currentColor" stroke-width="1.2"/></pattern>'
        f'<pattern id="{slug}-pat-suppressed" width="4" height="4" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(-45)"><rect width="4" height="4" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#555" stroke-width="1"/></pattern>'
        "</defs>"
    )


def _fill(slug: str, index: int) -> tuple[str, str]:
    """(fill, colour) of series ``index``: colour plus a distinct pattern."""
    colour = COLOURS[index % len(COLOURS)]
    kind = index % 4
    if kind == 0:
        return colour, colour
    pattern = ["", "hatch", "dots", "cross"][kind]
    return f"url(#{slug}-pat-{pattern})", colour


def _svg(slug: str, title: str, desc: str, height: int, body: str, *, rtl: bool) -> SafeString:
    title_id, desc_id = f"{slug}-chart-title", f"{slug}-chart-desc"
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg class="dash-chart__svg" xmlns="http://www.w3.org/2000/svg" role="img"'
        f' aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}"'
        f' width="100%" preserveAspectRatio="xMinYMin meet" direction="{"rtl" if rtl else "ltr"}"'
        f' font-family="sans-serif" font-size="13">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>{_defs(slug)}{body}</svg>'
    )


class _Geometry:
    """Horizontal coordinates, mirrored on right-to-left pages."""

    def __init__(self, rtl: bool):
        self.rtl = rtl

    def x(self, x: float, width: float = 0) -> float:
        return WIDTH - x - width if self.rtl else x

    def anchor(self, anchor: str) -> str:
        if not self.rtl or anchor == "middle":
            return anchor
        return "end" if anchor == "start" else "start"


def bar_chart(
    *, slug: str, title: str, desc: str, labels: list[str], cells: list[Cell], rtl: bool = False
) -> SafeString:
    """Horizontal bars, one per label, each with its number (or mark) written beside it."""
    geo = _Geometry(rtl)
    label_w, bar_x0, bar_w = 230, 240, 340
    row_h = 26
    height = max(row_h * len(labels) + 10, 40)
    top = max((c.shown_value or 0) for c in cells) if cells else 0
    parts = []
    for i, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        y = 5 + i * row_h
        text = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{geo.x(label_w)}" y="{y + 17}" text-anchor="{geo.anchor("end")}"'
            f' fill="#1a1a1a">{escape(text)}</text>'
        )
        if cell.suppressed:
            width, fill = 14, f"url(#{slug}-pat-suppressed)"
        else:
            width = 0 if not top else max(cell.value / top * bar_w, 2 if cell.value else 0)
            fill = COLOURS[0]
        if width:
            parts.append(
                f'<rect x="{geo.x(bar_x0, width):.1f}" y="{y + 3}" width="{width:.1f}"'
                f' height="{row_h - 8}" fill="{fill}" stroke="#1a1a1a" stroke-width="0.5"/>'
            )
        parts.append(
            f'<text x="{geo.x(bar_x0 + width + 6):.1f}" y="{y + 17}"'
            f' text-anchor="{geo.anchor("start")}" fill="#1a1a1a" font-weight="bold">'
            f"{escape(cell.display)}</text>"
        )
    return _svg(slug, title, desc, height, "".join(parts), rtl=rtl)


def stacked_bar_chart(
    *,
    slug: str,
    title: str,
    desc: str,
    labels: list[str],
    series: list[str],
    rows: list[list[Cell]],
    totals: list[Cell],
    rtl: bool = False,
) -> SafeString:
    """One horizontal bar per label, stacked by series (pattern + colour, legend on top).
    Suppressed segments are left out of the bar and the row's total written at its end."""
    geo = _Geometry(rtl)
    label_w, bar_x0, bar_w = 170, 180, 380
    row_h = 26
    legend_rows = (len(series) + 2) // 3
    legend_h = legend_rows * 22 + 6
    height = legend_h + row_h * len(labels) + 10
    top = max((t.value for t in totals), default=0)
    parts = []
    for s, name in enumerate(series):
        fill, colour = _fill(slug, s)
        lx, ly = 10 + (s % 3) * 210, 4 + (s // 3) * 22
        parts.append(
            f'<rect x="{geo.x(lx, 16)}" y="{ly}" width="16" height="16" fill="{fill}"'
            f' color="{colour}" stroke="#1a1a1a" stroke-width="0.5"/>'
            f'<text x="{geo.x(lx + 22)}" y="{ly + 13}" text-anchor="{geo.anchor("start")}"'
            f' fill="#1a1a1a">{escape(name[:28])}</text>'
        )
    for i, (label, cells, total) in enumerate(zip(labels, rows, totals, strict=True)):
        y = legend_h + i * row_h
        parts.append(
            f'<text x="{geo.x(label_w)}" y="{y + 17}" text-anchor="{geo.anchor("end")}"'
            f' fill="#1a1a1a">{escape(label[:26])}</text>'
        )
        offset = 0.0
        for s, cell in enumerate(cells):
            if cell.suppressed or not cell.value or not top:
                continue
            width = cell.value / top * bar_w
            fill, colour = _fill(slug, s)
            parts.append(
                f'<rect x="{geo.x(bar_x0 + offset, width):.1f}" y="{y + 3}"'
                f' width="{width:.1f}" height="{row_h - 8}" fill="{fill}" color="{colour}"'
                f' stroke="#1a1a1a" stroke-width="0.5"/>'
            )
            offset += width
        parts.append(
            f'<text x="{geo.x(bar_x0 + offset + 6):.1f}" y="{y + 17}"'
            f' text-anchor="{geo.anchor("start")}" fill="#1a1a1a" font-weight="bold">'
            f"{escape(total.display)}</text>"
        )
    return _svg(slug, title, desc, height, "".join(parts), rtl=rtl)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}'
            f'L{x - 5:.1f} {y:.1f}Z" fill="{colour}"/>'
        )
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y + 4:.1f}L{x - 5:.1f} {y + 4:.1f}Z"'
            f' fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    *,
    slug: str,
    title: str,
    desc: str,
    labels: list[str],
    series: list[str],
    rows: list[list[Cell]],
    rtl: bool = False,
) -> SafeString:
    """Lines over time (``labels`` are the months), one per series, each point labelled
    with its number; series differ by dash pattern and marker shape. Suppressed points are
    drawn as an open marker on the zero line with their mark, never at their value."""
    geo = _Geometry(rtl)
    left, right, top_y, plot_h = 40, 20, 30 + 20 * len(series), 180
    height = top_y + plot_h + 40
    n = max(len(labels), 1)
    step = (WIDTH - left - right) / max(n - 1, 1)
    top = max((c.shown_value or 0) for row in rows for c in row) if rows else 0
    top = max(top, 1)
    base = top_y + plot_h
    dashes = ["", "6 4", "2 3", "8 3 2 3"]
    parts = [
        f'<line x1="{geo.x(left)}" y1="{base}" x2="{geo.x(WIDTH - right)}" y2="{base}"'
        ' stroke="#1a1a1a"/>'
    ]
    for s, name in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        ly = 6 + s * 20
        parts.append(
            f'<line x1="{geo.x(10)}" y1="{ly + 8}" x2="{geo.x(40)}" y2="{ly + 8}"'
            f' stroke="{colour}" stroke-width="2" stroke-dasharray="{dashes[s % 4]}"/>'
            + _marker(MARKERS[s % 4], geo.x(25), ly + 8, colour)
            + f'<text x="{geo.x(48)}" y="{ly + 12}" text-anchor="{geo.anchor("start")}"'
            f' fill="#1a1a1a">{escape(name)}</text>'
        )
    for i, label in enumerate(labels):
        x = geo.x(left + i * step)
        if n <= 13 or i % 2 == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle" fill="#1a1a1a"'
                f' font-size="11">{escape(label)}</text>'
            )
    for s, cells in enumerate(rows):
        colour = COLOURS[s % len(COLOURS)]
        points = []
        for i, cell in enumerate(cells):
            x = geo.x(left + i * step)
            if cell.suppressed:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{base}" r="4" fill="#fff" stroke="{colour}"/>'
                    f'<text x="{x:.1f}" y="{base - 8}" text-anchor="middle" font-size="11"'
                    f' fill="#1a1a1a">{escape(cell.display)}</text>'
                )
                continue
            y = base - cell.value / top * plot_h
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(
                _marker(MARKERS[s % 4], x, y, colour)
                + f'<text x="{x:.1f}" y="{y - 8 - 12 * s:.1f}" text-anchor="middle"'
                f' font-size="11" fill="#1a1a1a">{cell.value}</text>'
            )
        if len(points) > 1:
            parts.insert(
                1,
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}"'
                f' stroke-width="2" stroke-dasharray="{dashes[s % 4]}"/>',
            )
    return _svg(slug, title, desc, height, "".join(parts), rtl=rtl)
