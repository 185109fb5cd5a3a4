"""Content controls for answer fields: a plain-text w:sdt per answer, tagged with a stable id, readable back by tag.

Why a plain-text control, inline in one paragraph (w:sdt › w:text w:multiLine): it is the one kind
that survives a round trip through LibreOffice. LibreOffice 7.4 opens it as an input field and
writes it back as a plain-text w:sdt with its w:alias; a rich-text control comes back without
alias and tag, and no version before 7.5 keeps w:tag. So the stable id is written twice: in w:tag
(Word and newer LibreOffice keep it) and at the end of w:alias as «[id]» (LibreOffice 7.4 keeps
that). replies/form.py reads the tag first, then the alias.
"""

from __future__ import annotations

import re

from lxml import etree

from planbygg.write.docx.ooxml import qn, sub, text_run

# Shown in an empty field; a reader treats a field that still holds it as unanswered.
PLACEHOLDER = "Klikk og skriv her."
# «Svar på spørsmål 1 [spm-1]»: the stable id in square brackets at the end of the alias.
ALIAS_ID_RE = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]\s*$")
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_ID_BASE = 7000  # w:id values for controls; any integer unique in the document will do
_TWIPS_PER_LINE = 300  # one line of 11 pt body text with its spacing


def alias(label: str, field: str) -> str:
    """The control's title as Word shows it, with the stable id that LibreOffice 7.4 keeps."""
    return f"{label} [{field}]"


def reserve_height(tr: etree._Element, lines: int) -> None:
    """Keep the box as tall as `lines` lines of text while the control holds one line (trPr precedes the cells)."""
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = sub(tr, "w:trPr")
    sub(tr_pr, "w:trHeight", {"w:val": str(max(1, lines) * _TWIPS_PER_LINE), "w:hRule": "atLeast"})


def plain_text_control(p: etree._Element, label: str, field: str, index: int) -> etree._Element:
    """Append a multi-line plain-text content control showing the placeholder to paragraph `p`; return the w:sdt."""
    if not ID_RE.fullmatch(field):
        raise ValueError(f"ugyldig feltnavn «{field}»: bruk små bokstaver, sifre og bindestrek")
    sdt = sub(p, "w:sdt")
    pr = sub(sdt, "w:sdtPr")
    sub(pr, "w:alias", {"w:val": alias(label, field)})
    sub(pr, "w:tag", {"w:val": field})
    sub(pr, "w:id", {"w:val": str(_ID_BASE + index)})
    sub(pr, "w:showingPlcHdr")
    sub(pr, "w:text", {"w:multiLine": "1"})
    content = sub(sdt, "w:sdtContent")
    text_run(PLACEHOLDER, None, content)
    return sdt
