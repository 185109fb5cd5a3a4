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


SHADES = ("stolpe", "stolpe-2", "stolpe-3")  # stylesheet classes for the series, darkest first


def bar_chart_svg(chart: BarChart, ident: str, unregistered: str = "ikke registrert") -> str:
    """Return `<svg>` markup for `chart`; `ident` makes the title and description ids unique on the page.

    Several series side by side in one bar when the chart is stacked (children and young people,
    adults …); a label without any registered value gets the words «ikke registrert», never a zero bar.
    """
    series = [(chart.series_name, chart.values), *chart.more_series]
    totals: list[float | None] = []
    for i in range(len(chart.labels)):
        found = [vs[i] for _name, vs in series if i < len(vs) and vs[i] is not None]
        totals.append(sum(v for v in found if v is not None) if found else None)
    top = max((t for t in totals if t is not None), default=0.0) or 1.0
    room = WIDTH - 60  # space for the value after the longest bar
    rows = []
    for i, label in enumerate(chart.labels):
        y = i * ROW
        rows.append(f'<text x="0" y="{y + FONT}" class="etikett">{escape(label)}</text>')
        if totals[i] is None:
            rows.append(f'<text x="0" y="{y + FONT + 6 + BAR - 4}" class="verdi">({escape(unregistered)})</text>')
            continue
        x = 0.0
        for n, (_name, series_values) in enumerate(series if chart.stacked else series[:1]):
            value = series_values[i] if i < len(series_values) else None
            if value is None or value <= 0:
                continue
            width = max(1.0, room * value / top)
            rows.append(f'<rect x="{x:.1f}" y="{y + FONT + 6}" width="{width:.1f}" height="{BAR}" class="{SHADES[min(n, 2)]}"/>')
            x += width
        shown = totals[i] if chart.stacked else (chart.values[i] or 0.0)
        rows.append(f'<text x="{max(x, 1.0) + 6:.1f}" y="{y + FONT + 6 + BAR - 4}" class="verdi">{_number(shown)}</text>')
    height = max(ROW, len(chart.labels) * ROW)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-tittel {ident}-beskrivelse" font-size="{FONT}">'
        f'<title id="{ident}-tittel">{escape(chart.title)}</title>'
        f'<desc id="{ident}-beskrivelse">{escape(chart.alt)}</desc>'
        f"{''.join(rows)}</svg>"
    )


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
