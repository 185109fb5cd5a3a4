"""Numbering definitions for planbygg's bullet and number lists."""

from __future__ import annotations

from lxml import etree

from planbygg.write.docx.ooxml import (
    el,
    sub,
)

_BULLETS = ("\u2022", "\u2013", "\u25aa")  # • – ▪, present in Arial/Liberation Sans and Calibri/Carlito
_NUMBER_FORMATS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))


def abstract_list(abstract_id: int, name: str, ordered: bool, color: str | None = None) -> etree._Element:
    """Return a three-level `w:abstractNum` (bullets • – ▪, or 1. a) i.) indented 0.63 cm per level."""
    abstract = el("w:abstractNum", {"w:abstractNumId": str(abstract_id)})
    sub(abstract, "w:multiLevelType", {"w:val": "hybridMultilevel"})
    sub(abstract, "w:name", {"w:val": name})
    for level in range(9):
        lvl = sub(abstract, "w:lvl", {"w:ilvl": str(level)})
        sub(lvl, "w:start", {"w:val": "1"})
        if ordered:
            fmt, text = _NUMBER_FORMATS[level % 3]
            sub(lvl, "w:numFmt", {"w:val": fmt})
            sub(lvl, "w:lvlText", {"w:val": text.replace(str(level % 3 + 1), str(level + 1))})
        else:
            sub(lvl, "w:numFmt", {"w:val": "bullet"})
            sub(lvl, "w:lvlText", {"w:val": _BULLETS[level % 3]})
        sub(lvl, "w:lvlJc", {"w:val": "left"})
        sub(sub(lvl, "w:pPr"), "w:ind", {"w:left": str(357 * (level + 1)), "w:hanging": "357"})
        if not ordered or color:
            rpr = sub(lvl, "w:rPr")
            if not ordered:
                sub(rpr, "w:rFonts", {"w:ascii": "Arial", "w:hAnsi": "Arial", "w:hint": "default"})
            if color:
                sub(rpr, "w:color", {"w:val": color})
    return abstract
