"""Small declarative field types for the content schema, each validating a value in place."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..location import MarkdownText

Path_ = tuple[Any, ...]
Report = Callable[[Path_, str, str | None], None]  # (key path, message, hint)


def _kind(value: Any) -> str:
    """Describe a YAML value's type in Norwegian for error messages."""
    if value is None:
        return "tom verdi"
    if isinstance(value, bool):
        return "ja/nei-verdi"
    if isinstance(value, int | float):
        return f"tallet {value}"
    if isinstance(value, dt.date):
        return f"datoen {value.isoformat()}"
    if isinstance(value, str):
        return f"teksten «{value[:40]}»"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en gruppe med felt"
    return type(value).__name__


class FieldType:
    """Base of all field types: `check` reports problems and returns the cleaned value."""

    doc: str = ""

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return self.doc


@dataclass
class Text(FieldType):
    """Non-empty text."""

    doc: str = "tekst"
    pattern: str | None = None
    pattern_hint: str | None = None
    markdown: bool = False  # written in Markdown: parsed on its own when rendered

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # numbers such as kommunenummer 3201 are accepted as text
        if not isinstance(value, str):
            report(path, f"forventet {self.doc}, fant {_kind(value)}", None)
            return None
        if not value.strip():
            report(path, "feltet er tomt", "skriv inn en verdi eller fjern feltet")
            return None
        if self.pattern and not re.fullmatch(self.pattern, value.strip()):
            report(path, f"«{value}» har feil form", self.pattern_hint)
        if self.markdown:
            return MarkdownText(value)
        return value.strip() if "\n" not in value else value


@dataclass
class Int(FieldType):
    """A whole number, optionally with a minimum."""

    doc: str = "et heltall"
    minimum: int = 0

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            report(path, f"forventet {self.doc}, fant {_kind(value)}", "skriv et tall uten anførselstegn")
            return None
        if value < self.minimum:
            report(path, f"tallet kan ikke være mindre enn {self.minimum}", None)
        return value


@dataclass
class Bool(FieldType):
    """True or false."""

    doc: str = "ja/nei (true/false)"

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, bool):
            report(path, f"forventet {self.doc}, fant {_kind(value)}", "skriv true eller false")
            return None
        return value


@dataclass
class Date(FieldType):
    """A calendar date written YYYY-MM-DD."""

    doc: str = "en dato (ÅÅÅÅ-MM-DD)"

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        report(path, f"forventet {self.doc}, fant {_kind(value)}", "skriv datoen som 2024-06-15")
        return None


@dataclass
class Choice(FieldType):
    """One of a fixed set of words (case-insensitive); suggests the closest on a typo."""

    choices: tuple[str, ...] = ()
    doc: str = "et av de tillatte ordene"

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, str):
            report(path, f"forventet ett av {', '.join(self.choices)}, fant {_kind(value)}", None)
            return None
        low = value.strip().lower()
        if low not in self.choices:
            close = difflib.get_close_matches(low, self.choices, n=1)
            hint = f"mente du «{close[0]}»?" if close else f"tillatt: {', '.join(self.choices)}"
            report(path, f"«{value}» er ikke tillatt her", hint)
            return None
        return low

    def describe(self) -> str:
        return " | ".join(self.choices)


@dataclass
class Email(Text):
    """An e-mail address."""

    doc: str = "en e-postadresse"
    pattern: str | None = r"[^@\s]+@[^@\s]+\.[a-z]{2,}"
    pattern_hint: str | None = "en e-postadresse ser slik ut: post@kommune.no"


@dataclass
class Url(Text):
    """A web address starting with http(s)://."""

    doc: str = "en nettadresse"
    pattern: str | None = r"https?://\S+"
    pattern_hint: str | None = "nettadressen må begynne med https://"


@dataclass
class FileRef(Text):
    """A file path relative to the municipality folder; resolved and confined later."""

    doc: str = "en filsti"


@dataclass
class ListOf(FieldType):
    """A list whose items all have the same type."""

    item: FieldType = field(default_factory=Text)
    min_items: int = 0
    doc: str = "en liste"

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, list):
            if isinstance(self.item, Text) and isinstance(value, str):
                value = [value]  # a single text where a list is expected is a list of one
            else:
                report(
                    path, f"forventet en liste, fant {_kind(value)}", "skriv hvert element på en egen linje som begynner med «- »"
                )
                return []
        if len(value) < self.min_items:
            report(path, f"listen må ha minst {self.min_items} element", None)
        return [self.item.check(v, (*path, i), report) for i, v in enumerate(value)]

    def describe(self) -> str:
        return f"liste av {self.item.describe()}"


@dataclass
class Spec:
    """One field of a mapping: its type, whether it is required, and what it means."""

    type: FieldType
    required: bool = False
    doc: str = ""
    default: Any = None


@dataclass
class Mapping(FieldType):
    """A group of named fields; unknown names are errors with a did-you-mean hint."""

    fields: dict[str, Spec] = field(default_factory=dict)
    doc: str = "en gruppe med felt"
    # Validates relations between fields after each field is checked.
    extra: Callable[[dict[str, Any], Path_, Report], None] | None = None
    # Fields that were renamed or moved: old name → where it is now (shown as the hint).
    moved: dict[str, str] = field(default_factory=dict)

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            report(path, f"forventet {self.doc}, fant {_kind(value)}", "skriv feltene innrykket under dette navnet")
            return {}
        out: dict[str, Any] = {}
        for key, raw in value.items():
            spec = self.fields.get(str(key))
            if spec is None and str(key) in self.moved:
                report((*path, key, "@key"), f"feltet «{key}» er flyttet", f"skriv det som {self.moved[str(key)]}")
                continue
            if spec is None:
                close = difflib.get_close_matches(str(key), list(self.fields), n=1, cutoff=0.6)
                hint = f"mente du «{close[0]}»?" if close else f"kjente felt: {', '.join(self.fields)}"
                report((*path, key, "@key"), f"ukjent felt «{key}»", hint)
                continue
            if raw is None and not spec.required:
                out[str(key)] = spec.default
                continue
            out[str(key)] = spec.type.check(raw, (*path, key), report)
        for name, spec in self.fields.items():
            if name in out:
                continue
            if spec.required:
                report(path, f"mangler det påkrevde feltet «{name}»", f"legg til «{name}:» ({spec.doc or spec.type.describe()})")
            out[name] = spec.default
        if self.extra:
            self.extra(out, path, report)
        return out


@dataclass
class OneOf(FieldType):
    """A value that may take one of several shapes (tried in order, by Python type)."""

    options: tuple[FieldType, ...] = ()
    doc: str = "en verdi"

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        for opt in self.options:
            probe: list[str] = []

            def collect(p: Path_, m: str, h: str | None, probe: list[str] = probe) -> None:
                probe.append(m)

            cleaned = opt.check(value, path, collect)
            if not probe:
                return cleaned
        report(path, f"forventet {self.doc}, fant {_kind(value)}", None)
        return None
