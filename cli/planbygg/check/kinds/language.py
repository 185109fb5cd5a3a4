"""Kinds about plain language: LIX, long sentences and mixed målform."""

from __future__ import annotations

from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, find_words, kind, met, missing, not_relevant, snippet


@kind("lix", {"terskler": "numbers", "vis": "int"}, ("terskler",))
def lix_kind(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """LIX of the document and of each section, against the threshold for the document type."""
    from ...language import lix_of

    limit = p["terskler"].get(view.doc_type, p["terskler"].get("standard", 55))
    whole = lix_of([x.text for x in view.all_text_items()])
    if whole.words < 20:
        return not_relevant(f"for lite tekst til å måle LIX ({whole.words} ord)")
    sections = []
    for s in view.sections:
        score = lix_of([x.text for x in s.paras])
        if score.words >= 40:
            sections.append((score, s))
    worst = sorted((x for x in sections if x[0].score > limit), key=lambda x: -x[0].score)[: p.get("vis", 5)]
    ev = [
        Evidence(
            view.name,
            f"hele dokumentet: LIX {whole.score:.0f} ({whole.band}), {whole.words} ord, {whole.words / max(whole.sentences, 1):.1f} ord per setning",
        )
    ]
    ev += [Evidence(s.where, f"LIX {sc.score:.0f} ({sc.band})") for sc, s in worst]
    detail = f"LIX {whole.score:.1f} ({whole.band}); grense {limit:g}"
    if worst:
        detail += f"; {len(worst)} avsnitt over grensen"
    if whole.score > limit:
        return missing(detail, ev)
    return met(ev, detail)


@kind("long_sentences", {"ord": "int", "maks_andel": "number", "vis": "int"}, ())
def long_sentences_kind(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Sentences longer than `ord` words; warns when they are more than `maks_andel` of all sentences."""
    from ...language import stats

    limit = p.get("ord", 30)
    total = 0
    found: list[tuple[int, str, str]] = []
    for para in view.all_text_items():
        st = stats(para.text)
        total += st.sentences
        found.extend((n, s, para.where) for n, s in st.sentence_lengths if n > limit)
    if total == 0:
        return not_relevant("ingen setninger")
    share = len(found) / total
    found.sort(key=lambda x: -x[0])
    ev = [Evidence(w, f"{n} ord: {snippet(s, None, 80)}") for n, s, w in found[: p.get("vis", 10)]]
    detail = f"{len(found)} av {total} setninger har mer enn {limit} ord ({share:.0%})"
    if share > p.get("maks_andel", 0.05):
        return missing(detail, ev)
    return met(ev, detail)


@kind("mixed_malform", {"andel": "number", "minst": "int"}, ())
def mixed_malform_kind(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Bokmål and nynorsk mixed: the minority målform's marker words exceed `andel`."""
    from ...language import malform_counts, mixed_malform

    texts = [x.text for x in view.all_text_items()]
    counts = malform_counts(texts)
    if counts.dominant is None:
        return not_relevant("ingen kjennetegn på målform i teksten")
    mixed = mixed_malform(texts, p.get("andel", 0.05), p.get("minst", 3))
    summary = f"bokmål {counts.bokmal}, nynorsk {counts.nynorsk} kjenneord"
    expected = view.language
    if mixed:
        minority = "nynorsk" if counts.nynorsk < counts.bokmal else "bokmål"
        examples = counts.nynorsk_examples if minority == "nynorsk" else counts.bokmal_examples
        where = _first_with(view, examples)
        return missing(f"blandet målform: {summary}; {minority} f.eks. {', '.join(examples[:4])}", where)
    if expected and counts.dominant != expected and (counts.bokmal + counts.nynorsk) >= 10:
        want = "nynorsk" if expected == "nn" else "bokmål"
        return missing(
            f"teksten er skrevet på {'nynorsk' if counts.dominant == 'nn' else 'bokmål'}, men målformen er {want} ({summary})"
        )
    return met([Evidence(view.name, summary)])


def _first_with(view: View, words: tuple[str, ...]) -> list[Evidence]:
    if not words:
        return []
    _, ev = find_words(view.all_text_items(), words, limit=3)
    return ev
