"""The page stories of a .docx: headers, footers and the section properties that tie them to the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .writer import Builder

import copy

from lxml import etree

from planbygg.model import (
    PageSetup,
)
from planbygg.write.docx import package as pkg
from planbygg.write.docx.ooxml import (
    STORY_NSMAP,
    el,
    field,
    qn,
    text_run,
    watermark_run,
    xml_bytes,
)
from planbygg.write.docx.paragraphs import (
    drop_first_page,
    sect_insert,
    section_columns,
    section_type,
)


def header(b: Builder, text: str, watermark: str | None, shape_num: int) -> bytes:
    root = el("w:hdr", nsmap=STORY_NSMAP)
    p = el("w:p")
    root.append(p)
    if text:
        ppr = b._ppr("Header")
        if ppr is not None:
            p.append(ppr)
    if watermark:
        p.append(watermark_run(watermark, shape_num))
    if text:
        p.append(text_run(text))
    return xml_bytes(root)


def footer(b: Builder, page: PageSetup | None, note: bool = False) -> bytes:
    root = el("w:ftr", nsmap=STORY_NSMAP)
    if page is None:
        root.append(el("w:p"))
        return xml_bytes(root)
    if note and page.footer_note:
        b._p("Footer", parent=root).append(text_run(page.footer_note))
    p = b._p("Footer", tabs=b._tabs_replacing("Footer", [("right", b.ref.text_width, None)]))
    root.append(p)
    if page.footer_text:
        p.append(text_run(page.footer_text))
    p.append(el("w:r", None, el("w:tab")))
    p.append(text_run(f"{page.page_label} "))
    p.extend(field("PAGE", "1"))
    p.append(text_run(f" {page.of_label} "))
    p.extend(field("NUMPAGES", "1"))
    return xml_bytes(root)


def sect_pr(b: Builder) -> etree._Element:
    page = b.doc.page
    sect = etree.fromstring(b.ref.sect_pr)
    refs = []
    has_header = bool(page.header_text or page.watermark)
    # The first page differs when it is a plain cover, or when it alone carries the footer note
    # (a letter's addresses, as on municipal letter paper).
    variants: list[tuple[str, PageSetup | None, bool]] = [("default", page, False)]
    if page.first_page_plain:
        variants.append(("first", None, False))
    elif page.footer_note:
        variants.append(("first", page, True))
    for n, (kind, setup, _) in enumerate(variants, start=1):
        if has_header or (kind == "first" and page.watermark):
            name = f"header{n}.xml"
            text = setup.header_text if setup is not None else ""
            b.parts.append(pkg.Part("word/" + name, header(b, text, page.watermark, n), pkg.CT_HEADER))
            refs.append(el("w:headerReference", {"w:type": kind, "r:id": b._rel(pkg.RT_HEADER, name)}))
        elif kind == "first":
            name = f"header{n}.xml"  # an empty first-page header, else the default one would show
            b.parts.append(pkg.Part("word/" + name, header(b, "", None, n), pkg.CT_HEADER))
            refs.append(el("w:headerReference", {"w:type": kind, "r:id": b._rel(pkg.RT_HEADER, name)}))
    for n, (kind, setup, note) in enumerate(variants, start=1):
        name = f"footer{n}.xml"
        b.parts.append(pkg.Part("word/" + name, footer(b, setup, note), pkg.CT_FOOTER))
        refs.append(el("w:footerReference", {"w:type": kind, "r:id": b._rel(pkg.RT_FOOTER, name)}))
    for i, ref in enumerate(refs):
        sect.insert(i, ref)
    if len(variants) > 1:
        sect_insert(sect, el("w:titlePg"))
    return sect


# -- assembly --


def end_sections(b: Builder, final: etree._Element) -> None:
    """Give each section-ending paragraph a copy of the final section's properties with its own columns.

    Later sections start on the same page (continuous) and drop the first-page header flag,
    which belongs to the document's first page only.
    """
    for n, (p, columns) in enumerate(b.section_ends):
        sect = copy.deepcopy(final)
        if n:
            drop_first_page(sect)
            section_type(sect, "continuous")
        section_columns(sect, columns)
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        ppr.append(sect)
    if b.section_ends:
        drop_first_page(final)
        section_type(final, "continuous")
