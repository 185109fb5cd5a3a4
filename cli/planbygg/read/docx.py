"""Read any .docx (planbygg's, hand-edited, pandoc's, LibreOffice's) into the document model for checking.

Headings are recognised by style *name* (`heading 1`, `Heading 1`, `Overskrift 1`, `Title`,
`Tittel`) and by outline level, in the paragraph or inherited from its style, never by the
localised style id (Norwegian Word writes `Overskrift1`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation
from ..model import Block, Document, Heading, Image, ListBlock, ListItem, PageSetup, Paragraph, Properties, Run, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}
HEADING_NAME_RE = re.compile(r"^(?:heading|overskrift|berschrift|rubrik)\s*(\d)$", re.IGNORECASE)
TITLE_NAMES = {"title", "tittel", "titel"}
STANDARD_BOOKMARK = "_planbygg_standardtekst_"  # see write/docx/writer.py
TOC_NAME_RE = re.compile(
    r"^(toc|innholdsfortegnelse|verzeichnis|contents)\b|^(toc heading|overskrift for innholdsfortegnelse)$", re.I
)
LIST_NAME_RE = re.compile(r"list|liste|punkt|bullet", re.IGNORECASE)


MAX_UNPACKED = 500 * 1024 * 1024  # a long plan with photos is under 50 MB unpacked


def refuse_zip_bomb(path: Path) -> None:
    """Refuse a package that would unpack to more than MAX_UNPACKED bytes (before anything is unpacked)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            size = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: the reader's own error says so
    if size > MAX_UNPACKED:
        raise PlanbyggError(
            [
                Problem(
                    f"«{path.name}» blir {size // (1024 * 1024)} MB når den pakkes ut; det er for stort",
                    SourceLocation(str(path)),
                )
            ]
        )


def read_docx(path: Path) -> Document:
    """Read a .docx file into the document model; an unreadable file raises PlanbyggError (exit code 2)."""
    import docx  # python-docx is only needed when a .docx is read
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise PlanbyggError(
            [
                Problem(
                    f"kan ikke lese «{path.name}» som .docx ({exc.__class__.__name__})",
                    SourceLocation(str(path)),
                    "lagre filen som Word-dokument (.docx)",
                )
            ]
        ) from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors
        raise PlanbyggError(
            [Problem(f"kan ikke lese «{path.name}»: {exc}", SourceLocation(str(path)), "er filen en ekte .docx?")]
        ) from exc
    if document.element.body is None:
        raise PlanbyggError([Problem("dokumentet har ingen brødtekst (w:body mangler)", SourceLocation(str(path)))])
    styles = _style_info(document)
    blocks: list[Block] = []
    pending: list[ListItem] = []

    def flush_list() -> None:
        if pending:
            blocks.append(ListBlock(tuple(pending)))
            pending.clear()

    standard_ids: set[str] = set()  # open bookmarks that mark planbygg's standard text
    for child in _body_blocks(document.element.body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "bookmarkStart":
            if (child.get(f"{{{W}}}name") or "").startswith(STANDARD_BOOKMARK):
                standard_ids.add(child.get(f"{{{W}}}id") or "")
            continue
        if tag == "bookmarkEnd":
            standard_ids.discard(child.get(f"{{{W}}}id") or "")
            continue
        inner = child.xpath(f"./w:bookmarkStart[starts-with(@w:name, '{STANDARD_BOOKMARK}')]") if tag == "p" else []
        source = SourceLocation(path.name, standard=True) if standard_ids or inner else None
        if tag == "p":
            text = _text(child).strip()
            style_id = child.xpath("string(./w:pPr/w:pStyle/@w:val)")
            style_name, style_level, style_list = styles.get(style_id, ("", None, False))
            if not style_id and "" in styles:
                style_name, style_level, style_list = styles[""]
            own = child.xpath("string(./w:pPr/w:outlineLvl/@w:val)")
            if TOC_NAME_RE.match(style_name):
                continue  # the table of contents repeats the headings; it is not text of its own
            level = _heading_level(style_name, int(own) + 1 if own.isdigit() else style_level)
            if level is not None and level < 9 and text:
                flush_list()
                blocks.append(Heading(level, text, source=source))
            elif text:
                if style_list or child.xpath("./w:pPr/w:numPr"):
                    ilvl = child.xpath("string(./w:pPr/w:numPr/w:ilvl/@w:val)")
                    pending.append(ListItem((Run(text),), int(ilvl) if ilvl.isdigit() else 0, source=source))
                else:
                    flush_list()
                    blocks.append(Paragraph((Run(text),), style=style_name or None, source=source))
            blocks.extend(_images(child))
        elif tag == "tbl":
            flush_list()
            rows = [tuple((Run(_text(tc).strip()),) for tc in tr.xpath("./w:tc")) for tr in child.xpath("./w:tr")]
            marked = bool(child.xpath("./w:tr[1]/w:trPr/w:tblHeader[not(@w:val) or @w:val!='0' and @w:val!='false']"))
            header = tuple("".join(r.text for r in cell) for cell in rows[0]) if rows else ()
            blocks.append(Table(header, tuple(rows[1:]), header_marked=marked, source=source))
            blocks.extend(_images(child))
    flush_list()
    return Document(
        kind="",
        properties=_properties(document),
        blocks=tuple(blocks),
        page=PageSetup(header_text=_header_footer_text(document)),
        name=path.name,
    )


def _body_blocks(body):
    """Paragraphs and tables of the body in order, including those inside content controls (w:sdt)."""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl", "bookmarkStart", "bookmarkEnd"):
            yield child
        elif tag == "sdt":
            for content in child.iterchildren(f"{{{W}}}sdtContent"):
                yield from _body_blocks(content)


def _text(element) -> str:
    """Text of a paragraph or cell, with tabs and breaks as spaces and cell paragraphs as lines."""
    parts: list[str] = []
    for p in element.iter(f"{{{W}}}p") if element.tag != f"{{{W}}}p" else [element]:
        line = []
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            line.append((node.text or "") if node.tag == f"{{{W}}}t" else " ")
        parts.append("".join(line).replace("\u200b", "").replace("\u00ad", ""))  # break opportunities are not text
    return "\n".join(parts)


def _heading_level(style_name: str, outline: int | None) -> int | None:
    """0 for a title, 1–9 for headings, None for body text."""
    name = style_name.strip().lower()
    if name in TITLE_NAMES:
        return 0
    m = HEADING_NAME_RE.match(name)
    if m:
        return int(m.group(1))
    return outline


def _style_info(document) -> dict[str, tuple[str, int | None, bool]]:
    """Map style id → (name, outline level incl. inherited, is a list style); key "" is the default style."""
    root = document.styles.element
    raw: dict[str, tuple[str, int | None, str | None, bool]] = {}
    default = ""
    for st in root.xpath("./w:style[@w:type='paragraph']"):
        sid = st.get(f"{{{W}}}styleId") or ""
        name = st.xpath("string(./w:name/@w:val)") or sid
        lvl = st.xpath("string(./w:pPr/w:outlineLvl/@w:val)")
        based = st.xpath("string(./w:basedOn/@w:val)") or None
        numbered = bool(st.xpath("./w:pPr/w:numPr"))
        raw[sid] = (name, int(lvl) + 1 if lvl.isdigit() else None, based, numbered)
        if st.get(f"{{{W}}}default") in ("1", "true"):
            default = sid
    info: dict[str, tuple[str, int | None, bool]] = {}
    for sid, (name, lvl, based, numbered) in raw.items():
        seen = {sid}
        cur = based
        while lvl is None and cur and cur in raw and cur not in seen:
            seen.add(cur)
            # Inherit the outline level, but not from a heading style (a "Heading 1 Char"-like copy).
            base_name, base_lvl, cur_next, _ = raw[cur]
            lvl = base_lvl if HEADING_NAME_RE.match(base_name.lower()) is None else None
            cur = cur_next
        info[sid] = (name, lvl, numbered or bool(LIST_NAME_RE.search(name)))
    if default in info:
        info[""] = info[default]
    return info


def _images(element) -> list[Image]:
    """The pictures and charts inside one paragraph or table, with their alternative text."""
    images: list[Image] = []
    for pr in element.iter(f"{{{WP}}}docPr"):
        if not pr.getparent().xpath(".//*[local-name()='pic' or local-name()='chart']"):
            continue
        decorative = any("decorative" in (e.tag or "") and e.get("val") in ("1", "true") for e in pr.iter())
        alt = (pr.get("descr") or "").strip() or (pr.get("title") or "").strip()
        images.append(Image(None, alt=alt, decorative=decorative))
    return images


def _properties(document) -> Properties:
    """Core and custom properties; the language falls back to the styles' default run language."""
    cp = document.core_properties
    return Properties(
        title=cp.title or "",
        author=cp.author or "",
        subject=cp.subject or "",
        keywords=tuple(k.strip() for k in (cp.keywords or "").replace(";", ",").split(",") if k.strip()),
        language=cp.language or _default_language(document),
        category=cp.category or "",
        timestamp=int(cp.created.timestamp()) if cp.created else 0,
        custom=_custom_properties(document),
    )


def _custom_properties(document) -> tuple[tuple[str, str], ...]:
    """docProps/custom.xml as (name, value) pairs: planbygg writes the document kind there."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = next(r.target_part for r in document.part.package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES)
    except StopIteration:
        return ()
    from lxml import etree

    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return ()
    out = []
    for prop in root:
        name = prop.get("name")
        if name:
            out.append((name, "".join(prop.itertext()).strip()))
    return tuple(out)


def _default_language(document) -> str:
    """The w:lang of docDefaults, or of the default paragraph style."""
    root = document.styles.element
    val = root.xpath("string(./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)")
    if not val:
        val = root.xpath("string(./w:style[@w:default='1' and @w:type='paragraph']/w:rPr/w:lang/@w:val)")
    return val


def _header_footer_text(document) -> str:
    parts: list[str] = []
    try:
        for section in document.sections:
            for hf in (section.header, section.footer):
                if not hf.is_linked_to_previous:
                    parts.extend(p.text for p in hf.paragraphs if p.text.strip())
    except Exception:  # odd section setups must not stop the check
        pass
    return "\n".join(parts)
