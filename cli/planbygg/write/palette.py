"""The municipality's colours and font for the web edition, read from the same reference .docx as the Word files.

The graphic profile lives in one place (templates/referanse.docx or the municipality's own
`referansedokument`); the web page takes its heading colour, table banding, marking colour and body
font from there, and darkens a colour that would be too light to read on white (WCAG 1.4.3: 4.5:1).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Palette:
    """Colours as #rrggbb and a CSS font stack."""

    primary: str = "#1F4E79"  # headings, banner, table header, links
    light: str = "#EAF1F8"  # table banding, banner tint
    marking: str = "#B42318"  # «Høringsutkast»
    muted: str = "#595959"  # subtitles, footer
    font: str = "Arial"


_STYLE = re.compile(r"<w:style\b[^>]*>.*?</w:style>", re.S)
_NAME = re.compile(r'<w:name w:val="([^"]*)"')
_COLOUR = re.compile(r'<w:color w:val="([0-9A-Fa-f]{6})"')
_FILL = re.compile(r'w:fill="([0-9A-Fa-f]{6})"')
_FONT = re.compile(r'<w:rFonts\b[^>]*w:ascii="([^"]+)"')
_BAND = re.compile(r'<w:tblStylePr w:type="band1Horz">.*?</w:tblStylePr>', re.S)
_FIRST_ROW = re.compile(r'<w:tblStylePr w:type="firstRow">.*?</w:tblStylePr>', re.S)


def palette(reference: Path) -> Palette:
    """Read the palette from a reference .docx; anything it does not say keeps the library's default."""
    stat = reference.stat()
    return _palette(str(reference.resolve()), stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _palette(path: str, _mtime: int) -> Palette:
    try:
        with zipfile.ZipFile(path) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return Palette()
    by_name = {}
    for style in _STYLE.findall(styles):
        name = _NAME.search(style)
        if name:
            by_name[name.group(1).lower()] = style
    default = Palette()

    def colour(style_name: str, fallback: str) -> str:
        found = _COLOUR.search(by_name.get(style_name, ""))
        return f"#{found.group(1).upper()}" if found else fallback

    table = by_name.get("planbygg tabell", "")
    band = _BAND.search(table)
    head = _FIRST_ROW.search(table)
    light = _FILL.search(band.group(0)) if band else None
    header = _FILL.search(head.group(0)) if head else None
    font = _FONT.search(styles[: styles.find("</w:docDefaults>")]) if "</w:docDefaults>" in styles else None
    primary = colour("heading 1", f"#{header.group(1).upper()}" if header else default.primary)
    return Palette(
        primary=readable(primary),
        light=f"#{light.group(1).upper()}" if light else default.light,
        marking=readable(colour("forside merking", default.marking)),
        muted=readable(colour("subtitle", default.muted)),
        font=font.group(1) if font else default.font,
    )


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """Darken `colour` step by step until text in it reads on `background` (and white text reads on it)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    while contrast(f"#{r:02X}{g:02X}{b:02X}", background) < ratio and (r, g, b) != (0, 0, 0):
        r, g, b = (int(c * 0.9) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}"


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
