"""The composite blocks of a .docx: the cover page, the letterhead and the høringsskjema's answer boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .writer import Builder

import re

from lxml import etree

from planbygg.model import (
    AnswerBox,
    CoverPage,
    Letterhead,
    Run,
)
from planbygg.write.docx import controls as _controls
from planbygg.write.docx import layout as _layout
from planbygg.write.docx.ooxml import (
    EMU_PER_CM,
    EMU_PER_TWIP,
    el,
    sub,
    table_look,
    text_run,
)
from planbygg.write.docx.paragraphs import (
    band,
    set_spacing,
)


def cover(b: Builder, block: CoverPage, index: int) -> None:
    if block.logo is not None:
        drawing = b._picture(block.logo, block.logo_alt or block.organisation, None, 5 * EMU_PER_CM, int(2.5 * EMU_PER_CM))
        b.body_p().append(el("w:r", None, drawing))
    org = b.body_p("Forside organisasjon")
    b.runs(org, (Run(block.organisation),))
    if block.image is not None:
        # The photo takes the place of the empty space the style leaves above the title.
        set_spacing(org, after=360)
        picture = b._picture(block.image, block.image_alt or block.title, None, b.ref.text_width * EMU_PER_TWIP, 9 * EMU_PER_CM)
        b.body_p().append(el("w:r", None, picture))
    color = block.band_color if block.band_color and re.fullmatch(r"[0-9A-Fa-f]{6}", block.band_color) else None
    for style, text in (("Title", block.title), ("Subtitle", block.subtitle)):
        if not text:
            continue
        p = b.body_p(style)
        if color:
            band(p, color.upper())
            p.append(text_run(text, el("w:rPr", None, el("w:color", {"w:val": "FFFFFF"}))))
        else:
            b.runs(p, (Run(text),))
    if block.marking:
        b.runs(b.body_p("Forside merking"), (Run(block.marking),))
    if block.date_text:
        b.runs(b.body_p("Forside dato"), (Run(block.date_text),))
    b.break_before = True


def layout_table(b: Builder, widths: list[int], borders: bool = False) -> etree._Element:
    """Return a table used for layout only: no style, no header row, so it is not read as data."""
    tbl = el("w:tbl")
    tbl_pr = sub(tbl, "w:tblPr")
    sub(tbl_pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    edges = sub(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders and not edge.startswith("inside"):
            sub(edges, f"w:{edge}", {"w:val": "single", "w:sz": "6", "w:space": "0", "w:color": "7F7F7F"})
        else:
            sub(edges, f"w:{edge}", {"w:val": "nil"})
    sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
    margins = sub(tbl_pr, "w:tblCellMar")
    sub(margins, "w:left", {"w:w": "0" if not borders else "113", "w:type": "dxa"})
    sub(margins, "w:right", {"w:w": "113", "w:type": "dxa"})
    tbl_pr.append(table_look(first_row=False, banded_rows=False))
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": str(width)})
    return tbl


def cell(b: Builder, tr: etree._Element, width: int) -> etree._Element:
    tc = sub(tr, "w:tc")
    sub(sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(width), "w:type": "dxa"})
    return tc


def cell_p(b: Builder, tc: etree._Element, style: str | None, text: str | None = None, jc: str | None = None) -> etree._Element:
    p = b._p(style, jc=jc)
    tc.append(p)
    if text:
        p.append(text_run(text))
    return p


def letterhead(b: Builder, block: Letterhead, index: int) -> None:
    if block.logo is not None:
        drawing = b._picture(block.logo, block.logo_alt or block.organisation, None, 4 * EMU_PER_CM, int(1.6 * EMU_PER_CM))
        b.body_p("Brevhode").append(el("w:r", None, drawing))
    b.runs(b.body_p("Brevhode"), (Run(block.organisation),))
    if block.unit:
        b.runs(b.body_p("Merknad"), (Run(block.unit),))
    for line in block.address_lines:
        b.runs(b.body_p("Merknad"), (Run(line),))
    # "Mottaker" has space before and contextual spacing, so only the first line is pushed down.
    for line in block.recipient_lines or ("",):
        b.runs(b.body_p("Mottaker", keep_next=True), (Run(line),))
    # One «label: value» line per reference, the values aligned on a tab stop: no table to misread.
    column = max((_layout.text_width(f"{label}:", 9.5) for label, _ in block.references), default=0) + 284
    tabs = b._tabs_replacing("Referanse", [("left", column, None)])
    for n, (label, value) in enumerate(block.references):
        last = n == len(block.references) - 1
        p = b.body_p("Referanse", tabs=tabs, keep_next=not last, space_before=240 if n == 0 else None)
        b.runs(p, (Run(f"{label}:\t{value}"),))
    if block.references:
        b.body_p()  # air between the references and the letter's subject


def answer_box(b: Builder, block: AnswerBox, index: int) -> None:
    b.runs(b.body_p("Svarfelt", keep_next=True), (Run(block.label),))
    box = layout_table(b, [b.ref.text_width], borders=True)
    tr = sub(box, "w:tr")
    sub(sub(tr, "w:trPr"), "w:cantSplit")  # a printed form needs each box whole on one page
    if block.field:  # a content control to type into, read back by its tag (write/docx/controls.py)
        _controls.reserve_height(tr, block.lines)
    tc = cell(b, tr, b.ref.text_width)
    if block.field:
        _controls.plain_text_control(cell_p(b, tc, None), block.label, block.field, index)
    else:
        for _ in range(max(1, block.lines)):
            cell_p(b, tc, None)
    b.body_table(box)
