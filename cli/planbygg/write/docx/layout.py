"""Table layout for the writer: column widths measured from the content, and hyphenation where a word must break.

Widths are measured with Arial's advance widths (the library's reference font; Liberation Sans, which
LibreOffice substitutes, has the same metrics). A column gets at least its longest word where the
page allows, the rest of the width goes to the columns with the most text (the automatic table
layout of HTML and Word, but decided here so the file is the same everywhere). A word that is still
wider than its column gets soft hyphens at the Norwegian hyphenation points from pyphen's nb/nn
dictionaries, so it breaks as a reader expects («Samarbeids-partnere»), never mid-syllable.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planbygg import cache
from planbygg.model import Run, Table

# Advance widths in 1/1000 em (Arial = Helvetica metrics), regular and bold; other characters fall back.
_REGULAR = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-()/«»–'\"?!§&%æøåÆØÅé@_·+*=",
        [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500]
        + [722, 500, 500, 500]
        + [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667]
        + [944, 667, 667, 611]
        + [556] * 10
        + [278, 278, 278, 278, 278, 333, 333, 333, 278, 556, 556, 556, 191, 355, 556, 278, 556, 667, 889]
        + [889, 611, 556, 1000, 778, 667, 556, 1015, 556, 278, 584, 389, 584],
        strict=True,
    )
)
_BOLD = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-()/«»–'\"?!§&%æøåÆØÅé@_·+*=",
        [556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556]
        + [778, 556, 556, 500]
        + [722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667]
        + [944, 667, 667, 611]
        + [556] * 10
        + [278, 278, 278, 333, 333, 333, 333, 333, 278, 556, 556, 556, 238, 474, 611, 333, 556, 722, 889]
        + [889, 611, 556, 1000, 778, 722, 556, 975, 556, 278, 584, 389, 584],
        strict=True,
    )
)
_WORD = re.compile(r"[^\s\u200b]+")
SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"  # a break opportunity without a hyphen: after / in paths and URLs
CELL_MARGINS = 216  # twips, left + right padding of the table style's cells
_SLACK = 60  # twips a word's column gets beyond the word: renderers round glyph positions differently
_PATH_BREAK = re.compile(r"(?<=[/_.:@])(?=\w)")  # where fit_words may add a break to a path or address
_BREAKS = re.compile(r"(?<=[-/_.:@])(?=\w)")  # where a word may break: after a hyphen (as renderers do) or a path break


@lru_cache(maxsize=16384)
def _units(text: str, bold: bool) -> int:
    """The advance width of `text` in 1/1000 em (cached: table cells repeat their words)."""
    table = _BOLD if bold else _REGULAR
    return sum(table.get(ch, 556) for ch in text if ch not in (SOFT_HYPHEN, ZERO_WIDTH_SPACE))


def text_width(text: str, size_pt: float = 10.0, bold: bool = False) -> int:
    """Return the width of `text` on one line, in twips (1/20 pt)."""
    return round(_units(text, bold) * size_pt * 20 / 1000)


def longest_word(text: str, size_pt: float = 10.0, bold: bool = False) -> int:
    """Return the width of the widest word of `text` (what cannot break without hyphenation), in twips.

    A compound with hyphens counts by its parts («CHK-FRIST-HELLIGDAG» breaks after a hyphen), and a
    path or address by its pieces between slashes and dots, where `fit_words` lets it break.
    """
    return max((text_width(p, size_pt, bold) for w in _WORD.findall(text) for p in _BREAKS.split(w)), default=0)


def column_widths(
    cells: Sequence[Sequence[tuple[str, bool]]],
    total: int,
    size_pt: float = 10.0,
    minimum: int = 700,
    preferred: Sequence[float] | None = None,
    header: bool = False,
) -> list[int]:
    """Return column widths (twips, summing to `total`) for rows of (text, bold) cells.

    Each column wants its longest line (max) and needs its longest word (min). When all the
    longest lines fit, the spare width is shared in proportion to them; otherwise every column gets
    its min and the rest goes in proportion to how much more each would like (max − min). A long
    word may give up part of its min (it is then hyphenated) when that makes the table clearly
    shorter: «Samarbeidspartnere» should not squeeze the column with the measure's text.
    With `preferred` relative widths (a template's wish), those replace the longest lines, and
    each column still gets its longest word. With `header`, the first row's words are never
    hyphenated: a column is at least as wide as its heading.
    """
    ncols = max((len(row) for row in cells), default=1)
    want = [minimum] * ncols
    words: list[list[int]] = [[] for _ in range(ncols)]
    fixed = [minimum] * ncols
    for n, row in enumerate(cells):
        for i, (text, bold) in enumerate(row):
            want[i] = max(want[i], max(text_width(line, size_pt, bold) for line in text.split("\n")) + CELL_MARGINS)
            word = longest_word(text, size_pt, bold) + CELL_MARGINS + _SLACK
            if header and n == 0:
                fixed[i] = max(fixed[i], word)
            else:
                words[i].append(word)
    if preferred is not None and len(preferred) == ncols and all(p > 0 for p in preferred):
        want = [round(p * total / sum(preferred)) for p in preferred]
    best: tuple[float, list[int]] | None = None
    tried: list[list[int]] = []
    for cap in (None, 2600, 2000, 1500):
        need = [max([f, *(w if cap is None else min(w, cap) for w in col)]) for f, col in zip(fixed, words, strict=True)]
        if need in tried:  # no word is that long: the same layout as before
            continue
        tried.append(need)
        widths = _share(want, need, total)
        height = _height(cells, widths, size_pt)
        # A smaller cap (hyphenated words) must save a tenth of the height to be worth it.
        if best is None or height < best[0] * 0.9:
            best = (height, widths)
    assert best is not None
    return best[1]


def _share(want: list[int], need: list[int], total: int) -> list[int]:
    """Share `total` between columns wanting `want` and needing `need` (see column_widths)."""
    want = [max(w, n) for w, n in zip(want, need, strict=True)]
    if sum(want) <= total:
        widths = [w * total / sum(want) for w in want]
    elif sum(need) <= total:
        spare = total - sum(need)
        extra = [w - n for w, n in zip(want, need, strict=True)]
        widths = [n + spare * e / sum(extra) for n, e in zip(need, extra, strict=True)]
    else:
        widths = [n * total / sum(need) for n in need]
    out = [int(w) for w in widths]
    out[out.index(max(out))] += total - sum(out)  # the rounding remainder goes to the widest column
    return out


def lines(text: str, width: int, size_pt: float = 10.0, bold: bool = False) -> int:
    """Return how many lines `text` takes in a cell `width` twips wide (greedy wrapping, as word processors do)."""
    room = max(1, width - CELL_MARGINS)
    scale = size_pt * 20 / 1000  # 1/1000 em → twips
    space = round(_units(" ", bold) * scale)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0
        for word in _WORD.findall(paragraph):
            w = round(_units(word, bold) * scale)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                count += 1
            count += (w - 1) // room  # a word wider than the column breaks (hyphenated) over several lines
            used = w % room or room
    return count


def _height(cells: Sequence[Sequence[tuple[str, bool]]], widths: list[int], size_pt: float) -> float:
    """The table's height in lines: each row is as tall as its tallest cell."""
    return sum(max(lines(t, w, size_pt, b) for (t, b), w in zip(row, widths, strict=False)) for row in cells)


def _lang(language: str) -> str:
    return "nn_NO" if language.lower().startswith("nn") else "nb_NO"


@lru_cache(maxsize=4)
def _dictionary(lang: str):
    import pyphen  # loaded only when a word is too wide for its column, and not in the disk cache

    return pyphen.Pyphen(lang=lang, left=2, right=3)


@lru_cache(maxsize=2)
def _dictionary_stamp(lang: str) -> str:
    """Size and time of pyphen's dictionary file, found without importing pyphen (a cache key)."""
    import importlib.util

    spec = importlib.util.find_spec("pyphen")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        with contextlib.suppress(OSError):
            stat = (Path(folder) / "dictionaries" / f"hyph_{lang}.dic").stat()
            return f"{stat.st_size}-{stat.st_mtime_ns}"
    return "?"


@lru_cache(maxsize=4096)
def hyphenate(word: str, language: str) -> str:
    """Return `word` with soft hyphens at its hyphenation points (nb or nn).

    Parsing a Hunspell dictionary takes pyphen about half a second, more than a whole build, so
    results are kept in planbygg's disk cache (one small entry per word; few words need it).
    """
    lang = _lang(language)
    name = cache.key("orddeling", lang, _dictionary_stamp(lang), word)
    stored = cache.read("orddeling", name)
    if stored is not None:
        return stored.decode("utf-8")
    result = _dictionary(lang).inserted(word, hyphen=SOFT_HYPHEN)
    cache.write("orddeling", name, result.encode("utf-8"))
    return result


def fit_words(text: str, width: int, language: str, size_pt: float = 10.0, bold: bool = False) -> str:
    """Return `text` with break opportunities in each word wider than `width` twips; other words untouched.

    Words get soft hyphens at their hyphenation points; a word the dictionary cannot split (a path,
    a URL, a file name) gets zero-width spaces after its slashes, dots and underscores instead.
    """

    def fits(word: str) -> bool:
        # A compound breaks at its hyphens by itself; a path or address only where we let it.
        parts = [word] if _PATH_BREAK.search(word) else word.split("-")
        return all(text_width(p, size_pt, bold) <= width for p in parts)

    if all(fits(w) for w in _WORD.findall(text)):
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if fits(word):
            return word
        if _PATH_BREAK.search(word):
            return _PATH_BREAK.sub(ZERO_WIDTH_SPACE, word)
        pieces = re.split(r"(\W+)", word)  # hyphenate the letters between punctuation («(dataminimering)»)
        return "".join(hyphenate(p, language) if p.isalpha() else p for p in pieces)

    return _WORD.sub(fix, text)


# -- a whole table -------------------------------------------------------------------------------

_LINE = 252  # twips per table line: 10 pt text at the table style's 1.05 line spacing
_CELL_PADDING = 114  # top + bottom cell margins


@dataclass(frozen=True)
class TableGrid:
    """A table's column widths and the estimated heights (twips) of its body rows and of the whole table."""

    widths: list[int]
    row_heights: list[float]
    height: float


_LINE = 252  # twips per table line: 10 pt text at the table style's 1.05 line spacing
_CELL_PADDING = 114  # top + bottom cell margins


def _cell_text(cell: tuple[Run, ...]) -> tuple[str, bool]:
    return "".join(r.text for r in cell), bool(cell) and all(r.bold for r in cell if r.text.strip())


def table_grid(block: Table, text_width: int, grids: dict[int, TableGrid] | None = None) -> TableGrid:
    """Lay out `block` on `text_width` twips: widths from the content (write/docx/layout.py) and row heights.

    `grids` caches the result by block identity: the page estimate and the writer lay out each table once.
    """
    if grids is not None and id(block) in grids:
        return grids[id(block)]
    grid = _table_grid(block, text_width)
    if grids is not None:
        grids[id(block)] = grid
    return grid


def _table_grid(block: Table, text_width: int) -> TableGrid:
    ncols = max(1, len(block.header), *(len(r) for r in block.rows))
    header = [(h, True) for h in block.header]
    rows = [[_cell_text(c) for c in row] for row in block.rows]
    widths = column_widths([header, *rows] if header else rows, text_width, preferred=block.widths, header=bool(header))
    if len(widths) < ncols:  # rows without any text
        widths = [text_width // ncols] * ncols

    def height(row: list[tuple[str, bool]]) -> float:
        tallest = max((lines(t, w, bold=b) for (t, b), w in zip(row, widths, strict=False)), default=1)
        return tallest * _LINE + _CELL_PADDING

    row_heights = [height(r) for r in rows]
    return TableGrid(widths, row_heights, sum(row_heights) + (height(header) if header else 0))
