"""The check report: findings as data and JSON (findings.py), in a terminal (terminal.py), and as a signable checklist (document.py)."""

from __future__ import annotations

from .document import to_document, to_markdown, write_report
from .findings import STATUSES, SYMBOL, Finding, Input, Report, to_json
from .terminal import print_compact, print_table

__all__ = [
    "STATUSES",
    "SYMBOL",
    "Finding",
    "Input",
    "Report",
    "print_compact",
    "print_table",
    "to_document",
    "to_json",
    "to_markdown",
    "write_report",
]
