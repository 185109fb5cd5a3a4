"""One common view of every input (content folder or .docx) that the detection kinds work on.

A content folder gives one view per document it builds (plan, medvirkning, brev, skjema), with
its structured fields and its text located as file:line:col. A .docx gives one view with its
headings, paragraphs, tables, images and properties, located as «fil.docx › «Overskrift» › avsnitt 3».
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..location import SourceLocation
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
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)

if TYPE_CHECKING:
    from ..load.folder import Chapter, Content

DOC_TYPES = ("plan", "medvirkning", "brev", "skjema")
DOC_TYPE_NAMES = {"plan": "planen", "medvirkning": "medvirkningsrapporten", "brev": "høringsbrevet", "skjema": "høringsskjemaet"}
KIND_TO_TYPE = {
    "hoeringsutkast": "plan",
    "medvirkningsrapport": "medvirkning",
    "hoeringsbrev": "brev",
    "hoeringsskjema": "skjema",
}

MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
MD_LIST_RE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
JINJA_BLOCK_RE = re.compile(r"^\s*\{[%#].*[%#]\}\s*$")


@dataclass
class Para:
    """A paragraph or list item with where it is."""

    text: str
    where: str
    heading: str | None = None


@dataclass
class Section:
    """A heading and the paragraphs under it (up to the next heading of any level)."""

    heading: str
    level: int
    where: str
    paras: list[Para] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paras)


@dataclass
class TableV:
    """A table: its header row and body rows as text."""

    header: list[str]
    rows: list[list[str]]
    where: str
    header_flag: bool | None = None  # None: not applicable (Markdown tables always have a header)
    heading: str | None = None
    row_where: list[str] = field(default_factory=list)


@dataclass
class ImageV:
    """An image with its alternative text."""

    alt: str
    where: str
    decorative: bool = False


@dataclass
class View:
    """What the rules see of one document."""

    doc_type: str  # plan | medvirkning | brev | skjema
    name: str  # shown to the user: a file name or «examples/baerum (planen)»
    origin: str  # innhold | docx
    language: str = ""  # nb | nn | "" (unknown)
    title: str = ""
    title_where: str = ""
    sections: list[Section] = field(default_factory=list)
    tables: list[TableV] = field(default_factory=list)
    images: list[ImageV] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    content: Content | None = None
    recognised: str = ""  # why this document type was chosen
    extra_text: str = ""  # header and footer text

    def paras(self) -> list[Para]:
        return [p for s in self.sections for p in s.paras]

    def all_text_items(self) -> list[Para]:
        """Paragraphs, headings and table cells, each located: the text personal-data rules scan."""
        items: list[Para] = []
        if self.title:
            items.append(Para(self.title, self.title_where or self.name))
        for s in self.sections:
            if s.heading:
                items.append(Para(s.heading, s.where, s.heading))
            items.extend(s.paras)
        for t in self.tables:
            for i, row in enumerate([t.header, *t.rows]):
                where = t.row_where[i - 1] if i and i - 1 < len(t.row_where) else t.where
                items.extend(Para(cell, where, t.heading) for cell in row if cell)
        return items

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.all_text_items())

    def data(self, *path: Any) -> Any:
        """The structured value at `path` in the content folder, or None."""
        node: Any = self.content.data if self.content else None
        for key in path:
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                return None
        return node

    def where(self, *path: Any) -> str:
        if self.content is None:
            return self.name
        loc = self.content.where(*path)
        return str(loc) if loc else self.name


# ---------------------------------------------------------------- content folders


def content_views(content: Content) -> list[View]:
    """One view per document the folder builds, in build order."""
    views = []
    for kind in content.documents:
        doc_type = KIND_TO_TYPE.get(kind)
        if doc_type:
            views.append(_content_view(content, doc_type))
    return views


def _content_view(content: Content, doc_type: str) -> View:
    root_name = _root_name(content)
    data = content.data
    plan = data.get("plan") or {}
    view = View(
        doc_type=doc_type,
        name=f"{root_name} ({DOC_TYPE_NAMES[doc_type]})",
        origin="innhold",
        language=content.language,
        content=content,
        recognised="innholdsmappe",
    )

    def add_text(heading: str, path: tuple[Any, ...], level: int = 1) -> None:
        value = view.data(*path)
        if isinstance(value, str) and value.strip():
            where = view.where(*path)
            view.sections.append(Section(heading, level, where, [Para(t, where, heading) for t in _md_paragraphs(value)]))

    if doc_type == "plan":
        view.title = plan.get("tittel") or ""
        view.title_where = view.where("plan", "tittel")
        add_text("Formål", ("plan", "formål"))
        add_text("Sammendrag", ("plan", "sammendrag"))
        add_text("Samarbeid", ("plan", "samarbeid"))
        add_text("Kommuneplanens samfunnsdel", ("plan", "samfunnsdel"))
        for chapter in content.chapters:
            _chapter_into(view, chapter)
        add_text("Innledning til tiltakene", ("tiltaksdel", "innledning"))
        rows, row_where = [], []
        for si, strategy in enumerate((data.get("tiltaksdel") or {}).get("strategier") or []):
            if not isinstance(strategy, dict):
                continue
            path = ("tiltaksdel", "strategier", si)
            sec = Section(strategy.get("tittel") or "", 2, view.where(*path, "tittel"))
            for key in ("beskrivelse",):
                if strategy.get(key):
                    sec.paras.extend(Para(t, view.where(*path, key), sec.heading) for t in _md_paragraphs(strategy[key]))
            for mi, goal in enumerate(strategy.get("mål") or []):
                sec.paras.append(Para(str(goal), view.where(*path, "mål", mi), sec.heading))
            view.sections.append(sec)
            for ti, measure in enumerate(strategy.get("tiltak") or []):
                if isinstance(measure, dict):
                    rows.append(
                        [
                            str(measure.get("id") or ""),
                            measure.get("tekst") or "",
                            measure.get("ansvarlig") or "",
                            ", ".join(measure.get("samarbeidspartnere") or []),
                            measure.get("nivå") or "",
                            measure.get("tidsramme") or "",
                        ]
                    )
                    row_where.append(view.where(*path, "tiltak", ti))
        if rows:
            view.tables.append(
                TableV(
                    ["Nr.", "Tiltak", "Ansvarlig", "Samarbeidspartnere", "Nivå", "Tidsramme"],
                    rows,
                    view.where("tiltaksdel", "strategier"),
                    None,
                    "Tiltak",
                    row_where,
                )
            )
    elif doc_type == "medvirkning":
        med = data.get("medvirkning") or {}
        view.title = med.get("tittel") or f"Medvirkningsrapport – {plan.get('tittel') or ''}"
        view.title_where = view.where("medvirkning", "tittel") if med.get("tittel") else view.where("medvirkning")
        add_text("Innledning", ("medvirkning", "innledning"))
        add_text("Metode", ("medvirkning", "metode"))
        rows, row_where = [], []
        for ai, act in enumerate(med.get("aktiviteter") or []):
            if not isinstance(act, dict):
                continue
            path = ("medvirkning", "aktiviteter", ai)
            sec = Section(act.get("navn") or "", 2, view.where(*path, "navn"))
            if act.get("beskrivelse"):
                sec.paras.extend(
                    Para(t, view.where(*path, "beskrivelse"), sec.heading) for t in _md_paragraphs(act["beskrivelse"])
                )
            view.sections.append(sec)
            for ii, item in enumerate(act.get("innspill") or []):
                if not isinstance(item, dict):
                    continue
                sub = Section(item.get("tema") or "", 3, view.where(*path, "innspill", ii, "tema"))
                for pi, point in enumerate(item.get("punkter") or []):
                    sub.paras.append(Para(str(point), view.where(*path, "innspill", ii, "punkter", pi), sub.heading))
                view.sections.append(sub)
            rows.append(
                [
                    act.get("navn") or "",
                    _date_text(act),
                    act.get("målgruppe") or "",
                    act.get("metode") or "",
                    str(act.get("deltakere") or ""),
                ]
            )
            row_where.append(view.where(*path))
        if rows:
            view.tables.append(
                TableV(
                    ["Aktivitet", "Dato", "Målgruppe", "Metode", "Deltakere"],
                    rows,
                    view.where("medvirkning", "aktiviteter"),
                    None,
                    None,
                    row_where,
                )
            )
        add_text("Hvem vi ikke nådde", ("medvirkning", "ikke_nådd"))
        add_text("Tilbakemelding", ("medvirkning", "tilbakemelding"))
    else:
        hor = data.get("høring") or {}
        title = (hor.get("skjema") or {}).get("tittel") if doc_type == "skjema" else ""
        view.title = title or f"Høring – {plan.get('tittel') or ''}"
        view.title_where = view.where("høring")
        add_text("Bakgrunn", ("høring", "bakgrunn"))
        questions = (hor.get("skjema") or {}).get("spørsmål") if doc_type == "skjema" else hor.get("spørsmål")
        if questions:
            base = ("høring", "skjema", "spørsmål") if doc_type == "skjema" else ("høring", "spørsmål")
            sec = Section("Spørsmål", 1, view.where(*base))
            sec.paras.extend(Para(str(q), view.where(*base, i), sec.heading) for i, q in enumerate(questions))
            view.sections.append(sec)
    return view


def _root_name(content: Content) -> str:
    try:
        return str(content.root.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(content.root)


def _date_text(act: dict[str, Any]) -> str:
    d = act.get("dato")
    if isinstance(d, dict):
        return f"{d.get('fra')}–{d.get('til')}"
    return str(d or act.get("tidspunkt") or "")


def _md_paragraphs(text: str) -> list[str]:
    """Split Markdown text into paragraphs and list items, without markup."""
    return [t for t, _ in _md_blocks(text)]


def _md_blocks(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    """(text, line number) for each paragraph or list item of a Markdown text without headings."""
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    start = first_line
    for number, line in enumerate(text.splitlines(), start=first_line):
        stripped = line.strip()
        if not stripped or JINJA_BLOCK_RE.match(line) or stripped.startswith("<!--"):
            if buf:
                out.append((" ".join(buf), start))
                buf = []
            continue
        if MD_LIST_RE.match(line):
            if buf:
                out.append((" ".join(buf), start))
            buf, start = [MD_LIST_RE.sub("", line).strip()], number
            continue
        if not buf:
            start = number
        buf.append(stripped)
    if buf:
        out.append((" ".join(buf), start))
    return [(_strip_md(t), n) for t, n in out]


def _strip_md(text: str) -> str:
    text = MD_IMAGE_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]{1,3}", "", text)


def _chapter_into(view: View, chapter: Chapter) -> None:
    """Add a Markdown chapter's headings, paragraphs, tables and images to the view."""
    lines = chapter.text.splitlines()
    section: Section | None = None
    buf: list[str] = []
    buf_start = 0
    fenced = False

    def flush() -> None:
        nonlocal buf
        if not buf:
            return
        chunk = "\n".join(buf)
        if buf[0].lstrip().startswith("|"):
            _table_into(view, buf, buf_start, chapter.name, section)
        else:
            for text, line in _md_blocks(chunk, buf_start):
                target = section or _intro(view, chapter)
                target.paras.append(Para(text, f"{chapter.name}:{line}:1", target.heading))
        for m in MD_IMAGE_RE.finditer(chunk):
            offset = chunk[: m.start()].count("\n")
            view.images.append(ImageV(m.group(1).strip(), f"{chapter.name}:{buf_start + offset}:1"))
        buf = []

    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = MD_HEADING_RE.match(line)
        if m:
            flush()
            section = Section(m.group(2), len(m.group(1)), f"{chapter.name}:{number}:1")
            view.sections.append(section)
            continue
        is_table = line.lstrip().startswith("|")
        if not line.strip() or (buf and is_table != buf[0].lstrip().startswith("|")):
            flush()
            if not line.strip():
                continue
        if not buf:
            buf_start = number
        buf.append(line)
    flush()


def _intro(view: View, chapter: Chapter) -> Section:
    sec = Section("", 1, f"{chapter.name}:1:1")
    view.sections.append(sec)
    return sec


def _table_into(view: View, lines: list[str], start: int, name: str, section: Section | None) -> None:
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    rows = [r for r in cells if not all(re.fullmatch(r":?-{2,}:?", c) for c in r if c)]
    if not rows:
        return
    row_where = [f"{name}:{start + i + 2}:1" for i in range(len(rows) - 1)]
    view.tables.append(TableV(rows[0], rows[1:], f"{name}:{start}:1", None, section.heading if section else None, row_where))


# ---------------------------------------------------------------- .docx


def document_view(doc: Document, name: str, origin: str = "docx", doc_type: str | None = None) -> View:
    """A view of one document in the model (read from a file, or rendered from a folder).

    Blocks that know where their text came from (a rendered folder: file:line, or a page of a
    PDF) are located there; the others by their place in the document: «fil.docx › «Overskrift» › avsnitt 3».
    """
    props = doc.properties
    properties = {
        "title": props.title,
        "author": props.author,
        "subject": props.subject,
        "keywords": ", ".join(props.keywords),
        "language": props.language,
        "category": props.category,
        **{k: v for k, v in props.custom},
    }
    extra = "\n".join(t for t in (doc.page.header_text, doc.page.footer_text) if t)
    view = View(doc_type="plan", name=name, origin=origin, properties=properties, extra_text=extra)
    lang = (props.language or "").lower()
    view.language = "nn" if lang.startswith("nn") else "nb" if lang.startswith(("nb", "no")) else ""
    intro = Section("", 1, name)
    view.sections.append(intro)
    current = intro
    counter = {"table": 0, "image": 0}

    def place(source: SourceLocation | None, what: str) -> str:
        if source is not None:
            return str(source)
        if current.heading:
            return f"{name} › «{_short(current.heading)}» › {what}"
        return f"{name} › {what}"

    def add_para(text: str, source: SourceLocation | None) -> None:
        text = text.strip()
        if text:
            n = len(current.paras) + 1
            current.paras.append(Para(text, place(source, f"avsnitt {n}"), current.heading or None))

    for block in lower(doc.blocks):
        if isinstance(block, Heading):
            if block.level == 0 and not view.title:
                view.title = block.text
                view.title_where = str(block.source) if block.source else f"{name} › tittel"
                continue
            current = Section(block.text, max(block.level, 1), place(block.source, f"«{_short(block.text)}»"))
            if block.source is None:
                current.where = f"{name} › «{_short(block.text)}»"
            view.sections.append(current)
        elif isinstance(block, Paragraph):
            add_para(block.text, block.source)
        elif isinstance(block, ListBlock):
            for item in block.items:
                add_para(item.text, item.source or block.source)
        elif isinstance(block, Table):
            counter["table"] += 1
            where = place(block.source, f"tabell {counter['table']}")
            rows = [["".join(r.text for r in cell).strip() for cell in row] for row in block.rows]
            row_where = [
                str(block.row_sources[i]) if i < len(block.row_sources) and block.row_sources[i] else f"{where}, rad {i + 2}"
                for i in range(len(rows))
            ]
            view.tables.append(TableV(list(block.header), rows, where, block.header_marked, current.heading or None, row_where))
        elif isinstance(block, Image):
            counter["image"] += 1
            view.images.append(ImageV(block.alt, place(block.source, f"bilde {counter['image']}"), block.decorative))
    if not view.title:
        view.title = props.title or ""
        view.title_where = f"{name} › dokumentegenskaper"
    if doc_type:
        view.doc_type, view.recognised = doc_type, "--type"
    else:
        view.doc_type, view.recognised = recognise(view)
    return view


def lower(blocks: tuple[Block, ...]) -> list[Block]:
    """Composite blocks as a reader of the written file sees them: cover and letterhead as text, charts as images."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, CoverPage | Letterhead) and block.logo is not None:
            out.append(Image(None, alt=block.logo_alt or block.organisation))  # the written logo carries this alt text
        if isinstance(block, CoverPage):
            out.append(Paragraph((Run(block.organisation),)))  # written above the title
            if block.image is not None:
                out.append(Image(None, alt=block.image_alt or block.title))
            out.append(Heading(0, block.title))
            for text in (block.subtitle, block.marking, block.date_text):
                if text:
                    out.append(Paragraph((Run(text),)))
        elif isinstance(block, Letterhead):
            lines = [block.organisation, block.unit or "", *block.address_lines, *block.recipient_lines]
            lines += [f"{label}: {value}" for label, value in block.references]
            out.extend(Paragraph((Run(line),)) for line in lines if line)
        elif isinstance(block, AnswerBox):
            out.append(Paragraph((Run(block.label),), source=block.source))
        elif isinstance(block, BarChart):
            out.append(Image(None, alt=block.alt, caption=block.caption, source=block.source))
        elif isinstance(block, Table) and block.caption:
            out.append(Paragraph((Run(block.caption),), style="Caption", source=block.source))
            out.append(block)
        elif isinstance(block, TableOfContents | PageBreak):
            continue
        else:
            out.append(block)
    return out


def _short(text: str | None, n: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


RECOGNISE: dict[str, list[tuple[str, float]]] = {
    "brev": [
        (r"\bh[øo]y?ringsfrist|\bfrist(en)? for (innspill|innspel|å svare|uttal)|\bsvarfrist", 4),
        (r"\bvår (ref|dato)|\bdykkar ref|\bderes ref|\bmed (vennlig )?hilsen|\bmed (venleg )?helsing", 2),
        (r"\bh[øo]y?ringsinstans", 2),
        (r"\bh[øo]y?ringsbrev|\bh[øo]y?ring av\b|\bpå h[øo]y?ring\b", 2),
    ],
    "medvirkning": [
        (r"\bmedvirkningsrapport|\bmedverknadsrapport|\brapport fr[aå] medv", 6),
        (r"\bmedvirkning\w*|\bmedverknad\w*", 1),
        (r"\binnspill\w*|\binnspel\w*", 1),
        (r"\bverksted\w*|\bfokusgruppe\w*|\bworkshop\w*|\bspørreundersøk\w*|\bspørjeundersøk\w*", 1),
    ],
    "skjema": [
        (r"\bh[øo]y?ringsskjema|\binnspill?s?skjema|\binnspel?s?skjema|\bskjema for (innspill|innspel|h[øo]y?ringssvar)", 6),
        (r"\bditt svar\b|\bsvar:|\bnavn på (høringsinstans|avsender)|\bnamn på", 2),
    ],
    "plan": [
        (r"\bh[øo]y?ringsutkast\b", 3),
        (r"\btiltak\w*|\bstrategi\w*", 0.3),
        (r"\bomsorgssvikt|\b[aå]tferds?(vansk|problem)\w*", 2),
    ],
}


def recognise(view: View) -> tuple[str, str]:
    """Guess plan | medvirkning | brev | skjema from headings, words and tables; returns (type, reason)."""
    headings = " ".join([view.title, view.properties.get("title", "")] + [s.heading for s in view.sections]).lower()
    body = " ".join(p.text for p in view.paras()).lower()
    scores: dict[str, float] = {}
    for doc_type, patterns in RECOGNISE.items():
        score = 0.0
        for pattern, weight in patterns:
            in_head = len(re.findall(pattern, headings))
            in_body = len(re.findall(pattern, body))
            score += weight * (2 * min(in_head, 3) + min(in_body, 8) * 0.5)
        scores[doc_type] = score
    headers = " ".join(" ".join(t.header) for t in view.tables).lower()
    if re.search(r"ansvar", headers) and re.search(r"tiltak", headers):
        scores["plan"] += 8
    if re.search(r"m[aå]lgruppe|deltak|metode", headers):
        scores["medvirkning"] += 6
    empty_cells = sum(1 for t in view.tables for r in t.rows for c in r if not c.strip())
    if empty_cells >= 3 and "?" in headings + headers + body:
        scores["skjema"] += 4
    # A letter is short; a long document mentioning the deadline is still a plan or report.
    n_words = len(body.split())
    if n_words > 3000:
        scores["brev"] *= 0.3
        scores["skjema"] *= 0.3
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 4:
        return "plan", "gjenkjent som plan (ingen tydelige kjennetegn på brev, rapport eller skjema)"
    detail = ", ".join(f"{k} {v:.0f}" for k, v in sorted(scores.items(), key=lambda kv: -kv[1]))
    return best, f"gjenkjent fra innholdet ({detail})"
