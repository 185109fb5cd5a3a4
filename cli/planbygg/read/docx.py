"""Read any .docx (planbygg's, hand-edited, pandoc's, LibreOffice's) into a plain structure for checking.

Headings are recognised by style *name* (`heading 1`, `Heading 1`, `Overskrift 1`, `Title`,
`Tittel`) and by outline level, in the paragraph or inherited from its style, never by the
localised style id (Norwegian Word writes `Overskrift1`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}
HEADING_NAME_RE = re.compile(r"^(?:heading|overskrift|berschrift|rubrik)\s*(\d)$", re.IGNORECASE)
TITLE_NAMES = {"title", "tittel", "titel"}
LIST_NAME_RE = re.compile(r"list|liste|punkt|bullet", re.IGNORECASE)


@dataclass
class DocxParagraph:
    """A body paragraph (not a heading) with its position under the nearest heading."""

    text: str
    heading: str | None  # text of the nearest heading above, None before the first
    index: int  # 1-based paragraph number under that heading
    style: str = ""
    is_list: bool = False


@dataclass
class DocxHeading:
    """A heading; level 0 is the document title."""

    level: int
    text: str
    style: str
    order: int  # position among all body blocks


@dataclass
class DocxTable:
    """A table with its first row as header; `header_flag` tells whether that row is marked as a header."""

    number: int  # 1-based
    header: list[str]
    rows: list[list[str]]
    heading: str | None
    header_flag: bool


@dataclass
class DocxImage:
    """A picture (wp:docPr) with its alternative text."""

    number: int
    name: str
    descr: str
    title: str
    decorative: bool
    heading: str | None


@dataclass
class DocxBlock:
    """One body block in document order: a heading, a paragraph or a table."""

    kind: str  # heading | paragraph | table
    item: DocxHeading | DocxParagraph | DocxTable


@dataclass
class DocxContent:
    """Everything `planbygg check` needs from one .docx."""

    path: Path
    name: str
    blocks: list[DocxBlock] = field(default_factory=list)
    images: list[DocxImage] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    language: str = ""  # dc:language, else the default run language in styles.xml
    header_footer_text: str = ""

    @property
    def headings(self) -> list[DocxHeading]:
        return [b.item for b in self.blocks if isinstance(b.item, DocxHeading)]

    @property
    def paragraphs(self) -> list[DocxParagraph]:
        return [b.item for b in self.blocks if isinstance(b.item, DocxParagraph)]

    @property
    def tables(self) -> list[DocxTable]:
        return [b.item for b in self.blocks if isinstance(b.item, DocxTable)]


def read_docx(path: Path) -> DocxContent:
    """Read a .docx file; an unreadable file raises PlanbyggError (exit code 2)."""
    import docx  # python-docx is only needed when a .docx is checked
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
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
    out = DocxContent(path=path, name=path.name)
    styles = _style_info(document)
    heading: str | None = None
    para_index = 0
    table_no = 0
    body = document.element.body
    order = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            order += 1
            text = _text(child)
            style_id = child.xpath("string(./w:pPr/w:pStyle/@w:val)")
            style_name, style_level, style_list = styles.get(style_id, ("", None, False))
            if not style_id and "" in styles:
                style_name, style_level, style_list = styles[""]
            own = child.xpath("string(./w:pPr/w:outlineLvl/@w:val)")
            level = _heading_level(style_name, int(own) + 1 if own.isdigit() else style_level)
            if level is not None and level < 9 and text.strip():
                out.blocks.append(DocxBlock("heading", DocxHeading(level, text.strip(), style_name, order)))
                heading = text.strip()
                para_index = 0
            elif text.strip():
                para_index += 1
                is_list = style_list or bool(child.xpath("./w:pPr/w:numPr"))
                out.blocks.append(DocxBlock("paragraph", DocxParagraph(text.strip(), heading, para_index, style_name, is_list)))
        elif tag == "tbl":
            order += 1
            table_no += 1
            rows = [[_text(tc).strip() for tc in tr.xpath("./w:tc")] for tr in child.xpath("./w:tr")]
            flag = bool(child.xpath("./w:tr[1]/w:trPr/w:tblHeader[not(@w:val) or @w:val!='0' and @w:val!='false']"))
            header = rows[0] if rows else []
            out.blocks.append(DocxBlock("table", DocxTable(table_no, header, rows[1:], heading, flag)))
    out.images = _images(body, out)
    out.properties = _properties(document)
    out.language = out.properties.get("language") or _default_language(document)
    out.header_footer_text = _header_footer_text(document)
    return out


def _text(element) -> str:
    """Text of a paragraph or cell, with tabs and breaks as spaces and cell paragraphs as lines."""
    parts: list[str] = []
    for p in element.iter(f"{{{W}}}p") if element.tag != f"{{{W}}}p" else [element]:
        line = []
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            line.append((node.text or "") if node.tag == f"{{{W}}}t" else " ")
        parts.append("".join(line))
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


def _images(body, out: DocxContent) -> list[DocxImage]:
    """Every picture in the body with its nearest heading."""
    images: list[DocxImage] = []
    heading: str | None = None
    headings = {h.order: h.text for h in out.headings}
    order = 0
    for child in body.iterchildren():
        if child.tag.rsplit("}", 1)[-1] in ("p", "tbl"):
            order += 1
        heading = headings.get(order, heading)
        for pr in child.iter(f"{{{WP}}}docPr"):
            graphic = pr.getparent().xpath(".//*[local-name()='pic' or local-name()='chart']")
            if not graphic:
                continue
            decorative = any("decorative" in (e.tag or "") and e.get("val") in ("1", "true") for e in pr.iter())
            images.append(
                DocxImage(
                    len(images) + 1,
                    pr.get("name") or "",
                    (pr.get("descr") or "").strip(),
                    (pr.get("title") or "").strip(),
                    decorative,
                    heading,
                )
            )
    return images


def _properties(document) -> dict[str, str]:
    cp = document.core_properties
    props = {
        "title": cp.title or "",
        "author": cp.author or "",
        "subject": cp.subject or "",
        "keywords": cp.keywords or "",
        "language": cp.language or "",
        "category": cp.category or "",
        "created": cp.created.date().isoformat() if cp.created else "",
    }
    return props


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
