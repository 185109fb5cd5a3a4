"""Read a saved web page or an HTML file into the document model for checking.

Municipal CMS pages wrap the text in navigation, cookie banners, breadcrumbs and footers; the
reader keeps <main> (or the largest <article>, or the body) and drops that chrome. Headings h1–h6,
paragraphs, lists, tables (th cells make the header row), images with their alt text and quotes
(<blockquote>, kept with the style «Quote») become blocks. pandoc marks the title (h1.title) and
becomes a level-0 heading; LibreOffice's HTML export writes the Title style as a plain paragraph. lxml.html is used because it is already
installed (python-docx needs it), is fast, and repairs the broken markup real pages have.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation
from ..model import Block, Document, Heading, Image, ListBlock, ListItem, Paragraph, Properties, Run, Table

DROP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button", "select", "iframe"}
# class/id words of page chrome on municipal CMS pages (ACOS, Jalla, Episerver, WordPress …)
CHROME_RE = re.compile(
    r"cookie|consent|gdpr|banner|breadcrumb|skip|share|social|sidebar|sidemeny|menu|meny|navbar|toolbar|"
    r"search|sok-|print|rating|feedback|tilbakemelding-skjema|newsletter",
    re.IGNORECASE,
)
HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "ul", "ol", "dl", "table", "blockquote", "figure",
    "figcaption", "pre", "address", "li", "dt", "dd", "hr", "details", "summary", "body", *HEADING_TAGS,
}  # fmt: skip
SPACE_RE = re.compile(r"\s+")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html(path: Path) -> Document:
    """Read an .html/.htm file; an unreadable file raises PlanbyggError (exit code 2)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanbyggError([Problem(f"kan ikke lese «{path.name}»: {exc.strerror}", SourceLocation(str(path)))]) from exc
    return parse_html(data, path.name)


def parse_html(data: bytes | str, name: str = "") -> Document:
    """Parse HTML text into a Document; `name` is the file name shown in evidence locations."""
    import lxml.html
    from lxml import etree

    text = data if isinstance(data, str) else _decode(data)
    # lxml refuses str input that starts with an XML declaration naming an encoding
    text = XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        raise PlanbyggError([Problem(f"«{name}» er tom", SourceLocation(name), "lagre nettsiden på nytt (Fil – Lagre som)")])
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise PlanbyggError([Problem(f"kan ikke lese «{name}» som HTML ({exc})", SourceLocation(name))]) from exc
    properties = _properties(root)
    _strip_chrome(root)
    content = _content_root(root)
    blocks = _Walker().run(content)
    return Document(kind="", properties=properties, blocks=tuple(blocks), name=name)


def _decode(data: bytes) -> str:
    """The page's text: BOM, then the declared charset, then UTF-8, then Windows-1252 (old CMS pages)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    declared = CHARSET_RE.search(data[:4096])
    codecs = [declared.group(1).decode("ascii").lower()] if declared else []
    for codec in [*codecs, "utf-8"]:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _properties(root) -> Properties:
    """Title, language, author and description from <title>, <html lang> and <meta>."""
    title = _clean(root.findtext(".//title") or "")
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    body = root.find("body")
    if not lang and body is not None:
        lang = (body.get("lang") or "").strip()  # LibreOffice puts it on <body>
    if not lang:
        lang = _meta(root, "language") or _meta(root, "dc.language") or ""
    return Properties(
        title=title,
        author=_meta(root, "author") or _meta(root, "dc.publisher") or "",
        description=_meta(root, "description") or "",
        language=_language(lang),
        keywords=tuple(k.strip() for k in (_meta(root, "keywords") or "").split(",") if k.strip()),
    )


def _meta(root, name: str) -> str:
    for meta in root.iter("meta"):
        if (meta.get("name") or meta.get("property") or "").lower() == name:
            return (meta.get("content") or "").strip()
    return ""


def _language(lang: str) -> str:
    """nn → nn-NO, nb/no → nb-NO; other languages are kept as given."""
    low = lang.lower()
    if low.startswith("nn"):
        return "nn-NO"
    if low.startswith(("nb", "no")):
        return "nb-NO"
    return lang


def _strip_chrome(root) -> None:
    """Remove scripts, navigation, footers and elements whose class or id marks them as page chrome."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments and processing instructions
            doomed.append(el)
            continue
        tag = el.tag.lower()
        marker = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
        if tag in DROP_TAGS or el.get("hidden") is not None or el.get("aria-hidden") == "true":
            doomed.append(el)
        elif tag == "header" and "title-block-header" not in marker:
            # a page header is chrome; pandoc's title block is the document title
            doomed.append(el)
        elif tag not in ("html", "body", "main", "article") and marker.strip() and CHROME_RE.search(marker):
            doomed.append(el)
        elif "navigation" in marker or "contentinfo" in marker or el.get("title") in ("header", "footer"):
            # LibreOffice's HTML export puts the page header and footer in <div title="header">
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


def _content_root(root):
    """<main> (or role=main), else the largest <article>, else the body."""
    for el in root.iter("main"):
        return el
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("role") == "main":
            return el
    articles = list(root.iter("article"))
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    body = root.find("body")
    return body if body is not None else root


def _clean(text: str) -> str:
    # LibreOffice marks a content control's bounds with \x04 and \x05: control characters are not text
    return SPACE_RE.sub(" ", CONTROL_RE.sub("", text)).strip()


class _Walker:
    """Turns the content element into blocks, keeping loose inline text as paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.inline: list[str] = []

    def run(self, el) -> list[Block]:
        self._children(el)
        self._flush()
        return self.blocks

    def _flush(self, style: str | None = None) -> None:
        text = _clean("".join(self.inline))
        self.inline = []
        if text:
            self.blocks.append(Paragraph((Run(text),), style=style))

    def _children(self, el) -> None:
        if el.text:
            self.inline.append(el.text)
        for child in el:
            self._element(child)
            if child.tail:
                self.inline.append(child.tail)

    def _element(self, el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "br":
            self.inline.append("\n")
        elif tag == "img":
            self._flush()
            self.blocks.append(Image(None, alt=_clean(el.get("alt") or ""), decorative=el.get("alt") == ""))
        elif tag in HEADING_TAGS:
            self._flush()
            text = _clean(el.text_content())
            if text:
                level = 0 if "title" in (el.get("class") or "").split() else HEADING_TAGS[tag]
                self.blocks.append(Heading(level, text))
        elif tag in ("ul", "ol"):
            self._flush()
            items = list(self._list_items(el, 0))
            if items:
                self.blocks.append(ListBlock(tuple(items), ordered=tag == "ol"))
        elif tag == "table":
            self._flush()
            table = _table(el)
            if table is not None:
                self.blocks.append(table)
            for img in el.iter("img"):
                self.blocks.append(Image(None, alt=_clean(img.get("alt") or ""), decorative=img.get("alt") == ""))
        elif tag == "blockquote":
            self._flush()
            before = len(self.blocks)
            self._children(el)
            self._flush()
            # quoted text is marked so the check can tell a quotation from the document's own words
            self.blocks[before:] = [
                Paragraph(b.runs, style="Quote") if isinstance(b, Paragraph) else b for b in self.blocks[before:]
            ]
        elif tag in ("p", "pre", "address", "figcaption", "dt", "dd", "summary"):
            self._flush()
            self._children(el)
            self._flush("Caption" if tag == "figcaption" else None)
        elif tag in BLOCK_TAGS:
            self._flush()
            self._children(el)
            self._flush()
        else:  # inline: span, a, strong, em …
            self._children(el)

    def _list_items(self, el, level: int):
        for li in el:
            if not isinstance(li.tag, str) or li.tag.lower() != "li":
                continue
            nested = [c for c in li if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
            for sub in nested:
                li.remove(sub)
            text = _clean(li.text_content())
            if text:
                yield ListItem((Run(text),), level)
            for sub in nested:
                yield from self._list_items(sub, level + 1)


def _table(el) -> Table | None:
    """A table: the first row with th cells (or the thead) is the header; nested tables are flattened."""
    rows = [tr for tr in el.iter("tr") if _owner_table(tr) is el]
    if not rows:
        return None
    cells = [[c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")] for tr in rows]
    first = cells[0]
    in_head = rows[0].getparent() is not None and rows[0].getparent().tag.lower() == "thead"
    marked = in_head or (bool(first) and all(c.tag.lower() == "th" for c in first))
    header = tuple(_clean(c.text_content()) for c in first)
    body = tuple(tuple((Run(_clean(c.text_content())),) for c in row) for row in cells[1:] if row)
    caption = el.find("caption")
    return Table(header, body, caption=_clean(caption.text_content()) if caption is not None else None, header_marked=marked)


def _owner_table(tr):
    node = tr.getparent()
    while node is not None and node.tag.lower() != "table":
        node = node.getparent()
    return node
