"""Sane ranges for the numbers that reach the writer, so a hostile value is a located error, never a hang."""

from __future__ import annotations

import math

from ..errors import ContentError, Problem
from ..model import AnswerBox, BarChart, Document, Image, Table

IMAGE_CM = (0.5, 30.0)  # wider than an A3 page is a mistake
ANSWER_LINES = (1, 200)  # about six pages of lines
MAX_COLUMNS = 63  # Word's limit for a table
MAX_BARS = 1000
MAX_VALUE = 1e15


def check_numbers(doc: Document) -> None:
    """Raise a ContentError listing every block whose numbers are not finite or outside a sane range."""
    problems: list[Problem] = []
    for block in doc.blocks:
        if isinstance(block, Image) and not _between(block.width_cm, *IMAGE_CM):
            problems.append(
                Problem(
                    f"bildebredden {block.width_cm!r} cm er ikke mellom {IMAGE_CM[0]:g} og {IMAGE_CM[1]:g} cm",
                    block.source,
                    "oppgi bredden i cm, f.eks. bilde(..., bredde=12)",
                    code="tall",
                )
            )
        elif isinstance(block, AnswerBox) and not _between(block.lines, *ANSWER_LINES):
            problems.append(
                Problem(
                    f"svarfeltet har {block.lines!r} linjer; bruk mellom {ANSWER_LINES[0]} og {ANSWER_LINES[1]}",
                    block.source,
                    "f.eks. svarfelt('Innspill', 8)",
                    code="tall",
                )
            )
        elif isinstance(block, Table):
            widths = block.widths or ()
            if len(block.header) > MAX_COLUMNS or any(not _between(w, 1e-6, MAX_VALUE) for w in widths):
                problems.append(
                    Problem(
                        f"tabellen har {len(block.header)} kolonner eller ugyldige kolonnebredder",
                        block.source,
                        f"bruk høyst {MAX_COLUMNS} kolonner og positive tall som bredder, f.eks. bredder=[2, 1]",
                        code="tall",
                    )
                )
        elif isinstance(block, BarChart) and (
            len(block.values) > MAX_BARS
            # None is a gap: an activity without a registered count, shown as such rather than as zero
            or any(v is not None and not _between(v, -MAX_VALUE, MAX_VALUE) for v in _chart_values(block))
        ):
            problems.append(
                Problem(
                    "diagrammet har for mange stolper eller verdier som ikke er vanlige tall",
                    block.source,
                    f"bruk høyst {MAX_BARS} stolper og endelige tall",
                    code="tall",
                )
            )
    if problems:
        raise ContentError(problems)


def _chart_values(chart: BarChart) -> list[float | None]:
    """Every value of a chart, over all its series."""
    return [*chart.values, *(v for _name, values in chart.more_series for v in values)]


def _between(value: object, low: float, high: float) -> bool:
    """True for a finite real number (not bool) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and low <= value <= high
