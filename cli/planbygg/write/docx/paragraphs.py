"""Schema-ordered edits of paragraph and section properties (pPr, sectPr) that the writer makes after the fact."""

from __future__ import annotations

from lxml import etree

from planbygg.write.docx.ooxml import el, qn, sub

_SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]


def sect_insert(sect: etree._Element, node: etree._Element) -> None:
    """Insert `node` into `sect` at its place in the schema's order, replacing one of the same name."""
    name = etree.QName(node).localname
    for old in sect.findall(qn(f"w:{name}")):
        sect.remove(old)
    rank = _SECT_ORDER.index(name)
    successor = next((c for c in sect if etree.QName(c).localname in _SECT_ORDER[rank + 1 :]), None)
    if successor is not None:
        successor.addprevious(node)
    else:
        sect.append(node)


def drop_first_page(sect: etree._Element) -> None:
    """Remove the first-page flag and its header and footer: they belong to the document's first section."""
    for node in list(sect):
        if node.tag == qn("w:titlePg") or (
            node.tag in (qn("w:headerReference"), qn("w:footerReference")) and node.get(qn("w:type")) == "first"
        ):
            sect.remove(node)


def section_type(sect: etree._Element, kind: str) -> None:
    """Set the section's start: "continuous" keeps it on the page of the section before."""
    sect_insert(sect, el("w:type", {"w:val": kind}))


def section_columns(sect: etree._Element, columns: int) -> None:
    """Set the section's newspaper columns (one column: the default spacing)."""
    sect_insert(
        sect, el("w:cols", {"w:num": str(columns), "w:space": "567"}) if columns > 1 else el("w:cols", {"w:space": "708"})
    )


_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
]


def ppr_insert(p: etree._Element, node: etree._Element) -> None:
    """Put `node` into the paragraph's pPr (made if missing) at its place in the schema's order."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    name = etree.QName(node).localname
    for old in ppr.findall(qn(f"w:{name}")):
        ppr.remove(old)
    rank = _PPR_ORDER.index(name)
    successor = next((c for c in ppr if etree.QName(c).localname in _PPR_ORDER[rank + 1 :]), None)
    if successor is not None:
        successor.addprevious(node)
    else:
        ppr.append(node)


def set_spacing(p: etree._Element, after: int) -> None:
    """Give paragraph `p` its own space after (twips)."""
    ppr_insert(p, el("w:spacing", {"w:after": str(after)}))


def band(p: etree._Element, color: str) -> None:
    """Shade paragraph `p` as part of a colour band; borders in the band's colour give it padding."""
    borders = el("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        sub(borders, f"w:{edge}", {"w:val": "single", "w:sz": "4", "w:space": "10", "w:color": color})
    ppr_insert(p, borders)
    ppr_insert(p, el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": color}))
    ppr_insert(p, el("w:ind", {"w:left": "227", "w:right": "227"}))  # the padded band lines up with the margins
