"""The kind that checks the list of høringsinstanser: under a heading, after a label («Mottakere:») or in a table column."""

from __future__ import annotations

from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, kind, met, missing, quote, word_list, words_text
from .evidence import TextIndex, row_text
from .tables import matching_columns

LIST_WORDS = ("høringsinstans*", "høyringsinstans*", "mottaker*", "mottakar*", "adresseliste*", "kopi til", "distribusjon*")


@kind("recipients_include", {"grupper": "groups", "seksjoner": "words"}, ("grupper",))
def recipients_include(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The list of høringsinstanser names every group (e.g. ungdomsråd, råd for personer med funksjonsnedsettelse)."""
    index = ctx.index(view)
    heads = word_list(p.get("seksjoner")) or LIST_WORDS
    units = _list_units(index, heads)
    for table, _col in matching_columns(view, heads):
        rows = {row_text(r) for r in table.rows}
        units |= {n for n, u in enumerate(index.units) if u.kind == "celle" and u.text in rows}
    note = ""
    if not units:
        units = index.units_in("alt")
        note = f" (fant ingen liste over høringsinstanser under {words_text(heads, 3)}; søkte i hele dokumentet)"
    evidence: list[Evidence] = []
    lacking: list[str] = []
    for group in p["grupper"]:
        strong = [m for m in index.find(word_list(group["ord"]), units) if not index.weigh(m, ("nektelse",)).weak]
        if strong:
            evidence.append(
                Evidence(strong[0].unit.where, quote(strong[0].unit.text, strong[0].start, strong[0].end), quoted=True)
            )
        else:
            lacking.append(group["navn"])
    if not lacking:
        return met(evidence, note.strip(" ()"))
    return missing(f"fant ikke {' og '.join(f'«{x}»' for x in lacking)} blant høringsinstansene{note}", evidence)


def _list_units(index: TextIndex, heads: tuple[str, ...]) -> set[int]:
    """Units under a heading for the list, and paragraphs that begin with such a label («Mottakere: …») with what follows."""
    units = index.units_in(["seksjon:" + "|".join(heads)])
    for m in index.find(heads, kinds=("avsnitt",)):
        rest = m.unit.text[m.end :].lstrip()
        if m.start > 2 or not rest.startswith(":"):
            continue
        units.add(m.n)
        if rest == ":":  # the label stands alone: the list items follow it
            n = m.n + 1
            while n < len(index.units) and index.units[n].section == m.unit.section and index.units[n].kind == "avsnitt":
                units.add(n)
                n += 1
    return units
