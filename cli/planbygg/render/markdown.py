"""Stage 3b: turn rendered Markdown into document-model blocks (markdown-it-py does the parsing)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Block, Heading, Image, ListBlock, ListItem, PageBreak, Paragraph, Run, SourceLocation, Table

MARKER_RE = re.compile(r"<!--\s*planbygg:(\d+)\s*-->")
COMMENT_RE = re.compile(r"^\s*<!--.*?-->\s*$", re.S)

_PARSER: Any = None


def _parser() -> Any:
    """Return one shared CommonMark parser with GFM tables (creating it costs a few ms)."""
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _PARSER


def marker(index: int) -> str:
    """Return the Markdown line that stands for registered object number `index`."""
    return f"\n\n<!--planbygg:{index}-->\n\n"


def parse(markdown: str, objects: list[Block], source: str | None = None) -> list[Block]:
    """Parse Markdown into blocks; marker comments are replaced by the registered objects."""
    tokens = _parser().parse(markdown)
    blocks: list[Block] = []
    quoted = _quote_depths(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        where = SourceLocation(source, tok.map[0] + 1) if source and tok.map else None
        if tok.type == "heading_open":
            level = min(int(tok.tag[1]), 3)
            blocks.append(Heading(level, _plain(tokens[i + 1].children or []), source=where))
            i += 3
        elif tok.type == "paragraph_open":
            children = tokens[i + 1].children or []
            blocks.extend(_paragraph_or_image(children, where, "Quote" if quoted[i] > 0 else None))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            end = _close(tokens, i)
            blocks.append(
                ListBlock(tuple(_list_items(tokens[i + 1 : end], 0)), ordered=tok.type == "ordered_list_open", source=where)
            )
            i = end + 1
        elif tok.type == "table_open":
            end = _close(tokens, i)
            blocks.append(_table(tokens[i + 1 : end], where))
            i = end + 1
        elif tok.type == "html_block":
            for m in MARKER_RE.finditer(tok.content):
                index = int(m.group(1)) if len(m.group(1)) < 9 else -1
                if not 0 <= index < len(objects):  # typed into the content, not made by a template function
                    from ..errors import ContentError, Problem

                    raise ContentError(
                        [Problem(f"teksten inneholder planbyggs interne merke «{m.group(0)}»", where, "fjern merket fra teksten")]
                    )
                blocks.append(objects[index])
            i += 1
        elif tok.type in ("fence", "code_block"):
            for line in tok.content.rstrip("\n").split("\n"):
                blocks.append(Paragraph((Run(line),), style="Merknad", source=where))
            i += 1
        elif tok.type == "hr":
            blocks.append(PageBreak())
            i += 1
        else:
            i += 1
    return blocks


def _quote_depths(tokens: list[Any]) -> list[int]:
    """Return, for every token, how many block quotes are open before it (one pass, not one per paragraph)."""
    depths = []
    depth = 0
    for tok in tokens:
        depths.append(depth)
        if tok.type == "blockquote_open":
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
    return depths


def _close(tokens: list[Any], start: int) -> int:
    """Return the index of the token closing the one at `start`."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def runs(children: list[Any]) -> tuple[Run, ...]:
    """Convert inline tokens to runs, keeping bold, italic and links."""
    out: list[Run] = []
    bold = italic = 0
    link: str | None = None
    for tok in children:
        t = tok.type
        if t == "text" or t == "code_inline":
            if tok.content:
                out.append(Run(tok.content, bold=bold > 0, italic=italic > 0, link=link))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            link = str(tok.attrs.get("href", ""))
        elif t == "link_close":
            link = None
        elif t == "softbreak":
            out.append(Run(" ", bold=bold > 0, italic=italic > 0, link=link))
        elif t == "hardbreak":
            out.append(Run("\n"))
        elif t == "html_inline":
            continue  # inline comments and tags carry no text in a document
    return _merge(out)


def _merge(items: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs with the same formatting, so the .docx has fewer runs."""
    merged: list[Run] = []
    for r in items:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link, merged[-1].style) == (
            r.bold,
            r.italic,
            r.link,
            r.style,
        ):
            merged[-1] = Run(merged[-1].text + r.text, r.bold, r.italic, r.link, r.style)
        else:
            merged.append(r)
    return tuple(merged)


def _plain(children: list[Any]) -> str:
    return "".join(r.text for r in runs(children)).strip()


def _paragraph_or_image(children: list[Any], where: SourceLocation | None, style: str | None) -> list[Block]:
    """A paragraph holding only an image becomes an Image block (alt text from ![alt](...))."""
    images = [c for c in children if c.type == "image"]
    if images and all(
        c.type == "image" or (c.type == "text" and not c.content.strip()) or c.type == "softbreak" for c in children
    ):
        out: list[Block] = []
        for img in images:
            alt = "".join(ch.content for ch in img.children or [])
            title = img.attrs.get("title")
            out.append(Image(Path(str(img.attrs.get("src", ""))), alt=alt, caption=str(title) if title else None, source=where))
        return out
    r = runs(children)
    if not r or not "".join(x.text for x in r).strip():
        return []
    return [Paragraph(r, style=style, source=where)]


def _list_items(tokens: list[Any], level: int) -> list[ListItem]:
    """Flatten a (nested) list into items with levels; nested lists become deeper items."""
    items: list[ListItem] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "list_item_open":
            end = _close(tokens, i)
            inner = tokens[i + 1 : end]
            j = 0
            first = True
            while j < len(inner):
                t = inner[j]
                if t.type == "paragraph_open":
                    text_runs = runs(inner[j + 1].children or [])
                    if first:
                        items.append(ListItem(text_runs, level))
                        first = False
                    else:  # a second paragraph in the same item continues it
                        prev = items[-1]
                        items[-1] = ListItem((*prev.runs, Run(" "), *text_runs), prev.level)
                    j += 3
                elif t.type in ("bullet_list_open", "ordered_list_open"):
                    close = _close(inner, j)
                    items.extend(_list_items(inner[j + 1 : close], min(level + 1, 2)))
                    j = close + 1
                else:
                    j += 1
            i = end + 1
        else:
            i += 1
    return items


def _table(tokens: list[Any], where: SourceLocation | None) -> Table:
    """Read a GFM table: the first row is the header."""
    header: list[str] = []
    rows: list[tuple[tuple[Run, ...], ...]] = []
    current: list[tuple[Run, ...]] = []
    in_head = False
    for tok in tokens:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
        elif tok.type == "tr_close" and not in_head:
            rows.append(tuple(current))
        elif tok.type == "inline":
            cell = runs(tok.children or [])
            if in_head:
                header.append("".join(r.text for r in cell))
            else:
                current.append(cell)
    return Table(tuple(header), tuple(rows), source=where)
