"""Document model: the plain, Word-independent blocks every document is built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .location import SourceLocation as SourceLocation  # re-exported: blocks carry positions


@dataclass(frozen=True)
class Run:
    """A piece of inline text with the same formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # URL for a hyperlink run
    # A named character style from the reference .docx, e.g. "Strong"; None = paragraph default.
    style: str | None = None


@dataclass(frozen=True)
class Heading:
    """A heading; level 0 is the Title style, 1–3 map to Heading 1–3."""

    level: int
    text: str
    toc: bool = True  # listed in the table of contents
    source: SourceLocation | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs in a named paragraph style."""

    runs: tuple[Run, ...]
    style: str | None = None  # None = "Normal"
    source: SourceLocation | None = None
    keep_next: bool = False  # stays on the page of the next block (a letter's closing with its signature)
    keep_lines: bool = False  # never split over two pages

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class ListItem:
    """One item of a list; `level` is the nesting depth from 0."""

    runs: tuple[Run, ...]
    level: int = 0
    source: SourceLocation | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; a numbered list always restarts at 1."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    source: SourceLocation | None = None
    columns: int = 1  # a long list of short items (the consultation bodies) in two or three newspaper columns


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header row, repeated on every page."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    caption: str | None = None  # written above the table in the Caption style
    # Preferred relative column widths; None: measured from the content. Each column still gets its longest word.
    widths: tuple[float, ...] | None = None
    source: SourceLocation | None = None
    row_sources: tuple[SourceLocation | None, ...] = ()  # where each body row came from, when known
    caption_source: SourceLocation | None = None  # where the caption was written (usually a template line)
    header_marked: bool = True  # a read document may have a first row that is not marked as a header


@dataclass(frozen=True)
class Image:
    """An image file with required alt text."""

    path: Path | None  # None for an image in a document that was read, not written
    alt: str
    caption: str | None = None
    width_cm: float = 15.0
    source: SourceLocation | None = None
    decorative: bool = False  # marked as decorative (no alt text needed)
    caption_source: SourceLocation | None = None


@dataclass(frozen=True)
class BarChart:
    """A simple bar chart (written as a native Word chart) with required alt text."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]  # None: no value (a gap, shown as such, never as zero)
    alt: str
    caption: str | None = None
    series_name: str = "Antall"
    source: SourceLocation | None = None
    caption_source: SourceLocation | None = None
    # Further series over the same labels, e.g. (("Voksne", (3, 40)),); with `stacked` they add up to one bar.
    more_series: tuple[tuple[str, tuple[float | None, ...]], ...] = ()
    stacked: bool = False


@dataclass(frozen=True)
class TableOfContents:
    """A Word TOC field; the writer fills in the entries from the document's headings."""

    title: str = "Innhold"
    levels: int = 2


@dataclass(frozen=True)
class PageBreak:
    """A hard page break."""


@dataclass(frozen=True)
class CoverPage:
    """The cover page of a report-like document (høringsutkast, medvirkningsrapport)."""

    organisation: str  # e.g. "Bærum kommune"
    title: str
    subtitle: str | None = None  # e.g. "2024–2027"
    marking: str | None = None  # e.g. "Høringsutkast"
    date_text: str | None = None  # e.g. "2. mai 2024"
    logo: Path | None = None
    logo_alt: str | None = None
    # A colour band behind title and subtitle (hex, e.g. "1F4E79"; the text turns white) and a photo under it.
    band_color: str | None = None
    image: Path | None = None
    image_alt: str | None = None


@dataclass(frozen=True)
class Letterhead:
    """The head of a letter: sender (logo, municipality, unit), addressee, and the references (Vår ref., Dato …).

    Written as plain paragraphs in reading order, never as a layout table, so a screen reader
    reads sender, addressee and each «label: value» pair as they are.
    """

    organisation: str
    unit: str | None = None
    address_lines: tuple[str, ...] = ()
    recipient_lines: tuple[str, ...] = ()
    # Ordered label/value pairs, e.g. ("Vår dato", "2. mai 2024"), ("Vår referanse", "24/1234").
    references: tuple[tuple[str, str], ...] = ()
    logo: Path | None = None
    logo_alt: str | None = None


@dataclass(frozen=True)
class AnswerBox:
    """An empty, bordered space for a written answer (høringsskjema).

    With a `field`, the space holds a Word content control (plain text) tagged with that stable id,
    so the answer can be read back by tag (see write/docx/controls.py and replies/form.py).
    """

    label: str
    lines: int = 6
    source: SourceLocation | None = None
    field: str | None = None  # e.g. «spm-1», «navn»; None = an empty box to write in by hand


Block = (
    Heading | Paragraph | ListBlock | Table | Image | BarChart | TableOfContents | PageBreak | CoverPage | Letterhead | AnswerBox
)


@dataclass(frozen=True)
class Properties:
    """Core document properties (and custom ones) written to docProps."""

    title: str
    author: str  # the municipality
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "nb-NO"  # or "nn-NO"
    description: str = ""
    category: str = ""
    # Fixed timestamp (seconds since the epoch) so the same input gives the same bytes.
    timestamp: int = 0
    custom: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PageSetup:
    """Header, footer and page marking shared by all pages of a document."""

    header_text: str = ""  # e.g. "Bærum kommune – Temaplan for barn og unge"
    footer_text: str = ""  # left part of the footer; the page number is added by the writer
    page_label: str = "Side"  # "Side 3 av 12"; nynorsk uses "Side" too
    of_label: str = "av"
    watermark: str | None = None  # e.g. "HØRINGSUTKAST", shown on every page
    # A line above the page number, e.g. a letter's addresses, phone, e-mail and org.nr.
    footer_note: str = ""
    first_page_plain: bool = False  # no header/footer on the cover page


@dataclass(frozen=True)
class Document:
    """A whole document, ready for the writer."""

    kind: str  # a kind from documents.py, or "" for a document read from a file of unknown origin
    properties: Properties
    blocks: tuple[Block, ...]
    page: PageSetup = field(default_factory=PageSetup)
    name: str = ""  # the file name, for a document that was read
    problems: tuple[Any, ...] = ()  # warnings found while rendering (errors.Problem), shown by build
    # Ask Word to update every field (the TOC's page numbers) when the file opens. Word then asks the
    # reader first, so it is off unless wanted: the writer fills in estimated page numbers itself.
    update_fields: bool = False
