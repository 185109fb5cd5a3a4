"""Stage 4: write a model Document as .docx bytes on top of a reference .docx (the project's only DOCX writer)."""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from lxml import etree

from planbygg.errors import ContentError, Problem
from planbygg.model import (
    AnswerBox,
    BarChart,
    CoverPage,
    Document,
    Heading,
    Image,
    Letterhead,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from planbygg.write.docx import chart as _chart
from planbygg.write.docx import composite, numbering, story, toc
from planbygg.write.docx import layout as _layout
from planbygg.write.docx import package as pkg
from planbygg.write.docx.images import image_header
from planbygg.write.docx.ooxml import (
    EMU_PER_CM,
    EMU_PER_TWIP,
    STORY_NSMAP,
    bookmark,
    clean_text,
    el,
    hyperlink,
    inline_picture,
    mark_header_row,
    num_instance,
    num_pr,
    qn,
    sub,
    table_look,
    text_run,
    xml_bytes,
)
from planbygg.write.docx.pages import estimate_pages, keep_closing_together
from planbygg.write.docx.properties import app_properties_xml, core_properties_xml, custom_properties_xml
from planbygg.write.docx.reference import (
    FALLBACK,
    Reference,
    int_attr,
    load_reference,
    settings_for_language,
    styles_for_language,
)

_W_P = qn("w:p")
_W_PPR = qn("w:pPr")

# A list this short is never split over two pages; one of long items may be (between items only).
_SHORT_LIST = 6  # items
_SHORT_LIST_CHARS = 480  # about six lines of text


# -- the builder ---------------------------------------------------------------------------------

_STATIC_RELS = (
    (pkg.RT_STYLES, "styles.xml"),
    (pkg.RT_NUMBERING, "numbering.xml"),
    (pkg.RT_SETTINGS, "settings.xml"),
    (pkg.RT_FONT_TABLE, "fontTable.xml"),
    (pkg.RT_WEB_SETTINGS, "webSettings.xml"),
    (pkg.RT_THEME, "theme/theme1.xml"),
)


class Builder:
    """Builds one document's parts; every id comes from a counter so the output is reproducible."""

    def __init__(self, doc: Document, ref: Reference) -> None:
        self.doc = doc
        self.ref = ref
        self.rels: list[pkg.Relationship] = []
        self.parts: list[pkg.Part] = []
        self.media: dict[bytes, str] = {}  # sha256 → rId, so a logo used twice is stored once
        self.links: dict[str, str] = {}  # URL → rId
        self.nums: list[etree._Element] = []
        self.shape_id = 0
        self.bookmark_id = 0
        self.charts = 0
        self.standard_marks = 0  # captions marked as standard text
        self.section_ends: list[tuple[etree._Element, int]] = []  # (paragraph ending a section, its columns)
        self.grids: dict[int, _layout.TableGrid] = {}  # table layouts by block identity, shared with the page estimates
        self.page_estimate: list[int] = []  # made once, for the TOC and for the page count in docProps/app.xml
        self.break_before = False
        self.last_was_table = False
        self.body = el("w:body")
        self.numbering = numbering.numbering_root(ref)
        self.bullet_abstract, self.number_abstract = numbering.list_definitions(self.numbering)
        self.next_num_id = 1 + max((int_attr(n, "w:numId", 0) for n in self.numbering.iterfind(qn("w:num"))), default=0)
        self.toc_entries, self.toc_bookmarks = toc.plan_toc(self)
        self.handlers: dict[type, Callable] = {
            Heading: self._heading,
            Paragraph: self._paragraph,
            ListBlock: self._list,
            Table: self._table,
            Image: self._image,
            BarChart: partial(_chart.bar_chart, self),
            TableOfContents: partial(toc.toc, self),
            PageBreak: self._page_break,
            CoverPage: partial(composite.cover, self),
            Letterhead: partial(composite.letterhead, self),
            AnswerBox: partial(composite.answer_box, self),
        }

    # -- ids, relationships, styles --

    def _rel(self, rel_type: str, target: str, external: bool = False) -> str:
        rid = f"rId{len(self.rels) + 1}"
        self.rels.append(pkg.Relationship(rid, rel_type, target, external))
        return rid

    def _next_shape_id(self) -> int:
        self.shape_id += 1
        return self.shape_id

    def style_id(self, name: str | None, kind: str = "paragraph") -> str | None:
        """Return the reference's styleId for style `name`, following fallbacks; None = no style element."""
        seen = set()
        while name is not None and name not in seen:
            seen.add(name)
            found = self.ref.style_ids.get((kind, name.lower()))
            if found is not None:
                return found
            name = FALLBACK.get(name)
        if kind == "paragraph":
            return self.ref.style_ids.get(("paragraph", "normal"))
        return None

    # -- paragraphs and runs --

    def _ppr(
        self,
        style: str | None,
        *,
        keep_next: bool = False,
        keep_lines: bool = False,
        num: tuple[int, int] | None = None,
        tabs: list[tuple[str, int, str | None]] | None = None,
        jc: str | None = None,
        page_break: bool = False,
        parent: etree._Element | None = None,
        space_before: int | None = None,
    ) -> etree._Element | None:
        """Return a `w:pPr` with children in schema order (made inside `parent` if given), or None when empty."""
        style_id = self.style_id(style) if style else None
        if style_id == self.ref.default_paragraph_style:
            style_id = None
        if style_id is None and not (keep_next or keep_lines or page_break or num is not None or tabs or jc or space_before):
            return None  # most list items and body text: no element at all
        ppr = etree.SubElement(parent, _W_PPR) if parent is not None else el("w:pPr")
        if style_id is not None:
            sub(ppr, "w:pStyle", {"w:val": style_id})
        if keep_next:
            sub(ppr, "w:keepNext")
        if keep_lines:
            sub(ppr, "w:keepLines")
        if page_break:
            sub(ppr, "w:pageBreakBefore")
        if num is not None:
            num_pr(num[0], num[1], ppr)
        if tabs:
            tabs_el = sub(ppr, "w:tabs")
            for kind, pos, leader in tabs:
                tab = sub(tabs_el, "w:tab", {"w:val": kind, "w:pos": str(pos)})
                if leader:
                    tab.set(qn("w:leader"), leader)
        if space_before:
            sub(ppr, "w:spacing", {"w:before": str(space_before)})
        if jc:
            sub(ppr, "w:jc", {"w:val": jc})
        return ppr

    def _p(self, style: str | None = None, parent: etree._Element | None = None, **kw) -> etree._Element:
        """Return a new paragraph, created inside `parent` when given (not yet placed otherwise)."""
        p = etree.SubElement(parent, _W_P) if parent is not None else el("w:p")
        self._ppr(style, parent=p, **kw)
        return p

    def body_p(self, style: str | None = None, **kw) -> etree._Element:
        """Append a body paragraph; a pending page break becomes its pageBreakBefore (no empty line on the new page)."""
        if self.last_was_table and style in (None, "Normal", "Caption", "Merknad"):
            kw.setdefault("space_before", 200)  # air between a table and the text after it
        p = self._p(style, parent=self.body, page_break=self.break_before, **kw)
        self.break_before = False
        self.last_was_table = False
        return p

    def body_table(self, tbl: etree._Element) -> None:
        """Append a table; Word would merge two adjacent tables, and a pending break needs a paragraph."""
        if self.last_was_table or self.break_before:
            self.body_p()
        self.body.append(tbl)
        self.last_was_table = True

    def _rpr(self, run: Run, extra_bold: bool = False) -> etree._Element | None:
        char_style = self.style_id(run.style, "character") if run.style else None
        if run.link and char_style is None:
            char_style = self.style_id("Hyperlink", "character")
        if not (char_style or run.bold or extra_bold or run.italic):
            return None  # plain text: no element
        rpr = el("w:rPr")
        if char_style:
            sub(rpr, "w:rStyle", {"w:val": char_style})
        if run.bold or extra_bold:
            sub(rpr, "w:b")
        if run.italic:
            sub(rpr, "w:i")
        return rpr

    def runs(self, parent: etree._Element, runs: Iterable[Run], bold: bool = False) -> None:
        """Append `runs` to paragraph `parent`; link runs go inside a `w:hyperlink`."""
        for run in runs:
            if not run.link:
                text_run(run.text, self._rpr(run, bold), parent)
                continue
            if run.link.startswith("#"):
                link = hyperlink(anchor=run.link[1:])
            else:
                rid = self.links.get(run.link)
                if rid is None:
                    # Relationship targets must be URIs: percent-encode æøå, § and spaces.
                    target = urllib.parse.quote(clean_text(run.link), safe=":/?#[]@!$&'()*+,;=%~")
                    rid = self.links[run.link] = self._rel(pkg.RT_HYPERLINK, target, external=True)
                link = hyperlink(rid=rid)
            parent.append(link)
            text_run(run.text, self._rpr(run, bold), link)

    # -- block handlers --

    def _heading(self, block: Heading, index: int) -> None:
        style = "Title" if block.level <= 0 else f"Heading {min(block.level, 3)}"
        p = self.body_p(style)
        name = self.toc_bookmarks.get(index)
        if name is None:
            p.append(text_run(block.text))
            return
        start, end = bookmark(self.bookmark_id, name)
        self.bookmark_id += 1
        p.extend((start, text_run(block.text), end))

    def _paragraph(self, block: Paragraph, index: int) -> None:
        following = self.doc.blocks[index + 1] if index + 1 < len(self.doc.blocks) else None
        # A lead-in («… disse spørsmålene:») stays with the list or table it introduces.
        lead_in = isinstance(following, ListBlock | Table) and block.text.rstrip().endswith(":")
        self.runs(self.body_p(block.style, keep_next=block.keep_next or lead_in, keep_lines=block.keep_lines), block.runs)

    def _list(self, block: ListBlock, index: int) -> None:
        num_id = self.next_num_id
        self.next_num_id += 1
        abstract = self.number_abstract if block.ordered else self.bullet_abstract
        # Three levels are used; each gets a startOverride so the list starts at 1 however Word links lists.
        self.nums.append(num_instance(num_id, abstract, restart_levels=3 if block.ordered else 0))
        base = "List Number" if block.ordered else "List Bullet"
        columns = max(1, min(block.columns, 3))
        if columns > 1:
            # Newspaper columns need a section of their own: the paragraph before the list ends the one before.
            previous = self.body[-1] if len(self.body) and self.body[-1].tag == _W_P else self.body_p()
            self.section_ends.append((previous, 1))
        # A short list stays on one page; a long one keeps at least two items together at its start and end.
        short = len(block.items) <= _SHORT_LIST and sum(len(i.text) for i in block.items) <= _SHORT_LIST_CHARS
        last = len(block.items) - 1
        for n, item in enumerate(block.items):
            level = max(0, min(item.level, 2))
            style = base if level == 0 else f"{base} 2"
            keep = n < last and (short or n == 0 or n == last - 1) and columns == 1
            p = self.body_p(style, num=(num_id, level), keep_next=keep)
            self.runs(p, item.runs)
        if columns > 1:
            self.section_ends.append((p, columns))

    def _table(self, block: Table, index: int) -> None:
        grid = _layout.table_grid(block, self.ref.text_width, self.grids)
        widths = grid.widths
        if block.caption:
            self._caption(block.caption, block.caption_source, keep_next=True)
        style_id = self.style_id("Planbygg tabell", "table")
        tbl = el("w:tbl")
        tbl_pr = sub(tbl, "w:tblPr")
        if style_id:
            sub(tbl_pr, "w:tblStyle", {"w:val": style_id})
        sub(tbl_pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
        sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
        tbl_pr.append(table_look(first_row=bool(block.header), banded_rows=True))
        if block.caption:
            sub(tbl_pr, "w:tblCaption", {"w:val": clean_text(block.caption)})  # table alt text (Word 2010+)
        grid_el = sub(tbl, "w:tblGrid")
        for width in widths:
            sub(grid_el, "w:gridCol", {"w:w": str(width)})
        page = self.ref.page_height - self.ref.margins[0] - self.ref.margins[2]
        # A short table stays on one page with its caption; a long one keeps every row whole.
        together = grid.height < page / 3 and len(block.rows) <= 12
        if block.header:
            tr = sub(tbl, "w:tr")
            mark_header_row(tr)
            cells = [(Run(h),) for h in block.header]
            # Without the table style the header would look like data: make it bold directly.
            plain = style_id is None or style_id == self.ref.style_ids.get(("table", "table grid"))
            self._row(tr, cells, widths, bold=plain, keep_next=bool(block.rows), header=True)
        for n, row in enumerate(block.rows):
            tr = sub(tbl, "w:tr")
            if grid.row_heights[n] < page / 2:
                sub(sub(tr, "w:trPr"), "w:cantSplit")
            self._row(tr, row, widths, keep_next=together and n < len(block.rows) - 1)
        self.body_table(tbl)

    def _row(self, tr, cells, widths: list[int], bold: bool = False, keep_next: bool = False, header: bool = False) -> None:
        language = self.doc.properties.language or "nb-NO"
        for i, width in enumerate(widths):
            tc = sub(tr, "w:tc")
            tc_pr = sub(tc, "w:tcPr")
            sub(tc_pr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
            p = sub(tc, "w:p")
            if keep_next:
                sub(sub(p, "w:pPr"), "w:keepNext")
            if i < len(cells):
                room = width - _layout.CELL_MARGINS
                # Only words wider than their column get break opportunities; the rest never break.
                fitted = [
                    replace(r, text=_layout.fit_words(r.text, room, language, bold=header or bold or r.bold)) for r in cells[i]
                ]
                self.runs(p, fitted, bold=bold)

    def _column_widths(self, relative: tuple[float, ...] | None, ncols: int) -> list[int]:
        total = self.ref.text_width
        if not relative or len(relative) != ncols or any(w <= 0 for w in relative):
            relative = (1.0,) * ncols
        scale = total / sum(relative)
        widths = [int(w * scale) for w in relative]
        widths[-1] += total - sum(widths)  # rounding remainder goes to the last column
        return widths

    def _picture(self, path: Path, alt: str, title: str | None, max_cx: int, max_cy: int | None = None, source=None):
        """Return a `w:drawing` for the image file at `path`, scaled to fit `max_cx` (and `max_cy`) EMU."""
        try:
            blob = Path(path).read_bytes()
            ext, px_width, px_height = image_header(blob)
        except OSError as exc:
            raise ContentError([Problem(f"Finner ikke bildefilen «{path}».", where=source, code="bilde")]) from exc
        except Exception as exc:  # python-docx raises UnrecognizedImageError and friends
            raise ContentError(
                [Problem(f"Bildefilen «{path}» kan ikke leses.", where=source, hint="Bruk PNG eller JPEG.", code="bilde")]
            ) from exc
        digest = hashlib.sha256(blob).digest()
        rid = self.media.get(digest)
        if rid is None:
            name = f"media/image{len(self.media) + 1}.{ext}"
            self.parts.append(pkg.Part("word/" + name, blob))
            rid = self.media[digest] = self._rel(pkg.RT_IMAGE, name)
        ratio = px_height / max(1, px_width)
        cx = max_cx
        cy = int(cx * ratio)
        if max_cy is not None and cy > max_cy:
            cy, cx = max_cy, int(max_cy / ratio)
        return inline_picture(rid, self._next_shape_id(), cx, cy, alt, title)

    def _image(self, block: Image, index: int) -> None:
        if block.path is None:  # an image read from a document has no file to embed
            return
        cx = min(int(block.width_cm * EMU_PER_CM), self.ref.text_width * EMU_PER_TWIP)
        drawing = self._picture(block.path, block.alt, block.caption, cx, source=block.source)
        p = self.body_p(keep_next=bool(block.caption))
        p.append(el("w:r", None, drawing))
        if block.caption:
            self._caption(block.caption, block.caption_source)

    def _caption(self, text: str, source: Any, keep_next: bool = False) -> None:
        """A caption paragraph; a caption written by a library template is marked as standard text."""
        p = self.body_p("Caption", keep_next=keep_next)
        standard = source is not None and source.standard
        if standard:
            self.standard_marks += 1
            mark = str(STANDARD_BOOKMARK_ID - self.standard_marks)
            p.append(el("w:bookmarkStart", {"w:id": mark, "w:name": f"{STANDARD_BOOKMARK}c{self.standard_marks}"}))
        self.runs(p, (Run(text),))
        if standard:
            p.append(el("w:bookmarkEnd", {"w:id": mark}))

    def _tabs_replacing(self, style: str, tabs: list[tuple[str, int, str | None]]) -> list[tuple[str, int, str | None]]:
        """Return `tabs` plus clears for the style's own tab stops, so a reference's stops cannot interfere."""
        style_id = self.style_id(style)
        own = {pos for _, pos, _ in tabs}
        clears = [("clear", int(pos), None) for pos in self.ref.style_tabs.get(style_id or "", ()) if int(pos) not in own]
        return sorted(clears + tabs, key=lambda t: t[1])

    def _page_break(self, block: PageBreak | None, index: int) -> None:
        self.break_before = True

    # -- headers and footers --

    def build(self) -> bytes:
        for rel_type, target in _STATIC_RELS:
            self._rel(rel_type, target)
        standard = 0  # the id of the open «standard text» bookmark, or 0
        for index, block in enumerate(self.doc.blocks):
            handler = self.handlers.get(type(block))
            if handler is None:
                raise TypeError(f"unknown block type {type(block).__name__}")
            source = getattr(block, "source", None)
            is_standard = source is not None and source.standard
            if is_standard and not standard:
                standard = STANDARD_BOOKMARK_ID + index
                self.body.append(el("w:bookmarkStart", {"w:id": str(standard), "w:name": f"{STANDARD_BOOKMARK}{index}"}))
            elif standard and not is_standard:
                self.body.append(el("w:bookmarkEnd", {"w:id": str(standard)}))
                standard = 0
            handler(block, index)
        if standard:
            # Closed inside the last paragraph when there is one: an extra empty paragraph after it
            # could spill onto a page of its own.
            end = el("w:bookmarkEnd", {"w:id": str(standard)})
            (self.body[-1] if len(self.body) and self.body[-1].tag == qn("w:p") else self.body).append(end)
        if self.last_was_table or not len(self.body) or self.body[-1].tag != qn("w:p"):
            self.body_p()  # Word expects the body to end in a paragraph
        final = story.sect_pr(self)
        story.end_sections(self, final)
        self.body.append(final)
        document = el("w:document", nsmap=STORY_NSMAP)
        document.append(self.body)
        props = self.doc.properties
        language = props.language or "nb-NO"
        parts = [
            pkg.Part("word/document.xml", xml_bytes(document), pkg.CT_DOCUMENT),
            pkg.Part("word/styles.xml", styles_for_language(self.ref, language), pkg.CT_STYLES),
            pkg.Part("word/numbering.xml", numbering.numbering_xml(self.numbering, self.nums), pkg.CT_NUMBERING),
            pkg.Part("word/settings.xml", settings_for_language(self.ref, language, self.doc.update_fields), pkg.CT_SETTINGS),
            pkg.Part("word/fontTable.xml", self.ref.font_table_xml or _EMPTY_FONTS, pkg.CT_FONT_TABLE),
            pkg.Part("word/webSettings.xml", self.ref.web_settings_xml or _EMPTY_WEB_SETTINGS, pkg.CT_WEB_SETTINGS),
        ]
        if self.ref.theme_xml is not None:
            parts.append(pkg.Part("word/theme/theme1.xml", self.ref.theme_xml, pkg.CT_THEME))
        else:
            self.rels = [r for r in self.rels if r.type != pkg.RT_THEME]
        parts += self.parts
        parts.append(pkg.Part("word/_rels/document.xml.rels", pkg.rels_xml(self.rels)))
        package_rels = [
            pkg.Relationship("rId1", pkg.RT_OFFICE_DOCUMENT, "word/document.xml"),
            pkg.Relationship("rId2", pkg.RT_CORE, "docProps/core.xml"),
            pkg.Relationship("rId3", pkg.RT_APP, "docProps/app.xml"),
        ]
        pages = self.page_estimate or estimate_pages(
            self.doc.blocks, self.ref.text_width, self.ref.page_height - self.ref.margins[0] - self.ref.margins[2], self.grids
        )
        parts += [
            pkg.Part("docProps/core.xml", core_properties_xml(props), pkg.CT_CORE),
            pkg.Part(
                "docProps/app.xml", app_properties_xml(props, pages[-1] if pages else 1, Path(self.ref.key[0]).name), pkg.CT_APP
            ),
        ]
        if props.custom:
            package_rels.append(pkg.Relationship("rId4", pkg.RT_CUSTOM, "docProps/custom.xml"))
            parts.append(pkg.Part("docProps/custom.xml", custom_properties_xml(props.custom), pkg.CT_CUSTOM))
        parts.append(pkg.Part("_rels/.rels", pkg.rels_xml(package_rels)))
        return pkg.write_package(parts, props.timestamp)


# Library text is wrapped in hidden bookmarks, so `check` on the built file knows, as it does on the
# folder, which words are the municipality's own and which are the library's standard text.
STANDARD_BOOKMARK = "_planbygg_standardtekst_"
STANDARD_BOOKMARK_ID = 100_000

_EMPTY_FONTS = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
_EMPTY_WEB_SETTINGS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:webSettings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
)


def write_docx(doc: Document, reference: Path | None = None) -> bytes:
    """Return the .docx bytes for `doc`, styled by `reference` (default: the library's referanse.docx)."""
    from planbygg.write.limits import check_numbers

    check_numbers(doc)
    return Builder(keep_closing_together(doc), load_reference(reference)).build()
