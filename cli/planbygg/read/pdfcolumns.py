"""Bulleted lists set in two columns in an untagged PDF: read the left column, then the right.

pdfplumber gives one text line across the page, so «• Råd for personer med   • Idrettsrådet» would
join two list items and break the first one's words apart from its next line. A column is
recognised only by bullets that line up at the same x after a wide gap on at least two lines, so
running text, letterheads and tables are left as they are.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

BULLETS = "•●▪◦‣∙·–*"
WIDE_GAP = 24.0  # points: wider than the gap after a bullet (about 14 pt) or a stretched justified space
ALIGN = 3.0  # points: bullets within this distance line up


def two_columns(lines: list[dict]) -> list[dict]:
    """The page's lines with a two-column bulleted region split into column lines, each with an `order` key."""
    split_at = _column_edge(lines)
    if split_at is None:
        return lines
    ordered = sorted(lines, key=lambda ln: ln["top"])
    anchors = [i for i, ln in enumerate(ordered) if abs((_split_x(ln) or -99.0) - split_at) <= ALIGN]
    anchors += [i for i, ln in enumerate(ordered) if abs(ln["x0"] - split_at) <= ALIGN and _starts_with_bullet(ln)]
    first, last = min(anchors), max(anchors)
    margin = min(ln["x0"] for ln in ordered[first : last + 1])
    while last + 1 < len(ordered) and _continues(ordered[last], ordered[last + 1], split_at, margin):
        last += 1
    if any(_crosses(ln, split_at) for ln in ordered[first : last + 1]):
        return lines  # text runs across the edge: not two columns after all
    region_top = ordered[first]["top"]
    out = ordered[:first]
    for ln in ordered[first : last + 1]:
        left = [c for c in ln["chars"] if c["x0"] < split_at - 1]
        right = [c for c in ln["chars"] if c["x0"] >= split_at - 1]
        for column, chars in ((0, left), (1, right)):
            if any(c["text"].strip() for c in chars):
                out.append(_line(chars, (region_top, column, ln["top"])))
    return out + ordered[last + 1 :]


def _column_edge(lines: list[dict]) -> float | None:
    """The x where the right column's bullets stand, when at least two lines have one there after a wide gap."""
    found = Counter(round(x) for ln in lines if (x := _split_x(ln)) is not None)
    if not found:
        return None
    x, n = found.most_common(1)[0]
    n += sum(1 for ln in lines if abs(ln["x0"] - x) <= ALIGN and _starts_with_bullet(ln))
    return float(x) if n >= 2 else None


def _split_x(line: dict) -> float | None:
    """The x of a bullet that follows a wide gap inside the line, if there is one."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    for prev, char in pairwise(chars):
        if char["text"] in BULLETS and char["x0"] - prev["x1"] >= WIDE_GAP:
            return float(char["x0"])
    return None


def _starts_with_bullet(line: dict) -> bool:
    return line["text"].lstrip()[:1] in BULLETS


def _crosses(line: dict, x: float) -> bool:
    """True when a word of the line stands on both sides of the column edge (it is one running line)."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    left = [c for c in chars if c["x0"] < x - 1]
    right = [c for c in chars if c["x0"] >= x - 1]
    return bool(left and right) and right[0]["x0"] - max(c["x1"] for c in left) < WIDE_GAP / 2


def _continues(prev: dict, line: dict, x: float, margin: float) -> bool:
    """A line right under the region that still belongs to it: an item or a wrapped item in either column."""
    height = max(prev["bottom"] - prev["top"], 1.0)
    if not 0 <= line["top"] - prev["bottom"] <= 0.7 * height or _crosses(line, x):
        return False
    if line["x0"] >= x - ALIGN:
        return True  # the right column
    # the left column: a wrapped item (indented) or a further item (a bullet at the margin)
    bullet = _starts_with_bullet(line)
    return line["x1"] < x and (abs(line["x0"] - margin) <= ALIGN if bullet else line["x0"] > margin + 2)


def _line(chars: list[dict], order: tuple[float, int, float]) -> dict[str, Any]:
    """A text line made of some of another line's characters, as pdfplumber's extract_text_lines gives it."""
    from pdfplumber.utils import extract_text

    return {
        "text": extract_text(chars, x_tolerance=1.5),  # as extract_text_lines: a narrow space is still a space
        "chars": chars,
        "x0": min(c["x0"] for c in chars),
        "x1": max(c["x1"] for c in chars),
        "top": min(c["top"] for c in chars),
        "bottom": max(c["bottom"] for c in chars),
        "order": order,
    }
