"""Stage 1: read a municipality folder (YAML and Markdown), keeping file:line:column for every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..location import Located, MarkdownText, SourceLocation
from ..validate.schema import FILES
from ..validate.types import Path_
from .paths import confine, display, within
from .yaml import decode, read_bytes, read_yaml

__all__ = ["Chapter", "ChapterHeading", "Content", "confine", "load", "read_yaml", "slugify"]

MAX_CHAPTER_BYTES = 8 * 1024 * 1024  # a long chapter is 50 kB

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class ChapterHeading:
    """A Markdown heading in a chapter file with its line number."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Chapter:
    """One Markdown chapter of the plan, read as is (Jinja is applied when rendering)."""

    path: Path
    name: str  # the path as the user sees it (relative to the working folder)
    text: str
    headings: tuple[ChapterHeading, ...]
    relative: str = ""  # the path relative to the municipality folder, with / separators

    @property
    def title(self) -> str:
        return self.headings[0].text if self.headings else Path(self.name).stem


@dataclass
class Content:
    """Everything read from one municipality folder, validated, with source positions."""

    root: Path
    data: dict[str, Any]
    chapters: list[Chapter]
    locations: dict[Path_, SourceLocation] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # merged key → file that held it
    problems: list[Problem] = field(default_factory=list)

    def where(self, *path: Any) -> SourceLocation | None:
        """Return the position of the value at `path`, or of its nearest parent."""
        key = tuple(path)
        while key:
            if key in self.locations:
                return self.locations[key]
            key = key[:-1]
        return None

    @property
    def documents(self) -> list[str]:
        """The document kinds this folder builds, in build order."""
        from ..documents import default_kinds

        chosen = self.data.get("dokumenter")
        if chosen:
            return list(dict.fromkeys(chosen))
        return default_kinds(self.data)

    @property
    def slug(self) -> str:
        kommune = self.data.get("kommune") or {}
        return kommune.get("kortnavn") or slugify(kommune.get("navn") or self.root.name)

    @property
    def language(self) -> str:
        """The document language code: nb or nn."""
        return "nn" if (self.data.get("kommune") or {}).get("målform") == "nynorsk" else "nb"


def slugify(name: str) -> str:
    """Turn «Bærum kommune» into «baerum» for file names."""
    name = name.lower().removesuffix(" kommune").removesuffix(" herad")
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "aa"), ("é", "e")):
        name = name.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "kommune"


def read_chapter(path: Path, rel: str, relative: str = "") -> Chapter:
    """Read a Markdown chapter (UTF-8, size-capped) and index its headings (outside code fences)."""
    text = decode(read_bytes(path, rel, MAX_CHAPTER_BYTES), rel)
    headings = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else HEADING_RE.match(line)
        if m:
            headings.append(ChapterHeading(len(m.group(1)), m.group(2), number))
    return Chapter(path, rel, text, tuple(headings), relative or path.name)


def load(root: Path) -> Content:
    """Read and validate a municipality folder; every problem is collected before raising."""
    from ..validate.validator import validate

    root = Path(root)
    if not root.is_dir():
        raise ContentError(
            [Problem(f"finner ikke mappen «{root}»", hint="oppgi mappen med planbygg.yaml, f.eks. examples/baerum")]
        )
    if not (root / "planbygg.yaml").is_file():
        raise ContentError(
            [
                Problem(
                    "mappen har ingen planbygg.yaml",
                    SourceLocation(str(root)),
                    "start med «planbygg ny MAPPE», eller kopier examples/baerum",
                )
            ]
        )
    locs: dict[Path_, SourceLocation] = {}
    raw: dict[str, Any] = {}
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for name, (key, _schema) in FILES.items():
        path = root / name
        if not path.is_file():
            continue
        rel = display(path)
        if not within(path, [root]):
            problems.append(_outside(rel, None))
            continue
        try:
            value = read_yaml(path, rel, (key,) if key else (), locs)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if key:
            raw[key] = value
            files[key] = path
        elif isinstance(value, dict):
            raw.update(value)
            for k in value:
                files[k] = path
        else:
            problems.append(Problem("planbygg.yaml må inneholde felt som «kommune:» og «plan:»", SourceLocation(rel, 1, 1)))
    content = Content(root=root, data=raw, chapters=[], locations=locs, files=files)
    if problems:
        raise ContentError(problems)
    content.data, found = validate(raw, locs, root)
    content.data = locate(content.data, locs, {str(content.where(k)).split(":")[0]: f for k, f in files.items()})
    content.chapters, chapter_problems = _chapters(root, content)
    content.problems = found + chapter_problems
    errors = [p for p in content.problems if p.level == "feil"]
    if errors:
        raise ContentError(content.problems)
    return content


def locate(data: Any, locs: dict[Path_, SourceLocation], files: dict[str, Path]) -> Any:
    """Return the data with every text remembering where it was written (Located / MarkdownText).

    A Markdown field written as a block scalar («formål: |») is located at its first line of text,
    the line below the «|», so that line numbers inside the field count from there.
    """
    lines: dict[str, list[str]] = {}

    def first_text_line(where: SourceLocation) -> SourceLocation:
        if where.path not in lines:
            path = files.get(where.path)
            try:
                lines[where.path] = path.read_text(encoding="utf-8").splitlines() if path else []
            except (OSError, UnicodeDecodeError):
                lines[where.path] = []
        text = lines[where.path]
        if 0 < where.line <= len(text) and text[where.line - 1][max(where.column - 1, 0) :].lstrip()[:1] in ("|", ">"):
            below = text[where.line] if where.line < len(text) else ""
            return SourceLocation(where.path, where.line + 1, len(below) - len(below.lstrip()) + 1)
        return where

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, str):
            where = locs.get(path)
            if isinstance(value, MarkdownText):
                return MarkdownText(value, first_text_line(where) if where else None)
            return Located(value, where)
        return value

    return walk(data, ())


def _chapters(root: Path, content: Content) -> tuple[list[Chapter], list[Problem]]:
    """Read the chapter files named in plan.kapitler, or every kapitler/*.md in name order."""
    plan = content.data.get("plan") or {}
    problems: list[Problem] = []
    names = plan.get("kapitler")
    paths: list[tuple[Path, SourceLocation | None]] = []
    if names:
        for i, name in enumerate(names):
            where = content.where("plan", "kapitler", i)
            path = confine(root, name)
            if path is None:
                problems.append(_outside(str(name), where))
            elif not path.is_file():
                problems.append(
                    Problem(
                        f"finner ikke kapittelet «{name}»", where, "filstien er relativ til kommunemappen og må ligge inne i den"
                    )
                )
            else:
                paths.append((path, where))
    else:
        for path in sorted((root / "kapitler").glob("*.md")):
            if not within(path, [root]):
                problems.append(_outside(display(path), None))
            elif path.is_file():
                paths.append((confine(root, path.relative_to(root)) or path, None))
    chapters = []
    base = Path(root).resolve()
    for path, _where in paths:
        try:
            relative = path.resolve().relative_to(base).as_posix() if base in path.resolve().parents else path.name
            chapters.append(read_chapter(path, display(path), relative))
        except ContentError as exc:
            problems.extend(exc.problems)
    for ch in chapters:
        if not ch.headings or ch.headings[0].line != _first_text_line(ch.text):
            problems.append(
                Problem(
                    "kapittelet begynner ikke med en overskrift",
                    SourceLocation(ch.name, 1, 1),
                    "la første linje være «# Kapitteltittel»",
                )
            )
    return chapters, problems


def _first_text_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("<!--"):
            return number
    return 0


def _outside(name: str, where: SourceLocation | None) -> Problem:
    """The problem for a file whose real path (after symlinks) is outside the municipality folder."""
    return Problem(
        f"«{name}» peker ut av kommunemappen (en lenke eller sti som går ut av mappen)",
        where or SourceLocation(name),
        "legg filen inne i kommunemappen (ikke som snarvei/lenke), og bruk en relativ sti",
    )
