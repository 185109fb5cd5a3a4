"""`planbygg check PATH…`: read the inputs, run the rules, print or write the report, return the exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..documents import CHECK_TYPES as DOC_TYPES
from ..errors import PlanbyggError, Problem
from ..location import SourceLocation

if TYPE_CHECKING:
    from ..load.folder import Content
    from ..model import Document
    from .report import Finding, Report
    from .views import View

FORMATS = ("tabell", "json")


def collect_views(paths: list[Path], doc_type: str | None = None) -> tuple[list[View], bool]:
    """Turn each path into views; returns the views and whether a folder of .docx was given (a package)."""
    from .views import content_views

    if doc_type and doc_type not in DOC_TYPES:
        raise PlanbyggError([Problem(f"ukjent dokumenttype «{doc_type}»", hint=f"bruk --type {'|'.join(DOC_TYPES)}")])
    views: list[View] = []
    folder_of_docx = False
    for path in paths:
        path = Path(path)
        if path.is_dir() and (path / "planbygg.yaml").is_file():
            from ..load.folder import load

            views.extend(content_views(load(path)))
        elif path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in READERS and not p.name.startswith("~$"))
            if not files:
                raise PlanbyggError(
                    [
                        Problem(
                            "mappen har verken planbygg.yaml eller .docx-filer",
                            SourceLocation(str(path)),
                            "oppgi en kommunemappe eller dokumenter (.docx, .pdf, .html)",
                        )
                    ]
                )
            views.extend(_read(f, doc_type) for f in files)
            folder_of_docx = True
        elif path.suffix.lower() in READERS and path.is_file():
            views.append(_read(path, doc_type))
        elif not path.exists():
            raise PlanbyggError(
                [Problem(f"finner ikke «{path}»", hint="oppgi en kommunemappe (med planbygg.yaml) eller .docx-filer")]
            )
        else:
            raise PlanbyggError(
                [
                    Problem(
                        f"kan ikke sjekke «{path.name}»",
                        SourceLocation(str(path)),
                        "planbygg check leser kommunemapper, .docx, .pdf og .html (lagre .doc og .odt som .docx)",
                    )
                ]
            )
    return views, folder_of_docx


# file suffix → (reader module, reader function, view origin); readers are imported only when used
READERS = {
    ".docx": ("docx", "read_docx", "docx"),
    ".pdf": ("pdf", "read_pdf", "pdf"),
    ".html": ("html", "read_html", "html"),
    ".htm": ("html", "read_html", "html"),
}


def _read(path: Path, doc_type: str | None) -> View:
    """Read a .docx, .pdf or .html file into the document model and make its view, its kind recognised when not given."""
    import importlib

    from .views import document_view

    module, function, origin = READERS[path.suffix.lower()]
    reader = getattr(importlib.import_module(f"..read.{module}", __package__), function)
    view = document_view(reader(path), path.name, origin, doc_type)
    if not view.recognised:
        from .recognise import recognise

        found = recognise(view)
        view.doc_type, view.recognised, view.confidence, view.signals = found.kind, found.reason, found.confidence, found.signals
    return view


def check_views(views: list[View], *, package: bool = False, rules_dir: Path | None = None) -> Report:
    from .. import __version__
    from .engine import run as run_rules
    from .kinds import Context
    from .kinds.consistency import municipality_of
    from .report import Input, Report
    from .rules import load_rules

    ruleset = load_rules(rules_dir)
    ctx = Context(views=views, package=package)
    findings = run_rules(ruleset, views, package=package, ctx=ctx)
    return Report(
        findings=findings,
        inputs=[Input(v.name, v.doc_type, v.recognised, v.confidence, v.signals) for v in views],
        rule_files=dict(ruleset.files),
        version=__version__,
        package=package,
        municipality=municipality_of(views, ctx),
    )


def check_content(content: Content) -> list[Finding]:
    """Check a content folder: render its documents (in memory) and check them as they would be published."""
    from .views import content_views

    return check_views(content_views(content)).findings


def check_documents(content: Content, documents: dict[str, Document]) -> list[Finding]:
    """Check documents already rendered from a folder (what `build` is about to write)."""
    from .views import content_views

    return check_views(content_views(content, documents)).findings


def print_findings(findings: list[Finding], console: Any) -> None:
    """Print findings compactly (missing requirements and warnings), then a one-line summary."""
    from .report import Report, print_compact

    print_compact(findings, console)
    report = Report(findings=findings)
    if report.count("mangler") or report.count("advarsel") or report.count("må vurderes"):
        console.print(f"sjekk: {report.summary()}", highlight=False)


def run(
    paths: list[Path],
    *,
    doc_type: str | None = None,
    fmt: str = "tabell",
    report_path: Path | None = None,
    strict: bool = False,
    package: bool = False,
    console: Any = None,
    force: bool = False,
) -> int:
    """Check the inputs and return the exit code: 0 all krav met, 1 a krav missing (or a warning with strict).

    Bad input or usage raises PlanbyggError, which the CLI turns into exit code 2.
    """
    if fmt not in FORMATS:
        raise PlanbyggError([Problem(f"ukjent format «{fmt}»", hint=f"bruk --format {' eller '.join(FORMATS)}")])
    if not paths:
        raise PlanbyggError([Problem("ingen filer å sjekke", hint="oppgi en kommunemappe eller .docx-filer")])
    if report_path is not None:
        from ..write.files import guard_report

        guard_report(Path(report_path), [Path(p) for p in paths], force=force)
    views, folder_package = collect_views(paths, doc_type)
    report = check_views(views, package=package or folder_package)
    if report_path is not None:
        from .report import write_report

        write_report(report, Path(report_path))
    if fmt == "json":
        from .report import to_json

        out = to_json(report)
        if console is not None and hasattr(console, "print") and not hasattr(console, "write"):
            console.print_json(out) if hasattr(console, "print_json") else console.print(out)
        else:
            (console or sys.stdout).write(out + "\n")
    else:
        if console is None:
            from rich.console import Console

            console = Console()
        from .report import print_table

        print_table(report, console)
        if report_path is not None:
            console.print(f"Rapporten er skrevet til {report_path}")
    return report.return_code(strict)
