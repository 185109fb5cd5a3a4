"""Stage 3b: turn rendered Markdown into document-model blocks that know where their text was written.

markdown-it-py does the parsing. Every chapter, every Markdown field and every standard text is
parsed on its own (a «fragment»), so an unclosed fence or comment cannot swallow what follows it.
Two kinds of marks tie the text back to its source:

- an object marker `<!--planbygg:N-->` on a line of its own stands for registered object N: a
  block from a template function (a table, a chart) or a whole fragment parsed earlier;
- a provenance mark `\\ue000N\\ue001` in front of a value a template printed says that the text
  after it came from source position N (a YAML value), so a template line such as
  «## Strategi {{ s.id }}: {{ s.tittel }}» is located in strategier.yaml, not in the template.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import Block, Heading, Image, ListBlock, ListItem, PageBreak, Paragraph, Run, SourceLocation, Table

MARKER_RE = re.compile(r"<!--\s*planbygg:(\w*):?(\d+)\s*-->")
PROVENANCE_RE = re.compile("\ue000(\\d+)\ue001")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
MAX_LIST_DEPTH = 3  # Word's list styles here have three levels; deeper items are shown at the third
# markdown-it stops reading at this depth of nested blocks (each list level is two: list and item)
# and silently drops the rest of the text; it is raised from CommonMark's 20 so that lists up to 18
# levels are read whole, and text that reaches it is an error (_check_nesting), never a silent loss.
MAX_NESTING = 40

_PARSER: Any = None


def _parser() -> Any:
    """Return one shared CommonMark parser with GFM tables (creating it costs a few ms)."""
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable("table")
    return _PARSER


def marker(index: int, nonce: str = "") -> str:
    """Return the Markdown lines that stand for registered object number `index` (of the render with `nonce`)."""
    return f"\n\n<!--planbygg:{nonce}:{index}-->\n\n"


def provenance(index: int) -> str:
    """Return the invisible mark placed before a printed value that came from source position `index`."""
    return f"\ue000{index}\ue001"


def _unmark_url(url: str) -> str:
    """A link or image address without provenance marks (markdown-it percent-encodes them in URLs)."""
    from urllib.parse import unquote

    url = re.sub(r"%EE%80%80\d+%EE%80%81", "", strip_marks(url))
    return unquote(url) if "://" not in url else url


def strip_marks(text: str) -> str:
    """Remove provenance marks from text."""
    return PROVENANCE_RE.sub("", text) if "\ue000" in text else text


@dataclass(frozen=True)
class Fragment:
    """A piece of Markdown parsed on its own: a chapter, a Markdown field or a standard text."""

    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The fragment's text on one line, for the rare template that prints a Markdown field inside a sentence."""
        parts: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph | Heading):
                parts.append(b.text)
            elif isinstance(b, ListBlock):
                parts.extend(i.text for i in b.items)
        return " ".join(p for p in parts if p)


@dataclass
class Origin:
    """Where a piece of Markdown was written, so each block can be located in its source file.

    `lines` are the source file's lines; rendered lines are matched back to them in order, which is
    exact for text without Jinja and close for templates. `template` marks a template's own output:
    its blocks prefer the position of the first value they print (a YAML value) over the template line.
    """

    path: str
    lines: tuple[str, ...] = ()
    start: int = 1
    standard: bool = False
    base: Path | None = None  # relative image paths are resolved from here first
    template: bool = False
    _cursor: int = field(default=-1, repr=False)  # index in `lines` of the last line matched
    _normal: list[tuple[str, str]] = field(default_factory=list, init=False, repr=False)  # (line, its literal start), made once

    def at(self, line: int) -> SourceLocation:
        """A location in the source file."""
        return SourceLocation(self.path, max(line, 1), 0, standard=self.standard)

    def locate(self, rendered: str, offset: int) -> SourceLocation:
        """The source line of the rendered line number `offset` (0-based) with text `rendered`."""
        if not self.lines:
            return self.at(self.start + offset)
        if self._cursor < 0:
            self._cursor = self.start - 1
        probe = " ".join(strip_marks(rendered).split())[:40]
        if not probe:
            return self.at(self._cursor + 1)
        if not self._normal:
            # Normalised once per source: a template's lines are searched for every rendered line.
            self._normal = [_normalise(line) for line in self.lines]
        # Search forward from the last match (the same line may print several times, in a loop).
        for index in range(self._cursor, len(self.lines)):
            if _same_line(probe, *self._normal[index]):
                self._cursor = index
                return self.at(index + 1)
        return self.at(self._cursor + 1)


def _normalise(source: str) -> tuple[str, str]:
    """A source line with its whitespace collapsed, and the literal text before its first Jinja tag."""
    text = " ".join(source.split())
    return text, text.split("{{", 1)[0].split("{%", 1)[0].strip()[:40]


def _same_line(probe: str, text: str, literal: str) -> bool:
    """Whether a rendered line (first 40 characters) comes from this source line."""
    return probe in text or (len(literal) >= 6 and probe.startswith(literal))


@dataclass
class Registry:
    """The objects and source positions one document's templates register while rendering."""

    objects: list[Block | Fragment] = field(default_factory=list)
    # Markers carry this render's random nonce, so a marker typed into the content can never stand for an object.
    nonce: str = field(default_factory=lambda: __import__("secrets").token_hex(6))
    sources: list[tuple[SourceLocation | None, int]] = field(default_factory=list)  # (position, length of the value)
    problems: list[Problem] = field(default_factory=list)

    def add(self, item: Block | Fragment) -> str:
        """Register an object and return the marker that stands for it."""
        self.objects.append(item)
        return marker(len(self.objects) - 1, self.nonce)

    def mark(self, source: SourceLocation | None, length: int) -> str:
        """Register a source position and return the mark that goes before the printed value."""
        self.sources.append((source, length))
        return provenance(len(self.sources) - 1)

    def object(self, match: re.Match[str], where: SourceLocation) -> Block | Fragment:
        """The object a marker stands for; a marker that this render did not make is an input error."""
        index = int(match.group(2)) if len(match.group(2)) < 9 else -1
        if match.group(1) != self.nonce or not 0 <= index < len(self.objects):
            from ..errors import ContentError

            raise ContentError(
                [Problem(f"teksten inneholder planbyggs interne merke «{match.group(0)}»", where, "fjern merket fra teksten")]
            )
        return self.objects[index]

    def first_source(self, text: str) -> SourceLocation | None:
        """Where a template line's text came from, when most of it is printed content values.

        «## Strategi 1: Styrke barn og unges psykiske helse» is located at the strategy's title in
        strategier.yaml; «Planen er et høringsutkast. Den skal vedtas av kommunestyret.» stays with
        the template line that wrote the sentence.
        """
        marks = [self.sources[int(m.group(1))] for m in PROVENANCE_RE.finditer(text) if int(m.group(1)) < len(self.sources)]
        if not marks:
            return None
        printed = sum(length for _source, length in marks)
        if printed * 2 < len(strip_marks(text).strip()):
            return None
        return next((source for source, _length in marks if source is not None), None)


ImageResolver = Callable[[str, SourceLocation, "Path | None"], Path]


def parse(text: str, registry: Registry, origin: Origin, resolve_image: ImageResolver) -> list[Block]:
    """Parse one fragment of Markdown into located blocks; objects stand where their markers are."""
    lines = text.split("\n")
    _check_unclosed(lines, origin, registry)
    tokens = _parser().parse(text)
    _check_nesting(tokens, lines, origin, registry)
    quoted = _quote_depths(tokens)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        first = tok.map[0] if tok.map else 0
        where = origin.locate(lines[first] if first < len(lines) else "", first)

        def located(raw: str, where: SourceLocation = where) -> SourceLocation:
            return _template_source(raw, where, origin, registry)

        if tok.type == "heading_open":
            raw = tokens[i + 1].content
            blocks.append(Heading(min(int(tok.tag[1]), 3), _plain(tokens[i + 1].children or []), source=located(raw)))
            i += 3
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            style = "Quote" if quoted[i] > 0 else None
            blocks.extend(
                _paragraph_or_image(
                    inline, located(inline.content), style, registry, lambda s, w: resolve_image(s, w, origin.base)
                )
            )
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            end = _close(tokens, i)
            items = _list_items(tokens[i + 1 : end], 0, lines, origin, registry)
            if any(item.level >= MAX_LIST_DEPTH for item in items):
                registry.problems.append(
                    Problem(
                        f"listen har flere enn {MAX_LIST_DEPTH} nivåer; de dypeste punktene vises på nivå {MAX_LIST_DEPTH}",
                        where,
                        "del listen opp eller gjør den flatere",
                        level="advarsel",
                    )
                )
                items = [dataclasses.replace(it, level=min(it.level, MAX_LIST_DEPTH - 1)) for it in items]
            blocks.append(ListBlock(tuple(items), ordered=tok.type == "ordered_list_open", source=where))
            i = end + 1
        elif tok.type == "table_open":
            end = _close(tokens, i)
            blocks.append(_table(tokens[i + 1 : end], where, lines, origin, registry))
            i = end + 1
        elif tok.type == "html_block":
            for m in MARKER_RE.finditer(tok.content):
                item = registry.object(m, where)
                if isinstance(item, Fragment):
                    blocks.extend(item.blocks)
                else:
                    blocks.append(_with_source(item, where))
            i += 1
        elif tok.type in ("fence", "code_block"):
            for line in strip_marks(tok.content).rstrip("\n").split("\n"):
                blocks.append(Paragraph((Run(line),), style="Merknad", source=where))
            i += 1
        elif tok.type == "hr":
            blocks.append(PageBreak())
            i += 1
        else:
            i += 1
    return blocks


def _template_source(raw: str, where: SourceLocation, origin: Origin, registry: Registry) -> SourceLocation:
    """Where a template block's text should be looked for: at the content value it prints, if it prints one.

    A library template's sentence that prints content values («Den skal vedtas av formannskapet»)
    is generated from the municipality's own content: it is not standard text, and a finding about
    it points at the value that made it (plan.vedtaksorgan in planbygg.yaml), which is what to fix.
    """
    if not origin.template:
        return where
    own = registry.first_source(raw)
    if own is not None:
        return own
    marks = [registry.sources[int(m.group(1))][0] for m in PROVENANCE_RE.finditer(raw) if int(m.group(1)) < len(registry.sources)]
    if not marks:
        return where
    return next((s for s in marks if s is not None), None) or dataclasses.replace(where, standard=False)


def _with_source(block: Block, where: SourceLocation) -> Block:
    """Give a registered object the position of its marker when it has none of its own; a caption is the marker's."""
    changes: dict[str, Any] = {}
    if hasattr(block, "source") and getattr(block, "source", None) is None:
        changes["source"] = where
    if getattr(block, "caption", None) and getattr(block, "caption_source", "") is None:
        changes["caption_source"] = where
    return dataclasses.replace(block, **changes) if changes else block


def _check_unclosed(lines: list[str], origin: Origin, registry: Registry) -> None:
    """Report an unclosed code fence (a warning) or HTML comment (an error: it would hide the rest)."""
    fence: tuple[str, int] | None = None
    comment: int | None = None
    for number, line in enumerate(lines):
        if fence is None and comment is None:
            m = FENCE_RE.match(line)
            if m:
                fence = (m.group(1)[0], number)
                continue
            start = line.find("<!--")
            if start >= 0 and "-->" not in line[start + 4 :]:
                comment = number
        elif fence is not None:
            m = FENCE_RE.match(line)
            if m and m.group(1)[0] == fence[0] and not line.strip().strip(fence[0]):
                fence = None
        elif "-->" in line:
            comment = None
    if fence is not None:
        registry.problems.append(
            Problem(
                "kodeblokken (```) lukkes aldri; resten av teksten vises som kode",
                origin.locate(lines[fence[1]], fence[1]),
                "avslutt blokken med ``` på en egen linje",
                level="advarsel",
            )
        )
    if comment is not None:
        registry.problems.append(
            Problem(
                "kommentaren (<!--) lukkes aldri, så resten av teksten ville forsvunnet",
                origin.locate(lines[comment], comment),
                "avslutt kommentaren med -->, eller fjern <!--",
            )
        )


def _check_nesting(tokens: list[Any], lines: list[str], origin: Origin, registry: Registry) -> None:
    """An error where lists or quotes nest so deep that the parser stopped reading (the rest would be lost)."""
    deep = next((tok for tok in tokens if tok.level >= MAX_NESTING - 2), None)
    if deep is None:
        return
    first = next((tok.map[0] for tok in tokens[tokens.index(deep) :: -1] if tok.map), 0)
    registry.problems.append(
        Problem(
            f"lister eller sitater er nestet i {MAX_NESTING // 2 - 1} nivåer eller flere her; teksten etter ville forsvunnet",
            origin.locate(lines[first] if first < len(lines) else "", first),
            "gjør listen eller sitatet flatere (Word viser bare tre listenivåer)",
        )
    )


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


def runs(children: list[Any], registry: Registry | None = None) -> tuple[Run, ...]:
    """Convert inline tokens to runs, keeping bold, italic and links; provenance marks are removed."""
    out: list[Run] = []
    bold = italic = 0
    link: str | None = None
    for tok in children:
        t = tok.type
        if t == "text" or t == "code_inline":
            content = strip_marks(tok.content)
            if content:
                out.append(Run(content, bold=bold > 0, italic=italic > 0, link=link))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            link = _unmark_url(str(tok.attrs.get("href", "")))
        elif t == "link_close":
            link = None
        elif t == "softbreak":
            out.append(Run(" ", bold=bold > 0, italic=italic > 0, link=link))
        elif t == "hardbreak":
            out.append(Run("\n"))
        elif t == "html_inline":
            m = MARKER_RE.fullmatch(tok.content.strip())
            if m and registry is not None:  # a Markdown field printed inside a sentence
                item = registry.object(m, SourceLocation(""))
                if isinstance(item, Fragment) and item.text:
                    out.append(Run(item.text, bold=bold > 0, italic=italic > 0, link=link))
            # other inline comments and tags carry no text in a document
    return _merge(out)


def inline(text: str) -> tuple[Run, ...]:
    """Runs for a short text (a table cell, a list item from data); parsed only when it has markup characters."""
    text = " ".join(line.strip() for line in strip_marks(str(text)).strip().splitlines())
    if any(c in text for c in "*_[`<&\\!"):
        return runs(_parser().parseInline(text)[0].children or [])
    return (Run(text),) if text else ()


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


def _paragraph_or_image(
    inline_tok: Any,
    where: SourceLocation,
    style: str | None,
    registry: Registry,
    resolve_image: Callable[[str, SourceLocation], Path],
) -> list[Block]:
    """A paragraph holding only images becomes Image blocks (alt text from ![alt](...))."""
    children = inline_tok.children or []
    images = [c for c in children if c.type == "image"]
    if images and all(
        c.type == "image" or (c.type == "text" and not c.content.strip()) or c.type == "softbreak" for c in children
    ):
        out: list[Block] = []
        for img in images:
            alt = strip_marks("".join(ch.content for ch in img.children or []))
            title = img.attrs.get("title")
            path = resolve_image(_unmark_url(str(img.attrs.get("src", ""))), where)
            out.append(
                Image(path, alt=alt, caption=strip_marks(str(title)) if title else None, source=where, caption_source=where)
            )
        return out
    r = runs(children, registry)
    if not r or not "".join(x.text for x in r).strip():
        return []
    return [Paragraph(r, style=style, source=where)]


def _list_items(tokens: list[Any], level: int, lines: list[str], origin: Origin, registry: Registry) -> list[ListItem]:
    """Flatten a (nested) list into items with levels; nested lists become deeper items."""
    items: list[ListItem] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "list_item_open":
            end = _close(tokens, i)
            inner = tokens[i + 1 : end]
            first_line = tok.map[0] if tok.map else 0
            where = origin.locate(lines[first_line] if first_line < len(lines) else "", first_line)
            j = 0
            first = True
            while j < len(inner):
                t = inner[j]
                if t.type == "paragraph_open":
                    own = _template_source(inner[j + 1].content, where, origin, registry)
                    text_runs = runs(inner[j + 1].children or [], registry)
                    if first:
                        items.append(ListItem(text_runs, level, source=own))
                        first = False
                    else:  # a second paragraph in the same item continues it
                        prev = items[-1]
                        items[-1] = ListItem((*prev.runs, Run(" "), *text_runs), prev.level, prev.source)
                    j += 3
                elif t.type in ("bullet_list_open", "ordered_list_open"):
                    close = _close(inner, j)
                    items.extend(_list_items(inner[j + 1 : close], level + 1, lines, origin, registry))
                    j = close + 1
                else:
                    j += 1
            i = end + 1
        else:
            i += 1
    return items


def _table(tokens: list[Any], where: SourceLocation, lines: list[str], origin: Origin, registry: Registry) -> Table:
    """Read a GFM table: the first row is the header."""
    header: list[str] = []
    rows: list[tuple[tuple[Run, ...], ...]] = []
    row_sources: list[SourceLocation | None] = []
    current: list[tuple[Run, ...]] = []
    in_head = False
    for tok in tokens:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
            if not in_head and tok.map:
                row_sources.append(origin.locate(lines[tok.map[0]] if tok.map[0] < len(lines) else "", tok.map[0]))
            elif not in_head:
                row_sources.append(None)
        elif tok.type == "tr_close" and not in_head:
            rows.append(tuple(current))
        elif tok.type == "inline":
            cell = runs(tok.children or [], registry)
            if in_head:
                header.append("".join(r.text for r in cell))
            else:
                current.append(cell)
    return Table(tuple(header), tuple(rows), source=where, row_sources=tuple(row_sources))
