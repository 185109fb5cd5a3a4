"""One common view of every document (rendered from a folder, or read from a file) that the detection kinds work on.

A content folder is rendered to the documents `build` would write, and each is viewed with its
text located where it was written (file:line, or «standardtekst (…)» for library text). A document
read from a file is located by its place: «fil.docx › «Overskrift» › avsnitt 3», or a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..documents import BY_ID
from ..library import shown
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
    from ..load.folder import Content


@dataclass
class Para:
    """A paragraph or list item with where it is."""

    text: str
    where: str
    heading: str | None = None
    standard: bool = False  # standard text from a library, not the municipality's own words


@dataclass
class Section:
    """A heading and the paragraphs under it (up to the next heading of any level)."""

    heading: str
    level: int
    where: str
    paras: list[Para] = field(default_factory=list)
    standard: bool = False  # the heading itself is library text

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
    standard: bool = False


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
    origin: str  # innhold | docx | pdf | html
    language: str = ""  # nb | nn | "" (unknown)
    title: str = ""
    title_where: str = ""
    sections: list[Section] = field(default_factory=list)
    tables: list[TableV] = field(default_factory=list)
    images: list[ImageV] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    recognised: str = ""  # why this document type was chosen
    extra_text: str = ""  # header and footer text
    confidence: float = 1.0  # how sure the recognised type is (1 when given or written by planbygg)
    signals: list[str] = field(default_factory=list)  # what the type was recognised from

    def paras(self) -> list[Para]:
        return [p for s in self.sections for p in s.paras]

    def all_text_items(self) -> list[Para]:
        """Paragraphs, headings and table cells, each located: the text personal-data rules scan."""
        items: list[Para] = []
        if self.title:
            items.append(Para(self.title, self.title_where or self.name))
        for s in self.sections:
            if s.heading:
                items.append(Para(s.heading, s.where, s.heading, s.standard))
            items.extend(s.paras)
        for t in self.tables:
            for i, row in enumerate([t.header, *t.rows]):
                where = t.row_where[i - 1] if i and i - 1 < len(t.row_where) else t.where
                items.extend(Para(cell, where, t.heading) for cell in row if cell)
        return items

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.all_text_items())

    def own_text(self) -> View:
        """The same document without the library's standard text: what the municipality itself wrote.

        A heading from the library is kept when the municipality wrote text right under it (a
        «Formål» heading over the municipality's purpose); a library heading over library text,
        library paragraphs and library tables are left out.
        """
        from dataclasses import replace

        sections: list[Section] = []
        for index, s in enumerate(self.sections):
            paras = [x for x in s.paras if not x.standard]
            if s.standard and s.heading and not paras and not self._own_heading_below(index):
                continue
            sections.append(replace(s, paras=paras))
        tables = [t for t in self.tables if not t.standard]
        return replace(self, sections=sections, tables=tables)

    def _own_heading_below(self, index: int) -> bool:
        """Whether a section has a subsection whose heading the municipality wrote (an activity, a strategy)."""
        level = self.sections[index].level
        for sub in self.sections[index + 1 :]:
            if sub.level <= level:
                return False
            if not sub.standard:
                return True
        return False


# ---------------------------------------------------------------- content folders


def content_views(content: Content, documents: dict[str, Document] | None = None) -> list[View]:
    """One view per document a folder builds: the documents are rendered (in memory) and read as they are published."""
    from ..render.documents import render_documents

    folder = shown(content.root)
    views = []
    for doc in (documents if documents is not None else render_documents(content)).values():
        kind = BY_ID[doc.kind]
        view = document_view(doc, f"{folder} ({kind.name})", "innhold", kind.check_type)
        view.recognised = "innholdsmappe"
        views.append(view)
    return views


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
        if source is not None and (source.line or source.page):
            return str(source)
        here = f"{name} › «{_short(current.heading)}» › {what}" if current.heading else f"{name} › {what}"
        return f"{here} (standardtekst)" if source is not None and source.standard else here

    def standard(source: SourceLocation | None) -> bool:
        return source is not None and source.standard

    def add_para(text: str, source: SourceLocation | None) -> None:
        text = text.strip()
        if text:
            n = len(current.paras) + 1
            current.paras.append(Para(text, place(source, f"avsnitt {n}"), current.heading or None, standard(source)))

    for block in lower(doc.blocks):
        if isinstance(block, Heading):
            if block.level == 0 and not view.title:
                view.title = block.text
                view.title_where = str(block.source) if block.source else f"{name} › tittel"
                continue
            current = Section(block.text, max(block.level, 1), "", standard=standard(block.source))
            current.where = (
                str(block.source)
                if block.source is not None and (block.source.line or block.source.page)
                else f"{name} › «{_short(block.text)}»"
            )
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
            # A table made only of template text (a count table) is the library's; one with content rows is the municipality's.
            lib = standard(block.source) and not any(block.row_sources)
            view.tables.append(
                TableV(list(block.header), rows, where, block.header_marked, current.heading or None, row_where, lib)
            )
        elif isinstance(block, Image):
            counter["image"] += 1
            view.images.append(ImageV(block.alt, place(block.source, f"bilde {counter['image']}"), block.decorative))
    if not view.title:
        view.title = props.title or ""
        view.title_where = f"{name} › dokumentegenskaper"
    own_kind = BY_ID.get(properties.get("Dokumenttype", ""))
    if doc_type:
        view.doc_type, view.recognised = doc_type, "--type"
    elif own_kind is not None and str(properties.get("Generator", "")).startswith("planbygg"):
        # planbygg writes the kind into its documents' properties: no need to guess.
        view.doc_type, view.recognised = own_kind.check_type, f"dokumentegenskapen Dokumenttype ({own_kind.id})"
    # otherwise `recognised` stays empty, and check/recognise.py decides from the text (see command.read_view)
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
        elif isinstance(block, BarChart | Image):
            out.append(Image(None, alt=block.alt, source=block.source, decorative=getattr(block, "decorative", False)))
            if block.caption:
                out.append(Paragraph((Run(block.caption),), style="Caption", source=block.caption_source))
        elif isinstance(block, Table) and block.caption:
            out.append(Paragraph((Run(block.caption),), style="Caption", source=block.caption_source))
            out.append(block)
        elif isinstance(block, TableOfContents | PageBreak):
            continue
        else:
            out.append(block)
    return out


def _short(text: str | None, n: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
