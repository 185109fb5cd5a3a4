"""Stage 4, web: the files of build/nett/ — the høring page, the web editions, the stylesheet and the images.

Everything is a plain, relative file (no JavaScript, no absolute paths), so a municipality can
upload the folder as it is or paste a page into its CMS.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Document, Image
from .html import Page, document_html
from .palette import Palette

WEB_DIR = "nett"  # under the output folder: build/nett/
INDEX = "index.html"
STYLESHEET = "stil.css"
PAGE_KIND = "nettside"  # the høring page's document kind (templates/<målform>/nettside.md.j2)
EDITIONS = ("hoeringsutkast", "medvirkningsrapport")  # the documents that get a web edition


@dataclass(frozen=True)
class Download:
    """How the høring page offers a document for download: file suffix and the format's name."""

    suffix: str
    label: str


PDF = Download(".pdf", "PDF")
WORD = Download(".docx", "Word-fil")


def page_entries(names: dict[str, str], titles: dict[str, str], download: Download) -> list[dict[str, Any]]:
    """The høring page's list of documents (template variable `dokumenter`), in build order."""
    entries = []
    for kind, name in names.items():
        stem = Path(name).stem
        entries.append(
            {
                "type": kind,
                "tittel": titles.get(kind, stem),
                "nettside": f"{stem}.html" if kind in EDITIONS else None,
                "fil": f"{stem}{download.suffix}",
                "format": download.label,
            }
        )
    return entries


def site_files(
    index: Document,
    documents: dict[str, Document],
    names: dict[str, str],
    stylesheet: str,
    logo: tuple[Path, str] | None,
) -> dict[str, bytes]:
    """Return {file name in nett/: bytes} for the høring page, the web editions, stylesheet and images."""
    all_docs = [index, *(documents[k] for k in EDITIONS if k in documents)]
    images = _image_names([*([logo[0]] if logo else []), *(p for d in all_docs for p in _images(d))])
    banner = (images[logo[0]], logo[1]) if logo else None
    files: dict[str, bytes] = {INDEX: document_html(index, Page(STYLESHEET, images, None, banner)).encode("utf-8")}
    for kind in EDITIONS:
        if kind in documents:
            html = document_html(documents[kind], Page(STYLESHEET, images, INDEX, banner))
            files[f"{Path(names[kind]).stem}.html"] = html.encode("utf-8")
    files[STYLESHEET] = stylesheet.encode("utf-8")
    for path, name in images.items():
        files[name] = path.read_bytes()
    return files


def css_variables(colours: Palette) -> dict[str, Any]:
    """The stylesheet template's variables."""
    return {
        "farger": {"hoved": colours.primary, "lys": colours.light, "merking": colours.marking, "dempet": colours.muted},
        "skrift": colours.font.replace('"', ""),
    }


def _images(doc: Document) -> list[Path]:
    """Image files a web edition shows (the cover's and letterhead's logo is in the banner instead)."""
    return [b.path for b in doc.blocks if isinstance(b, Image) and b.path is not None and not b.decorative]


def _image_names(paths: list[Path]) -> dict[Path, str]:
    """A file name next to the pages for each image: its own name, numbered when two differ."""
    names: dict[Path, str] = {}
    used = {INDEX, STYLESHEET}
    for path in paths:
        if path in names:
            continue
        name, n = path.name, 2
        while name.lower() in used:
            name, n = f"{path.stem}-{n}{path.suffix}", n + 1
        used.add(name.lower())
        names[path] = name
    return names
