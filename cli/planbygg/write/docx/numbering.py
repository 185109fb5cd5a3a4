"""numbering.xml: the reference's own numbering plus planbygg's bullet and number lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from planbygg.write.docx.ooxml import STORY_NSMAP, el, qn, sub, xml_bytes
from planbygg.write.docx.reference import BULLET_LIST_NAME, NUMBER_LIST_NAME, int_attr

if TYPE_CHECKING:
    from planbygg.write.docx.reference import Reference

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


def numbering_root(ref: Reference) -> etree._Element:
    """The reference's numbering part, or an empty one: its own list styles stay usable."""
    if ref.numbering_xml is not None:
        return etree.fromstring(ref.numbering_xml)
    return el("w:numbering", nsmap={"w": STORY_NSMAP["w"]})


def list_definitions(numbering: etree._Element) -> tuple[int, int]:
    """Return the abstractNum ids for bullets and numbers: the reference's by name, else new ones."""
    found: dict[str, int] = {}
    ids = []
    for abstract in numbering.iterfind(qn("w:abstractNum")):
        aid = int_attr(abstract, "w:abstractNumId", 0)
        ids.append(aid)
        name = abstract.find(qn("w:name"))
        if name is not None:
            found.setdefault(name.get(qn("w:val"), ""), aid)
    next_id = max(ids, default=-1) + 1
    result = []
    for list_name, ordered in ((BULLET_LIST_NAME, False), (NUMBER_LIST_NAME, True)):
        if list_name not in found:
            definition = abstract_list(next_id, list_name, ordered)
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(definition)  # all abstractNums must precede all nums
            else:
                numbering.append(definition)
            found[list_name] = next_id
            next_id += 1
        result.append(found[list_name])
    return result[0], result[1]


def numbering_xml(numbering: etree._Element, nums: list[etree._Element]) -> bytes:
    """The numbering part with the list instances the document used (before Word's cleanup marker)."""
    tail = numbering.find(qn("w:numIdMacAtCleanup"))
    for num in nums:
        if tail is not None:
            tail.addprevious(num)
        else:
            numbering.append(num)
    return xml_bytes(numbering)
