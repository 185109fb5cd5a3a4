"""The framework of detection kinds: evidence, outcomes, the registry, combinators and shared text helpers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..views import Para, View

# ------------------------------------------------------------------ framework


@dataclass(frozen=True)
class Evidence:
    """Where the evidence (or the problem) is, with a short quote."""

    where: str
    snippet: str = ""


@dataclass
class Outcome:
    """The result of one detection: met, not met or not relevant, with evidence and an explanation."""

    status: str  # oppfylt | mangler | ikke relevant
    evidence: list[Evidence] = field(default_factory=list)
    detail: str = ""  # what was found or missing, in Norwegian
    downgrade: bool = False  # a krav that only counts as a warning here (e.g. six weeks outside pbl)

    @property
    def ok(self) -> bool:
        return self.status == "oppfylt"


def met(evidence: list[Evidence] | None = None, detail: str = "") -> Outcome:
    return Outcome("oppfylt", evidence or [], detail)


def missing(detail: str, evidence: list[Evidence] | None = None, downgrade: bool = False) -> Outcome:
    return Outcome("mangler", evidence or [], detail, downgrade)


def not_relevant(detail: str) -> Outcome:
    return Outcome("ikke relevant", [], detail)


@dataclass
class Context:
    """What a kind may need beyond its own view: every view checked together, and today's date."""

    views: list[View] = field(default_factory=list)
    package: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Kind:
    name: str
    func: Callable[..., Outcome]
    params: dict[str, str]
    required: frozenset[str]
    package: bool = False


KINDS: dict[str, Kind] = {}

SCOPE = "texts"  # the «i:» parameter: tittel, alt, overskrifter, tabeller, felt:a.b, seksjon:x|y


def kind(
    name: str,
    params: dict[str, str],
    required: tuple[str, ...] = (),
    package: bool = False,
) -> Callable[[Callable[..., Outcome]], Callable[..., Outcome]]:
    def register(func: Callable[..., Outcome]) -> Callable[..., Outcome]:
        KINDS[name] = Kind(name, func, params, frozenset(required), package)
        return func

    return register


def evaluate(spec: dict[str, Any], view: View | None, ctx: Context) -> Outcome:
    """Run one detection (a kind, or «alle:» / «en_av:» of several)."""
    if "alle" in spec:
        outcomes = [evaluate(s, view, ctx) for s in spec["alle"]]
        relevant = [o for o in outcomes if o.status != "ikke relevant"]
        if not relevant:
            return outcomes[0]
        failed = [o for o in relevant if not o.ok]
        evidence = [e for o in (failed or relevant) for e in o.evidence]
        if failed:
            return missing("; ".join(o.detail for o in failed if o.detail), evidence, any(o.downgrade for o in failed))
        return met(evidence, "; ".join(o.detail for o in relevant if o.detail))
    if "en_av" in spec:
        outcomes = []
        for s in spec["en_av"]:
            o = evaluate(s, view, ctx)
            if o.ok:
                return o
            outcomes.append(o)
        relevant = [o for o in outcomes if o.status != "ikke relevant"]
        if not relevant:
            return outcomes[0]
        return missing(
            "; ".join(dict.fromkeys(o.detail for o in relevant if o.detail)),
            [e for o in relevant for e in o.evidence],
            all(o.downgrade for o in relevant),
        )
    k = KINDS[spec["kind"]]
    params = {key: v for key, v in spec.items() if key != "kind"}
    if k.package:
        return k.func(ctx.views, params, ctx)
    return k.func(view, params, ctx)


# ------------------------------------------------------------------ helpers


def word_list(value: Any) -> tuple[str, ...]:
    """Both målformer's stems: a document in bokmål that quotes nynorsk input still counts."""
    if isinstance(value, dict):
        return tuple(dict.fromkeys([*value.get("bm", []), *value.get("nn", [])]))
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


@lru_cache(maxsize=512)
def compile_words(stems: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive pattern for stems, where * is a wildcard for the rest of a word."""
    parts = []
    for stem in stems:
        body = ""
        for i, w in enumerate(stem.split()):
            if w == "*":  # a lone * stands for up to three words: «ingen * deltok»
                body += (r"\s+" if body else "") + r"(?:[\w-]+\s+){0,3}"
                continue
            body += (r"\s+" if i and not body.endswith(r"\s+){0,3}") else "") + re.escape(w).replace(r"\*", r"[\w-]*")
        parts.append(rf"(?<![\w]){body}(?![\w])")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def snippet(text: str, match: re.Match[str] | None = None, width: int = 70) -> str:
    """A short quote around a match (or the start of the text)."""
    text = " ".join(text.split())
    if match is None:
        return text if len(text) <= width else text[: width - 1] + "…"
    m = compile_words((match.group(0),)).search(text)
    start = max(0, (m.start() if m else 0) - width // 3)
    out = text[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def filled(value: Any) -> bool:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value == 0):
        return False
    if isinstance(value, str | list | dict):
        return bool(value if not isinstance(value, str) else value.strip())
    return True


def scope_paras(view: View, scopes: Any) -> list[Para]:
    """The paragraphs a text kind looks in; see SCOPE."""
    if isinstance(scopes, str):
        scopes = [scopes]
    scopes = scopes or ["alt"]
    out: list[Para] = []
    for scope in scopes:
        if scope == "alt":
            out.extend(view.all_text_items())
            if view.extra_text:
                out.append(Para(view.extra_text, f"{view.name} › topptekst/bunntekst"))
        elif scope == "tittel":
            if view.title:
                out.append(Para(view.title, view.title_where or view.name))
            first = next((s for s in view.sections if s.heading), None)
            if first is not None and first.level <= 1:
                out.append(Para(first.heading, first.where, first.heading))  # many documents use Heading 1 as the title
            if view.properties.get("title"):
                out.append(Para(view.properties["title"], f"{view.name} › dokumentegenskaper"))
        elif scope == "overskrifter":
            out.extend(Para(s.heading, s.where, s.heading, s.standard) for s in view.sections if s.heading)
        elif scope == "tabeller":
            for t in view.tables:
                for i, row in enumerate([t.header, *t.rows]):
                    where = t.row_where[i - 1] if i and i - 1 < len(t.row_where) else t.where
                    out.extend(Para(c, where, t.heading) for c in row if c)
        elif scope.startswith("seksjon:"):
            pattern = compile_words(tuple(scope[8:].split("|")))
            for i, s in enumerate(view.sections):
                if s.heading and pattern.search(s.heading):
                    out.append(Para(s.heading, s.where, s.heading, s.standard))
                    out.extend(s.paras)
                    # Include deeper subsections until the next heading at the same or a higher level.
                    for sub in view.sections[i + 1 :]:
                        if sub.level <= s.level:
                            break
                        out.append(Para(sub.heading, sub.where, sub.heading, sub.standard))
                        out.extend(sub.paras)
    return out


def find_words(paras: list[Para], stems: tuple[str, ...], limit: int = 3) -> tuple[int, list[Evidence]]:
    """Count paragraphs that contain a stem; return the count and the first few as evidence."""
    pattern = compile_words(stems)
    count = 0
    evidence: list[Evidence] = []
    seen: set[str] = set()
    for p in paras:
        m = pattern.search(p.text)
        if m:
            count += len(pattern.findall(p.text))
            if len(evidence) < limit and p.where not in seen:
                evidence.append(Evidence(p.where, snippet(p.text, m)))
                seen.add(p.where)
    return count, evidence


def find_groups(paras: list[Para], groups: list[dict[str, Any]]) -> tuple[list[Evidence], list[str]]:
    """Evidence for each word group found, and the names of the groups not found."""
    evidence: list[Evidence] = []
    lacking: list[str] = []
    for group in groups:
        count, ev = find_words(paras, word_list(group["ord"]), limit=1)
        if count:
            evidence.extend(ev)
        else:
            lacking.append(group["navn"])
    return evidence, lacking


def stems_text(stems: tuple[str, ...], n: int = 4) -> str:
    shown = [s.replace("*", "…") for s in stems[:n]]
    return ", ".join(f"«{s}»" for s in shown) + (" …" if len(stems) > n else "")
