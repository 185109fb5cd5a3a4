"""The kind that checks who adopts the plan: the council itself (kommunestyret, bystyret, heradsstyret), not a delegated body.

Each sentence with a verb of adoption («vedta», «vedtok», «vedteke», «handsamast») or a case
reference is read on its own: the council named in it (or a K-sak, KST-sak, bystyresak) is
evidence; «etter delegert fullmakt», or another body adopting, is a breach; a quote of the law or
a statement about it («Kommunestyret selv skal vedta en plan …») says nothing about this plan; a
sentence about sending the plan on høring is not about adopting it.
"""

from __future__ import annotations

from typing import Any

from ...text import cues
from ...text.refs import find_case_refs
from ..views import View
from .base import CUES, Context, Evidence, Outcome, kind, met, missing, quote, uncertain, word_list, words_text
from .evidence import Mention, TextIndex, Unit, cue_names, has_terms, negated


@kind(
    "adoption_body",
    {"godkjent": "words", "feil": "words", "verb": "words", "ikke_vedtak": "words", "teller_ikke": CUES},
    ("godkjent", "verb"),
)
def adoption_body(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The text says the plan is (or is to be) adopted by the council itself, not by a delegated body."""
    index = ctx.index(view)
    good_words = word_list(p["godkjent"])
    wrong_words = word_list(p.get("feil") or [])
    other_words = word_list(p.get("ikke_vedtak") or [])
    ignore = cue_names(p.get("teller_ikke"))
    good: list[Evidence] = []
    bad: list[Evidence] = []
    law: list[Evidence] = []
    verbs = {m.n for m in index.find(word_list(p["verb"]))}
    for n in _candidates(index, verbs, good_words):
        unit = index.units[n]
        verdict, note = _read(index, unit, n, good_words, wrong_words, other_words, ignore)
        if n not in verbs and verdict != "godkjent":
            continue  # a case reference without a verb of adoption («merk svaret med byrådssak 1016/23») says nothing
        if verdict is None:
            continue
        target = {"godkjent": good, "feil": bad, "lov": law}[verdict]
        target.append(Evidence(unit.where, quote(unit.text), note, quoted=True))
    if good and not bad:
        return met(good[:2])
    if good and bad:
        return uncertain("teksten sier både at kommunestyret og at et annet organ vedtar planen", (bad + good)[:4])
    if bad:
        return missing("planen vedtas av et annet organ enn kommunestyret, eller etter delegert fullmakt", bad[:3])
    if law:
        return uncertain(
            "fant bare loven («kommunestyret selv skal vedta …»), ikke at denne planen vedtas av kommunestyret", law[:2]
        )
    return missing(
        f"fant ingen setning om at kommunestyret (bystyret, heradsstyret) vedtar planen (søkte etter {words_text(word_list(p['verb']))} og saksnumre som K-sak)"
    )


def _candidates(index: TextIndex, verbs: set[int], good_words: tuple[str, ...]) -> list[int]:
    """Units with a verb of adoption, or a case reference of the council («K-sak 12/24»), in document order."""
    found = set(verbs)
    for n, unit in enumerate(index.units):
        if unit.kind in ("avsnitt", "overskrift", "tittel", "celle") and any(
            r.body and has_terms(r.body, good_words) for r in find_case_refs(unit.text)
        ):
            found.add(n)
    return sorted(found)


def _read(
    index: TextIndex,
    unit: Unit,
    n: int,
    good_words: tuple[str, ...],
    wrong_words: tuple[str, ...],
    other_words: tuple[str, ...],
    ignore: tuple[str, ...],
) -> tuple[str | None, str]:
    """(godkjent | feil | lov | None, why) for one sentence."""
    here = {n}
    if other_words and index.find(other_words, here):
        return None, ""  # «vedtok å sende planen på høring»: a decision about the høring, not the adoption
    # «kan ikke delegeres», «vedtas ikke etter delegert fullmakt»: a delegation denied is no breach
    delegated = [d for d in cues.delegations(unit.text) if not negated(unit.text, d.start, d.end)]
    if delegated:
        return "feil", f"delegering: «{delegated[0].text}»"
    refs = find_case_refs(unit.text)
    good = index.find(good_words, here) if good_words else []
    wrong = index.find(wrong_words, here) if wrong_words else []
    good_ref = next((r for r in refs if r.body and has_terms(r.body, good_words)), None)
    wrong_ref = next((r for r in refs if r.body and not has_terms(r.body, good_words)), None)
    if ("sitat" in ignore and any(cues.is_quoted(unit.text, m.start, m.end) for m in good)) or (
        "lovhenvisning" in ignore and cues.law_attributions(unit.text)
    ):
        return "lov", "sier hva loven krever"
    if good and all(_negated(unit, m) for m in good):
        return None, ""
    if good or good_ref:
        return "godkjent", f"saksnummer: {good_ref.text}" if good_ref and not good else ""
    if wrong and not wrong_ref and all(_negated(unit, m) for m in wrong):
        return None, ""  # «kan ikke delegeres til formannskapet»: the other body is ruled out, not named
    if wrong or wrong_ref:
        named = wrong[0].text if wrong else (wrong_ref.body if wrong_ref else "")
        return "feil", f"vedtas av {named}"
    return None, ""


def _negated(unit: Unit, mention: Mention) -> bool:
    return negated(unit.text, mention.start, mention.end)
