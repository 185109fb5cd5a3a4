"""Kinds that look for an element in the text: headings over real text, sentences in the running text, word groups, patterns.

The main kind is `described`: an element is described when a heading names it and has real text
under it, or when a sentence of the running text says it (not negated, not a quote of the law, not
filler). Weak mentions make the outcome «må vurderes» with what was found; only when nothing is
found anywhere (or the chapter is empty or a placeholder) is the element «mangler».
"""

from __future__ import annotations

import re
from typing import Any

from ...text.lemma import fold
from ..views import View
from .base import (
    CUES,
    SCOPE,
    Context,
    Evidence,
    Outcome,
    kind,
    met,
    missing,
    quote,
    scope_paras,
    snippet,
    uncertain,
    word_list,
    words_text,
)
from .evidence import Mention, TextIndex, cue_names, weak_text

DESCRIBED = {
    "overskrift": "words",
    "ord": "words",
    "sammen_med": "words",
    "ikke_om": "words",
    "ellers_svakt": "words",
    "minst": "int",
    "ulike": "int",
    "i": SCOPE,
    "teller_ikke": CUES,
}
QUOTE_ORDER = {"avsnitt": 0, "celle": 1, "overskrift": 2, "innhold": 3, "tittel": 4, "topptekst": 5}
CLAUSE_RE = re.compile(r"[,;:–—()]|\s(?:men|mens|medan|fordi|hvis|viss|dersom)\s")
SCOPE_TEXT = {
    "alt": "overskrifter, avsnitt, lister og tabeller",
    "tittel": "tittelen",
    "overskrifter": "overskriftene",
    "avsnitt": "avsnittene",
    "tabeller": "tabellene",
}


def scope_text(scopes: Any) -> str:
    """Where a kind searched, as the user reads it."""
    if isinstance(scopes, str):
        scopes = [scopes]
    names = []
    for s in scopes or ["alt"]:
        if s.startswith("seksjon:"):
            names.append("kapitlene om " + words_text(tuple(s[8:].split("|")), 3))
        else:
            names.append(SCOPE_TEXT.get(s, s))
    return " og ".join(dict.fromkeys(names))


def mention_evidence(mention: Mention) -> Evidence:
    """A mention as evidence: where, the sentence quoted, and why it does not count (if it does not)."""
    return Evidence(
        mention.unit.where,
        quote(mention.unit.text, mention.start, mention.end),
        weak_text(mention.weak) if mention.weak else "",
        quoted=True,
    )


def search(
    view: View,
    ctx: Context,
    *,
    heads: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
    with_: tuple[str, ...] = (),
    scope: Any = None,
    ignore: Any = None,
    other: tuple[str, ...] = (),
    weak_words: tuple[str, ...] = (),
) -> tuple[list[Mention], list[Mention]]:
    """(strong, weak) mentions: headings over real text, and sentences that say it; each weighed by the cues.

    `other`: words that make a sentence about something else (making the plan); `weak_words`:
    words whose mention alone is only a hint («samordna» without saying how).
    """
    index = ctx.index(view)
    units = index.units_in(scope)
    cue_list = cue_names(ignore)
    strong: list[Mention] = []
    weak: list[Mention] = []
    found = index.find(heads, units, ("overskrift", "tittel", "innhold")) if heads else []
    if words:
        kinds = ("avsnitt", "celle", "topptekst") + (("tittel", "overskrift", "innhold") if not heads else ())
        found += _with(index, index.find(words, units, kinds), with_, units)
    off_topic = {m.n for m in index.find(other, units)} if other else set()
    hinted = index.find(weak_words, units) if weak_words else []
    for mention in found:
        weighed = index.weigh(mention, cue_list)
        if not weighed.weak and mention.n in off_topic:
            weighed = Mention(mention.unit, mention.start, mention.end, mention.term, "annet_tema", mention.n)
        if not weighed.weak and weighed.unit.kind == "overskrift":
            weighed = _body_against(index, weighed, heads or words, cue_list, off_topic)
        (weak if weighed.weak else strong).append(weighed)
    weak += [
        Mention(m.unit, m.start, m.end, m.term, "svakt_ord", m.n)
        for m in hinted
        if not index.weigh(m, cue_list).weak and m.n not in off_topic
    ]
    return strong, weak


def _with(index: TextIndex, mentions: list[Mention], with_: tuple[str, ...], units: set[int]) -> list[Mention]:
    """Only the mentions with one of `with_` in the same clause («om lag 300 elever svarte», «Helsestasjonen har ansvar»).

    A clause, not the whole sentence: in «… hvordan medvirkningen ble gjennomført, hva deltakerne
    sa …» the participants are not the ones who took part in anything.
    """
    if not with_:
        return mentions
    partners: dict[int, list[Mention]] = {}
    for m in index.find(with_, units):
        partners.setdefault(m.n, []).append(m)
    return [m for m in mentions if any(same_clause(m.unit.text, m, p) for p in partners.get(m.n, []))]


def same_clause(text: str, a: Mention, b: Mention) -> bool:
    """Whether two mentions in a sentence lie in the same clause (no comma, semicolon or dash between them)."""
    if a.start < b.end and b.start < a.end:
        return True
    left, right = (a, b) if a.start < b.start else (b, a)
    return not CLAUSE_RE.search(text[left.end : right.start])


def _body_against(
    index: TextIndex, heading: Mention, terms: tuple[str, ...], cue_list: tuple[str, ...], off_topic: set[int]
) -> Mention:
    """A heading whose own text only says the opposite or speaks of something else is weak.

    «Samarbeid» over «Planen omtalar ikkje korleis tenestene skal samarbeide», or «Tverrfagleg
    samarbeid» over how the plan was revised, does not describe the cooperation.
    """
    section = heading.unit.section
    inside = {n for n, u in enumerate(index.units) if u.section == section and u.kind == "avsnitt"}
    body = index.find((heading.term, *terms), inside)
    if not body:
        return heading
    weighed = [index.weigh(m, tuple(c for c in cue_list if c in ("nektelse", "sitat", "lovhenvisning"))) for m in body]
    reasons = [m.weak or ("annet_tema" if m.n in off_topic else "") for m in weighed]
    if all(reasons):
        return Mention(heading.unit, heading.start, heading.end, heading.term, reasons[0], heading.n)
    return heading


def _distinct(index: TextIndex, strong: list[Mention], with_: tuple[str, ...]) -> set[str]:
    """The different words that the strong mentions name: of `with_` when given, else of the words themselves."""
    if not with_:
        return {fold(m.text) for m in strong}
    return {fold(m.text) for m in index.find(with_, {m.n for m in strong})}


def described_outcome(
    view: View,
    ctx: Context,
    *,
    heads: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
    with_: tuple[str, ...] = (),
    scope: Any = None,
    ignore: Any = None,
    least: int = 1,
    distinct: int = 0,
    other: tuple[str, ...] = (),
    weak_words: tuple[str, ...] = (),
) -> Outcome:
    """Met, uncertain or missing for one element, with the quotes that prove it or what was searched."""
    strong, weak = search(
        view, ctx, heads=heads, words=words, with_=with_, scope=scope, ignore=ignore, other=other, weak_words=weak_words
    )
    units = list(dict.fromkeys(m.n for m in strong))
    # a sentence that says it is the best quote; a heading or a table of contents only shows where
    ranked = sorted(strong, key=lambda m: (QUOTE_ORDER.get(m.unit.kind, 9), m.n, m.start))
    evidence = [mention_evidence(m) for m in _first_per_unit(ranked)][:3]
    index = ctx.index(view)
    if units and len(units) >= least and (not distinct or len(_distinct(index, strong, with_)) >= distinct):
        return met(evidence)
    searched = _searched(heads, words, with_, scope)
    if strong:
        many = f"minst {least} steder" if len(units) < least else f"minst {distinct} ulike"
        return uncertain(f"fant {searched}, men bare {len(units)} sted(er) (regelen krever {many})", evidence)
    if weak:
        shown = [mention_evidence(m) for m in _first_per_unit(weak)][:4]
        if all(m.weak in ("uten_innhold:tom", "uten_innhold:plassholder") for m in weak):
            heads_found = ", ".join(f"«{m.unit.text}»" for m in _first_per_unit(weak)[:2])
            return missing(f"fant bare overskrift(er) uten innhold: {heads_found}", shown)
        reasons = ", ".join(dict.fromkeys(weak_text(m.weak) for m in weak))
        return uncertain(f"fant {searched}, men bare der det ikke teller ({reasons})", shown)
    return missing(f"fant ikke {searched} (søkte i {scope_text(scope)})")


def _first_per_unit(mentions: list[Mention]) -> list[Mention]:
    seen: set[int] = set()
    out = []
    for m in mentions:
        if m.n not in seen:
            seen.add(m.n)
            out.append(m)
    return out


def _searched(heads: tuple[str, ...], words: tuple[str, ...], with_: tuple[str, ...], scope: Any) -> str:
    parts = []
    if heads:
        parts.append(f"overskrift med {words_text(heads)}")
    if words:
        sentence = f"setning med {words_text(words)}"
        if with_:
            sentence += f" sammen med {words_text(with_, 3)}"
        parts.append(sentence)
    return " eller ".join(parts)


@kind("described", DESCRIBED)
def described(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """An element is described: a heading with real text under it, or a sentence that says it (see the module)."""
    return described_outcome(
        view,
        ctx,
        heads=word_list(p.get("overskrift")),
        words=word_list(p.get("ord")),
        with_=word_list(p.get("sammen_med")),
        scope=p.get("i"),
        ignore=p.get("teller_ikke"),
        least=p.get("minst", 1),
        distinct=p.get("ulike", 0),
        other=word_list(p.get("ikke_om")),
        weak_words=word_list(p.get("ellers_svakt")),
    )


@kind("heading_any", {"ord": "words", "min": "int", "teller_ikke": CUES}, ("ord",))
def heading_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A heading contains one of the words and has real text under it."""
    return described_outcome(
        view, ctx, heads=word_list(p["ord"]), scope="overskrifter", ignore=p.get("teller_ikke"), least=p.get("min", 1)
    )


@kind(
    "keyword_any",
    {"ord": "words", "i": SCOPE, "minst": "int", "sammen_med": "words", "ikke_om": "words", "teller_ikke": CUES},
    ("ord",),
)
def keyword_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The words are said in the scope (in at least `minst` places), not negated or quoted."""
    return described_outcome(
        view,
        ctx,
        words=word_list(p["ord"]),
        with_=word_list(p.get("sammen_med")),
        scope=p.get("i"),
        ignore=p.get("teller_ikke"),
        least=p.get("minst", 1),
        other=word_list(p.get("ikke_om")),
    )


@kind("keyword_all", {"grupper": "groups", "i": SCOPE, "samme_setning": "bool", "teller_ikke": CUES}, ("grupper",))
def keyword_all(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every group of words is said in the scope (e.g. both omsorgssvikt and atferdsvansker), with `samme_setning` in one sentence."""
    groups = p["grupper"]
    found: list[tuple[str, list[Mention], list[Mention]]] = []
    for group in groups:
        strong, weak = search(view, ctx, words=word_list(group["ord"]), scope=p.get("i"), ignore=p.get("teller_ikke"))
        found.append((group["navn"], strong, weak))
    if p.get("samme_setning"):
        shared = set.intersection(*({m.n for m in strong} for _, strong, _ in found)) if found else set()
        if shared:
            first = min(shared)
            m = next(m for m in found[0][1] if m.n == first)
            return met([mention_evidence(m)])
        apart = [mention_evidence(strong[0]) for _, strong, _ in found if strong]
        if len(apart) == len(found):
            return uncertain("fant " + " og ".join(f"«{name}»" for name, _, _ in found) + ", men ikke i samme setning", apart)
    lacking = [name for name, strong, _ in found if not strong]
    evidence = [mention_evidence(strong[0]) for _, strong, _ in found if strong]
    if not lacking and not p.get("samme_setning"):
        return met(evidence)
    weak_only = [(name, weak) for name, strong, weak in found if not strong and weak]
    if weak_only:
        evidence += [mention_evidence(w[0]) for _, w in weak_only]
        reasons = ", ".join(dict.fromkeys(weak_text(w[0].weak) for _, w in weak_only))
        return uncertain(f"fant {' og '.join(f'«{n}»' for n, _ in weak_only)} bare der det ikke teller ({reasons})", evidence)
    return missing(f"fant ikke {' og '.join(f'«{x}»' for x in lacking)} (søkte i {scope_text(p.get('i'))})", evidence)


@kind("pattern_any", {"mønster": "text", "i": SCOPE, "navn": "text"}, ("mønster",))
def pattern_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A regular expression matches in the scope."""
    pattern = re.compile(p["mønster"], re.IGNORECASE)
    for para in scope_paras(view, p.get("i")):
        m = pattern.search(para.text)
        if m:
            return met([Evidence(para.where, snippet(para.text, m), quoted=True)])
    return missing(f"fant ikke {p.get('navn') or 'mønsteret'} (søkte i {scope_text(p.get('i'))})")


@kind("pattern_none", {"mønster": "text", "i": SCOPE, "navn": "text", "vis": "int"}, ("mønster",))
def pattern_none(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A regular expression must not match anywhere in the scope (e.g. [PLASSHOLDERE] left from a template)."""
    pattern = re.compile(p["mønster"])
    found = []
    for para in scope_paras(view, p.get("i")):
        for m in pattern.finditer(para.text):
            found.append(Evidence(para.where, snippet(para.text, m), quoted=True))
    if not found:
        return met([Evidence(view.name, f"ingen {p.get('navn') or 'treff'}")])
    return missing(f"{len(found)} {p.get('navn') or 'treff'}", found[: p.get("vis", 10)])
