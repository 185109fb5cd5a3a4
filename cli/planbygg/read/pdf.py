"""Read a PDF into the document model for checking, each block located by page.

A tagged PDF (Word, LibreOffice with «Tagged PDF», most accessible municipal PDFs) is read from its
structure tree: H1–H6, P, L/LI, Table/TR/TH/TD, Figure with its alternative text; page headers and
footers are artifacts outside the tree. An untagged PDF is read from its layout: the most common
font size is body text, larger sizes are headings (largest first), short bold lines are the
lowest heading level, bullets start list items, ruled tables become tables, and lines repeated at
the top or bottom of the pages are taken as header and footer, and a bulleted list set in two
columns is read column by column (pdfcolumns.py). pdfplumber (on pdfminer.six) is used
because it gives characters with font, size, position and marked-content ids, the structure tree
and table detection in one well-kept library.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation
from ..model import Block, Document, Heading, Image, ListBlock, ListItem, PageSetup, Paragraph, Properties, Run, Table
from .pdfcolumns import two_columns

# «1. juni 2023» at the start of a line is a date, not a numbered item
NOT_A_DATE = r"(?!\s*(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b)"
BULLET_RE = re.compile(rf"(?i)^\s*(?:[•●▪◦‣∙·\-–*\uf000-\uf8ff]|\d{{1,2}}[.)]{NOT_A_DATE})\s*")
PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")
SPACE_RE = re.compile(r"\s+")
TOC_LINE_RE = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|\s\d+$(?<=\.{2}\s\d)")
PAGE_NUMBER_RE = re.compile(r"^(?:side\s+)?\d+(?:\s*(?:av|/)\s*\d+)?$", re.IGNORECASE)
CONTAINERS = {"Document", "Part", "Sect", "Div", "Art", "NonStruct", "Private", "TOC", "TOCI", "Index", "Form", "Link", "Annot"}


def read_pdf(path: Path) -> Document:
    """Read a .pdf file; an unreadable or encrypted file raises PlanbyggError (exit code 2)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, OSError, ValueError) as exc:
        raise PlanbyggError(
            [
                Problem(
                    f"kan ikke lese «{path.name}» som PDF ({exc.__class__.__name__})",
                    SourceLocation(str(path)),
                    "er filen en ekte PDF?",
                )
            ]
        ) from exc
    except Exception as exc:  # pdfminer raises its own types for encrypted or damaged files
        raise PlanbyggError(
            [
                Problem(
                    f"kan ikke lese «{path.name}»: {exc.__class__.__name__}",
                    SourceLocation(str(path)),
                    "lagre PDF-en på nytt uten passord",
                )
            ]
        ) from exc
    with pdf:
        properties = _properties(pdf)
        tree = _structure_tree(pdf)
        header = ""
        if tree and _has_text(tree):
            blocks = _TreeReader(pdf, path.name).run(tree)
        else:
            blocks, header = _layout(pdf, path.name)
    blocks = _join_tables(blocks)
    return Document(kind="", properties=properties, blocks=tuple(blocks), page=PageSetup(header_text=header), name=path.name)


def _structure_tree(pdf: Any) -> list[dict]:
    """The document's structure tree; page by page when pdfplumber cannot parse the whole tree at once."""
    try:
        return pdf.structure_tree
    except Exception:  # pdfplumber fails on some LibreOffice trees (a dangling reference); pages still parse
        pass
    tree: list[dict] = []
    for page in pdf.pages:
        try:
            nodes = page.structure_tree
        except Exception:
            return []  # a damaged tree: read the layout instead
        tree.extend(_on_page(node, page.page_number) for node in nodes)
    return tree


def _on_page(node: dict, page_number: int) -> dict:
    """A node of a page's tree with its page number filled in (a page's tree leaves it out)."""
    children = [_on_page(c, page_number) for c in node.get("children") or []]
    return {**node, "page_number": node.get("page_number") or page_number, "children": children}


def _join_tables(blocks: list[Block]) -> list[Block]:
    """Join tables that follow each other with the same columns: a table continued on the next page (its
    header row repeated or not), or one whose rows an untagged PDF's ruling split into separate tables."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if isinstance(block, Table) and isinstance(last, Table) and len(block.header) == len(last.header):
            rows = block.rows if block.header == last.header else ((tuple((Run(c),) for c in block.header)), *block.rows)
            out[-1] = Table(
                last.header, last.rows + tuple(rows), caption=last.caption, source=last.source, header_marked=last.header_marked
            )
        else:
            out.append(block)
    return out


def _properties(pdf: Any) -> Properties:
    meta = pdf.metadata or {}
    lang = pdf.doc.catalog.get("Lang")
    lang = _resolve(lang)
    if isinstance(lang, bytes):
        lang = lang.decode("latin-1", errors="replace")
    return Properties(
        title=str(meta.get("Title") or ""),
        author=str(meta.get("Author") or ""),
        subject=str(meta.get("Subject") or ""),
        keywords=tuple(k.strip() for k in str(meta.get("Keywords") or "").replace(";", ",").split(",") if k.strip()),
        language=str(lang or ""),
    )


def _resolve(obj: Any) -> Any:
    from pdfminer.pdftypes import resolve1

    return resolve1(obj)


def _clean(text: str) -> str:
    return SPACE_RE.sub(" ", PRIVATE_USE_RE.sub("", text)).strip()


def _has_text(tree: list[dict]) -> bool:
    return any(node.get("mcids") or _has_text(node.get("children") or []) for node in tree)


# ---------------------------------------------------------------- tagged PDF


class _TreeReader:
    """Blocks from the structure tree; the text of an element is the text of its marked content."""

    def __init__(self, pdf: Any, name: str) -> None:
        self.pdf = pdf
        self.name = name
        self.chars: dict[int, dict[int, list[dict]]] = {}  # page → mcid → chars
        self.tags: dict[tuple[int, int], str] = {}  # (page, mcid) → marked-content tag («Title», «H1» …)
        self.blocks: list[Block] = []

    def run(self, tree: list[dict]) -> list[Block]:
        for node in tree:
            self._node(node)
        return self.blocks

    def _page_chars(self, page_number: int) -> dict[int, list[dict]]:
        if page_number not in self.chars:
            by_mcid: dict[int, list[dict]] = {}
            if 1 <= page_number <= len(self.pdf.pages):
                for ch in self.pdf.pages[page_number - 1].chars:
                    if ch.get("mcid") is not None:
                        by_mcid.setdefault(ch["mcid"], []).append(ch)
                        if ch.get("tag"):
                            self.tags[(page_number, ch["mcid"])] = ch["tag"]
            self.chars[page_number] = by_mcid
        return self.chars[page_number]

    def _text(self, node: dict) -> str:
        """All text under a node, in content order."""
        from pdfplumber.utils import extract_text

        parts: list[str] = []
        page = node.get("page_number") or 1
        chars = [c for mcid in node.get("mcids") or [] for c in self._page_chars(page).get(mcid, [])]
        if chars:
            parts.append(extract_text(chars))
        parts.extend(self._text(child) for child in node.get("children") or [])
        return _clean(" ".join(p for p in parts if p))

    def _where(self, node: dict) -> SourceLocation:
        return SourceLocation(self.name, page=node.get("page_number") or 1)

    def _node(self, node: dict) -> None:
        kind = node.get("type") or ""
        where = self._where(node)
        if kind in ("H", "H1", "H2", "H3", "H4", "H5", "H6", "Title"):
            text = self._text(node)
            if text:
                level = 0 if kind == "Title" else int(kind[1]) if len(kind) == 2 else 1
                self.blocks.append(Heading(level, text, source=where))
        elif kind in ("P", "Span", "Quote", "BlockQuote", "Caption", "Note", "Code", "Lbl"):
            text = self._text(node)
            if not text:
                return
            tag = self._mc_tag(node) or ""
            if tag == "Title" or re.fullmatch(r"H[1-6]", tag):
                self.blocks.append(Heading(0 if tag == "Title" else int(tag[1]), text, source=where))
            else:
                style = {"Quote": "Quote", "BlockQuote": "Quote", "Caption": "Caption"}.get(kind)
                self.blocks.append(Paragraph((Run(text),), style=style, source=where))
        elif kind == "L":
            items = list(self._items(node, 0))
            if items:
                self.blocks.append(ListBlock(tuple(items), source=where))
        elif kind == "Table":
            table = self._table(node)
            if table is not None:
                self.blocks.append(table)
        elif kind in ("Figure", "Formula"):
            alt = _clean(str(node.get("alt_text") or (node.get("attributes") or {}).get("Alt") or ""))
            self.blocks.append(Image(None, alt=alt, source=where))
        else:  # containers and unknown roles: their children carry the content
            own = node.get("mcids")
            if own and kind not in CONTAINERS:
                text = self._text({**node, "children": []})
                if text:
                    self.blocks.append(Paragraph((Run(text),), source=where))
            for child in node.get("children") or []:
                self._node(child)

    def _mc_tag(self, node: dict) -> str | None:
        page = node.get("page_number") or 1
        self._page_chars(page)
        for mcid in node.get("mcids") or []:
            tag = self.tags.get((page, mcid))
            if tag:
                return tag
        return None

    def _items(self, node: dict, level: int):
        for child in node.get("children") or []:
            if child.get("type") != "LI":
                continue
            body = [c for c in child.get("children") or [] if c.get("type") != "Lbl"]
            nested = [c for b in body for c in b.get("children") or [] if c.get("type") == "L"]
            text = self._text({"children": [b for b in body if b.get("type") != "L"], "page_number": child.get("page_number")})
            for n in nested:
                text = text.replace(self._text(n), "").strip()
            if text:
                yield ListItem((Run(text),), level, source=self._where(child))
            for n in nested:
                yield from self._items(n, level + 1)

    def _table(self, node: dict) -> Table | None:
        rows: list[tuple[list[str], bool]] = []

        def collect(n: dict) -> None:
            for child in n.get("children") or []:
                if child.get("type") == "TR":
                    cells = [c for c in child.get("children") or [] if c.get("type") in ("TH", "TD")]
                    rows.append(([self._text(c) for c in cells], any(c.get("type") == "TH" for c in cells)))
                elif child.get("type") in ("THead", "TBody", "TFoot"):
                    collect(child)

        collect(node)
        if not rows:
            return None
        header, marked = rows[0]
        body = tuple(tuple((Run(cell),) for cell in cells) for cells, _ in rows[1:])
        return Table(tuple(header), body, source=self._where(node), header_marked=marked)


# ---------------------------------------------------------------- untagged PDF


def _layout(pdf: Any, name: str) -> tuple[list[Block], str]:
    """Blocks from the page layout of an untagged PDF, and the repeated header/footer text."""
    pages = []
    for page in pdf.pages:
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]
        lines = [ln for ln in page.extract_text_lines(return_chars=True) if _clean(ln["text"]) and not _inside(ln, boxes)]
        pages.append((page, tables, lines))
    chrome = _repeated_edges(pages)
    header_lines = [_clean(ln["text"]) for page, _, lines in pages for ln in lines if _is_chrome(page, ln, chrome)]
    pages = [
        (page, tables, two_columns([ln for ln in lines if not _is_chrome(page, ln, chrome)])) for page, tables, lines in pages
    ]
    sizes: Counter[float] = Counter()
    for _, _, lines in pages:
        for ln in lines:
            sizes[_size(ln)] += len(ln["chars"])
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    first = pages[0][2] if pages else []
    # a cover page: a longer document whose first page has a few lines and no running text
    cover = len(pages) > 2 and 0 < len(first) <= 10 and sum(abs(_size(ln) - body) < 0.6 for ln in first) <= 2
    levels = _heading_levels(pages[1:] if cover else pages, body)
    builder = _PageBuilder(name, body, levels)
    for n, (page, tables, lines) in enumerate(pages):
        if n == 0 and cover:
            title = max(lines, key=_size)
            builder.cover(page, lines, title)
            continue
        builder.page(page, tables, lines)
    return builder.blocks, "\n".join(dict.fromkeys(header_lines))


def _is_chrome(page: Any, line: dict, chrome: set[str]) -> bool:
    """A running header or footer, a page number at the edge, or a watermark."""
    key = _edge_key(page, line)
    if key is not None and (key in chrome or PAGE_NUMBER_RE.match(_clean(line["text"]))):
        return True
    return _line_key(line) in chrome and len(_clean(line["text"]).split()) <= 8


class _PageBuilder:
    """Turns the lines and tables of each page into blocks, joining wrapped lines into paragraphs and list items."""

    def __init__(self, name: str, body: float, levels: dict[float, int]) -> None:
        self.name, self.body, self.levels = name, body, levels
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.items: list[ListItem] = []
        self.where = SourceLocation(name)

    def flush(self) -> None:
        if self.para:
            self.blocks.append(Paragraph((Run(_clean(" ".join(self.para))),), source=self.where))
            self.para = []
        if self.items:
            self.blocks.append(ListBlock(tuple(self.items), source=self.where))
            self.items = []

    def page(self, page: Any, tables: list[Any], lines: list[dict]) -> None:
        self.where = SourceLocation(self.name, page=page.page_number)
        tables, lines = _banded(tables, lines)
        # a two-column list is ordered column by column (read/pdfcolumns.py); everything else by its top
        content: list[tuple[tuple[float, ...], Any]] = [(ln.get("order", (ln["top"],)), ln) for ln in lines]
        content += [((t.bbox[1],), t) for t in tables]
        content.sort(key=lambda x: x[0])
        prev: dict | None = None
        for _, item in content:
            if not isinstance(item, dict):
                self.flush()
                self._table(item)
                prev = None
                continue
            self._line(item, prev)
            prev = item
        self.flush()
        self.blocks.extend(Image(None, alt="", source=self.where) for _ in page.images)

    def cover(self, page: Any, lines: list[dict], title: dict) -> None:
        """A cover page: the largest line is the title, the rest are paragraphs (as the .docx reader's cover)."""
        self.where = SourceLocation(self.name, page=page.page_number)
        for line in lines:
            text = _clean(line["text"])
            if line is title:
                self.blocks.append(Heading(0, text, source=self.where))
            else:
                self.blocks.append(Paragraph((Run(text),), source=self.where))
        self.blocks.extend(Image(None, alt="", source=self.where) for _ in page.images)

    def _table(self, table: Any) -> None:
        rows = table.rows_text if isinstance(table, _Rows) else [[_clean(c or "") for c in row] for row in table.extract()]
        if rows:
            body = tuple(tuple((Run(c),) for c in r) for r in rows[1:])
            # an untagged PDF cannot mark a header row; the first row is still shown as the header
            self.blocks.append(Table(tuple(rows[0]), body, source=self.where, header_marked=False))

    def _line(self, line: dict, prev: dict | None) -> None:
        """Add one text line to the current heading, paragraph or list."""
        text = _clean(line["text"])
        level = _heading_level(line, self.body, self.levels)
        if level is not None:
            self.flush()
            last = self.blocks[-1] if self.blocks else None
            if isinstance(last, Heading) and last.level == level and prev is not None and _close(prev, line):
                self.blocks.pop()  # a heading wrapped over two lines
                text = f"{last.text} {text}"
            self.blocks.append(Heading(level, text, source=self.where))
        elif _bullet(line["text"]):
            if self.para:
                self.blocks.append(Paragraph((Run(_clean(" ".join(self.para))),), source=self.where))
                self.para = []
            self.items.append(ListItem((Run(_clean(BULLET_RE.sub("", line["text"], count=1))),), source=self.where))
        elif self.items and prev is not None and _close(prev, line) and line["x0"] > prev["x0"] + 2:
            last_item = self.items.pop()  # a list item wrapped onto an indented line
            self.items.append(ListItem((Run(f"{last_item.text} {text}"),), last_item.level, source=self.where))
        else:
            if self.items or (self.para and prev is not None and not _close(prev, line)):
                self.flush()
            self.para.append(text)


class _Rows:
    """A table put together from the pieces pdfplumber finds in a banded table (only every other row ruled)."""

    def __init__(self, bbox: tuple[float, float, float, float], rows_text: list[list[str]]) -> None:
        self.bbox = bbox
        self.rows_text = rows_text


def _banded(tables: list[Any], lines: list[dict]) -> tuple[list[Any], list[dict]]:
    """Join tables whose rows are shaded in bands: the unshaded row between two shaded ones is read from
    the text lines between them, split into cells at the shaded rows' column edges."""
    from pdfplumber.utils import extract_text

    ordered = sorted(tables, key=lambda t: t.bbox[1])
    out: list[Any] = []
    used: set[int] = set()
    for table in ordered:
        rows = [[_clean(c or "") for c in row] for row in table.extract()]
        edges = [cell[0] for cell in table.rows[0].cells if cell] if table.rows else []
        last = out[-1] if out else None
        same_columns = (
            isinstance(last, _Rows) and edges and len(edges) == len(last.rows_text[0]) and abs(last.bbox[0] - table.bbox[0]) < 3
        )
        if (
            isinstance(last, _Rows) and same_columns and rows and rows[0] != last.rows_text[0]
        ):  # a repeated header starts a new table
            between = [ln for ln in lines if last.bbox[3] - 1 <= ln["top"] and ln["bottom"] <= table.bbox[1] + 1]
            if between and table.bbox[1] - last.bbox[3] < 250:
                cells: list[list[dict]] = [[] for _ in edges]
                for ln in between:
                    used.add(id(ln))
                    for ch in ln["chars"]:
                        col = max(i for i, x in enumerate(edges) if ch["x0"] >= x - 1) if ch["x0"] >= edges[0] - 1 else 0
                        cells[col].append(ch)
                last.rows_text.append([_clean(extract_text(c, x_tolerance=1)) for c in cells])
            if between or table.bbox[1] - last.bbox[3] < 2:
                last.rows_text.extend(rows)
                last.bbox = (last.bbox[0], last.bbox[1], max(last.bbox[2], table.bbox[2]), table.bbox[3])
                continue
        out.append(_Rows(table.bbox, rows) if rows and edges else table)
    return out, [ln for ln in lines if id(ln) not in used]


def _bullet(text: str) -> bool:
    """True when a line starts with a bullet glyph (including symbol-font private-use glyphs) or «1.»/«1)»."""
    first = text.lstrip()[:1]
    return bool(first) and (
        first in "•●▪◦‣∙·–*"
        or bool(PRIVATE_USE_RE.match(first))
        or bool(re.match(rf"(?i)\d{{1,2}}[.)]{NOT_A_DATE}\s", text.lstrip()))
    )


def _inside(line: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (line["x0"] + line["x1"]) / 2
    cy = (line["top"] + line["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _size(line: dict) -> float:
    sizes = Counter(round(c["size"], 1) for c in line["chars"] if c["text"].strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _bold(line: dict) -> bool:
    chars = [c for c in line["chars"] if c["text"].strip()]
    return bool(chars) and sum("bold" in c["fontname"].lower() or "black" in c["fontname"].lower() for c in chars) >= 0.8 * len(
        chars
    )


def _heading_levels(pages: list[tuple[Any, Any, list[dict]]], body: float) -> dict[float, int]:
    """Font size → heading level: sizes clearly above body text, largest first.

    The largest size at the top of page 1 is the title (0); other sizes used only on the first page
    of a longer document are the cover (−1: kept as paragraphs, like the .docx reader's cover page).
    """
    lines_by_size: dict[float, list[tuple[int, int]]] = {}
    for page, _, lines in pages:
        for i, ln in enumerate(lines):
            lines_by_size.setdefault(_size(ln), []).append((page.page_number, i))
    sizes = sorted((s for s in lines_by_size if s >= body * 1.12), reverse=True)
    # the cover ends where the first heading size that recurs on later pages starts on page 1
    recurring = [s for s in sizes if any(pg > 1 for pg, _ in lines_by_size[s])]
    cover_end = min((i for s in recurring for pg, i in lines_by_size[s] if pg == 1), default=10**6)
    levels: dict[float, int] = {}
    level = 1
    for n, size in enumerate(sizes):
        where = lines_by_size[size]
        rows = [i for _, i in where]
        first_page_only = all(pg == 1 for pg, _ in where)
        if n == 0 and len(sizes) > 1 and first_page_only and min(rows) < 3 and max(rows) - min(rows) == len(rows) - 1:
            levels[size] = 0  # one block of lines at the top of page 1: the title
        elif first_page_only and len(pages) > 1 and max(rows) < cover_end:
            levels[size] = -1
        elif level <= 4:
            levels[size] = level
            level += 1
    return levels


def _heading_level(line: dict, body: float, levels: dict[float, int]) -> int | None:
    """The heading level of a line from its font size, or the lowest level for a short bold line; None for body text."""
    size = _size(line)
    text = _clean(line["text"])
    if TOC_LINE_RE.search(text):
        return None  # a table-of-contents line («Innledning ........ 4»)
    if size in levels and len(text.split()) <= 20:
        return levels[size] if levels[size] >= 0 else None
    if _bold(line) and abs(size - body) < 0.6 and len(text.split()) <= 12 and not text.endswith((".", ",", ";", ":")):
        return min(max(levels.values(), default=0) + 1, 6)
    return None


def _close(prev: dict, line: dict) -> bool:
    """True when the line follows the previous one in the same paragraph (small vertical gap)."""
    height = max(prev["bottom"] - prev["top"], 1.0)
    return 0 <= line["top"] - prev["bottom"] <= 0.7 * height


def _edge_key(page: Any, line: dict) -> str | None:
    """A line near the top or bottom edge of the page, with digits folded (page numbers differ)."""
    if line["top"] > page.height * 0.08 and line["bottom"] < page.height * 0.92:
        return None
    return re.sub(r"\d+", "#", _clean(line["text"]).lower())


def _repeated_edges(pages: list[tuple[Any, Any, list[dict]]]) -> set[str]:
    """Running headers and footers (edge lines on two pages or more) and watermarks (a line on most pages)."""
    edges: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for page, _, lines in pages:
        edges.update({k for ln in lines if (k := _edge_key(page, ln))})
        anywhere.update({_line_key(ln) for ln in lines})
    chrome = {k for k, n in edges.items() if n >= 2}
    if len(pages) >= 3:
        chrome |= {k for k, n in anywhere.items() if n >= max(3, len(pages) // 2)}
    return chrome


def _line_key(line: dict) -> str:
    return re.sub(r"\d+", "#", _clean(line["text"]).lower())
