"""The plan's table of contents: bookmarks on the headings, estimated page numbers and the TOC field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planbygg.model import Heading, Run, TableOfContents
from planbygg.write.docx.ooxml import el, field, field_end, field_start, hyperlink, text_run
from planbygg.write.docx.pages import estimate_pages


@dataclass
class TocEntry:
    level: int
    text: str
    bookmark: str
    page: int


def plan_toc(b: Any) -> tuple[list[TocEntry], dict[int, str]]:
    """Bookmark every listed heading of builder `b`'s document and estimate its page, before any block is written."""
    blocks = b.doc.blocks
    if not any(isinstance(block, TableOfContents) for block in blocks):
        return [], {}
    top, _right, bottom, _left = b.ref.margins
    pages = b.page_estimate = estimate_pages(blocks, b.ref.text_width, b.ref.page_height - top - bottom, b.grids)
    entries: list[TocEntry] = []
    names: dict[int, str] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level >= 1 and block.toc:
            name = f"_Toc{len(entries) + 1:08d}"
            names[index] = name
            entries.append(TocEntry(min(block.level, 3), block.text, name, pages[index]))
    return entries, names


def toc(b: Any, block: TableOfContents, index: int) -> None:
    """Write the TOC with its entries already filled in, so it reads right before any field update."""
    levels = max(1, min(block.levels, 3))
    b.runs(b.body_p("TOC Heading"), (Run(block.title),))
    entries = [e for e in b.toc_entries if e.level <= levels]
    instr = f'TOC \\o "1-{levels}" \\h \\z \\u'
    if not entries:
        p = b.body_p("TOC 1")
        p.extend([*field_start(instr, dirty=b.doc.update_fields), field_end()])
        return
    right = b.ref.text_width
    for i, entry in enumerate(entries):
        style = f"TOC {entry.level}"
        p = b.body_p(style, tabs=b._tabs_replacing(style, [("right", right, "dot")]))
        if i == 0:
            p.extend(field_start(instr, dirty=b.doc.update_fields))
        link = hyperlink(anchor=entry.bookmark)
        link.extend((text_run(entry.text), el("w:r", None, el("w:tab"))))
        link.extend(field(f"PAGEREF {entry.bookmark} \\h", str(entry.page)))
        p.append(link)
        if i == len(entries) - 1:
            p.append(field_end())
