"""Stage 1: read a municipality folder (YAML and Markdown), keeping file:line:column for every value."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..location import Located, MarkdownText, SourceLocation
from ..validate.schema import FILES
from ..validate.types import Path_
from .paths import confine

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


def _yaml() -> Any:
    from ruamel.yaml import YAML  # imported here: only loading needs it

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    # Keep dates as text: the schema parses them, so a bad date such as 2025-02-30 is reported
    # at its line and column instead of failing the whole file inside ruamel.
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return yaml


def _plain(node: Any, path: Path_, rel: str, locs: dict[Path_, SourceLocation]) -> Any:
    """Convert ruamel's round-trip nodes to plain Python, recording positions by key path."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            kline, kcol = node.lc.key(key)
            locs[(*path, str(key), "@key")] = SourceLocation(rel, kline + 1, kcol + 1)
            try:
                vline, vcol = node.lc.value(key)
            except (KeyError, TypeError):
                vline, vcol = kline, kcol
            # Nested mappings and lists are located at their key, scalars at their value.
            if isinstance(value, CommentedMap | CommentedSeq):
                locs[(*path, str(key))] = SourceLocation(rel, kline + 1, kcol + 1)
            else:
                locs[(*path, str(key))] = SourceLocation(rel, vline + 1, vcol + 1)
            out[str(key)] = _plain(value, (*path, str(key)), rel, locs)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            line, col = node.lc.item(i)
            locs[(*path, i)] = SourceLocation(rel, line + 1, col + 1)
            items.append(_plain(value, (*path, i), rel, locs))
        return items
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, str):
        return str(node)  # drop ruamel's scalar string subclasses
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)  # drop ruamel's ScalarInt
    if isinstance(node, float):
        return float(node)
    return node


def read_yaml(path: Path, rel: str, prefix: Path_, locs: dict[Path_, SourceLocation]) -> Any:
    """Read one YAML file; syntax errors become located problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            [Problem("filen er ikke lagret som UTF-8", SourceLocation(rel), "lagre filen som UTF-8 i redigeringsprogrammet")]
        ) from exc
    found: dict[Path_, SourceLocation] = {}
    value = _parse_yaml(text, rel, prefix, found)
    locs.update(found)
    return value


def _parse_yaml(text: str, rel: str, prefix: Path_, locs: dict[Path_, SourceLocation]) -> Any:
    """Parse YAML text into plain values with positions, taking the fastest reader that applies.

    libyaml (C, through PyYAML) reads Bærum's content in about 5 ms against about 100 ms for
    ruamel's pure-Python round-trip reader; it is used for the common, plain YAML that content files are written in,
    and anything unusual (or a syntax error) goes to ruamel, which gives the exact result or message.
    """
    found: dict[Path_, SourceLocation] = {}
    try:
        value = _parse_libyaml(text, rel, prefix, found)
    except Exception:  # unusual YAML, an error, or no libyaml: fall through to ruamel
        found.clear()
    else:
        locs.update(found)
        return value
    from ruamel.yaml.error import MarkedYAMLError

    try:
        node = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourceLocation(rel, mark.line + 1, mark.column + 1) if mark else SourceLocation(rel)
        what = (exc.problem or exc.context or "ugyldig YAML").strip()
        raise ContentError(
            [Problem(f"YAML-feil: {what}", where, "sjekk innrykk, kolon etter feltnavn og anførselstegn rundt tekst med kolon")]
        ) from exc
    except Exception as exc:  # ruamel raises several unrelated types for duplicate keys etc.
        raise ContentError([Problem(f"kunne ikke lese YAML: {exc}", SourceLocation(rel))]) from exc
    return _plain(node, prefix, rel, locs)


_TAG = "tag:yaml.org,2002:"


_PLAIN_NULL = {"", "~", "null", "Null", "NULL"}
_PLAIN_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
# Plain scalars that YAML 1.1 (libyaml's resolver) and 1.2 (ruamel's) may read differently, or that
# need ruamel's exact number rules: left to ruamel.
_PLAIN_DOUBTFUL = re.compile(r"[-+]?(0[0-9bBoOxX_]|\.(inf|Inf|INF|nan|NaN|NAN)\b)|^[-+]?[0-9][0-9_:]*[_:][0-9_:]*$")


def _resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar by YAML 1.2's core schema, as ruamel does."""
    if value in _PLAIN_NULL:
        return None
    if value in _PLAIN_BOOL:
        return _PLAIN_BOOL[value]
    if _PLAIN_DOUBTFUL.match(value):
        raise _Unusual(value)
    if _PLAIN_INT.fullmatch(value):
        return int(value)
    if _PLAIN_FLOAT.fullmatch(value):
        return float(value)
    return value


def _parse_libyaml(text: str, rel: str, prefix: Path_, locs: dict[Path_, SourceLocation]) -> Any:
    """Compose the node tree with libyaml and convert it as _yaml() + _plain() do (same values, same positions).

    Only the node tree is taken from libyaml; scalars are resolved here by YAML 1.2 rules, because
    libyaml's resolver follows YAML 1.1 (where «no» is false and 0755 is octal).
    """
    import yaml  # PyYAML; its C loader is what makes this path fast

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        raise _Unusual("no libyaml")
    node = yaml.compose(text, Loader=loader)
    if node is None:
        return None

    seen: set[int] = set()

    def convert(node: Any, path: Path_) -> Any:
        if id(node) in seen or not node.tag.startswith(_TAG):
            raise _Unusual("alias or custom tag")  # ruamel decides what these mean
        seen.add(id(node))
        if node.id == "scalar":
            if node.style:  # quoted or block scalar: always text
                return node.value
            if node.value == "":
                raise _Unusual("empty value")  # ruamel places it at the next token; let it decide
            return _resolve_plain(node.value)
        if node.id == "mapping":
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.id != "scalar" or key_node.value == "<<":
                    raise _Unusual("key")
                key = str(convert(key_node, path))
                if key in out:
                    raise _Unusual("duplicate key")  # ruamel reports it with its position
                k, v = key_node.start_mark, value_node.start_mark
                locs[(*path, key, "@key")] = SourceLocation(rel, k.line + 1, k.column + 1)
                if value_node.id in ("mapping", "sequence"):
                    locs[(*path, key)] = SourceLocation(rel, k.line + 1, k.column + 1)
                else:
                    locs[(*path, key)] = SourceLocation(rel, v.line + 1, v.column + 1)
                out[key] = convert(value_node, (*path, key))
            return out
        items = []
        for i, child in enumerate(node.value):
            mark = child.start_mark
            locs[(*path, i)] = SourceLocation(rel, mark.line + 1, mark.column + 1)
            items.append(convert(child, (*path, i)))
        return items

    return convert(node, prefix)


class _Unusual(Exception):
    """Something the libyaml reader leaves to ruamel (a duplicate key, a merge, a tag, an alias)."""


def read_chapter(path: Path, rel: str, relative: str = "") -> Chapter:
    """Read a Markdown chapter and index its headings (outside code fences)."""
    text = path.read_text(encoding="utf-8")
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
        rel = _display(root, path)
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


def _display(root: Path, path: Path) -> str:
    """Return a path as the user will recognise it: relative to the working directory if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _chapters(root: Path, content: Content) -> tuple[list[Chapter], list[Problem]]:
    """Read the chapter files named in plan.kapitler, or every kapitler/*.md in name order."""
    plan = content.data.get("plan") or {}
    problems: list[Problem] = []
    names = plan.get("kapitler")
    if names:
        paths = []
        for i, name in enumerate(names):
            path = confine(root, name)
            if path is None or not path.is_file():
                problems.append(
                    Problem(
                        f"finner ikke kapittelet «{name}»",
                        content.where("plan", "kapitler", i),
                        "filstien er relativ til kommunemappen og må ligge inne i den",
                    )
                )
                continue
            paths.append(path)
    else:
        paths = []
        for path in sorted((root / "kapitler").glob("*.md")):
            if confine(root, path.relative_to(root).as_posix()) is None:
                problems.append(
                    Problem(
                        "kapittelet peker ut av kommunemappen", SourceLocation(_display(root, path)), "legg filen i kapitler/"
                    )
                )
                continue
            paths.append(path)
    base = root.resolve()
    chapters = []
    for path in paths:
        try:
            chapters.append(read_chapter(path, _display(root, path), path.resolve().relative_to(base).as_posix()))
        except UnicodeDecodeError:
            problems.append(
                Problem("filen er ikke lagret som UTF-8", SourceLocation(_display(root, path)), "lagre filen som UTF-8")
            )
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
