"""Kinds that look for words and patterns in headings, paragraphs and tables."""

from __future__ import annotations

import re
from typing import Any

from ..views import View
from .base import (
    SCOPE,
    Context,
    Evidence,
    Outcome,
    compile_words,
    find_groups,
    find_words,
    kind,
    met,
    missing,
    scope_paras,
    snippet,
    stems_text,
    word_list,
)


@kind("heading_any", {"ord": "words", "min": "int"}, ("ord",))
def heading_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A heading contains one of the words."""
    stems = word_list(p["ord"])
    pattern = compile_words(stems)
    hits = [Evidence(s.where, s.heading) for s in view.sections if s.heading and pattern.search(s.heading)]
    if len(hits) >= p.get("min", 1):
        return met(hits[:3])
    return missing(f"ingen overskrift med {stems_text(stems)}")


@kind("keyword_any", {"ord": "words", "i": SCOPE, "minst": "int"}, ("ord",))
def keyword_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """At least `minst` paragraphs in the scope contain one of the words."""
    stems = word_list(p["ord"])
    count, ev = find_words(scope_paras(view, p.get("i")), stems)
    need = p.get("minst", 1)
    if count >= need:
        return met(ev)
    return missing(f"fant {stems_text(stems)} {count} ganger (krever {need})" if count else f"fant ikke {stems_text(stems)}", ev)


@kind("keyword_all", {"grupper": "groups", "i": SCOPE}, ("grupper",))
def keyword_all(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every group of words is found in the scope (e.g. both omsorgssvikt and atferdsvansker)."""
    paras = scope_paras(view, p.get("i"))
    evidence, lacking = find_groups(paras, p["grupper"])
    if not lacking:
        return met(evidence)
    return missing(f"mangler {' og '.join(f'«{x}»' for x in lacking)}", evidence)


@kind("pattern_any", {"mønster": "text", "i": SCOPE, "navn": "text"}, ("mønster",))
def pattern_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A regular expression matches in the scope."""
    pattern = re.compile(p["mønster"], re.IGNORECASE)
    for para in scope_paras(view, p.get("i")):
        m = pattern.search(para.text)
        if m:
            return met([Evidence(para.where, snippet(para.text, m))])
    return missing(f"fant ikke {p.get('navn') or 'mønsteret'}")


@kind("pattern_none", {"mønster": "text", "i": SCOPE, "navn": "text", "vis": "int"}, ("mønster",))
def pattern_none(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A regular expression must not match anywhere in the scope (e.g. [PLASSHOLDERE] left from a template)."""
    pattern = re.compile(p["mønster"])
    found = []
    for para in scope_paras(view, p.get("i")):
        for m in pattern.finditer(para.text):
            found.append(Evidence(para.where, snippet(para.text, m)))
    if not found:
        return met([Evidence(view.name, f"ingen {p.get('navn') or 'treff'}")])
    return missing(f"{len(found)} {p.get('navn') or 'treff'}", found[: p.get("vis", 10)])
