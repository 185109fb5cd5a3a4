"""Kinds that read tables: a filled column (responsibility, participants) and measures on every prevention level."""

from __future__ import annotations

from typing import Any

from ..views import TableV, View
from .base import CUES, Context, Evidence, Outcome, kind, met, missing, quote, stems_text, word_list
from .evidence import has_terms
from .text import described_outcome

EMPTY = {"–", "-", "—", "?", "…", "ukjent", "ikke registrert", "ikkje registrert"}


def matching_columns(view: View, words: tuple[str, ...]) -> list[tuple[TableV, int]]:
    """(table, column) for every column whose header has one of the words (any inflection)."""
    return [(t, i) for t in view.tables for i, h in enumerate(t.header) if h.strip() and has_terms(h, words)]


@kind(
    "table_column_filled",
    {
        "kolonner": "words",
        "distinkte_min": "int",
        "andel": "number",
        "verdier": "words",
        "ellers_overskrift": "words",
        "teller_ikke": CUES,
    },
    ("kolonner",),
)
def table_column_filled(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A table has a column with one of the names, filled in every row (or `andel` of rows).

    With `verdier`, a row counts only when its cell has one of those words (a «Målgruppe» column
    that names pupils). With `ellers_overskrift`, a document without such a column may instead
    have a heading with one of those words; when the column exists, the column decides.
    """
    stems = word_list(p["kolonner"])
    columns = matching_columns(view, stems)
    if not columns:
        if p.get("ellers_overskrift"):
            found = described_outcome(
                view, ctx, heads=word_list(p["ellers_overskrift"]), scope="overskrifter", ignore=p.get("teller_ikke")
            )
            if found.status != "mangler":
                return found
            return missing(f"fant ingen tabell med kolonnen {stems_text(stems)}, og {found.detail}")
        return missing(f"fant ingen tabell med kolonnen {stems_text(stems)}")
    need_distinct = p.get("distinkte_min", 0)
    share = p.get("andel", 1.0)
    best: tuple[TableV, int, list[str], set[str], list[str]] | None = None
    wanted = word_list(p.get("verdier"))
    for table, col in columns:
        rows = [r for r in table.rows if any(c.strip() for c in r)]
        values = [r[col].strip() if col < len(r) else "" for r in rows]
        values = ["" if v in EMPTY else v for v in values]  # «–» means not filled in
        if wanted:
            values = [v if v and has_terms(v, wanted) else "" for v in values]
        empty = [table.row_where[i] if i < len(table.row_where) else table.where for i, v in enumerate(values) if not v]
        distinct = {v.lower() for v in values if v}
        ok_rows = rows and (len(values) - len(empty)) / len(values) >= share
        if ok_rows and wanted and len(distinct) >= need_distinct:
            shown = next(v for v in values if v)
            return met(
                [Evidence(table.where, shown, quoted=True)],
                f"kolonnen «{table.header[col]}» nevner {stems_text(wanted, 3)} i {len(values) - len(empty)} av {len(values)} rader",
            )
        if ok_rows and len(distinct) >= need_distinct:
            return met(
                [
                    Evidence(
                        table.where,
                        f"kolonnen «{table.header[col]}»: {len(values) - len(empty)} av {len(values)} rader fylt, {len(distinct)} ulike",
                    )
                ]
            )
        best = best or (table, col, empty, distinct, values)
    assert best is not None  # columns is non-empty and every pass either returns or sets best
    table, col, empty, distinct, values = best
    if not values:
        return missing(f"tabellen med kolonnen «{table.header[col]}» har ingen rader", [Evidence(table.where)])
    if wanted and len(empty) == len(values):
        return missing(f"kolonnen «{table.header[col]}» nevner ikke {stems_text(wanted)}", [Evidence(table.where)])
    if empty and (len(values) - len(empty)) / len(values) < share:
        return missing(f"{len(empty)} av {len(values)} rader mangler «{table.header[col]}»", [Evidence(w) for w in empty[:5]])
    return missing(
        f"bare {len(distinct)} ulike i kolonnen «{table.header[col]}» (krever minst {need_distinct})", [Evidence(table.where)]
    )


@kind("levels_covered", {"nivåer": "levels", "kolonner": "words", "min": "int"}, ("nivåer",))
def levels_covered(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Measures on every prevention level: from a table column for the level, or else from the text."""
    levels = {name: word_list(words) for name, words in p["nivåer"].items()}
    counts = dict.fromkeys(levels, 0)
    evidence: dict[str, Evidence] = {}
    columns = matching_columns(view, word_list(p.get("kolonner") or ["nivå", "forebyggingsnivå", "innsatsnivå"]))
    for table, col in columns:
        for i, row in enumerate(table.rows):
            cell = row[col] if col < len(row) else ""
            for name, words in levels.items():
                if cell and has_terms(cell, words):
                    counts[name] += 1
                    evidence.setdefault(
                        name, Evidence(table.row_where[i] if i < len(table.row_where) else table.where, cell, quoted=True)
                    )
    source = "tabellkolonnen for nivå"
    if not any(counts.values()):
        index = ctx.index(view)
        for name, words in levels.items():
            for m in index.find(words):
                if not index.weigh(m, ("nektelse",)).weak:
                    counts[name] += 1
                    evidence.setdefault(name, Evidence(m.unit.where, quote(m.unit.text, m.start, m.end), quoted=True))
        source = "teksten (ingen nivåkolonne)"
    need = p.get("min", 1)
    lacking = [name for name, n in counts.items() if n < need]
    ev = list(evidence.values())
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    if not lacking:
        return met(ev, f"{summary} (fra {source})")
    if len(lacking) < len(levels):
        return missing(f"fant ingen tiltak på nivået {' og '.join(lacking)} ({summary}, fra {source})", ev)
    return missing(f"fant ingen av nivåene {', '.join(levels)} i tabeller eller tekst")
