"""Detection kinds for tables of assessed input (the høringsoppsummering) and for the size of the change after the høring.

Registered in the kinds registry (check/kinds/__init__.py imports this module), so rule files name them with `kind:`.
"""

from __future__ import annotations

import re
from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, kind, met, missing, not_relevant, snippet, stems_text, word_list
from .tables import matching_columns


def _cell(row: list[str], col: int) -> str:
    """The stripped text of one cell, empty when the row is short."""
    return row[col].strip() if col < len(row) else ""


@kind("column_values", {"kolonner": "words", "mønster": "text", "navn": "text"}, ("kolonner", "mønster"))
def column_values(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """In every table with the column, every row's cell in it matches the pattern (e.g. one of the four assessments)."""
    stems = word_list(p["kolonner"])
    columns = matching_columns(view, stems)
    if not columns:
        return not_relevant(f"ingen tabell med kolonnen {stems_text(stems)}")
    pattern = re.compile(p["mønster"], re.IGNORECASE)
    rows = lacking = 0
    evidence: list[Evidence] = []
    for table, col in columns:
        for i, row in enumerate(table.rows):
            if not any(c.strip() for c in row):
                continue
            rows += 1
            if not pattern.search(_cell(row, col)):
                lacking += 1
                where = table.row_where[i] if i < len(table.row_where) else table.where
                evidence.append(Evidence(where, snippet(" ".join(row[:1])) or "(tom rad)"))
    if not rows:
        return not_relevant("tabellene har ingen rader")
    name = p.get("navn") or "verdi"
    if lacking:
        return missing(f"{lacking} av {rows} rader mangler {name}", evidence[:8])
    return met([Evidence(columns[0][0].where, f"{rows} rader med {name}")], f"alle {rows} rader har {name}")


@kind(
    "column_requires",
    {"kolonner": "words", "mønster": "text", "krever": "words", "navn": "text"},
    ("kolonner", "mønster", "krever"),
)
def column_requires(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Rows whose cell in one column matches the pattern have the other column filled (e.g. «tatt til følge» → a change)."""
    conditions = matching_columns(view, word_list(p["kolonner"]))
    required = word_list(p["krever"])
    pattern = re.compile(p["mønster"], re.IGNORECASE)
    rows = lacking = 0
    evidence: list[Evidence] = []
    for table, col in conditions:
        need = next((i for t, i in matching_columns(view, required) if t is table), None)
        if need is None:
            continue
        for i, row in enumerate(table.rows):
            if not pattern.search(_cell(row, col)):
                continue
            rows += 1
            if not _cell(row, need):
                lacking += 1
                where = table.row_where[i] if i < len(table.row_where) else table.where
                evidence.append(Evidence(where, snippet(" ".join(row[:1]))))
    if not rows:
        return not_relevant("ingen rader der dette kreves")
    name = p.get("navn") or stems_text(required)
    if lacking:
        return missing(f"{lacking} av {rows} rader mangler {name}", evidence[:8])
    return met([], f"alle {rows} rader har {name}")


@kind("change_share", {"terskel": "number"}, ("terskel",))
def change_share(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The share of the plan changed since the høringsutkast (document properties «Endringsandel …») is below the threshold."""
    found: list[tuple[str, float]] = []
    for name in ("Endringsandel", "Endringsandel tekst"):
        value = view.properties.get(name)
        try:
            found.append((name, float(str(value).replace(",", "."))))
        except (TypeError, ValueError):
            continue
    if not found:
        return not_relevant("dokumentet oppgir ikke hvor mye som er endret (ingen kopi av høringsutkastet å sammenligne med)")
    limit = float(p["terskel"])
    where = f"{view.name} › dokumentegenskaper"
    what = {"Endringsandel": "av tiltakene", "Endringsandel tekst": "av teksten i kapitlene"}
    text = ", ".join(f"{round(v * 100)} % {what[n]}" for n, v in found)
    if any(v > limit for _, v in found):
        return missing(f"{text} er endret siden høringsutkastet (grense {round(limit * 100)} %)", [Evidence(where, text)])
    return met([Evidence(where, text)], f"{text} er endret")
