"""A bar chart as inline SVG for the web edition: horizontal bars, labels above them, values at the end.

Horizontal bars with the label on its own line read on a phone as well as on a desktop, whatever
the label's length. The SVG is one image to assistive technology (role="img" with title and
description, the chart's alt text); the numbers are also given as a table beside it.
"""

from __future__ import annotations

from html import escape

from ..model import BarChart

WIDTH = 480  # viewBox units; the stylesheet scales the chart to the column
ROW = 46  # label line plus bar
BAR = 18
FONT = 15


def bar_chart_svg(chart: BarChart, ident: str) -> str:
    """Return `<svg>` markup for `chart`; `ident` makes the title and description ids unique on the page."""
    pairs = list(zip(chart.labels, chart.values, strict=False))
    top = max((v for _, v in pairs), default=0.0) or 1.0
    room = WIDTH - 60  # space for the value after the longest bar
    rows = []
    for i, (label, value) in enumerate(pairs):
        y = i * ROW
        width = max(1.0, room * max(value, 0.0) / top)
        rows.append(
            f'<text x="0" y="{y + FONT}" class="etikett">{escape(label)}</text>'
            f'<rect x="0" y="{y + FONT + 6}" width="{width:.1f}" height="{BAR}" class="stolpe"/>'
            f'<text x="{width + 6:.1f}" y="{y + FONT + 6 + BAR - 4}" class="verdi">{_number(value)}</text>'
        )
    height = max(ROW, len(pairs) * ROW)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-tittel {ident}-beskrivelse" font-size="{FONT}">'
        f'<title id="{ident}-tittel">{escape(chart.title)}</title>'
        f'<desc id="{ident}-beskrivelse">{escape(chart.alt)}</desc>'
        f"{''.join(rows)}</svg>"
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
