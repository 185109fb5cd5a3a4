"""Kinds that read tables: a filled column (responsibility, participants) and measures on every prevention level."""

from __future__ import annotations

from typing import Any

from ..views import TableV, View
from .base import Context, Evidence, Outcome, compile_words, kind, met, missing, snippet, stems_text, word_list
from .text import heading_any


def _matching_columns(view: View, stems: tuple[str, ...]) -> list[tuple[Any, int]]:
    pattern = compile_words(stems)
    return [(t, i) for t in view.tables for i, h in enumerate(t.header) if pattern.search(h)]


@kind(
    "table_column_filled",
    {"kolonner": "words", "distinkte_min": "int", "andel": "number", "ellers_overskrift": "words"},
    ("kolonner",),
)
def table_column_filled(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A table has a column with one of the names, filled in every row (or `andel` of rows).

    With `ellers_overskrift`, a document without such a column may instead have a heading with
    one of those words; when the column exists, the column decides.
    """
    stems = word_list(p["kolonner"])
    columns = _matching_columns(view, stems)
    if not columns:
        if p.get("ellers_overskrift"):
            found = heading_any(view, {"ord": p["ellers_overskrift"]}, ctx)
            if found.ok:
                return found
            return missing(f"ingen tabell med kolonnen {stems_text(stems)} og {found.detail}")
        return missing(f"ingen tabell med kolonnen {stems_text(stems)}")
    need_distinct = p.get("distinkte_min", 0)
    share = p.get("andel", 1.0)
    best: tuple[TableV, int, list[str], set[str], list[str]] | None = None
    for table, col in columns:
        rows = [r for r in table.rows if any(c.strip() for c in r)]
        values = [r[col].strip() if col < len(r) else "" for r in rows]
        empty = [table.row_where[i] if i < len(table.row_where) else table.where for i, v in enumerate(values) if not v]
        distinct = {v.lower() for v in values if v}
        ok_rows = rows and (len(values) - len(empty)) / len(values) >= share
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
    if empty and (len(values) - len(empty)) / len(values) < share:
        return missing(f"{len(empty)} av {len(values)} rader mangler «{table.header[col]}»", [Evidence(w) for w in empty[:5]])
    return missing(
        f"bare {len(distinct)} ulike i kolonnen «{table.header[col]}» (krever minst {need_distinct})", [Evidence(table.where)]
    )


@kind("levels_covered", {"nivåer": "levels", "felt": "text", "kolonner": "words", "min": "int"}, ("nivåer",))
def levels_covered(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Measures on every prevention level: from a field (content), a table column, or else the text."""
    levels = {name: compile_words(word_list(words)) for name, words in p["nivåer"].items()}
    counts = dict.fromkeys(levels, 0)
    evidence: dict[str, Evidence] = {}
    columns = _matching_columns(view, word_list(p.get("kolonner") or ["nivå", "forebyggingsnivå", "innsatsnivå"]))
    for table, col in columns:
        for i, row in enumerate(table.rows):
            cell = row[col] if col < len(row) else ""
            for name, pat in levels.items():
                if pat.search(cell):
                    counts[name] += 1
                    evidence.setdefault(name, Evidence(table.row_where[i] if i < len(table.row_where) else table.where, cell))
    source = "tabellkolonnen for nivå"
    if not any(counts.values()):
        for para in view.all_text_items():
            for name, pat in levels.items():
                m = pat.search(para.text)
                if m:
                    counts[name] += 1
                    evidence.setdefault(name, Evidence(para.where, snippet(para.text, m)))
        source = "teksten (ingen nivåkolonne)"
    need = p.get("min", 1)
    lacking = [name for name, n in counts.items() if n < need]
    ev = list(evidence.values())
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    if not lacking:
        return met(ev, f"{summary} (fra {source})")
    return missing(f"ingen tiltak på nivået {' og '.join(lacking)} ({summary}, fra {source})", ev)
