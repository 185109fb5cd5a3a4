"""Findings and the check report as data, and its JSON form (documented with a schema in the README)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("mangler", "må vurderes", "advarsel", "oppfylt", "ikke relevant")
SYMBOL = {"oppfylt": "✓", "mangler": "✗", "må vurderes": "?", "advarsel": "!", "ikke relevant": "–"}
STATUS_TEXT = {
    "oppfylt": "oppfylt",
    "mangler": "krav mangler",
    "må vurderes": "må vurderes",
    "advarsel": "advarsel",
    "ikke relevant": "ikke relevant",
}
SCHEMA_VERSION = 2  # 2: «må vurderes», evidence notes, the municipality and how each document was recognised


@dataclass
class Finding:
    """The result of one rule for one document (or for the documents together)."""

    rule_id: str
    title: str
    level: str  # krav | anbefaling
    status: str  # oppfylt | mangler | må vurderes | advarsel | ikke relevant
    source: str  # «barnevernsloven § 15-1 andre ledd»
    link: str
    document: str
    doc_type: str
    evidence: list[Any] = field(default_factory=list)  # kinds.base.Evidence
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
            "bevis": [
                {"hvor": e.where, "utdrag": e.snippet, "sitat": getattr(e, "quoted", False), "merknad": getattr(e, "note", "")}
                for e in self.evidence
            ],
            "melding": self.message,
            "retting": self.fix,
        }


@dataclass
class Input:
    """One document that was checked: its name, its kind, and how the kind was found."""

    name: str
    doc_type: str
    recognised: str
    confidence: float = 1.0
    signals: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything one `planbygg check` found, with what was checked and with which rules."""

    findings: list[Finding]
    inputs: list[Input] = field(default_factory=list)
    rule_files: dict[str, tuple[str, str]] = field(default_factory=dict)  # file → (område, versjon)
    date: dt.date = field(default_factory=dt.date.today)
    version: str = ""
    package: bool = False
    municipality: str = ""

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)

    def return_code(self, strict: bool = False) -> int:
        """0 when no legal requirement is missing; 1 when one is, or (with strict) anything is uncertain or a warning."""
        if self.count("mangler"):
            return 1
        if strict and (self.count("advarsel") or self.count("må vurderes")):
            return 1
        return 0

    def result(self) -> str:
        """«ikke godkjent» (a krav missing), «må vurderes» (a krav uncertain) or «godkjent»."""
        if self.count("mangler"):
            return "ikke godkjent"
        if any(f.status == "må vurderes" and f.level == "krav" for f in self.findings):
            return "må vurderes"
        return "godkjent"

    def summary(self) -> str:
        parts = [
            f"{self.count('mangler')} krav mangler",
            f"{self.count('må vurderes')} må vurderes",
            _plural(self.count("advarsel"), "advarsel", "advarsler"),
            f"{self.count('oppfylt')} oppfylt",
        ]
        if self.count("ikke relevant"):
            parts.append(_plural(self.count("ikke relevant"), "ikke relevant", "ikke relevante"))
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "skjema": SCHEMA_VERSION,
            "planbygg": self.version,
            "dato": self.date.isoformat(),
            "kommune": self.municipality,
            "pakke": self.package,
            "dokumenter": [
                {
                    "navn": i.name,
                    "type": i.doc_type,
                    "gjenkjent": i.recognised,
                    "sikkerhet": i.confidence,
                    "kjennetegn": i.signals,
                }
                for i in self.inputs
            ],
            "regelfiler": {k: {"område": a, "versjon": v} for k, (a, v) in self.rule_files.items()},
            "sammendrag": {s: self.count(s) for s in STATUSES},
            "resultat": self.result(),
            "funn": [f.as_dict() for f in self.findings],
        }


def to_json(report: Report) -> str:
    """The report as JSON (see the schema in the README, «JSON fra planbygg check»)."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str)


def date_nb(day: dt.date) -> str:
    """«29. november 2026»."""
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


def _plural(n: int, one: str, many: str) -> str:
    """«1 advarsel», «2 advarsler»."""
    return f"{n} {one if n == 1 else many}"
