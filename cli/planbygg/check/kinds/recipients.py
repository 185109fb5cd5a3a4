"""The kind that checks the list of høringsinstanser."""

from __future__ import annotations

from typing import Any

from ..views import Para, View
from .base import Context, Outcome, find_groups, kind, met, missing, scope_paras, word_list
from .tables import _matching_columns


@kind("recipients_include", {"grupper": "groups", "seksjoner": "words"}, ("grupper",))
def recipients_include(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The list of høringsinstanser names every group (e.g. ungdomsråd, råd for personer med funksjonsnedsettelse)."""
    paras: list[Para] = []
    where_note = ""
    heads = word_list(
        p.get("seksjoner")
        or ["høringsinstans*", "høyringsinstans*", "mottaker*", "mottakar*", "adresseliste", "kopi til", "distribusjon*"]
    )
    paras = scope_paras(view, ["seksjon:" + "|".join(heads)])
    for t, _ in _matching_columns(view, heads):
        paras.extend(Para(" ".join(r), t.where) for r in t.rows)
    if not paras:
        paras = scope_paras(view, "alt")
        where_note = " (ingen egen mottakerliste; søkte i hele dokumentet)"
    evidence, lacking = find_groups(paras, p["grupper"])
    if not paras:
        return missing("høringen har ingen liste over høringsinstanser")
    if not lacking:
        return met(evidence, where_note.strip(" ()"))
    return missing(f"mottakerlisten mangler {' og '.join(f'«{x}»' for x in lacking)}{where_note}", evidence)
