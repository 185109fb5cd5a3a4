"""The check report in a terminal: one block per finding, wrapped to the terminal's width (readable at 80 columns)."""

from __future__ import annotations

import textwrap
from typing import Any

from .findings import SYMBOL, Finding, Report

STYLE = {"oppfylt": "green", "mangler": "bold red", "må vurderes": "bold magenta", "advarsel": "yellow", "ikke relevant": "dim"}
LABEL = {"mangler": "MANGLER", "må vurderes": "MÅ VURDERES", "advarsel": "ADVARSEL"}
ORDER = {"mangler": 0, "må vurderes": 1, "advarsel": 2, "oppfylt": 3, "ikke relevant": 4}


def shown(e: Any) -> str:
    """The evidence text: the document's words in «», a summary made by the check as it is."""
    return f"«{e.snippet}»" if getattr(e, "quoted", False) else e.snippet


def _wrap(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """Lines of at most `width` characters: `first` before the first line, `rest` (spaces) before the others."""
    rest = " " * len(first) if rest is None else rest
    return textwrap.wrap(
        " ".join(str(text).split()),
        width=max(width, 30),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def finding_lines(f: Finding, width: int, evidence: int = 3) -> list[tuple[str, str]]:
    """(text, style) lines for one finding: status and rule, requirement, source, what was found and where, the fix."""
    lines: list[tuple[str, str]] = []
    head = f"{SYMBOL[f.status]} {LABEL[f.status]}  {f.rule_id} ({f.level})"
    lines.append((head[:width], STYLE[f.status]))
    lines += [(x, "bold") for x in _wrap(f.title, width, "  ")]
    lines += [(x, "") for x in _wrap(f.source, width, "  Kilde: ")]
    if f.detail or f.message:
        lines += [(x, "") for x in _wrap(f.detail or f.message, width, "  Fant:  ")]
    for e in f.evidence[:evidence]:
        lines += [(x, "dim") for x in _wrap(e.where, width, "  Sted:  ")]
        if e.snippet:
            lines += [(x, "") for x in _wrap(shown(e), width, "         ")]
        if getattr(e, "note", ""):
            lines += [(x, "dim") for x in _wrap(f"({e.note})", width, "         ")]
    if len(f.evidence) > evidence:
        lines.append((f"         … og {len(f.evidence) - evidence} steder til", "dim"))
    if f.fix:
        lines += [(x, "") for x in _wrap(f.fix, width, "  Rett:  ")]
    return lines


def met_lines(f: Finding, width: int) -> list[tuple[str, str]]:
    """A met (or not relevant) requirement: the rule, then the quote that proves it and where it is, each shortened to fit."""
    style = STYLE[f.status]
    first = _wrap(f"{SYMBOL[f.status]} {f.rule_id}  {f.title}", width, "", "    ")[:2]
    lines = [(x, style if i == 0 else "") for i, x in enumerate(first)]
    room = max(width - 6, 20)
    if f.evidence:
        e = f.evidence[0]
        if e.snippet:
            lines.append(("    " + textwrap.shorten(shown(e), width=room, placeholder=" …»" if e.quoted else " …"), ""))
        lines.append(("    " + _shorten_place(e.where, room), "dim"))
    elif f.detail:
        lines.append(("    " + textwrap.shorten(f.detail, width=room, placeholder=" …"), "dim"))
    return lines


def _shorten_place(where: str, room: int) -> str:
    """A place that fits: the file and the last parts («fil.docx › … › avsnitt 3») rather than a cut in the middle."""
    if len(where) <= room:
        return where
    parts = where.split(" › ")
    while len(parts) > 2 and len(" › ".join([parts[0], "…", *parts[2:]])) > room:
        parts.pop(1)
    shown = " › ".join([parts[0], "…", *parts[1:]]) if len(parts) < len(where.split(" › ")) else where
    return shown if len(shown) <= room else "…" + where[-(room - 1) :]


def print_table(report: Report, console: Any, show_met: bool = True) -> None:
    """Per document: what is missing or must be judged (one block each), then what is met, then the summary."""
    from rich.text import Text

    width = min(getattr(console, "width", 80) or 80, 100)
    if report.municipality:
        console.print(Text(f"Kontroll for {report.municipality}", style="bold"))
    for i in report.inputs:
        for line in _wrap(f"{i.name}: {i.doc_type} – {i.recognised}", width, "", "  "):
            console.print(Text(line), no_wrap=True, overflow="crop")
    for doc in dict.fromkeys(f.document for f in report.findings):
        findings = sorted((f for f in report.findings if f.document == doc), key=lambda f: ORDER[f.status])
        console.print()
        for line in _wrap(doc, width, ""):
            console.print(Text(line, style="bold underline"), no_wrap=True, overflow="crop")
        for f in findings:
            if f.status in LABEL:
                console.print()
                for text, style in finding_lines(f, width):
                    console.print(Text(text, style=style), no_wrap=True, overflow="crop")
        if show_met:
            rest = [f for f in findings if f.status not in LABEL]
            if rest:
                console.print()
            for f in rest:
                for text, style in met_lines(f, width):
                    console.print(Text(text, style=style), no_wrap=True, overflow="crop")
    style = "bold red" if report.count("mangler") else "bold magenta" if report.count("må vurderes") else "bold green"
    console.print()
    for line in _wrap(f"Resultat: {report.result()} – {report.summary()}", width, ""):
        console.print(Text(line, style=style), no_wrap=True, overflow="crop")


def print_compact(findings: list[Finding], console: Any, show_warnings: bool = True, show_met: bool = False) -> None:
    """One line per missing requirement (and, unless quiet, per uncertain finding and warning), for `planbygg build`.

    With show_met (build --detaljert) also one line per requirement that is met.
    """
    from rich.markup import escape

    for f in findings:
        if show_met and f.status == "oppfylt":
            where = f.evidence[0].where if f.evidence else f.document
            console.print(f"{escape(where)}: [green]oppfylt[/green]: {f.rule_id} {escape(f.title)}", highlight=False)
            continue
        if f.status == "mangler" or (show_warnings and f.status in ("må vurderes", "advarsel")):
            where = f.evidence[0].where if f.evidence else f.document
            level = {"mangler": "feil", "må vurderes": "må vurderes", "advarsel": "advarsel"}[f.status]
            color = {"feil": "red", "må vurderes": "magenta", "advarsel": "yellow"}[level]
            console.print(
                f"{escape(where)}: [{color}]{level}[/{color}]: {f.rule_id} {escape(f.title)} – {escape(f.detail or f.message)}",
                highlight=False,
                markup=True,
            )
            console.print(f"    → {escape(f.fix)}", highlight=False)
