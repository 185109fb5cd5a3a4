"""The kind that checks who adopts the plan: the council itself, not a delegated body."""

from __future__ import annotations

from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, compile_words, kind, met, missing, scope_paras, snippet, word_list


@kind("adoption_body", {"godkjent": "words", "feil": "words", "verb": "words"}, ("godkjent", "verb"))
def adoption_body(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The text says the plan is (to be) adopted by the council itself, not by a delegated body."""
    verb = compile_words(word_list(p["verb"]))
    good = compile_words(word_list(p["godkjent"]))
    wrong = compile_words(word_list(p.get("feil") or []))
    from ...language import sentences

    bad_ev = []
    for para in scope_paras(view, "alt"):
        if not verb.search(para.text):
            continue
        for s in sentences(para.text):
            if not verb.search(s):
                continue
            m = good.search(s)
            if m:
                return met([Evidence(para.where, snippet(s, m))])
            w = wrong.search(s) if p.get("feil") else None
            if w:
                bad_ev.append(Evidence(para.where, snippet(s, w)))
    if bad_ev:
        return missing("planen ser ut til å vedtas av et annet organ enn kommunestyret", bad_ev[:3])
    return missing("fant ikke at kommunestyret (bystyret, heradsstyret) skal vedta planen")
