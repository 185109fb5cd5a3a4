"""Layout facts read back from LibreOffice's PDF of a .docx: broken words, split rows, stranded headings.

Used by tests/test_layout.py and by bench/layout.py (which prints the figures). LibreOffice exports a
tagged PDF, so the structure tree says on which page every table row, heading and paragraph
(tagged with its paragraph style's name) lies; pdftotext -layout gives the lines for broken words.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

_TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
_WORD = re.compile(r"\w+")
# Units that hold on to what follows them: a heading or caption alone at a page's foot is a layout error.
# (An answer box's label is not among them: its empty box has no tagged content to follow it with.)
_KEEP_WITH_NEXT = {"/H1", "/H2", "/H3", "/caption", "/Caption"}
_UNITS = {"/TR", "/LI", "/Figure"}


def soffice() -> str | None:
    """Return LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docs: list[Path], outdir: Path) -> dict[Path, Path]:
    """Convert every .docx to a tagged PDF in one LibreOffice call; return docx → pdf."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir.resolve() / ".profil"
    command = [soffice() or "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", _TAGGED]
    subprocess.run([*command, "--outdir", str(outdir), *map(str, docs)], capture_output=True, timeout=600, check=False)
    return {doc: outdir / f"{doc.stem}.pdf" for doc in docs}


@dataclass
class Unit:
    """One structure element of the PDF that should stay on one page (a row, a paragraph, a heading)."""

    role: str
    pages: set[int] = field(default_factory=set)


def units(pdf: Path) -> list[Unit]:
    """The structure tree's rows, list items, figures and paragraphs in reading order, with their pages."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    numbers = {page.indirect_reference.idnum: i + 1 for i, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    out: list[Unit] = []
    if root is None:
        return out

    def kids(node) -> list:
        k = node.get("/K")
        items = k if isinstance(k, list) else [k] if k is not None else []
        return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in items]

    def page_of(node, inherited: int) -> int:
        ref = node.get("/Pg")
        return numbers.get(ref.idnum, inherited) if ref is not None else inherited

    def content_pages(node, inherited: int) -> set[int]:
        here = page_of(node, inherited)
        pages: set[int] = set()
        for kid in kids(node):
            if isinstance(kid, int):
                pages.add(here)
            elif hasattr(kid, "get"):
                if kid.get("/Type") in ("/MCR", "/OBJR"):
                    pages.add(page_of(kid, here))
                elif kid.get("/S"):
                    pages |= content_pages(kid, here)
        return pages

    def walk(node, inherited: int) -> None:
        here = page_of(node, inherited)
        role = str(node.get("/S", ""))
        children = kids(node)
        direct = any(isinstance(kid, int) or (hasattr(kid, "get") and kid.get("/Type") == "/MCR") for kid in children)
        if role in _UNITS or direct:
            pages = content_pages(node, here)
            if pages:
                out.append(Unit(role, pages))
            return
        for kid in children:
            if hasattr(kid, "get") and kid.get("/S"):
                walk(kid, here)

    walk(root, 0)
    return out


def split_rows(found: list[Unit]) -> int:
    """The number of table rows that lie on more than one page."""
    return sum(1 for u in found if u.role == "/TR" and len(u.pages) > 1)


def stranded(found: list[Unit]) -> list[str]:
    """Headings, captions and answer labels that end a page while what they introduce starts the next."""
    out = []
    for unit, following in itertools.pairwise(found):
        if unit.role in _KEEP_WITH_NEXT and min(following.pages) > max(unit.pages):
            out.append(f"{unit.role[1:]} nederst på side {max(unit.pages)}")
    return out


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, laid out as on the page (pdftotext -layout)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def docx_words(docx: Path) -> set[str]:
    """Every word of the document's own text (body, headers, footers, charts), in lower case.

    A paragraph's runs are joined first: a word written with soft hyphens between its pieces
    (w:softHyphen between w:t) is one word.
    """
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    words: set[str] = set()
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            if not (name.endswith(".xml") and name.startswith("word/")):
                continue
            root = etree.fromstring(z.read(name))
            texts = ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p")]
            texts += [node.text or "" for node in root.iter() if isinstance(node.tag, str) and node.tag.endswith(("}v", "}t"))]
            for text in texts:
                words.update(word.lower() for word in _WORD.findall(text))
    return words


def broken_words(pages: list[str], words: set[str]) -> list[str]:
    """Line ends (in body text or in a table cell) that are a hyphenless fragment of one of `words`.

    A cell's line ends where two or more spaces follow; a fragment is a last word that is not a
    word of the document but begins one («Deltak» of «Deltakere») and cannot be the end of one.
    """
    prefixes: set[str] = set()
    suffixes: set[str] = set()  # a word's tail after a hyphenated break («skolehelse-» / «tjenesten») is no fragment
    for word in words:
        prefixes.update(word[:i] for i in range(1, len(word)))
        suffixes.update(word[i:] for i in range(1, len(word) - 2))
    found = []
    for number, page in enumerate(pages, start=1):
        for line in page.splitlines():
            for segment in re.split(r"\s{2,}", line.strip()):
                match = re.search(r"(\w+)$", segment)
                if match is None:
                    continue
                token = match.group(1).lower()
                if token not in words and token in prefixes and token not in suffixes and not token.isdigit():
                    found.append(f"side {number}: «{segment[-40:]}»")
    return found


def hyphenated(pages: list[str]) -> int:
    """Line ends in a letter followed by a hyphen (a word hyphenated at the line end, or a real hyphen)."""
    return sum(
        1 for page in pages for line in page.splitlines() for seg in re.split(r"\s{2,}", line.strip()) if re.search(r"\w-$", seg)
    )


@dataclass
class Layout:
    """What the layout test asserts about one document."""

    pages: int
    broken: list[str]
    split_rows: int
    stranded: list[str]
    last_page_lines: int
    hyphenated: int


def analyse(docx: Path, pdf: Path) -> Layout:
    """Measure one converted document."""
    found = units(pdf)
    text = pages_text(pdf)
    last = [line for line in text[-1].splitlines() if line.strip()] if text else []
    return Layout(
        pages=len(text),
        broken=broken_words(text, docx_words(docx)),
        split_rows=split_rows(found),
        stranded=stranded(found),
        last_page_lines=max(0, len(last) - 2),  # without the running header and footer
        hyphenated=hyphenated(text),
    )
