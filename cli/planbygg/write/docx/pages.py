"""Page estimates (for the table of contents and docProps) and keeping a short closing chapter in one piece."""

from __future__ import annotations

import math

from planbygg.model import (
    AnswerBox,
    BarChart,
    Block,
    CoverPage,
    Document,
    Heading,
    Image,
    Letterhead,
    ListBlock,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
)
from planbygg.write.docx import chart as _chart
from planbygg.write.docx import layout as _layout
from planbygg.write.docx.ooxml import (
    EMU_PER_TWIP,
)

# -- page estimate for the cached TOC page numbers ------------------------------------------------


def estimate_pages(
    blocks: tuple[Block, ...], text_width: int, text_height: int, grids: dict[int, _layout.TableGrid] | None = None
) -> list[int]:
    """Return a rough 1-based page number per block (hard breaks exact, flowing text by height in twips).

    Only used as the cached result of TOC page references until Word or LibreOffice updates them;
    the metrics match the library's reference (Arial 11 pt, 1.1 line spacing) within a page or so.
    """

    def text(chars: int, size_pt: float, width: int = text_width, after: int = 140) -> float:
        per_line = max(10, width // int(size_pt * 9.4))  # average Norwegian prose character ≈ 0.47 em
        return (
            max(1, math.ceil(chars / per_line)) * size_pt * 24.0 + after
        )  # twips per line, calibrated in LibreOffice on both examples

    text_height = max(int(text_height), 567)  # a reference with margins larger than the page: still terminate
    text_width = max(int(text_width), 567)
    heading_cost = {0: 1300.0, 1: 1100.0, 2: 780.0}
    page, used, pages = 1, 0.0, []
    for block in blocks:
        cost: float
        if isinstance(block, (PageBreak, CoverPage)):
            pages.append(page)
            page, used = page + 1, 0.0
            continue
        if isinstance(block, Heading):
            cost = heading_cost.get(block.level, 610.0)
            if used + cost + 800 > text_height:  # keep-with-next carries a heading to the next page
                page, used = page + 1, 0.0
        elif isinstance(block, Paragraph):
            cost = text(len(block.text), 13, after=240) if block.style == "Ingress" else text(len(block.text), 11)
        elif isinstance(block, ListBlock):
            columns = max(1, min(block.columns, 3))
            width = text_width // columns
            cost = sum(text(len(item.text), 11, width - 357 * (item.level + 1), 60) for item in block.items) / columns
        elif isinstance(block, Table):
            cost = 550 + _layout.table_grid(block, text_width, grids).height
        elif isinstance(block, Image):
            cost = block.width_cm * 567 * 0.75 + 550
        elif isinstance(block, BarChart):
            cost = (
                _chart.chart_height_emu(block.labels, text_width * EMU_PER_TWIP, 1 + len(block.more_series)) / EMU_PER_TWIP + 550
            )
        elif isinstance(block, TableOfContents):
            listed = sum(1 for b in blocks if isinstance(b, Heading) and 1 <= b.level <= block.levels and b.toc)
            cost = 1000 + 340 * listed
        elif isinstance(block, Letterhead):
            cost = 4200.0
        elif isinstance(block, AnswerBox):
            cost = 600 + 300 * block.lines
        else:
            cost = 420.0
        if not math.isfinite(cost) or cost < 0:
            cost = float(text_height)  # a hostile number never reaches here (write/limits.py); stay finite anyway
        if used + cost > text_height:  # arithmetic, not a loop per page: a huge block costs no time
            overflow = cost - (text_height - used)
            extra = max(0, math.ceil(overflow / text_height) - 1)
            page, cost = page + 1 + extra, overflow - extra * text_height
            used = 0.0
        pages.append(page)
        used += cost
    return pages


CLOSING_CHARS = 1600  # about a third of a page of text


def keep_closing_together(doc: Document) -> Document:
    """Keep a short last chapter in one piece, so a document never ends with two lines alone on a page.

    Widow control alone still leaves a paragraph's last two lines on a page of their own; a closing
    chapter of a few paragraphs that moves to the next page whole reads as a deliberate page.
    """
    import dataclasses

    last = max((i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.level <= 1), default=None)
    if last is None:
        return doc
    tail = doc.blocks[last + 1 :]
    texts = [b.text for b in tail if isinstance(b, Paragraph)] + [
        i.text for b in tail if isinstance(b, ListBlock) for i in b.items
    ]
    if not tail or not all(isinstance(b, Paragraph | ListBlock) for b in tail):
        return doc
    size = sum(len(text) for text in texts)
    if size > CLOSING_CHARS:
        return doc
    blocks = list(doc.blocks)
    for i in range(last + 1, len(blocks)):
        block = blocks[i]
        if isinstance(block, Paragraph):
            blocks[i] = dataclasses.replace(block, keep_next=i < len(blocks) - 1, keep_lines=True)
    return dataclasses.replace(doc, blocks=tuple(blocks))
