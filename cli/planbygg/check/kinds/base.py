"""The framework of detection kinds: evidence, the three outcomes, the registry, combinators and shared helpers.

A detection answers with one of three outcomes (or «ikke relevant»): **oppfylt** with the quote that
proves it, **mangler** only when the text clearly lacks the element, and **må vurderes** when the
evidence is weak or contradictory (a negated sentence, a quote of the law, an empty chapter, a
delegated decision beside one by the council), with what was found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..views import Para, View

if TYPE_CHECKING:
    from .evidence import TextIndex

MET = "oppfylt"
MISSING = "mangler"
UNCERTAIN = "må vurderes"
NOT_RELEVANT = "ikke relevant"


@dataclass(frozen=True)
class Evidence:
    """Where the evidence (or the problem) is, with a short quote; `note` says why it does not count, if it does not."""

    where: str
    snippet: str = ""
    note: str = ""
    quoted: bool = False  # the snippet is the document's own words (shown in «»), not a summary made by the check


@dataclass
class Outcome:
    """The result of one detection: met, missing, uncertain or not relevant, with evidence and an explanation."""

    status: str  # oppfylt | mangler | må vurderes | ikke relevant
    evidence: list[Evidence] = field(default_factory=list)
    detail: str = ""  # what was found, or what was searched and not found, in Norwegian
    downgrade: bool = False  # a krav that only counts as a warning here (e.g. six weeks outside pbl)

    @property
    def ok(self) -> bool:
        return self.status == MET


def met(evidence: list[Evidence] | None = None, detail: str = "") -> Outcome:
    """The element is there; the evidence quotes it."""
    return Outcome(MET, evidence or [], detail)


def missing(detail: str, evidence: list[Evidence] | None = None, downgrade: bool = False) -> Outcome:
    """The text clearly lacks the element (or breaks the rule); `detail` says what was searched."""
    return Outcome(MISSING, evidence or [], detail, downgrade)


def uncertain(detail: str, evidence: list[Evidence] | None = None) -> Outcome:
    """Weak or contradictory evidence: a person must judge it; `detail` says what was found."""
    return Outcome(UNCERTAIN, evidence or [], detail)


def not_relevant(detail: str) -> Outcome:
    """The rule does not apply to this document (no images, no deadline to count from)."""
    return Outcome(NOT_RELEVANT, [], detail)


@dataclass
class Context:
    """What a kind may need beyond its own view: every view checked together, today's date, and per-run caches."""

    views: list[View] = field(default_factory=list)
    package: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # per-run results, see cached()

    def index(self, view: View) -> TextIndex:
        """The sentence index of a view, built once per check run."""
        from .evidence import TextIndex

        index: TextIndex = self.cached("index", view, lambda: TextIndex(view))
        return index

    def cached(self, key: str, owner: object, make: Callable[[], Any]) -> Any:
        """A result about one object (a view, the list of views) made once per check run.

        The object is kept with the result, so a new object that happens to get the same id is not
        mistaken for it.
        """
        hit = self.memo.get((key, id(owner)))
        if hit is None or hit[0] is not owner:
            hit = (owner, make())
            self.memo[(key, id(owner))] = hit
        return hit[1]

    def items(self, view: View) -> list[Para]:
        """The view's paragraphs, headings and table cells (View.all_text_items), listed once per check run; do not change the list."""
        return self.cached("items", view, view.all_text_items)

    def own(self, view: View) -> View:
        """The view without library standard text, made once per check run."""
        own: View = self.cached("own", view, view.own_text)
        return own


@dataclass(frozen=True)
class Kind:
    """A registered detection: its function, its parameters (name → type) and which are required."""

    name: str
    func: Callable[..., Outcome]
    params: dict[str, str]
    required: frozenset[str]
    package: bool = False


KINDS: dict[str, Kind] = {}

SCOPE = "texts"  # the «i:» parameter: tittel, alt, overskrifter, avsnitt, tabeller, seksjon:x|y
# Cues that stop a mention from counting; a rule may name fewer with «teller_ikke:».
CUES = "choices:nektelse|sitat|lovhenvisning|uten_innhold"


def kind(
    name: str,
    params: dict[str, str],
    required: tuple[str, ...] = (),
    package: bool = False,
) -> Callable[[Callable[..., Outcome]], Callable[..., Outcome]]:
    """Register a detection kind under `name` with its parameter types."""

    def register(func: Callable[..., Outcome]) -> Callable[..., Outcome]:
        KINDS[name] = Kind(name, func, params, frozenset(required), package)
        return func

    return register


def evaluate(spec: dict[str, Any], view: View | None, ctx: Context) -> Outcome:
    """Run one detection (a kind, or «alle:» / «en_av:» of several).

    «en_av»: met when one is met; otherwise uncertain when one is uncertain; otherwise missing.
    «alle»: met when all are met; missing when one is missing; otherwise uncertain.
    """
    if "alle" in spec:
        outcomes = [evaluate(s, view, ctx) for s in spec["alle"]]
        relevant = [o for o in outcomes if o.status != NOT_RELEVANT]
        if not relevant:
            return outcomes[0]
        failed = [o for o in relevant if o.status == MISSING]
        weak = [o for o in relevant if o.status == UNCERTAIN]
        if failed:
            evidence = [e for o in failed for e in o.evidence]
            return missing(_join(o.detail for o in failed), evidence, any(o.downgrade for o in failed))
        if weak:
            return uncertain(_join(o.detail for o in weak), [e for o in relevant for e in o.evidence])
        return met([e for o in relevant for e in o.evidence], _join(o.detail for o in relevant))
    if "en_av" in spec:
        outcomes = []
        for s in spec["en_av"]:
            o = evaluate(s, view, ctx)
            if o.ok:
                return o
            outcomes.append(o)
        relevant = [o for o in outcomes if o.status != NOT_RELEVANT]
        if not relevant:
            return outcomes[0]
        weak = [o for o in relevant if o.status == UNCERTAIN]
        if weak:
            return uncertain(_join(o.detail for o in weak), [e for o in weak for e in o.evidence])
        return missing(
            _join(o.detail for o in relevant),
            [e for o in relevant for e in o.evidence],
            all(o.downgrade for o in relevant),
        )
    k = KINDS[spec["kind"]]
    params = {key: v for key, v in spec.items() if key != "kind"}
    if k.package:
        return k.func(ctx.views, params, ctx)
    return k.func(view, params, ctx)


def _join(details: Any) -> str:
    return "; ".join(dict.fromkeys(d for d in details if d))


# ------------------------------------------------------------------ helpers


def word_list(value: Any) -> tuple[str, ...]:
    """Both målformer's words: a document in bokmål that quotes nynorsk input still counts."""
    if isinstance(value, dict):
        return tuple(dict.fromkeys([*value.get("bm", []), *value.get("nn", [])]))
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


@lru_cache(maxsize=512)
def compile_words(stems: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive pattern for word stems, where * is a wildcard for the rest of a word (table headers, recipients)."""
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


def quote(text: str, start: int = 0, end: int | None = None, width: int = 160) -> str:
    """The sentence as a quote, shortened around [start, end) when it is longer than `width`."""
    text = " ".join(text.split()) if end is None else text
    end = len(text) if end is None else end
    if len(text) <= width:
        return " ".join(text.split())
    before = max(0, start - width // 3)
    after = min(len(text), max(end, before + width))
    out = " ".join(text[before:after].split())
    return ("…" if before else "") + out + ("…" if after < len(text) else "")


def scope_paras(view: View, scopes: Any) -> list[Para]:
    """The paragraphs a pattern looks in (regular expressions read whole paragraphs); see SCOPE."""
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
        elif scope == "avsnitt":
            out.extend(view.paras())
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
                    for sub in view.sections[i + 1 :]:
                        if sub.level <= s.level:
                            break
                        out.append(Para(sub.heading, sub.where, sub.heading, sub.standard))
                        out.extend(sub.paras)
    return out


def find_words(paras: list[Para], stems: tuple[str, ...], limit: int = 3) -> tuple[int, list[Evidence]]:
    """Count paragraphs that contain a stem (regular-expression match); return the count and the first few as evidence."""
    pattern = compile_words(stems)
    count = 0
    evidence: list[Evidence] = []
    seen: set[str] = set()
    for p in paras:
        m = pattern.search(p.text)
        if m:
            count += len(pattern.findall(p.text))
            if len(evidence) < limit and p.where not in seen:
                evidence.append(Evidence(p.where, snippet(p.text, m), quoted=True))
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


def words_text(words: tuple[str, ...], n: int = 4) -> str:
    """A few of the words searched for, as the user reads them: «samarbeid…», «samhandling…» …"""
    shown = [w.replace("*", "…") for w in words[:n]]
    return ", ".join(f"«{s}»" for s in shown) + (" …" if len(words) > n else "")


stems_text = words_text  # the older name, used by kinds that match table headers
