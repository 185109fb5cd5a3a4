"""Read one reply file (.eml, .txt/.md, .docx, .pdf, or planbygg's filled-in høringsskjema) into a Reply."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PlanbyggError
from .classify import category, looks_like_organisation
from .letters import Letter, parse_date, read_letter, signature_names

READABLE = (".eml", ".txt", ".md", ".docx", ".pdf")
FORM_SENDER = ("navn", "organisasjon")  # the form's own fields; the others are answers


@dataclass
class Piece:
    """One innspill: the text, and the form question it answers (None for letters)."""

    text: str
    question: str | None = None


@dataclass
class Reply:
    """What planbygg could read from one reply file."""

    file: str  # relative to the municipality folder, with /
    sender: str = ""
    organisation: str = ""
    category: str = ""
    date: dt.date | None = None
    channel: str = "brev"
    pieces: list[Piece] = field(default_factory=list)
    text: str = ""  # everything read, searched for personal data
    shortened: bool = False  # an innspill was cut to its first sentences


def read_reply(path: Path, root: Path, questions: list[str]) -> Reply:
    """Read one file; `questions` are the høringsskjema's questions (field spm-N is question N)."""
    relative = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    if suffix == ".eml":
        reply = _email(path.read_bytes(), relative, questions)
    elif suffix == ".docx":
        reply = _docx(path.read_bytes(), relative, questions, path.name)
    elif suffix == ".pdf":
        from ..read.pdf import read_pdf

        reply = _letter(document_text(read_pdf(path)), relative)
    else:
        reply = _letter(_decode(path.read_bytes()), relative)
    if reply.date is None:
        reply.date = parse_date(path.stem) or dt.date.fromtimestamp(path.stat().st_mtime)
    if not reply.sender:
        reply.sender = reply.organisation or path.stem
    reply.category = category(reply.sender, reply.organisation, _address(reply.text))
    return reply


def _decode(data: bytes) -> str:
    """Text files from Windows are often cp1252; try UTF-8 first."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _address(text: str) -> str:
    """The first e-mail address in the text (used to classify the sender), or ""."""
    found = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return found.group(0) if found else ""


def _letter(text: str, relative: str, letter: Letter | None = None) -> Reply:
    """A reply in free text: sender and date from header lines or the signature, one innspill per paragraph."""
    letter = letter or read_letter(text)
    reply = Reply(relative, channel="brev", text=text, shortened=letter.shortened)
    signer, organisation = signature_names(letter.signature)
    reply.organisation = letter.headers.get("organisasjon", "") or organisation
    reply.sender = (
        letter.headers.get("fra", "") or letter.headers.get("avsender", "") or letter.headers.get("avsendar", "") or signer
    )
    reply.sender = re.sub(r"\s*<[^>]*>\s*", "", reply.sender).strip()
    if not reply.organisation and looks_like_organisation(reply.sender):
        reply.organisation = reply.sender
    reply.date = parse_date(letter.headers.get("dato", "")) or parse_date(text[:400])
    reply.pieces = [Piece(p) for p in letter.pieces]
    return reply


def _form(answers: dict[str, str], relative: str, questions: list[str]) -> Reply:
    """A filled-in høringsskjema: one innspill per answered question, «andre innspill» last."""
    reply = Reply(relative, channel="skjema", sender=answers.get("navn", ""), organisation=answers.get("organisasjon", ""))
    for ident, text in answers.items():
        if ident in FORM_SENDER:
            continue
        number = re.fullmatch(r"spm-(\d+)", ident)
        if number:
            n = int(number.group(1))
            question = questions[n - 1] if 0 < n <= len(questions) else f"Spørsmål {n}"
        elif ident == "andre-innspill":
            question = "Andre innspill"
        else:
            question = ident
        reply.pieces.append(Piece(text.strip(), question))
    reply.text = "\n\n".join(answers.values())
    return reply


def _docx(data: bytes, relative: str, questions: list[str], name: str) -> Reply:
    """A .docx: planbygg's form read by its fields, any other document as a letter."""
    from .form import read_answers

    try:
        found = read_answers(data)
    except Exception as exc:  # not a zip, no document part: the reader below gives the Norwegian message
        found = None
        error: Exception | None = exc
    else:
        error = None
    if found is not None and found.is_form:
        reply = _form(found.answers, relative, questions)
        reply.date = _modified(data)
        return reply
    text = _docx_text(data, name)
    if error is not None and not text:
        raise PlanbyggError(f"kan ikke lese «{name}» som .docx")
    reply = _letter(text, relative)
    reply.date = reply.date or _modified(data)
    return reply


def _docx_text(data: bytes, name: str) -> str:
    """The paragraphs and table cells of any .docx, one paragraph per block (read/docx.py)."""
    import tempfile

    from ..model import ListBlock, Paragraph, Table
    from ..read.docx import read_docx

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        document = read_docx(path)
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.extend(item.text for item in block.items)
        elif isinstance(block, Table):
            parts.extend(" ".join(r.text for r in cell) for row in block.rows for cell in row)
    return "\n\n".join(p for p in parts if p.strip())


def _modified(data: bytes) -> dt.date | None:
    """When the .docx was last saved (docProps/core.xml), the best date a form carries."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            core = package.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return None
    for tag in ("dcterms:modified", "dcterms:created"):
        found = re.search(rf"<{tag}[^>]*>(\d{{4}}-\d{{2}}-\d{{2}})", core)
        if found:
            return dt.date.fromisoformat(found.group(1))
    return None


def _email(data: bytes, relative: str, questions: list[str]) -> Reply:
    """An e-mail: sender from From, date from Date, innspill from the body and any attached letter or form."""
    from email import policy
    from email.parser import BytesParser
    from email.utils import parseaddr, parsedate_to_datetime

    message = BytesParser(policy=policy.default).parsebytes(data)
    display, address = parseaddr(str(message.get("From", "")))
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        body = body_part.get_content()
        if body_part.get_content_type() == "text/html":
            body = _html_text(body)
    letter = read_letter(body)
    reply = _letter(body, relative, letter)
    reply.channel = "e-post"
    signer, organisation = signature_names(letter.signature)
    reply.sender = display.strip() or signer or address.partition("@")[0]
    reply.organisation = (
        letter.headers.get("organisasjon", "") or organisation or (display if looks_like_organisation(display) else "")
    )
    with contextlib.suppress(TypeError, ValueError):
        reply.date = parsedate_to_datetime(str(message["Date"])).date() if message.get("Date") else reply.date
    texts = [f"Fra: {display} <{address}>", body]
    for part in message.iter_attachments():
        filename = part.get_filename() or ""
        content = part.get_content()
        if filename.lower().endswith(".docx") and isinstance(content, bytes):
            attached = _docx(content, relative, questions, filename)
            reply.channel = "skjema" if attached.channel == "skjema" else reply.channel
            reply.sender = attached.sender if attached.channel == "skjema" and attached.sender else reply.sender
            reply.organisation = attached.organisation or reply.organisation
        elif filename.lower().endswith(".pdf") and isinstance(content, bytes):
            attached = _pdf_bytes(content, relative, filename)
        elif part.get_content_maintype() == "text" and isinstance(content, str):
            attached = _letter(content, relative)
        else:
            continue
        reply.pieces.extend(attached.pieces)
        reply.shortened = reply.shortened or attached.shortened
        texts.append(attached.text)
    # «Se vedlagte høringssvar.»: a covering note is not an innspill when the attachment says it all.
    if len(reply.pieces) > len(letter.pieces) and all(len(p) < 160 for p in letter.pieces):
        reply.pieces = reply.pieces[len(letter.pieces) :]
    reply.text = "\n\n".join(texts)
    return reply


def _pdf_bytes(data: bytes, relative: str, filename: str) -> Reply:
    """A PDF attached to an e-mail, read as a letter."""
    import tempfile

    from ..read.pdf import read_pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        path.write_bytes(data)
        return _letter(document_text(read_pdf(path)), relative)


def _html_text(markup: str) -> str:
    """Plain text of an HTML e-mail body, read by the same HTML reader as `check` (one reader per format)."""
    from ..read.html import parse_html

    return document_text(parse_html(markup))


def document_text(doc: Any) -> str:
    """A read document's text, one paragraph (or list item, or table row) per block, with blank lines between."""
    from ..model import Heading, ListBlock, Paragraph, Table

    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.extend(item.text for item in block.items)
        elif isinstance(block, Table):
            parts.extend(" ".join("".join(r.text for r in cell) for cell in row) for row in block.rows)
    return "\n\n".join(part.strip() for part in parts if part.strip())
