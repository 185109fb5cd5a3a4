"""planbygg's høringsskjema filled in: read the answers back by the fields' stable ids, or fill the fields in.

The answer fields are plain-text content controls (write/docx/controls.py). The id is read from
w:tag, or, when LibreOffice 7.4 has dropped the tag, from «[id]» at the end of w:alias.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..write.docx.controls import ALIAS_ID_RE, PLACEHOLDER

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
_Q = {
    name: f"{{{W}}}{name}"
    for name in ("sdt", "sdtPr", "sdtContent", "tag", "alias", "showingPlcHdr", "t", "br", "cr", "tab", "p", "r")
}
_VAL = f"{{{W}}}val"


@dataclass
class FormAnswers:
    """The answers found in a filled-in form: {field id: text}, in the order of the form."""

    answers: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)  # every field found, answered or not

    @property
    def is_form(self) -> bool:
        """Whether the document has any of planbygg's answer fields."""
        return bool(self.fields)


def field_id(sdt: etree._Element) -> str | None:
    """The stable id of a content control: its tag, else «[id]» at the end of its alias."""
    pr = sdt.find(_Q["sdtPr"])
    if pr is None:
        return None
    tag = pr.find(_Q["tag"])
    if tag is not None and tag.get(_VAL):
        return str(tag.get(_VAL))
    alias = pr.find(_Q["alias"])
    found = ALIAS_ID_RE.search(alias.get(_VAL) or "") if alias is not None else None
    return found.group(1) if found else None


def control_text(sdt: etree._Element) -> str:
    """The text typed into a control, with its line breaks; "" while it shows the placeholder."""
    pr = sdt.find(_Q["sdtPr"])
    if pr is not None and pr.find(_Q["showingPlcHdr"]) is not None:
        return ""
    content = sdt.find(_Q["sdtContent"])
    if content is None:
        return ""
    parts: list[str] = []
    paragraphs = 0
    for node in content.iter(_Q["t"], _Q["br"], _Q["cr"], _Q["tab"], _Q["p"]):
        if node.tag == _Q["p"]:
            if paragraphs:
                parts.append("\n")
            paragraphs += 1
        elif node.tag == _Q["t"]:
            # LibreOffice writes a line break typed into a field as two w:t side by side in one run.
            previous = node.getprevious()
            if previous is not None and previous.tag == _Q["t"]:
                parts.append("\n")
            parts.append(node.text or "")
        elif node.tag == _Q["tab"]:
            parts.append("\t")
        else:
            parts.append("\n")
    text = "\n".join(line.rstrip() for line in "".join(parts).strip().splitlines())
    return "" if text == PLACEHOLDER else text


def read_answers(data: bytes) -> FormAnswers:
    """Read every identified content control of a .docx (given as bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(DOCUMENT))
    found = FormAnswers()
    for sdt in root.iter(_Q["sdt"]):
        ident = field_id(sdt)
        if ident is None or ident in found.answers:
            continue
        found.fields.append(ident)
        text = control_text(sdt)
        if text:
            found.answers[ident] = text
    return found


def fill(data: bytes, answers: dict[str, str]) -> bytes:
    """Return the .docx with the given fields filled in as a respondent would (other parts unchanged)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read(DOCUMENT))
    for sdt in root.iter(_Q["sdt"]):
        ident = field_id(sdt)
        if ident not in answers:
            continue
        pr = sdt.find(_Q["sdtPr"])
        marker = pr.find(_Q["showingPlcHdr"]) if pr is not None else None
        if marker is not None:
            pr.remove(marker)
        content = sdt.find(_Q["sdtContent"])
        if content is None:
            content = etree.SubElement(sdt, _Q["sdtContent"])
        target = content.find(f".//{_Q['p']}")  # a block-level control holds paragraphs; ours hold runs
        holder = target if target is not None else content
        for child in list(holder if target is not None else content):
            if target is None or child.tag == _Q["r"]:
                holder.remove(child)
        run = etree.SubElement(holder, _Q["r"])
        for i, line in enumerate(answers[ident].split("\n")):
            if i:
                etree.SubElement(run, _Q["br"])
            t = etree.SubElement(run, _Q["t"])
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info in source.infolist():
            body = (
                etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                if info.filename == DOCUMENT
                else source.read(info.filename)
            )
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            target_zip.writestr(copy, body)
    return out.getvalue()
