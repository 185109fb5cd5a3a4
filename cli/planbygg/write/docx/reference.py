"""The reference .docx a document is written on: its styles, numbering, settings and page setup, parsed once."""

from __future__ import annotations

import copy
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from planbygg.errors import Problem, TemplateError
from planbygg.location import SourceLocation
from planbygg.write.docx import package as pkg
from planbygg.write.docx.ooxml import (
    STORY_NSMAP,
    declared_ignorable_xml,
    el,
    qn,
    sub,
)

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
FALLBACK = {
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
class Reference:
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


def int_attr(node: etree._Element | None, attr: str, default: int) -> int:
    if node is None:
        return default
    value = node.get(qn(attr))
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


@lru_cache(maxsize=16)
def parse_reference(key: tuple[str, int, int]) -> Reference:
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
        int_attr(pg_mar, "w:top", 1417),
        int_attr(pg_mar, "w:right", 1417),
        int_attr(pg_mar, "w:bottom", 1417),
        int_attr(pg_mar, "w:left", 1417),
    )
    return Reference(
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
        page_width=int_attr(pg_sz, "w:w", 11906),
        page_height=int_attr(pg_sz, "w:h", 16838),
        margins=margins,
    )


def load_reference(reference: Path | None) -> Reference:
    """Return the parsed reference, re-read only when the file changes (path, mtime, size)."""
    path = Path(reference) if reference is not None else default_reference()
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(
            [Problem(f"Finner ikke referansedokumentet «{path}».", hint="Kontroller stien til referanse-.docx-filen.")]
        ) from exc
    try:
        return parse_reference((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
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
    ref = load_reference(reference)
    missing = []
    for name in REQUIRED_STYLES:
        kind = "character" if name in CHARACTER_STYLES else "table" if name in TABLE_STYLES else "paragraph"
        if (kind, name.lower()) not in ref.style_ids:
            missing.append(name)
    missing += [n for n in extra if ("paragraph", n.lower()) not in ref.style_ids and n not in missing]
    return missing


@lru_cache(maxsize=32)
def styles_for_language(ref: Reference, language: str) -> bytes:
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
def settings_for_language(ref: Reference, language: str, update_fields: bool = False) -> bytes:
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
