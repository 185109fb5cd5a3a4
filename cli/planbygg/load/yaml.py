"""The one YAML reader: YAML 1.2 core schema to plain Python values, with file:line:column for every key and value.

ruamel.yaml's event parser does the syntax (its C parser from ruamel.yaml.clibz when installed,
its pure-Python one otherwise, with the same events); the nodes are composed and converted here,
because the content needs three things no ready-made loader gives together: positions for every
key and value, strict YAML 1.2 resolution (`no` is text, `0755` is 755, dates stay text for the
schema to parse), and bounded work on hostile input (depth, size and alias expansion are capped).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..location import SourceLocation

Path_ = tuple[Any, ...]  # a key path such as ("plan", "kapitler", 0)

MAX_BYTES = 4 * 1024 * 1024  # a content file is a few kB; Bærum's largest is 20 kB
MAX_DEPTH = 64  # nesting; content goes 5 deep, and the converter recurses once per level
MAX_ALIAS_VALUES = 10_000  # values produced by expanding aliases (*navn), per file

_TAG = "tag:yaml.org,2002:"
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_SURROGATE = re.compile("[\ud800-\udfff]")

_FIX = "sjekk innrykk, kolon etter feltnavn og anførselstegn rundt tekst med kolon"
_NO_TAG = "fjern merket; planbygg leser bare tekst, tall, ja/nei (true/false), lister og felt"

# libyaml's (and ruamel's) messages for the mistakes people make, in Norwegian.
_MESSAGES = (
    ("mapping values are not allowed", "kolon på et sted der et nytt felt ikke kan begynne"),
    ("could not find expected ':'", "fant ikke kolonet etter feltnavnet"),
    ("did not find expected key", "innrykket stemmer ikke: her ventet jeg et nytt felt"),
    ("did not find expected '-' indicator", "innrykket stemmer ikke med listen over"),
    ("did not find expected node content", "her mangler en verdi"),
    ("expected ',' or ']'", "listen i [hakeparenteser] er ikke lukket med ]"),
    ("expected ',' or '}'", "feltene i {krøllparenteser} er ikke lukket med }"),
    ("expected <block end>", "innrykket stemmer ikke: linjen står for langt inn eller ut"),
    ("found unexpected end of stream", "filen slutter midt i en verdi (mangler et avsluttende anførselstegn?)"),
    ("found unexpected end of", "filen slutter midt i en verdi"),
    ("\x00tab", "tabulator brukt til innrykk; bruk mellomrom"),
    ("that cannot start any token", "tegnet kan ikke stå først i en verdi (sett teksten i anførselstegn)"),
    ("found undefined alias", "aliaset (*navn) viser til et anker (&navn) som ikke finnes ovenfor"),
    ("invalid Unicode character escape", "ugyldig \\u-kode i teksten"),
    ("unknown escape character", "ukjent \\-kode i tekst i doble anførselstegn (skriv \\\\ for én \\)"),
    ("characters are not allowed", "filen inneholder et kontrolltegn som ikke er tillatt"),
    ("found duplicate YAML directive", "%YAML står to ganger"),
    ("found duplicate anchor", "det samme ankeret (&navn) er brukt to ganger"),
)


def read_yaml(path: Path, rel: str, prefix: Path_, locs: dict[Path_, SourceLocation]) -> Any:
    """Read one YAML file into plain values; every problem is a ContentError located at file:line:column."""
    data = read_bytes(path, rel, MAX_BYTES)
    found: dict[Path_, SourceLocation] = {}
    value = parse_yaml(decode(data, rel), rel, prefix, found)
    locs.update(found)
    return value


def read_bytes(path: Path, rel: str, limit: int) -> bytes:
    """Read at most `limit` bytes of a file; a larger one is refused rather than read whole."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError as exc:
        raise ContentError([Problem("er en mappe, ikke en fil", SourceLocation(rel))]) from exc
    except OSError as exc:
        raise ContentError([Problem(f"kan ikke lese filen: {exc.strerror or exc}", SourceLocation(rel))]) from exc
    if len(data) > limit:
        raise ContentError(
            [Problem(f"filen er større enn {limit // (1024 * 1024)} MB", SourceLocation(rel), "del innholdet i mindre filer")]
        )
    return data


def decode(data: bytes, rel: str) -> str:
    """Decode UTF-8 (with or without a byte order mark); any other encoding is a located error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        raise ContentError(
            [
                Problem(
                    "filen er lagret som UTF-16, ikke UTF-8",
                    SourceLocation(rel, 1, 1),
                    "lagre filen som UTF-8 (i Notisblokk: Lagre som → Koding: UTF-8)",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = len(data[data.rfind(b"\n", 0, start) + 1 : start].decode("utf-8", "replace")) + 1
        raise ContentError(
            [
                Problem(
                    f"filen er ikke lagret som UTF-8 (byte 0x{data[start]:02x} kan ikke leses)",
                    SourceLocation(rel, line, column),
                    "lagre filen som UTF-8 i redigeringsprogrammet (den er trolig lagret som Latin-1/Windows-1252)",
                )
            ]
        ) from exc


def parse_yaml(text: str, rel: str, prefix: Path_, locs: dict[Path_, SourceLocation]) -> Any:
    """Parse YAML text into plain values, recording the position of every key (path + "@key") and value."""
    node = _compose(text, rel)
    if node is None:
        return None
    return _Converter(rel, locs).value(node, prefix, 0)


# -- composing: events to a light node tree --------------------------------------------------------


class _Node:
    """A composed node: kind is "scalar", "seq" or "map"; value a str, a list of nodes or of pairs."""

    __slots__ = ("column", "kind", "line", "plain", "tag", "value")

    def __init__(self, kind: str, tag: str | None, value: Any, line: int, column: int, plain: bool = False) -> None:
        self.kind, self.tag, self.value, self.line, self.column, self.plain = kind, tag, value, line, column, plain


class _Alias:
    """A use of an anchor (*navn): the node it names and where the alias stands."""

    __slots__ = ("column", "line", "name", "target")

    def __init__(self, target: _Node, name: str, line: int, column: int) -> None:
        self.target, self.name, self.line, self.column = target, name, line, column


def _c_events(text: str) -> Iterator[Any] | None:
    """Yield the events of ruamel's C parser (ruamel.yaml.clibz); None when it is not installed."""
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # e.g. PyPy: the pure-Python parser gives the same events
        return None

    def events() -> Iterator[Any]:
        parser = CParser(text)
        while parser.check_event():
            yield parser.get_event()

    return events()


def _pure_events(text: str) -> Iterator[Any]:
    """Yield the events of ruamel's pure-Python parser (YAML 1.2, the reference for the C one)."""
    from ruamel.yaml import YAML

    yield from YAML(typ="safe", pure=True).parse(text)


# libyaml follows YAML 1.1 in a few corners (e.g. «[felt:plan.tittel]», a colon inside a flow list, is
# refused); a file it refuses is parsed again by the pure-Python parser, which follows YAML 1.2, if it
# is small enough for that to be quick. The composer and converter below are the same either way.
_REPARSE_LIMIT = 512 * 1024


def _compose(text: str, rel: str) -> _Node | None:
    """Build the node tree of the single document in `text`, from the C parser's events when possible."""
    events = _c_events(text)
    if events is None:
        return _compose_events(_pure_events(text), text, rel)
    try:
        return _compose_events(events, text, rel)
    except _SyntaxError as exc:
        if len(text) > _REPARSE_LIMIT:
            raise exc.problem from None
    try:
        return _compose_events(_pure_events(text), text, rel)
    except _SyntaxError as exc:
        raise exc.problem from None


class _SyntaxError(Exception):
    """A parser's syntax error, already turned into a located problem."""

    def __init__(self, problem: ContentError) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _compose_events(events: Iterator[Any], text: str, rel: str) -> _Node | None:
    """Build the node tree of the single document from parse events without recursion, capping the depth."""
    anchors: dict[str, _Node] = {}
    stack: list[_Node] = []
    root: _Node | None = None
    documents = 0
    try:
        for event in events:
            name = type(event).__name__
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if name == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise _located(rel, line, column, "filen inneholder mer enn ett YAML-dokument (---)", "fjern «---»")
                continue
            if name in ("SequenceEndEvent", "MappingEndEvent"):
                done = stack.pop()
                if done.kind == "map" and len(done.value) % 2:
                    raise _located(rel, line, column, "et felt mangler verdi", _FIX)
                continue
            if name == "AliasEvent":
                target = anchors.get(event.anchor)
                if target is None:
                    raise _located(rel, line, column, f"aliaset «*{event.anchor}» viser til et anker som ikke finnes", None)
                node: _Node | _Alias = _Alias(target, event.anchor, line, column)
            elif name == "ScalarEvent":
                implicit = event.implicit[0] if event.implicit else False
                tag = None if event.tag in (None, "!") else event.tag
                node = _Node("scalar", tag, event.value, line, column, plain=implicit and tag is None and not event.style)
            elif name in ("SequenceStartEvent", "MappingStartEvent"):
                if len(stack) >= MAX_DEPTH:
                    raise _located(
                        rel, line, column, f"innholdet er nestet dypere enn {MAX_DEPTH} nivåer", "gjør strukturen flatere"
                    )
                tag = None if event.tag in (None, "!") else event.tag
                node = _Node("seq" if name == "SequenceStartEvent" else "map", tag, [], line, column)
            else:
                continue  # stream start/end, document end
            anchor = getattr(event, "anchor", None)
            if anchor is not None and isinstance(node, _Node):
                anchors[anchor] = node
            if stack:
                stack[-1].value.append(node)
            elif isinstance(node, _Node):
                root = node
            if isinstance(node, _Node) and node.kind != "scalar":
                stack.append(node)
    except ContentError:
        raise
    except Exception as exc:  # every syntax error of either parser: located, in Norwegian
        raise _SyntaxError(_syntax_error(exc, text, rel)) from exc
    return root


def _syntax_error(exc: Exception, text: str, rel: str) -> ContentError:
    """Turn a parser exception into a located Norwegian problem."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        where = SourceLocation(rel, mark.line + 1, mark.column + 1)
    elif isinstance(getattr(exc, "position", None), int):  # ReaderError: a character index
        pos = exc.position  # type: ignore[attr-defined]
        where = SourceLocation(rel, text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1)
    else:
        where = SourceLocation(rel)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    if where.line and "\t" in (text.splitlines()[where.line - 1 : where.line] or [""])[0][: where.column]:
        problem = "\x00tab"  # libyaml calls a tab in the indentation «a character that cannot start any token»
    for english, norwegian in _MESSAGES:
        if english in problem:
            return ContentError([Problem(f"YAML-feil: {norwegian}", where, _FIX)])
    first = problem.splitlines()[0] if problem else "ukjent feil"
    return ContentError([Problem(f"YAML-feil: ugyldig YAML ({first})", where, _FIX)])


def _located(rel: str, line: int, column: int, message: str, hint: str | None) -> ContentError:
    return ContentError([Problem(message, SourceLocation(rel, line, column), hint)])


# -- converting: nodes to plain values ---------------------------------------------------------------


class _Converter:
    """Convert composed nodes to dicts, lists and scalars, recording positions and counting alias expansion."""

    def __init__(self, rel: str, locs: dict[Path_, SourceLocation]) -> None:
        self.rel = rel
        self.locs = locs
        self.expanded = 0  # values produced through aliases
        self.active: list[int] = []  # ids of the collections being converted (to catch an alias to itself)
        self.in_alias = 0

    def value(self, node: _Node | _Alias, path: Path_, depth: int) -> Any:
        """Return the plain value of `node`."""
        if isinstance(node, _Alias):
            if id(node.target) in self.active:
                raise self.error(node, f"aliaset «*{node.name}» viser til verdien det står i", "fjern aliaset")
            self.in_alias += 1
            try:
                return self.value(node.target, path, depth)
            finally:
                self.in_alias -= 1
        if self.in_alias:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_VALUES:
                raise self.error(
                    node,
                    f"aliasene (*navn) i filen blir til mer enn {MAX_ALIAS_VALUES} verdier",
                    "skriv verdiene ut i stedet for å gjenbruke dem med & og *",
                )
        if depth > MAX_DEPTH:
            raise self.error(node, f"innholdet er nestet dypere enn {MAX_DEPTH} nivåer", "gjør strukturen flatere")
        if node.kind == "scalar":
            return self.scalar(node)
        self.active.append(id(node))
        try:
            if node.kind == "seq":
                if node.tag not in (None, _TAG + "seq"):
                    raise self.error(node, f"ukjent YAML-merke «{_short(node.tag)}» på en liste", _NO_TAG)
                items = []
                for i, child in enumerate(node.value):
                    self.locs[(*path, i)] = self.where(child)
                    items.append(self.value(child, (*path, i), depth + 1))
                return items
            if node.tag not in (None, _TAG + "map"):
                raise self.error(node, f"ukjent YAML-merke «{_short(node.tag)}» på en samling felt", _NO_TAG)
            return self.mapping(node, path, depth)
        finally:
            self.active.pop()

    def mapping(self, node: _Node, path: Path_, depth: int) -> dict[str, Any]:
        """Convert a mapping; explicit keys win over merged ones (<<), the first merged mapping over later ones."""
        out: dict[str, Any] = {}
        keys: dict[str, SourceLocation] = {}
        merges: list[_Node | _Alias] = []
        pairs = node.value
        for i in range(0, len(pairs), 2):
            key_node, value_node = pairs[i], pairs[i + 1]
            key = self.key(key_node)
            if key == "<<" and isinstance(key_node, _Node) and key_node.plain:
                merges.append(value_node)
                continue
            where = self.where(key_node)
            if key in keys:
                raise ContentError(
                    [
                        Problem(
                            f"feltet «{key}» står to ganger (første gang på linje {keys[key].line})",
                            where,
                            "slett det ene, eller gi det et annet navn",
                        )
                    ]
                )
            keys[key] = where
            self.record(path, key, key_node, value_node)
            out[key] = self.value(value_node, (*path, key), depth + 1)
        for merge in merges:
            for source in self.merge_sources(merge):
                outer, self.locs = self.locs, {}
                try:
                    merged = self.value(source, path, depth)
                finally:
                    found, self.locs = self.locs, outer
                taken = [key for key in merged if key not in out]
                for key in taken:
                    out[key] = merged[key]
                n, wanted = len(path), set(taken)
                self.locs.update((k, v) for k, v in found.items() if k[n] in wanted)
        return out

    def merge_sources(self, merge: _Node | _Alias) -> list[_Node | _Alias]:
        """The mappings a merge key (<<) names: one mapping, or a list of them."""
        target = merge.target if isinstance(merge, _Alias) else merge
        sources = target.value if target.kind == "seq" else [merge]
        for source in sources:
            real = source.target if isinstance(source, _Alias) else source
            if real.kind != "map":
                raise self.error(source, "«<<:» må vise til felt (en samling med nøkkel: verdi)", "bruk f.eks. «<<: *felles»")
        return list(sources)

    def record(self, path: Path_, key: str, key_node: _Node | _Alias, value_node: _Node | _Alias) -> None:
        """Record where a key and its value stand: collections at their key, scalars at their value."""
        key_where = self.where(key_node)
        self.locs[(*path, key, "@key")] = key_where
        value = value_node.target if isinstance(value_node, _Alias) else value_node
        self.locs[(*path, key)] = self.where(value_node) if value.kind == "scalar" else key_where

    def key(self, node: _Node | _Alias) -> str:
        """A key is the text of a scalar; lists or mappings as keys are refused."""
        real = node.target if isinstance(node, _Alias) else node
        if real.kind != "scalar":
            raise self.error(node, "et feltnavn må være tekst, ikke en liste eller samling", _FIX)
        if real.tag is not None and not real.tag.startswith(_TAG):
            raise self.error(node, f"ukjent YAML-merke «{_short(real.tag)}» på et feltnavn", _NO_TAG)
        self.check_text(real.value, node)
        return str(real.value)

    def scalar(self, node: _Node) -> Any:
        """Resolve a scalar by the YAML 1.2 core schema, or by its standard tag (!!str, !!int …)."""
        text: str = node.value
        self.check_text(text, node)
        if node.plain:
            return _resolve_plain(text)
        tag = node.tag
        if tag is None or tag in (_TAG + "str", _TAG + "timestamp"):  # dates stay text: the schema parses them
            return text
        kind = tag.removeprefix(_TAG) if tag.startswith(_TAG) else None
        value: Any
        if kind == "null" and text in _NULL:
            return None
        if kind == "bool" and text in _BOOL:
            return _BOOL[text]
        if kind == "int" and (value := _resolve_int(text)) is not None:
            return value
        if kind == "float":
            value = _resolve_float(text)
            if value is None and (number := _resolve_int(text)) is not None:
                value = float(number)
            if value is not None:
                return value
        if kind in ("null", "bool", "int", "float"):
            raise self.error(node, f"«{text}» kan ikke leses som !!{kind}", "fjern merket, eller rett verdien")
        raise self.error(node, f"ukjent YAML-merke «{_short(tag)}»", _NO_TAG)

    def check_text(self, text: str, node: _Node | _Alias) -> None:
        """Refuse lone surrogates: they cannot be written to a .docx (or anywhere as UTF-8)."""
        if _SURROGATE.search(text):
            raise self.error(node, "teksten inneholder et ugyldig tegn (en halv Unicode-kode)", "skriv tegnet på nytt")

    def where(self, node: _Node | _Alias) -> SourceLocation:
        return SourceLocation(self.rel, node.line, node.column)

    def error(self, node: _Node | _Alias, message: str, hint: str | None) -> ContentError:
        return ContentError([Problem(message, self.where(node), hint)])


def _short(tag: str | None) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag and tag.startswith(_TAG) else str(tag)


def _resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar by YAML 1.2's core schema."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    first = text[0]
    if not (first.isdigit() or first in "+-."):
        return text  # the common case: words
    number = _resolve_int(text)
    if number is not None:
        return number
    real = _resolve_float(text)
    return text if real is None else real


def _resolve_int(text: str) -> int | None:
    if _INT.fullmatch(text):
        if len(text) > 400:  # int() of a huge digit string is slow (and limited since Python 3.11)
            return None
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    return None


def _resolve_float(text: str) -> float | None:
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return None
