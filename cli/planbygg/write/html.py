"""Stage 4, web: a model Document as one accessible HTML page (no JavaScript, plain files for any CMS).

The page is built from the same model the .docx comes from: real headings (one h1), lists, tables
with caption and th scope="col", figures with alt text, charts as an SVG with title and description
plus the numbers as a table, the document language, a skip link and a landmark for every part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..model import (
    AnswerBox,
    BarChart,
    Block,
    CoverPage,
    Document,
    Heading,
    Image,
    Letterhead,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from .svg import bar_chart_svg

NUMBERED_HEADING = re.compile(r"\d+(?:\.\d+)*\s")

# The words on the page around the document itself, in the document's language.
WORDS = {
    "nb": {
        "skip": "Hopp til innholdet",
        "home": "Til høringssiden",
        "numbers": "Tallene i diagrammet",
        "value": "Antall",
        "unregistered": "ikke registrert",
        "made": "Laget med planbygg fra de samme kildene som Word- og PDF-utgaven.",
        "site": "Nettstedet",
    },
    "nn": {
        "skip": "Hopp til innhaldet",
        "home": "Til høyringssida",
        "numbers": "Tala i diagrammet",
        "value": "Tal",
        "unregistered": "ikkje registrert",
        "made": "Laga med planbygg frå dei same kjeldene som Word- og PDF-utgåva.",
        "site": "Nettstaden",
    },
}


@dataclass(frozen=True)
class Page:
    """What a page needs besides the document: where its stylesheet, images and home page are."""

    stylesheet: str = "stil.css"
    images: dict[Path, str] | None = None  # source file → file name next to the page
    home: str | None = None  # the høring page, linked from every edition; None on the høring page itself
    logo: tuple[str, str] | None = None  # (file name, alt text) shown in the banner


def language(doc: Document) -> str:
    """Return the HTML language code: nb or nn."""
    return "nn" if doc.properties.language.lower().startswith("nn") else "nb"


def document_html(doc: Document, page: Page) -> str:
    """Return `doc` as a complete HTML page."""
    lang = language(doc)
    words = WORDS[lang]
    writer = _Writer(doc, page, words)
    body = writer.blocks(doc.blocks)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.properties.title)}</title>",
    ]
    if doc.properties.subject:
        head.append(f'<meta name="description" content="{escape(doc.properties.subject)}">')
    head += [
        f'<meta name="author" content="{escape(doc.properties.author)}">',
        '<meta name="generator" content="planbygg">',
        f'<link rel="stylesheet" href="{escape(page.stylesheet)}">',
        "</head>",
        "<body>",
        f'<a class="hopp" href="#innhold">{words["skip"]}</a>',
        '<header class="topp">',
        '<div class="bredde">',
        f'<p class="avsender">{writer.banner()}</p>',
    ]
    if page.home:
        head.append(f'<nav aria-label="{words["site"]}"><a href="{escape(page.home)}">{words["home"]}</a></nav>')
    head += ["</div>", "</header>", '<main id="innhold" class="bredde">']
    tail = [
        "</main>",
        '<footer class="bunn">',
        f'<div class="bredde"><p>{escape(doc.properties.author)}. {words["made"]}</p></div>',
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join([*head, body, *tail])


class _Writer:
    """Turns blocks into HTML; knows the heading ids (for the contents list) and the image names."""

    def __init__(self, doc: Document, page: Page, words: dict[str, str]) -> None:
        self.doc = doc
        self.page = page
        self.words = words
        titled = any(isinstance(b, CoverPage) or (isinstance(b, Heading) and b.level == 0) for b in doc.blocks)
        # One h1 per page: the cover's (or level-0) title when there is one, else the first level.
        self.offset = 1 if titled else 0
        self.ids = _heading_ids(doc.blocks)
        self.counter = 0

    def banner(self) -> str:
        logo = self.page.logo
        image = f'<img src="{escape(logo[0])}" alt="{escape(logo[1])}" height="48"> ' if logo else ""
        return f"{image}<span>{escape(self.doc.properties.author)}</span>"

    def blocks(self, blocks: Iterable[Block]) -> str:
        out: list[str] = []
        handlers: dict[type, Callable[..., str]] = {
            Heading: self.heading,
            Paragraph: self.paragraph,
            ListBlock: self.list,
            Table: self.table,
            Image: self.image,
            BarChart: self.chart,
            TableOfContents: self.contents,
            CoverPage: self.cover,
            Letterhead: self.letterhead,
            AnswerBox: self.answer_box,
        }
        for index, block in enumerate(blocks):
            if isinstance(block, PageBreak):
                continue
            handler = handlers[type(block)]
            out.append(handler(block, index) if isinstance(block, Heading) else handler(block))
        return "\n".join(part for part in out if part)

    def _level(self, level: int) -> int:
        return max(1, min(6, level + self.offset))

    def heading(self, block: Heading, index: int) -> str:
        n = self._level(block.level)
        return f'<h{n} id="{self.ids[index]}">{escape(block.text)}</h{n}>'

    def paragraph(self, block: Paragraph) -> str:
        if not block.text.strip():
            return ""
        style = f' class="{_class(block.style)}"' if block.style else ""
        return f"<p{style}>{runs(block.runs)}</p>"

    def list(self, block: ListBlock) -> str:
        return _nested_list(block.items, "ol" if block.ordered else "ul")

    def table(self, block: Table) -> str:
        self.counter += 1
        ident = f"tabell-{self.counter}"
        caption = block.caption or ""
        label = f'aria-labelledby="{ident}"' if caption else 'aria-label="Tabell"'
        wide = ' class="bred"' if len(block.header) >= 4 else ""  # scrolls sideways on a phone instead of squeezing
        parts = [f'<div class="tabell" role="region" {label} tabindex="0">', f"<table{wide}>"]
        if caption:
            parts.append(f'<caption id="{ident}">{escape(caption)}</caption>')
        if block.widths and len(block.widths) == len(block.header) and sum(block.widths) > 0:
            total = sum(block.widths)
            parts.append(
                "<colgroup>" + "".join(f'<col style="width: {w / total * 100:.0f}%">' for w in block.widths) + "</colgroup>"
            )
        if block.header_marked and block.header:
            parts.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header) + "</tr></thead>")
        parts.append("<tbody>")
        for row in block.rows:
            parts.append("<tr>" + "".join(f"<td>{runs(cell)}</td>" for cell in row) + "</tr>")
        parts += ["</tbody>", "</table>", "</div>"]
        return "\n".join(parts)

    def _src(self, path: Path | None) -> str | None:
        images = self.page.images or {}
        return images.get(path) if path is not None else None

    def image(self, block: Image) -> str:
        src = self._src(block.path)
        if src is None:
            return ""
        alt = "" if block.decorative else block.alt
        width = round(block.width_cm / 2.54 * 96)
        img = f'<img src="{escape(src)}" alt="{escape(alt)}" style="max-width: min(100%, {width}px)">'
        caption = f"<figcaption>{escape(block.caption)}</figcaption>" if block.caption else ""
        return f"<figure>{img}{caption}</figure>"

    def chart(self, block: BarChart) -> str:
        self.counter += 1
        ident = f"figur-{self.counter}"
        svg = bar_chart_svg(block, ident, self.words.get("unregistered", "ikke registrert"))
        caption = block.caption or block.title
        series = [(block.series_name, block.values), *block.more_series]
        rows = "".join(
            f'<tr><th scope="row">{escape(label)}</th>'
            + "".join(f"<td>{_number(values[i] if i < len(values) else None)}</td>" for _name, values in series)
            + "</tr>"
            for i, label in enumerate(block.labels)
        )
        names = [name if name != "Antall" else self.words["value"] for name, _values in series]
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
        numbers = (
            f"<details><summary>{self.words['numbers']}</summary>"
            f'<table><thead><tr><th scope="col">{escape(block.title)}</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></details>"
        )
        return f'<figure class="diagram">{svg}<figcaption>{escape(caption)}</figcaption>{numbers}</figure>'

    def contents(self, block: TableOfContents) -> str:
        entries = [
            (b.level, self.ids[i], b.text)
            for i, b in enumerate(self.doc.blocks)
            if isinstance(b, Heading) and b.toc and 1 <= b.level <= block.levels
        ]
        if not entries:
            return ""
        items = tuple(ListItem((Run(text, link=f"#{ident}"),), level=level - 1) for level, ident, text in entries)
        title_level = self._level(1)
        # Numbered chapters carry their number in the text («3.2 Sju strategier»); the list's own
        # numbers would then read «3. 3.2 Sju strategier».
        numbered = all(NUMBERED_HEADING.match(text) for _, _, text in entries)
        css = "innhold nummerert" if numbered else "innhold"
        return (
            f'<nav class="{css}" aria-labelledby="innholdsliste"><h{title_level} id="innholdsliste">'
            f"{escape(block.title)}</h{title_level}>{_nested_list(items, 'ol')}</nav>"
        )

    def cover(self, block: CoverPage) -> str:
        parts = ['<header class="forside">']
        # The marking belongs to the heading: «Medvirkningsrapport Temaplan for barn og unge» tells
        # the report from the plan, which has the same title, also to a screen reader.
        marking = f'<span class="merking">{escape(block.marking)}</span> ' if block.marking else ""
        parts.append(f"<h1>{marking}{escape(block.title)}</h1>")
        if block.subtitle:
            parts.append(f'<p class="undertittel">{escape(block.subtitle)}</p>')
        if block.date_text:
            parts.append(f'<p class="dato">{escape(block.date_text)}</p>')
        parts.append("</header>")
        return "\n".join(parts)

    def letterhead(self, block: Letterhead) -> str:
        parts = ['<div class="brevhode">']
        sender = [block.organisation, *([block.unit] if block.unit else []), *block.address_lines]
        parts.append("<p>" + "<br>".join(escape(line) for line in sender) + "</p>")
        if block.recipient_lines:
            parts.append('<p class="mottaker">' + "<br>".join(escape(line) for line in block.recipient_lines) + "</p>")
        if block.references:
            parts.append(
                '<dl class="referanser">'
                + "".join(f"<div><dt>{escape(a)}</dt><dd>{escape(b)}</dd></div>" for a, b in block.references)
                + "</dl>"
            )
        parts.append("</div>")
        return "\n".join(parts)

    def answer_box(self, block: AnswerBox) -> str:
        return (
            f'<div class="svarfelt"><p class="etikett">{escape(block.label)}</p>'
            f'<div class="boks" style="min-height: {block.lines * 1.6:.1f}em"></div></div>'
        )


def runs(items: Iterable[Run]) -> str:
    """Inline runs as HTML: strong, em and links."""
    out = []
    for run in items:
        text = escape(run.text).replace("\n", "<br>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.link:
            text = f'<a href="{escape(run.link)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _nested_list(items: Iterable[ListItem], tag: str) -> str:
    """A list whose items nest by their level: a deeper item opens a list inside the item before it."""
    out = [f"<{tag}>"]
    depth = 0
    first = True
    for item in items:
        level = 0 if first else min(max(item.level, 0), depth + 1)
        if level > depth:
            out.append(f"<{tag}>")
            depth = level
        elif not first:
            out.append("</li>")
            while depth > level:
                out.append(f"</{tag}></li>")
                depth -= 1
        out.append(f"<li>{runs(item.runs)}")
        first = False
    if not first:
        out.append("</li>")
    while depth > 0:
        out.append(f"</{tag}></li>")
        depth -= 1
    out.append(f"</{tag}>")
    return "".join(out)


def _heading_ids(blocks: Iterable[Block]) -> dict[int, str]:
    """A unique, readable id per heading (its text without accents), keyed by block index."""
    ids: dict[int, str] = {}
    used: set[str] = {"innhold", "innholdsliste"}
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        base = _slug(block.text) or "kapittel"
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        ids[index] = ident
    return ids


def _slug(text: str) -> str:
    text = text.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e"), ("§", "")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60]


def _class(style: str) -> str:
    return _slug(style) or "avsnitt"


def _number(value: float | None) -> str:
    if value is None:
        return "–"  # not registered
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
