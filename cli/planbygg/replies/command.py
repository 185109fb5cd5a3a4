"""`planbygg svar FOLDER`: read every reply in FOLDER/høringssvar/ into the register høringssvar.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanbyggError, Problem
from ..load.folder import Content, load
from ..location import SourceLocation
from .register import FILE_NAME, add_entries, entry, known_files, load_register
from .sources import READABLE, Reply, read_reply

REPLIES_DIR = "høringssvar"


@dataclass
class Added:
    """A reply that was new: its entry, and the personal data found in it (masked)."""

    reply: Reply
    flags: list[str] = field(default_factory=list)


@dataclass
class IntakeResult:
    """What `planbygg svar` did."""

    register: Path
    added: list[Added] = field(default_factory=list)
    kept: int = 0  # entries that were already in the register, untouched
    missing: list[str] = field(default_factory=list)  # entries whose file is gone from høringssvar/
    skipped: list[Problem] = field(default_factory=list)  # files that could not be read
    snapshot: Path | None = None  # the copy of the høringsutkast, when it was taken now


def reply_files(root: Path) -> list[Path]:
    """The files in høringssvar/ (and its subfolders), in name order; hidden files and Word's lock files left out."""
    folder = root / REPLIES_DIR
    if not folder.is_dir():
        raise PlanbyggError(
            [
                Problem(
                    f"mappen har ingen {REPLIES_DIR}/",
                    SourceLocation(str(root)),
                    f"lag mappen {root / REPLIES_DIR} og legg høringssvarene der (.eml, .txt, .md, .docx, .pdf)",
                )
            ]
        )
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))


def personal_data(reply: Reply, content: Content) -> list[str]:
    """Fødselsnummer, private phone numbers and private e-mail addresses in the reply, masked (check/personal.py)."""
    from ..check import personal

    allowed: set[str] = set()
    kommune, horing = content.data["kommune"], content.data.get("høring") or {}
    for address in (
        kommune.get("epost"),
        (horing.get("svar") or {}).get("epost"),
        (horing.get("kontaktperson") or {}).get("epost"),
    ):
        if address:
            allowed.add(str(address).lower())
    flags = [f"fødselsnummer {personal.mask(v)}" for v in personal.find_fnr(reply.text)]
    flags += [f"telefon {personal.mask(v)}" for v in personal.find_phones(reply.text, allowed)]
    if reply.category == "privatperson":
        flags += [f"e-post {personal.mask(v)}" for v in personal.find_private_emails(reply.text, allowed)]
    return list(dict.fromkeys(flags))


def run(root: Path) -> IntakeResult:
    """Read the replies that are new to the register, append them, and keep a copy of the høringsutkast."""
    from .changes import save_snapshot
    from .linking import Linker

    root = Path(root)
    content = load(root)
    path = root / FILE_NAME
    data = load_register(path)
    known = known_files(data)
    files = reply_files(root)
    present = {f.relative_to(root).as_posix() for f in files}
    result = IntakeResult(path, kept=len(known), missing=sorted(known - present))
    questions = [str(q) for q in ((content.data.get("høring") or {}).get("skjema") or {}).get("spørsmål") or []]
    linker = Linker(content)
    entries = []
    for file in files:
        relative = file.relative_to(root).as_posix()
        if relative in known:
            continue
        if file.suffix.lower() not in READABLE:
            result.skipped.append(
                Problem(
                    f"kan ikke lese filtypen {file.suffix or '(ingen)'}",
                    SourceLocation(relative),
                    "lagre svaret som .docx, .pdf, .txt eller .eml",
                    level="advarsel",
                )
            )
            continue
        try:
            reply = read_reply(file, root, questions)
        except PlanbyggError as exc:
            result.skipped.extend(Problem(p.message, p.where, p.hint, level="advarsel") for p in exc.problems)
            continue
        flags = personal_data(reply, content)
        links = [linker.suggest(piece.text) for piece in reply.pieces]
        entries.append(entry(reply, links, flags, content.language))
        result.added.append(Added(reply, flags))
    plan = content.data["plan"]
    if entries or data is None:
        add_entries(path, data, entries, f"{plan['tittel']} {plan['periode']}", content.language)
    result.snapshot = save_snapshot(content)
    return result
