"""A reply written as free text (an e-mail, a letter): its header lines, dates, signature and the points it makes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar",),
            ("februar",),
            ("mars",),
            ("april",),
            ("mai",),
            ("juni",),
            ("juli",),
            ("august",),
            ("september",),
            ("oktober",),
            ("november",),
            ("desember",),
        ),
        start=1,
    )
    for name in names
}
DATE_RE = re.compile(
    r"(?<!\d)(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4}))(?!\d)",
    re.IGNORECASE,
)
HEADER_RE = re.compile(
    r"^\s*(fra|frå|avsender|avsendar|organisasjon|dato|emne|til|kopi|vår ref|vår dato|dykkar ref|deres ref)\s*:\s*(.*)$", re.I
)
SIGN_OFF_RE = re.compile(
    r"^\s*(med )?(vennlig|venleg|beste|varm)?\s*(hilsen|helsing|hilsener|helsingar)\b|^\s*mvh\b|^\s*vh\b", re.IGNORECASE
)
GREETING_RE = re.compile(r"^\s*(hei|hallo|god dag|til)\b[^.!?]{0,60}[,!:]?\s*$", re.IGNORECASE)
# Opening courtesies and lead-ins that are not innspill: «… takker for muligheten …», «… har denne uttalelsen:».
LEAD_IN_RE = re.compile(
    r"takk(er)? for (muligheten|høve|moglegheita|anledningen)|(har|gir|gjev) (denne|følgende|følgjande|slik|slike) (høringsuttalelse|høyringsfråsegn|uttalelse|uttale|fråsegn|innspill|innspel|merknader)|:$",
    re.IGNORECASE,
)
CONTACT_LINE_RE = re.compile(r"@|\b(tlf|telefon|mobil)\b|^\+?\d[\d ]{6,}$", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«])")
MAX_PIECES = 8  # a long letter's later paragraphs are joined into the last innspill
MAX_CHARS = 900  # a longer paragraph is shortened to its first sentences (the file keeps it all)
SUMMARY_CHARS = 500


@dataclass
class Letter:
    """What free text says about itself, and the points it makes."""

    headers: dict[str, str] = field(default_factory=dict)  # lower-case name → value: fra, dato, organisasjon …
    signature: list[str] = field(default_factory=list)  # the lines after «Med vennlig hilsen»
    pieces: list[str] = field(default_factory=list)  # one innspill per paragraph
    shortened: bool = False


def parse_date(text: str) -> dt.date | None:
    """The first date in the text: 2023-06-28, 28.06.2023 or 28. juni 2023."""
    for m in DATE_RE.finditer(text):
        try:
            if m.group(1):
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m.group(4):
                return dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
            return dt.date(int(m.group(9)), MONTHS[m.group(8).lower()], int(m.group(7)))
        except ValueError:
            continue
    return None


def shorten(text: str) -> tuple[str, bool]:
    """The text, or its first sentences when it is long; whether it was shortened."""
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text, False
    out = ""
    for sentence in SENTENCE_END_RE.split(text):
        if out and len(out) + len(sentence) > SUMMARY_CHARS:
            break
        out = f"{out} {sentence}".strip()
    if len(out) > SUMMARY_CHARS + 200:
        out = out[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return out + " […]", True


def read_letter(text: str) -> Letter:
    """Split free text into header lines, the points it makes (one per paragraph) and the signature."""
    letter = Letter()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body: list[str] = []
    in_header = True
    for number, line in enumerate(lines):
        header = HEADER_RE.match(line) if in_header else None
        if header:
            letter.headers.setdefault(header.group(1).lower().replace("å", "a"), header.group(2).strip())
            continue
        if in_header and not line.strip():
            continue
        in_header = False
        sign_off = SIGN_OFF_RE.match(line)
        if sign_off and len(line.strip()) < 40:
            letter.signature = [x.strip() for x in lines[number + 1 :] if x.strip()][:6]
            break
        if sign_off and len(line.strip()) < 160:
            # A reader that joins a paragraph's lines gives «Med vennlig hilsen Forening X» on one line.
            rest = line[sign_off.end() :].strip(" ,")
            letter.signature = [rest, *(x.strip() for x in lines[number + 1 :] if x.strip())][:6]
            break
        body.append(line)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(body))]
    paragraphs = [p for p in paragraphs if p and not GREETING_RE.match(p)]
    # A short first line without a full stop is the letter's title («Høringssvar – Handlingsplan …»).
    if len(paragraphs) > 1 and len(paragraphs[0]) < 90 and not paragraphs[0].rstrip().endswith((".", "!", "?")):
        letter.headers.setdefault("emne", paragraphs.pop(0))
    paragraphs = [p for p in paragraphs if (len(p) >= 25 and not (len(p) < 220 and LEAD_IN_RE.search(p))) or len(paragraphs) == 1]
    if len(paragraphs) > MAX_PIECES:
        paragraphs = [*paragraphs[: MAX_PIECES - 1], " ".join(paragraphs[MAX_PIECES - 1 :])]
    for paragraph in paragraphs:
        piece, cut = shorten(paragraph)
        letter.pieces.append(piece)
        letter.shortened = letter.shortened or cut
    return letter


def signature_names(signature: list[str]) -> tuple[str, str]:
    """(the signer's name, the organisation) from the lines under the sign-off; either may be ""."""
    from .classify import looks_like_organisation

    lines = [x for x in signature if not CONTACT_LINE_RE.search(x)]
    if not lines:
        return "", ""
    name, organisation = lines[0], ""
    if looks_like_organisation(name):
        return name, name
    for line in lines[1:3]:
        # «leder, Bergen idrettsråd»: the organisation is after the title
        candidate = line.split(",", 1)[1].strip() if "," in line else line
        if looks_like_organisation(candidate):
            organisation = candidate
            break
    return name, organisation
