"""Stage 4: write a model Document as .docx bytes on top of a reference .docx (the project's only DOCX writer)."""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import math
import posixpath
import re
import struct
import urllib.parse
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from planbygg.errors import ContentError, Problem, TemplateError
from planbygg.location import SourceLocation
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
    PageSetup,
    Paragraph,
    Properties,
    Run,
    Table,
    TableOfContents,
)
from planbygg.write.docx import chart as _chart
from planbygg.write.docx import controls as _controls
from planbygg.write.docx import layout as _layout
from planbygg.write.docx import package as pkg
from planbygg.write.docx.ooxml import (
    EMU_PER_CM,
    EMU_PER_TWIP,
    STORY_NSMAP,
    bookmark,
    clean_text,
    declared_ignorable_xml,
    el,
    field,
    field_end,
    field_start,
    hyperlink,
    inline_chart,
    inline_picture,
    mark_header_row,
    num_instance,
    num_pr,
    qn,
    sub,
    table_look,
    text_run,
    watermark_run,
)
from planbygg.write.docx.package import escape, quoteattr
from planbygg.write.docx.paragraphs import (
    band,
    drop_first_page,
    sect_insert,
    section_columns,
    section_type,
    set_spacing,
)

_W_P = qn("w:p")
_W_PPR = qn("w:pPr")

# -- the style contract --------------------------------------------------------------------------

#: Paragraph styles the writer and the templates use by name; `check` reports any a reference lacks.
PARAGRAPH_STYLES: tuple[str, ...] = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Bullet 2",
    "List Number",
    "List Number 2",
    "Caption",
    "Quote",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
    "TOC 3",
    "Header",
    "Footer",
    "Ingress",
    "Merknad",
    "Signatur",
    "Forside organisasjon",
    "Forside merking",
    "Forside dato",
    "Brevhode",
    "Mottaker",
    "Referanse",
    "Svarfelt",
)
CHARACTER_STYLES: tuple[str, ...] = ("Hyperlink", "Strong", "Emphasis")
TABLE_STYLES: tuple[str, ...] = ("Planbygg tabell",)
REQUIRED_STYLES: tuple[str, ...] = PARAGRAPH_STYLES + CHARACTER_STYLES + TABLE_STYLES

# Where a missing style falls back to before "Normal": the nearest style with the same role.
_FALLBACK = {
    "List Bullet 2": "List Bullet",
    "List Number 2": "List Number",
    "TOC 3": "TOC 2",
    "TOC 2": "TOC 1",
    "Heading 3": "Heading 2",
    "Heading 2": "Heading 1",
    "Forside merking": "Subtitle",
    "Forside dato": "Subtitle",
    "Brevhode": "Heading 2",
    "Planbygg tabell": "Table Grid",
}

# Abstract numbering definitions the writer looks for (by w:name) in the reference, else creates.
BULLET_LIST_NAME = "Planbygg punktliste"
NUMBER_LIST_NAME = "Planbygg nummerliste"


def default_reference() -> Path:
    """Return the library's reference .docx (its styles, page setup and fonts)."""
    from ...library import builtin_library

    return builtin_library() / "templates" / "referanse.docx"


# -- the reference document, parsed once per file version -----------------------------------------


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per file version, used as a cache key
class _Reference:
    """What the writer needs from a reference .docx, extracted once and shared between documents."""

    key: tuple[str, int, int]
    styles_xml: bytes
    numbering_xml: bytes | None
    settings_xml: bytes | None
    theme_xml: bytes | None
    font_table_xml: bytes | None
    web_settings_xml: bytes | None
    style_ids: dict[tuple[str, str], str]  # (type, lower-case w:name) → w:styleId
    style_tabs: dict[str, tuple[str, ...]]  # styleId → tab positions the style itself sets
    default_paragraph_style: str | None
    sect_pr: bytes  # the body sectPr, without header/footer references
    page_width: int  # twips
    page_height: int
    margins: tuple[int, int, int, int]  # top, right, bottom, left (twips)

    @property
    def text_width(self) -> int:
        """The width between the left and right margins, in twips."""
        return self.page_width - self.margins[1] - self.margins[3]


def _main_part(parts: dict[str, bytes]) -> str:
    rels = etree.fromstring(parts["_rels/.rels"])
    for rel in rels:
        if rel.get("Type") == pkg.RT_OFFICE_DOCUMENT:
            return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


def _related(parts: dict[str, bytes], main: str) -> dict[str, str]:
    """Return rel type → part name for the main document part's relationships."""
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    found: dict[str, str] = {}
    if rels_name in parts:
        for rel in etree.fromstring(parts[rels_name]):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.setdefault(rel.get("Type", ""), target)
    return found


def _int(node: etree._Element | None, attr: str, default: int) -> int:
    if node is None:
        return default
    value = node.get(qn(attr))
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


@lru_cache(maxsize=16)
def _parse_reference(key: tuple[str, int, int]) -> _Reference:
    path = Path(key[0])
    try:
        parts = pkg.read_parts(path)
        main = _main_part(parts)
        related = _related(parts, main)
        document = etree.fromstring(parts[main])
        styles_xml = parts[related[pkg.RT_STYLES]]
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise TemplateError(
            [Problem(f"Referansedokumentet kan ikke leses: {exc}", hint="Bruk en .docx lagret fra Word eller LibreOffice.")]
        ) from exc
    styles = etree.fromstring(styles_xml)
    style_ids: dict[tuple[str, str], str] = {}
    style_tabs: dict[str, tuple[str, ...]] = {}
    default_paragraph_style = None
    for style in styles.iterfind(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        name_el = style.find(qn("w:name"))
        if style_id is None:
            continue
        name = name_el.get(qn("w:val"), style_id) if name_el is not None else style_id
        style_type = style.get(qn("w:type"), "paragraph")
        style_ids.setdefault((style_type, name.lower()), style_id)
        if style_type == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            default_paragraph_style = style_id
        tabs = style.find(f"{qn('w:pPr')}/{qn('w:tabs')}")
        if tabs is not None:
            style_tabs[style_id] = tuple(t.get(qn("w:pos"), "0") for t in tabs if t.get(qn("w:val")) != "clear")
    body = document.find(qn("w:body"))
    sect = body.find(qn("w:sectPr")) if body is not None else None
    sect = copy.deepcopy(sect) if sect is not None else el("w:sectPr")
    for child in list(sect):
        if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:titlePg")):
            sect.remove(child)
    for attr in list(sect.attrib):
        del sect.attrib[attr]  # rsids
    pg_sz, pg_mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if pg_sz is None:
        pg_sz = el("w:pgSz", {"w:w": "11906", "w:h": "16838"})
        sect.insert(0, pg_sz)
    if pg_mar is None:
        pg_mar = el("w:pgMar", {k: "1417" for k in ("w:top", "w:right", "w:bottom", "w:left")})
        pg_sz.addnext(pg_mar)
    margins = (
        _int(pg_mar, "w:top", 1417),
        _int(pg_mar, "w:right", 1417),
        _int(pg_mar, "w:bottom", 1417),
        _int(pg_mar, "w:left", 1417),
    )
    return _Reference(
        key=key,
        # Every part copied from the reference declares what its mc:Ignorable names (Word refuses it otherwise).
        styles_xml=declared_ignorable_xml(styles_xml) or styles_xml,
        numbering_xml=declared_ignorable_xml(parts.get(related.get(pkg.RT_NUMBERING, ""))),
        settings_xml=declared_ignorable_xml(parts.get(related.get(pkg.RT_SETTINGS, ""))),
        theme_xml=parts.get(related.get(pkg.RT_THEME, "")),
        font_table_xml=declared_ignorable_xml(parts.get(related.get(pkg.RT_FONT_TABLE, ""))),
        web_settings_xml=declared_ignorable_xml(parts.get(related.get(pkg.RT_WEB_SETTINGS, ""))),
        style_ids=style_ids,
        style_tabs=style_tabs,
        default_paragraph_style=default_paragraph_style,
        sect_pr=etree.tostring(sect),
        page_width=_int(pg_sz, "w:w", 11906),
        page_height=_int(pg_sz, "w:h", 16838),
        margins=margins,
    )


def _load_reference(reference: Path | None) -> _Reference:
    """Return the parsed reference, re-read only when the file changes (path, mtime, size)."""
    path = Path(reference) if reference is not None else default_reference()
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(
            [Problem(f"Finner ikke referansedokumentet «{path}».", hint="Kontroller stien til referanse-.docx-filen.")]
        ) from exc
    try:
        return _parse_reference((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    except TemplateError:
        raise
    except Exception as exc:  # any damage inside the package: missing parts, broken XML, a zip bomb
        raise TemplateError(
            [
                Problem(
                    f"Referansedokumentet «{path.name}» kan ikke brukes ({exc.__class__.__name__}).",
                    SourceLocation(str(path)),
                    "Bruk en .docx lagret fra Word eller LibreOffice.",
                )
            ]
        ) from exc


def missing_styles(reference: Path | None = None, extra: Iterable[str] = ()) -> list[str]:
    """Return the required style names (plus `extra` paragraph styles) that `reference` does not define."""
    ref = _load_reference(reference)
    missing = []
    for name in REQUIRED_STYLES:
        kind = "character" if name in CHARACTER_STYLES else "table" if name in TABLE_STYLES else "paragraph"
        if (kind, name.lower()) not in ref.style_ids:
            missing.append(name)
    missing += [n for n in extra if ("paragraph", n.lower()) not in ref.style_ids and n not in missing]
    return missing


@lru_cache(maxsize=32)
def _styles_for_language(ref: _Reference, language: str) -> bytes:
    """Return styles.xml with the document language in docDefaults (cached: one parse per reference and language)."""
    styles = etree.fromstring(ref.styles_xml)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "w:rPr")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = sub(rpr, "w:lang")
    lang.set(qn("w:val"), language)
    # Widow and orphan control: Word's default, but only where the styles say so (LibreOffice reads it literally).
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = sub(defaults, "w:pPrDefault")
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = sub(ppr_default, "w:pPr")
    if ppr.find(qn("w:widowControl")) is None:
        before = {qn(f"w:{t}") for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr")}
        ppr.insert(sum(1 for child in ppr if child.tag in before), el("w:widowControl"))
    return etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)


# Children of w:settings that must come after w:updateFields (schema order).
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{t}")
    for t in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


@lru_cache(maxsize=64)
def _settings_for_language(ref: _Reference, language: str, update_fields: bool = False) -> bytes:
    """Return settings.xml with the theme font language set, asking Word to update fields on open only if wanted."""
    settings = etree.fromstring(ref.settings_xml) if ref.settings_xml else el("w:settings", nsmap={"w": STORY_NSMAP["w"]})
    for tag in ("w:attachedTemplate", "w:updateFields", "w:mailMerge"):
        for node in settings.findall(qn(tag)):
            settings.remove(node)  # they point at relationships this package does not carry
    if update_fields:
        update = el("w:updateFields", {"w:val": "true"})
        successor = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
        if successor is None:
            settings.append(update)
        else:
            successor.addprevious(update)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
    return etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- document properties -------------------------------------------------------------------------


def _w3cdtf(timestamp: int) -> str:
    return _dt.datetime.fromtimestamp(max(0, timestamp), tz=_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_properties_xml(props: Properties) -> bytes:
    """Return docProps/core.xml for `props` (creator and last editor = the author)."""
    when = _w3cdtf(props.timestamp)

    def text(tag: str, value: str) -> str:
        return f"<{tag}>{escape(clean_text(value))}</{tag}>" if value else f"<{tag}/>"

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + text("dc:title", props.title)
        + text("dc:subject", props.subject)
        + text("dc:creator", props.author)
        + text("cp:keywords", ", ".join(props.keywords))
        + text("dc:description", props.description)
        + text("cp:lastModifiedBy", props.author)
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        + text("cp:category", props.category)
        + text("dc:language", props.language)
        + "</cp:coreProperties>"
    ).encode("utf-8")


def app_properties_xml(props: Properties, pages: int, template: str = "referanse.docx") -> bytes:
    """Return docProps/app.xml naming the generator and the organisation."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>{escape(template)}</Template><Pages>{pages}</Pages><Application>planbygg</Application>"
        f"<DocSecurity>0</DocSecurity><Company>{escape(clean_text(props.author))}</Company>"
        "</Properties>"
    ).encode()


def custom_properties_xml(custom: tuple[tuple[str, str], ...]) -> bytes:
    """Return docProps/custom.xml with one text property per (name, value) pair."""
    items = "".join(
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        f"pid={quoteattr(str(pid))} name={quoteattr(clean_text(name))}>"
        f"<vt:lpwstr>{escape(clean_text(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(custom, start=2)  # pid 0 and 1 are reserved
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}</Properties>'
    ).encode()


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


@dataclass
class _TocEntry:
    level: int
    text: str
    bookmark: str
    page: int


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Builder:
    """Builds one document's parts; every id comes from a counter so the output is reproducible."""

    def __init__(self, doc: Document, ref: _Reference) -> None:
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
        self.numbering = self._numbering_root()
        self.bullet_abstract, self.number_abstract = self._list_definitions()
        self.next_num_id = 1 + max((_int(n, "w:numId", 0) for n in self.numbering.iterfind(qn("w:num"))), default=0)
        self.toc_entries, self.toc_bookmarks = self._plan_toc()
        self.handlers: dict[type, Callable] = {
            Heading: self._heading,
            Paragraph: self._paragraph,
            ListBlock: self._list,
            Table: self._table,
            Image: self._image,
            BarChart: self._bar_chart,
            TableOfContents: self._toc,
            PageBreak: self._page_break,
            CoverPage: self._cover,
            Letterhead: self._letterhead,
            AnswerBox: self._answer_box,
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
            name = _FALLBACK.get(name)
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

    def _end_sections(self, final: etree._Element) -> None:
        """Give each section-ending paragraph a copy of the final section's properties with its own columns.

        Later sections start on the same page (continuous) and drop the first-page header flag,
        which belongs to the document's first page only.
        """
        for n, (p, columns) in enumerate(self.section_ends):
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
        if self.section_ends:
            drop_first_page(final)
            section_type(final, "continuous")

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
            ext, px_width, px_height = _image_header(blob)
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

    def _bar_chart(self, block: BarChart, index: int) -> None:
        self.charts += 1
        name = f"charts/chart{self.charts}.xml"
        series = [(block.series_name, block.values), *block.more_series]
        # The data also goes into an embedded workbook, so Word's «Rediger data» opens it in Excel.
        workbook = f"embeddings/Microsoft_Excel_Worksheet{self.charts}.xlsx"
        self.parts.append(pkg.Part("word/" + workbook, _chart.workbook_xlsx(block.labels, series, self.doc.properties.timestamp)))
        self.parts.append(
            pkg.Part(
                f"word/charts/_rels/chart{self.charts}.xml.rels",
                pkg.rels_xml([pkg.Relationship("rId1", _chart.PACKAGE_REL_TYPE, f"../{workbook}")]),
            )
        )
        xml = _chart.chart_xml(
            block.title,
            block.labels,
            block.values,
            block.series_name,
            self.doc.properties.language,
            more_series=block.more_series,
            stacked=block.stacked,
            workbook_rid="rId1",
        )
        self.parts.append(pkg.Part("word/" + name, xml, _chart.CHART_CONTENT_TYPE))
        rid = self._rel(_chart.CHART_REL_TYPE, name)
        cx = self.ref.text_width * EMU_PER_TWIP
        cy = _chart.chart_height_emu(block.labels, cx, len(series))
        p = self.body_p(keep_next=bool(block.caption))
        p.append(el("w:r", None, inline_chart(rid, self._next_shape_id(), cx, cy, block.alt, block.title or block.caption)))
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

    def _plan_toc(self) -> tuple[list[_TocEntry], dict[int, str]]:
        """Bookmark every listed heading and estimate its page, before any block is written."""
        blocks = self.doc.blocks
        if not any(isinstance(b, TableOfContents) for b in blocks):
            return [], {}
        top, _right, bottom, _left = self.ref.margins
        pages = self.page_estimate = estimate_pages(blocks, self.ref.text_width, self.ref.page_height - top - bottom, self.grids)
        entries: list[_TocEntry] = []
        names: dict[int, str] = {}
        for index, block in enumerate(blocks):
            if isinstance(block, Heading) and block.level >= 1 and block.toc:
                name = f"_Toc{len(entries) + 1:08d}"
                names[index] = name
                entries.append(_TocEntry(min(block.level, 3), block.text, name, pages[index]))
        return entries, names

    def _toc(self, block: TableOfContents, index: int) -> None:
        levels = max(1, min(block.levels, 3))
        self.runs(self.body_p("TOC Heading"), (Run(block.title),))
        entries = [e for e in self.toc_entries if e.level <= levels]
        instr = f'TOC \\o "1-{levels}" \\h \\z \\u'
        if not entries:
            p = self.body_p("TOC 1")
            p.extend([*field_start(instr, dirty=self.doc.update_fields), field_end()])
            return
        right = self.ref.text_width
        for i, entry in enumerate(entries):
            style = f"TOC {entry.level}"
            p = self.body_p(style, tabs=self._tabs_replacing(style, [("right", right, "dot")]))
            if i == 0:
                p.extend(field_start(instr, dirty=self.doc.update_fields))
            link = hyperlink(anchor=entry.bookmark)
            link.extend((text_run(entry.text), el("w:r", None, el("w:tab"))))
            link.extend(field(f"PAGEREF {entry.bookmark} \\h", str(entry.page)))
            p.append(link)
            if i == len(entries) - 1:
                p.append(field_end())

    def _tabs_replacing(self, style: str, tabs: list[tuple[str, int, str | None]]) -> list[tuple[str, int, str | None]]:
        """Return `tabs` plus clears for the style's own tab stops, so a reference's stops cannot interfere."""
        style_id = self.style_id(style)
        own = {pos for _, pos, _ in tabs}
        clears = [("clear", int(pos), None) for pos in self.ref.style_tabs.get(style_id or "", ()) if int(pos) not in own]
        return sorted(clears + tabs, key=lambda t: t[1])

    def _page_break(self, block: PageBreak | None, index: int) -> None:
        self.break_before = True

    def _cover(self, block: CoverPage, index: int) -> None:
        if block.logo is not None:
            drawing = self._picture(block.logo, block.logo_alt or block.organisation, None, 5 * EMU_PER_CM, int(2.5 * EMU_PER_CM))
            self.body_p().append(el("w:r", None, drawing))
        org = self.body_p("Forside organisasjon")
        self.runs(org, (Run(block.organisation),))
        if block.image is not None:
            # The photo takes the place of the empty space the style leaves above the title.
            set_spacing(org, after=360)
            picture = self._picture(
                block.image, block.image_alt or block.title, None, self.ref.text_width * EMU_PER_TWIP, 9 * EMU_PER_CM
            )
            self.body_p().append(el("w:r", None, picture))
        color = block.band_color if block.band_color and re.fullmatch(r"[0-9A-Fa-f]{6}", block.band_color) else None
        for style, text in (("Title", block.title), ("Subtitle", block.subtitle)):
            if not text:
                continue
            p = self.body_p(style)
            if color:
                band(p, color.upper())
                p.append(text_run(text, el("w:rPr", None, el("w:color", {"w:val": "FFFFFF"}))))
            else:
                self.runs(p, (Run(text),))
        if block.marking:
            self.runs(self.body_p("Forside merking"), (Run(block.marking),))
        if block.date_text:
            self.runs(self.body_p("Forside dato"), (Run(block.date_text),))
        self.break_before = True

    def _layout_table(self, widths: list[int], borders: bool = False) -> etree._Element:
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

    def _cell(self, tr: etree._Element, width: int) -> etree._Element:
        tc = sub(tr, "w:tc")
        sub(sub(tc, "w:tcPr"), "w:tcW", {"w:w": str(width), "w:type": "dxa"})
        return tc

    def _cell_p(self, tc: etree._Element, style: str | None, text: str | None = None, jc: str | None = None) -> etree._Element:
        p = self._p(style, jc=jc)
        tc.append(p)
        if text:
            p.append(text_run(text))
        return p

    def _letterhead(self, block: Letterhead, index: int) -> None:
        if block.logo is not None:
            drawing = self._picture(block.logo, block.logo_alt or block.organisation, None, 4 * EMU_PER_CM, int(1.6 * EMU_PER_CM))
            self.body_p("Brevhode").append(el("w:r", None, drawing))
        self.runs(self.body_p("Brevhode"), (Run(block.organisation),))
        if block.unit:
            self.runs(self.body_p("Merknad"), (Run(block.unit),))
        for line in block.address_lines:
            self.runs(self.body_p("Merknad"), (Run(line),))
        # "Mottaker" has space before and contextual spacing, so only the first line is pushed down.
        for line in block.recipient_lines or ("",):
            self.runs(self.body_p("Mottaker", keep_next=True), (Run(line),))
        # One «label: value» line per reference, the values aligned on a tab stop: no table to misread.
        column = max((_layout.text_width(f"{label}:", 9.5) for label, _ in block.references), default=0) + 284
        tabs = self._tabs_replacing("Referanse", [("left", column, None)])
        for n, (label, value) in enumerate(block.references):
            last = n == len(block.references) - 1
            p = self.body_p("Referanse", tabs=tabs, keep_next=not last, space_before=240 if n == 0 else None)
            self.runs(p, (Run(f"{label}:\t{value}"),))
        if block.references:
            self.body_p()  # air between the references and the letter's subject

    def _answer_box(self, block: AnswerBox, index: int) -> None:
        self.runs(self.body_p("Svarfelt", keep_next=True), (Run(block.label),))
        box = self._layout_table([self.ref.text_width], borders=True)
        tr = sub(box, "w:tr")
        sub(sub(tr, "w:trPr"), "w:cantSplit")  # a printed form needs each box whole on one page
        if block.field:  # a content control to type into, read back by its tag (write/docx/controls.py)
            _controls.reserve_height(tr, block.lines)
        tc = self._cell(tr, self.ref.text_width)
        if block.field:
            _controls.plain_text_control(self._cell_p(tc, None), block.label, block.field, index)
        else:
            for _ in range(max(1, block.lines)):
                self._cell_p(tc, None)
        self.body_table(box)

    # -- numbering --

    def _numbering_root(self) -> etree._Element:
        if self.ref.numbering_xml is not None:
            return etree.fromstring(self.ref.numbering_xml)
        return el("w:numbering", nsmap={"w": STORY_NSMAP["w"]})

    def _list_definitions(self) -> tuple[int, int]:
        """Return the abstractNum ids for bullets and numbers: the reference's by name, else new ones."""
        found: dict[str, int] = {}
        ids = []
        for abstract in self.numbering.iterfind(qn("w:abstractNum")):
            aid = _int(abstract, "w:abstractNumId", 0)
            ids.append(aid)
            name = abstract.find(qn("w:name"))
            if name is not None:
                found.setdefault(name.get(qn("w:val"), ""), aid)
        next_id = max(ids, default=-1) + 1
        result = []
        for list_name, ordered in ((BULLET_LIST_NAME, False), (NUMBER_LIST_NAME, True)):
            if list_name not in found:
                definition = abstract_list(next_id, list_name, ordered)
                first_num = self.numbering.find(qn("w:num"))
                if first_num is not None:
                    first_num.addprevious(definition)  # all abstractNums must precede all nums
                else:
                    self.numbering.append(definition)
                found[list_name] = next_id
                next_id += 1
            result.append(found[list_name])
        return result[0], result[1]

    def _numbering_xml(self) -> bytes:
        tail = self.numbering.find(qn("w:numIdMacAtCleanup"))
        for num in self.nums:
            if tail is not None:
                tail.addprevious(num)
            else:
                self.numbering.append(num)
        return _xml(self.numbering)

    # -- headers and footers --

    def _header(self, text: str, watermark: str | None, shape_num: int) -> bytes:
        root = el("w:hdr", nsmap=STORY_NSMAP)
        p = el("w:p")
        root.append(p)
        if text:
            ppr = self._ppr("Header")
            if ppr is not None:
                p.append(ppr)
        if watermark:
            p.append(watermark_run(watermark, shape_num))
        if text:
            p.append(text_run(text))
        return _xml(root)

    def _footer(self, page: PageSetup | None, note: bool = False) -> bytes:
        root = el("w:ftr", nsmap=STORY_NSMAP)
        if page is None:
            root.append(el("w:p"))
            return _xml(root)
        if note and page.footer_note:
            self._p("Footer", parent=root).append(text_run(page.footer_note))
        p = self._p("Footer", tabs=self._tabs_replacing("Footer", [("right", self.ref.text_width, None)]))
        root.append(p)
        if page.footer_text:
            p.append(text_run(page.footer_text))
        p.append(el("w:r", None, el("w:tab")))
        p.append(text_run(f"{page.page_label} "))
        p.extend(field("PAGE", "1"))
        p.append(text_run(f" {page.of_label} "))
        p.extend(field("NUMPAGES", "1"))
        return _xml(root)

    def _sect_pr(self) -> etree._Element:
        page = self.doc.page
        sect = etree.fromstring(self.ref.sect_pr)
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
                self.parts.append(pkg.Part("word/" + name, self._header(text, page.watermark, n), pkg.CT_HEADER))
                refs.append(el("w:headerReference", {"w:type": kind, "r:id": self._rel(pkg.RT_HEADER, name)}))
            elif kind == "first":
                name = f"header{n}.xml"  # an empty first-page header, else the default one would show
                self.parts.append(pkg.Part("word/" + name, self._header("", None, n), pkg.CT_HEADER))
                refs.append(el("w:headerReference", {"w:type": kind, "r:id": self._rel(pkg.RT_HEADER, name)}))
        for n, (kind, setup, note) in enumerate(variants, start=1):
            name = f"footer{n}.xml"
            self.parts.append(pkg.Part("word/" + name, self._footer(setup, note), pkg.CT_FOOTER))
            refs.append(el("w:footerReference", {"w:type": kind, "r:id": self._rel(pkg.RT_FOOTER, name)}))
        for i, ref in enumerate(refs):
            sect.insert(i, ref)
        if len(variants) > 1:
            sect_insert(sect, el("w:titlePg"))
        return sect

    # -- assembly --

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
        final = self._sect_pr()
        self._end_sections(final)
        self.body.append(final)
        document = el("w:document", nsmap=STORY_NSMAP)
        document.append(self.body)
        props = self.doc.properties
        language = props.language or "nb-NO"
        parts = [
            pkg.Part("word/document.xml", _xml(document), pkg.CT_DOCUMENT),
            pkg.Part("word/styles.xml", _styles_for_language(self.ref, language), pkg.CT_STYLES),
            pkg.Part("word/numbering.xml", self._numbering_xml(), pkg.CT_NUMBERING),
            pkg.Part("word/settings.xml", _settings_for_language(self.ref, language, self.doc.update_fields), pkg.CT_SETTINGS),
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

_BULLETS = ("\u2022", "\u2013", "\u25aa")  # • – ▪, present in Arial/Liberation Sans and Calibri/Carlito
_NUMBER_FORMATS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))


def abstract_list(abstract_id: int, name: str, ordered: bool, color: str | None = None) -> etree._Element:
    """Return a three-level `w:abstractNum` (bullets • – ▪, or 1. a) i.) indented 0.63 cm per level."""
    abstract = el("w:abstractNum", {"w:abstractNumId": str(abstract_id)})
    sub(abstract, "w:multiLevelType", {"w:val": "hybridMultilevel"})
    sub(abstract, "w:name", {"w:val": name})
    for level in range(9):
        lvl = sub(abstract, "w:lvl", {"w:ilvl": str(level)})
        sub(lvl, "w:start", {"w:val": "1"})
        if ordered:
            fmt, text = _NUMBER_FORMATS[level % 3]
            sub(lvl, "w:numFmt", {"w:val": fmt})
            sub(lvl, "w:lvlText", {"w:val": text.replace(str(level % 3 + 1), str(level + 1))})
        else:
            sub(lvl, "w:numFmt", {"w:val": "bullet"})
            sub(lvl, "w:lvlText", {"w:val": _BULLETS[level % 3]})
        sub(lvl, "w:lvlJc", {"w:val": "left"})
        sub(sub(lvl, "w:pPr"), "w:ind", {"w:left": str(357 * (level + 1)), "w:hanging": "357"})
        if not ordered or color:
            rpr = sub(lvl, "w:rPr")
            if not ordered:
                sub(rpr, "w:rFonts", {"w:ascii": "Arial", "w:hAnsi": "Arial", "w:hint": "default"})
            if color:
                sub(rpr, "w:color", {"w:val": color})
    return abstract


_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _image_header(blob: bytes) -> tuple[str, int, int]:
    """Return (extension, width px, height px) of a PNG, GIF or JPEG (JFIF/Exif) image.

    Reading these few header bytes here spares every build the import of python-docx (~45 ms);
    anything else (BMP, TIFF, unusual JPEGs) still goes to python-docx's parser, which gives the
    same answers for these formats and raises for files it cannot read.
    """
    if blob[:8] == b"\x89PNG\r\n\x1a\n" and blob[12:16] == b"IHDR":
        width, height = struct.unpack(">II", blob[16:24])
        return "png", width, height
    if blob[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", blob[6:10])
        return "gif", width, height
    if blob[:3] == b"\xff\xd8\xff" and blob[6:10] in (b"JFIF", b"Exif"):
        i = 2
        while i + 9 <= len(blob) and blob[i] == 0xFF:
            marker = blob[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
            elif marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
                i += 2
            elif marker in _JPEG_FRAMES:
                height, width = struct.unpack(">HH", blob[i + 5 : i + 9])
                return "jpg", width, height
            elif marker == 0xDA:  # image data before any frame header
                break
            else:
                i += 2 + struct.unpack(">H", blob[i + 2 : i + 4])[0]
    from docx.image.image import Image as _ImageHeader  # python-docx's header parser

    header = _ImageHeader.from_blob(blob)
    return header.ext, header.px_width, header.px_height


def write_docx(doc: Document, reference: Path | None = None) -> bytes:
    """Return the .docx bytes for `doc`, styled by `reference` (default: the library's referanse.docx)."""
    from planbygg.write.limits import check_numbers

    check_numbers(doc)
    return _Builder(keep_closing_together(doc), _load_reference(reference)).build()


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
