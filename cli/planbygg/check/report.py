"""Findings and the check report: terminal table, JSON, and an archivable checklist (.md or .docx)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUSES = ("mangler", "advarsel", "oppfylt", "ikke relevant")
SYMBOL = {"oppfylt": "✓", "mangler": "✗", "advarsel": "!", "ikke relevant": "–"}
STYLE = {"oppfylt": "green", "mangler": "bold red", "advarsel": "yellow", "ikke relevant": "dim"}


@dataclass
class Finding:
    """The result of one rule for one document (or for the documents together)."""

    rule_id: str
    title: str
    level: str  # krav | anbefaling
    status: str  # oppfylt | mangler | advarsel | ikke relevant
    source: str  # «barnevernsloven § 15-1 andre ledd»
    link: str
    document: str
    doc_type: str
    evidence: list[Any] = field(default_factory=list)  # kinds.Evidence
    message: str = ""
    fix: str = ""
    detail: str = ""
    area: str = ""
    verified: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "regel": self.rule_id,
            "tittel": self.title,
            "nivå": self.level,
            "status": self.status,
            "kilde": self.source,
            "lenke": self.link,
            "dokument": self.document,
            "dokumenttype": self.doc_type,
            "område": self.area,
            "verifisert": self.verified,
            "detaljer": self.detail,
            "bevis": [{"hvor": e.where, "utdrag": e.snippet} for e in self.evidence],
            "melding": self.message,
            "retting": self.fix,
        }


@dataclass
class Report:
    """Everything one `planbygg check` found, with what was checked and with which rules."""

    findings: list[Finding]
    inputs: list[tuple[str, str, str]] = field(default_factory=list)  # (name, document type, how recognised)
    rule_files: dict[str, tuple[str, str]] = field(default_factory=dict)  # file → (område, versjon)
    date: dt.date = field(default_factory=dt.date.today)
    version: str = ""
    package: bool = False

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)

    def return_code(self, strict: bool = False) -> int:
        """0 when every legal requirement is met (warnings allowed); 1 when any is missing, or any warning with strict."""
        if self.count("mangler"):
            return 1
        if strict and self.count("advarsel"):
            return 1
        return 0

    def summary(self) -> str:
        parts = [
            f"{self.count('mangler')} krav mangler",
            f"{self.count('advarsel')} advarsler",
            f"{self.count('oppfylt')} oppfylt",
        ]
        if self.count("ikke relevant"):
            parts.append(f"{self.count('ikke relevant')} ikke relevante")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "planbygg": self.version,
            "dato": self.date.isoformat(),
            "pakke": self.package,
            "dokumenter": [{"navn": n, "type": t, "gjenkjent": r} for n, t, r in self.inputs],
            "regelfiler": {k: {"område": a, "versjon": v} for k, (a, v) in self.rule_files.items()},
            "sammendrag": {s: self.count(s) for s in STATUSES},
            "resultat": "ikke godkjent" if self.return_code() else "godkjent",
            "funn": [f.as_dict() for f in self.findings],
        }


# ------------------------------------------------------------------ terminal


def evidence_text(f: Finding, limit: int = 2) -> str:
    lines = [f"{e.where}" + (f" – {e.snippet}" if e.snippet else "") for e in f.evidence[:limit]]
    if len(f.evidence) > limit:
        lines.append(f"… og {len(f.evidence) - limit} til")
    return "\n".join(lines)


def print_table(report: Report, console: Any, show_met: bool = True) -> None:
    """Per document: a rich table of what is missing (status, rule, requirement, source, evidence, fix),
    then the met requirements as aligned lines (cheaper to render than table rows), then a summary."""
    from rich.table import Table
    from rich.text import Text

    for name, doc_type, how in report.inputs:
        console.print(Text(f"{name} – {doc_type} ({how})", style="bold"))
    order = {s: i for i, s in enumerate(STATUSES)}
    for doc in dict.fromkeys(f.document for f in report.findings):
        findings = sorted((f for f in report.findings if f.document == doc), key=lambda f: order[f.status])
        problems = [f for f in findings if f.status in ("mangler", "advarsel")]
        console.print(Text(f"\n{doc}", style="bold underline"))
        if problems:
            table = Table(show_lines=True, expand=False, pad_edge=False)
            table.add_column("Status", no_wrap=True)
            table.add_column("Regel", no_wrap=True)
            table.add_column("Krav", ratio=3)
            table.add_column("Kilde", ratio=2)
            table.add_column("Bevis / hva som mangler", ratio=4)
            for f in problems:
                body = f"{f.detail or f.message}\n→ {f.fix}"
                ev = evidence_text(f, 2)
                table.add_row(
                    Text(f"{SYMBOL[f.status]} {f.status}", style=STYLE[f.status]),
                    f.rule_id,
                    Text(f"{f.title} ({f.level})"),
                    Text(f.source),
                    Text(body + (f"\n{ev}" if ev else "")),
                )
            console.print(table)
        if show_met:
            rest = [f for f in findings if f.status in ("oppfylt", "ikke relevant")]
            width = max((len(f.rule_id) for f in rest), default=0)
            for f in rest:
                where = f.evidence[0].where if f.evidence else f.detail
                line = Text(f"{SYMBOL[f.status]} ", style=STYLE[f.status])
                line.append(
                    f"{f.rule_id.ljust(width)}  {f.title} · {f.source} · {where}",
                    style="dim" if f.status == "ikke relevant" else "",
                )
                console.print(line, no_wrap=True, overflow="ellipsis")
    style = "bold red" if report.count("mangler") else "bold yellow" if report.count("advarsel") else "bold green"
    console.print(Text(f"\n{report.summary()}", style=style))


def print_compact(findings: list[Finding], console: Any, show_warnings: bool = True, show_met: bool = False) -> None:
    """One line per missing requirement (and warning), for `planbygg build`; with show_met also what is met."""
    for f in findings:
        if show_met and f.status == "oppfylt":
            where = f.evidence[0].where if f.evidence else f.document
            console.print(f"{where}: [green]oppfylt[/green]: {f.rule_id} {f.title}", highlight=False)
            continue
        if f.status == "mangler" or (show_warnings and f.status == "advarsel"):
            where = f.evidence[0].where if f.evidence else f.document
            level = "feil" if f.status == "mangler" else "advarsel"
            color = "red" if level == "feil" else "yellow"
            console.print(
                f"{where}: [{color}]{level}[/{color}]: {f.rule_id} {f.title} – {f.detail or f.message}",
                highlight=False,
                markup=True,
            )
            console.print(f"    → {f.fix}", highlight=False)


# ------------------------------------------------------------------ JSON


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str)


# ------------------------------------------------------------------ archive checklist


def _groups(report: Report) -> list[tuple[str, list[Finding]]]:
    areas: dict[str, list[Finding]] = {}
    for f in report.findings:
        areas.setdefault(f.area or "Andre regler", []).append(f)
    return list(areas.items())


def to_markdown(report: Report) -> str:
    """A dated checklist a lawyer can sign, in Markdown."""

    def cell(text: str) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    out = [
        "# Kontroll av planen mot barnevernsloven § 15-1 og høringsreglene",
        "",
        f"- **Dato:** {_date_nb(report.date)}",
        f"- **Resultat:** {'IKKE GODKJENT – krav mangler' if report.return_code() else 'Alle lovkrav er oppfylt'} ({report.summary()})",
        f"- **Kontrollert med:** planbygg {report.version}",
        "- **Dokumenter:** " + "; ".join(f"{n} ({t})" for n, t, _ in report.inputs),
        "- **Regelfiler:** " + "; ".join(f"{k} (versjon {v})" for k, (_, v) in report.rule_files.items()),
        "",
        "Status: ✓ oppfylt, ✗ krav mangler (feil), ! anbefaling ikke fulgt (advarsel), – ikke relevant.",
        "",
    ]
    for area, findings in _groups(report):
        out += [
            f"## {area}",
            "",
            "| Status | Regel | Krav | Kilde | Dokument | Bevis | Retting |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in findings:
            evidence = "; ".join(f"{e.where}" + (f" ({e.snippet})" if e.snippet else "") for e in f.evidence[:3])
            if f.detail:
                evidence = f"{f.detail}. {evidence}" if evidence else f.detail
            source = f"[{f.source}]({f.link})" if f.link else f.source
            out.append(
                f"| {SYMBOL[f.status]} {f.status} | {f.rule_id} | {cell(f.title)} ({f.level}) | {cell(source)} | {cell(f.document)} | {cell(evidence)} | {cell(f.fix)} |"
            )
        out.append("")
    out += ["## Underskrift", "", "Kontrollert av: ______________________________   Dato: ______________", ""]
    return "\n".join(out)


def to_document(report: Report) -> Any:
    """The checklist as a planbygg.model.Document for the .docx writer."""
    from ..model import Document, Heading, Paragraph, Properties, Run, Table

    blocks: list[Any] = [
        Heading(0, "Kontroll av planen mot barnevernsloven § 15-1 og høringsreglene"),
        Table(
            header=("Opplysning", "Verdi"),
            rows=tuple(
                ((Run(k),), (Run(v),))
                for k, v in (
                    ("Dato", _date_nb(report.date)),
                    (
                        "Resultat",
                        ("IKKE GODKJENT – krav mangler" if report.return_code() else "Alle lovkrav er oppfylt")
                        + f" ({report.summary()})",
                    ),
                    ("Kontrollert med", f"planbygg {report.version}"),
                    ("Dokumenter", "; ".join(f"{n} ({t})" for n, t, _ in report.inputs)),
                    ("Regelfiler", "; ".join(f"{k} (versjon {v})" for k, (_, v) in report.rule_files.items())),
                )
            ),
            caption="Hva som er kontrollert",
        ),
        Paragraph((Run("Status: ✓ oppfylt, ✗ krav mangler (feil), ! anbefaling ikke fulgt (advarsel), – ikke relevant."),)),
    ]
    for area, findings in _groups(report):
        blocks.append(Heading(1, area))
        rows = []
        for f in findings:
            evidence = "; ".join(f"{e.where}" + (f" ({e.snippet})" if e.snippet else "") for e in f.evidence[:3])
            if f.detail:
                evidence = f"{f.detail}. {evidence}" if evidence else f.detail
            rows.append(
                (
                    (Run(f"{SYMBOL[f.status]} {f.status}", bold=f.status == "mangler"),),
                    (Run(f"{f.rule_id}: {f.title} ({f.level})"),),
                    (Run(f.source, link=f.link or None),),
                    (Run(f"{f.document}: {evidence}"),),
                    (Run(f.fix),),
                )
            )
        blocks.append(Table(header=("Status", "Krav", "Kilde", "Bevis", "Retting"), rows=tuple(rows)))
    blocks += [
        Heading(1, "Underskrift"),
        Paragraph(
            (
                Run(
                    "Kontrollen over er gjort automatisk og viser hva planbygg fant i dokumentene. Den som skriver under,"
                    " har vurdert funnene og bekrefter at de lovpålagte elementene er med."
                ),
            )
        ),
        Paragraph((Run("Kontrollert av: ______________________________"),)),
        Paragraph((Run("Dato: ______________"),)),
    ]
    props = Properties(
        title="Kontroll av plan etter barnevernsloven § 15-1", author="planbygg", language="nb-NO", subject="Sjekkliste"
    )
    return Document(kind="kontrollrapport", properties=props, blocks=tuple(blocks))


def write_report(report: Report, path: Path) -> None:
    """Write the checklist as .md or .docx, chosen by the file extension."""
    from ..errors import PlanbyggError
    from ..write.docx.writer import write_docx
    from ..write.files import atomic_write

    suffix = path.suffix.lower()
    if suffix not in (".md", ".docx"):
        raise PlanbyggError(f"rapporten må være .md eller .docx, ikke «{path.suffix or path.name}»")
    data = to_markdown(report).encode("utf-8") if suffix == ".md" else write_docx(to_document(report))
    atomic_write(path, data)  # creates the folder; a reader never sees half a report


def _date_nb(day: dt.date) -> str:
    months = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ]
    return f"{day.day}. {months[day.month - 1]} {day.year}"
