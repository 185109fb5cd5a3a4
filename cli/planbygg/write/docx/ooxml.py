"""Small WordprocessingML/DrawingML builders that python-docx has no public API for."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
# Namespaces declared on every story root (document, header, footer) so children never redeclare them.
STORY_NSMAP = {k: NS[k] for k in ("w", "r", "wp", "a", "pic", "c", "v", "o", "w10", "mc")}

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
PICTURE_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"
EMU_PER_CM = 360000
EMU_PER_TWIP = 635

# XML 1.0 forbids most C0 control characters; content from YAML can carry them.
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=512)
def qn(tag: str) -> str:
    """Return the Clark name for a prefixed tag, e.g. ``w:p`` → ``{...main}p``."""
    prefix, local = tag.split(":", 1)
    return f"{{{NS[prefix]}}}{local}"


def clean_text(text: str) -> str:
    """Return `text` without characters XML cannot hold."""
    return _BAD_XML_CHARS.sub("", text) if _BAD_XML_CHARS.search(text) else text


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element, nsmap: dict | None = None) -> etree._Element:
    """Return a new element `tag` with prefixed attribute names and children."""
    node = etree.Element(qn(tag), nsmap=nsmap)
    if attrs:
        for key, value in attrs.items():
            node.set(qn(key) if ":" in key else key, value)
    node.extend(children)
    return node


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append and return a child element `tag` with prefixed attribute names."""
    node = etree.SubElement(parent, qn(tag))
    if attrs:
        for key, value in attrs.items():
            node.set(qn(key) if ":" in key else key, value)
    return node


def text_run(text: str, rpr: etree._Element | None = None, parent: etree._Element | None = None) -> etree._Element:
    """Return a `w:r` holding `text`; tabs, newlines and soft hyphens become `w:tab`, `w:br` and `w:softHyphen`.

    With `parent`, the run is created in place (SubElement): creating a free element makes lxml
    set up a new document each time, which was the largest single cost of writing a report.
    """
    run = etree.SubElement(parent, _W_R) if parent is not None else etree.Element(_W_R)
    if rpr is not None:
        run.append(rpr)
    text = clean_text(text)
    if "\n" not in text and "\t" not in text and "\u00ad" not in text:  # the common case: one w:t
        if text:
            t = etree.SubElement(run, _W_T)
            t.text = text
            if text[0] == " " or text[-1] == " ":
                t.set(_XML_SPACE, "preserve")
        return run
    # Word's own optional hyphen is the w:softHyphen element; readers of w:t never see it in the text.
    for piece in _SPECIAL.split(text):
        if piece == "\n":
            sub(run, "w:br")
        elif piece == "\t":
            sub(run, "w:tab")
        elif piece == "\u00ad":
            sub(run, "w:softHyphen")
        elif piece:
            t = etree.SubElement(run, _W_T)
            t.text = piece
            if piece[0] == " " or piece[-1] == " ":
                t.set(_XML_SPACE, "preserve")
    return run


_SPECIAL = re.compile("([\n\t\u00ad])")
_W_R = qn("w:r")
_W_T = qn("w:t")
_XML_SPACE = qn("xml:space")


# -- fields --------------------------------------------------------------------------------------


def field_start(instr: str, dirty: bool = False) -> list[etree._Element]:
    """Return the runs that open a complex field up to its result: begin, instruction, separate."""
    begin = el("w:fldChar", {"w:fldCharType": "begin"})
    if dirty:
        begin.set(qn("w:dirty"), "true")  # asks Word to recompute the result when the file opens
    instr_el = el("w:instrText", {"xml:space": "preserve"})
    instr_el.text = f" {instr.strip()} "
    return [el("w:r", None, begin), el("w:r", None, instr_el), el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"}))]


def field_end() -> etree._Element:
    """Return the run that closes a complex field."""
    return el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"}))


def field(instr: str, cached: str, rpr: etree._Element | None = None) -> list[etree._Element]:
    """Return the runs of a complete complex field whose cached result is `cached`."""
    runs = [*field_start(instr), text_run(cached), field_end()]
    if rpr is not None:
        for run in runs:
            run.insert(0, copy.deepcopy(rpr))
    return runs


# -- bookmarks and links -------------------------------------------------------------------------


def bookmark(bookmark_id: int, name: str) -> tuple[etree._Element, etree._Element]:
    """Return a (bookmarkStart, bookmarkEnd) pair to wrap the bookmarked content."""
    bid = str(bookmark_id)
    return el("w:bookmarkStart", {"w:id": bid, "w:name": name}), el("w:bookmarkEnd", {"w:id": bid})


def hyperlink(rid: str | None = None, anchor: str | None = None) -> etree._Element:
    """Return an empty `w:hyperlink` to an external relationship `rid` or an internal bookmark `anchor`."""
    link = el("w:hyperlink")
    if rid is not None:
        link.set(qn("r:id"), rid)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    return link


# -- numbering -----------------------------------------------------------------------------------


def num_instance(num_id: int, abstract_id: int, restart_levels: int = 0) -> etree._Element:
    """Return a `w:num`; with `restart_levels`, levels 0..n-1 start over at 1 (a fresh numbered list).

    Word continues numbering across `w:num`s that share an abstractNum unless each has a
    startOverride, so every ordered list gets one.
    """
    num = el("w:num", {"w:numId": str(num_id)}, el("w:abstractNumId", {"w:val": str(abstract_id)}))
    for level in range(restart_levels):
        override = sub(num, "w:lvlOverride", {"w:ilvl": str(level)})
        sub(override, "w:startOverride", {"w:val": "1"})
    return num


def num_pr(num_id: int, level: int, parent: etree._Element | None = None) -> etree._Element:
    """Return a `w:numPr` putting a paragraph in list `num_id` at nesting `level` (inside `parent` if given)."""
    node = etree.SubElement(parent, qn("w:numPr")) if parent is not None else el("w:numPr")
    sub(node, "w:ilvl", {"w:val": str(level)})
    sub(node, "w:numId", {"w:val": str(num_id)})
    return node


# -- tables --------------------------------------------------------------------------------------


def mark_header_row(tr: etree._Element) -> etree._Element:
    """Make `tr` a repeating header row that never splits across pages; return its `w:trPr`."""
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = el("w:trPr")
        tr.insert(0, tr_pr)
    # Schema order inside trPr: ... cantSplit, trHeight, tblHeader ...
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, el("w:cantSplit"))
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(el("w:tblHeader"))
    return tr_pr


def table_look(first_row: bool, banded_rows: bool) -> etree._Element:
    """Return a `w:tblLook` in both the Word 2007 hex form and the 2010 attribute form."""
    bits = (0x0020 if first_row else 0) | (0 if banded_rows else 0x0200) | 0x0400
    return el(
        "w:tblLook",
        {
            "w:val": f"{bits:04X}",
            "w:firstRow": "1" if first_row else "0",
            "w:lastRow": "0",
            "w:firstColumn": "0",
            "w:lastColumn": "0",
            "w:noHBand": "0" if banded_rows else "1",
            "w:noVBand": "1",
        },
    )


# -- drawings ------------------------------------------------------------------------------------


def doc_pr(shape_id: int, name: str, descr: str, title: str | None = None) -> etree._Element:
    """Return a `wp:docPr` carrying alt text (`descr`) for screen readers."""
    attrs = {"id": str(shape_id), "name": name, "descr": clean_text(descr)}
    if title:
        attrs["title"] = clean_text(title)
    return el("wp:docPr", attrs)


def _inline(shape_id: int, name: str, cx: int, cy: int, alt: str, title: str | None) -> etree._Element:
    inline = el("wp:inline", {"distT": "0", "distB": "0", "distL": "0", "distR": "0"})
    sub(inline, "wp:extent", {"cx": str(cx), "cy": str(cy)})
    sub(inline, "wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"})
    inline.append(doc_pr(shape_id, name, alt, title))
    return inline


def inline_picture(rid: str, shape_id: int, cx: int, cy: int, alt: str, title: str | None = None) -> etree._Element:
    """Return a `w:drawing` with an inline picture of `cx`×`cy` EMU from image relationship `rid`."""
    name = f"Bilde {shape_id}"
    inline = _inline(shape_id, name, cx, cy, alt, title)
    frame = sub(inline, "wp:cNvGraphicFramePr")
    sub(frame, "a:graphicFrameLocks", {"noChangeAspect": "1"})
    graphic = sub(inline, "a:graphic")
    data = sub(graphic, "a:graphicData", {"uri": PICTURE_URI})
    pic = sub(data, "pic:pic")
    nv = sub(pic, "pic:nvPicPr")
    sub(nv, "pic:cNvPr", {"id": str(shape_id), "name": name, "descr": clean_text(alt)})
    sub(nv, "pic:cNvPicPr")
    fill = sub(pic, "pic:blipFill")
    sub(fill, "a:blip", {"r:embed": rid})
    stretch = sub(fill, "a:stretch")
    sub(stretch, "a:fillRect")
    sp = sub(pic, "pic:spPr")
    xfrm = sub(sp, "a:xfrm")
    sub(xfrm, "a:off", {"x": "0", "y": "0"})
    sub(xfrm, "a:ext", {"cx": str(cx), "cy": str(cy)})
    geom = sub(sp, "a:prstGeom", {"prst": "rect"})
    sub(geom, "a:avLst")
    return el("w:drawing", None, inline)


def inline_chart(rid: str, shape_id: int, cx: int, cy: int, alt: str, title: str | None = None) -> etree._Element:
    """Return a `w:drawing` with an inline chart whose part is relationship `rid`."""
    inline = _inline(shape_id, f"Diagram {shape_id}", cx, cy, alt, title)
    sub(inline, "wp:cNvGraphicFramePr")
    graphic = sub(inline, "a:graphic")
    data = sub(graphic, "a:graphicData", {"uri": CHART_URI})
    sub(data, "c:chart", {"r:id": rid})
    return el("w:drawing", None, inline)


# -- watermark -----------------------------------------------------------------------------------

# Word's own text-watermark shape type (WordArt "plain text", spt 136), as Word writes it.
_TEXTPATH_SHAPETYPE = """<v:shapetype xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"""
_SHAPETYPE_PARSER = etree.XMLParser(remove_blank_text=True)


def watermark_run(text: str, shape_num: int, font: str = "Arial", max_width_pt: float = 460.0) -> etree._Element:
    """Return a run with a diagonal, light grey text watermark behind the text, centred on the page.

    It is a VML WordArt shape like the one Word's Design > Watermark writes, placed in a header
    so it shows on every page that uses that header; LibreOffice imports it as a watermark too.
    """
    text = clean_text(text)
    # WordArt stretches the text to fill its box: size the box like 72 pt capitals (≈ 0.68 em wide each),
    # shrinking long words to fit the page diagonal.
    width_pt = min(max_width_pt, 0.68 * 72 * max(1, len(text)))
    height_pt = round(min(72.0, width_pt / (0.68 * max(1, len(text)))), 1)
    width_pt = round(width_pt, 1)
    pict = el("w:pict")
    pict.append(etree.fromstring(_TEXTPATH_SHAPETYPE, _SHAPETYPE_PARSER))
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width_pt}pt;height:{height_pt}pt;rotation:315;"
        "z-index:-251657216;mso-wrap-edited:f;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        "mso-position-vertical:center;mso-position-vertical-relative:margin"
    )
    shape = sub(
        pict,
        "v:shape",
        {
            "id": f"PowerPlusWaterMarkObject{shape_num}",
            "o:spid": f"_x0000_s{2048 + shape_num}",
            "type": "#_x0000_t136",
            "style": style,
            "o:allowincell": "f",
            "fillcolor": "#c8c8c8",
            "stroked": "f",
        },
    )
    sub(shape, "v:fill", {"opacity": ".5"})
    sub(shape, "v:textpath", {"style": f'font-family:"{font}";font-size:1pt', "string": text})
    sub(shape, "w10:wrap", {"anchorx": "margin", "anchory": "margin"})
    run = el("w:r", None, el("w:rPr", None, el("w:noProof")))
    run.append(pict)
    return run


# -- markup compatibility ------------------------------------------------------------------------

_MC_IGNORABLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"


def declared_ignorable(root: etree._Element) -> etree._Element:
    """Drop prefixes from the root's `mc:Ignorable` that are not declared on it; return `root`.

    A part that names an undeclared prefix there (python-docx's template after namespace clean-up
    names `w14`) is invalid markup compatibility, which Word refuses or «repairs».
    """
    value = root.get(_MC_IGNORABLE)
    if value is None:
        return root
    kept = [prefix for prefix in value.split() if prefix in root.nsmap]
    if kept:
        root.set(_MC_IGNORABLE, " ".join(kept))
    else:
        del root.attrib[_MC_IGNORABLE]
    return root


def declared_ignorable_xml(xml: bytes | None) -> bytes | None:
    """Return the part `xml` with `declared_ignorable` applied; untouched when it names nothing ignorable."""
    if xml is None or b"Ignorable" not in xml:
        return xml
    root = etree.fromstring(xml)
    if root.get(_MC_IGNORABLE) is None or all(p in root.nsmap for p in root.get(_MC_IGNORABLE, "").split()):
        return xml
    return etree.tostring(declared_ignorable(root), xml_declaration=True, encoding="UTF-8", standalone=True)


def xml_bytes(root: etree._Element) -> bytes:
    """A part's bytes: UTF-8 with the XML declaration Word expects."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
