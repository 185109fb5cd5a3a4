"""Everything the CLI prints: located problems, build summaries, progress, Norwegian usage errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from .errors import Problem
    from .pipeline import BuildResult


@lru_cache(maxsize=2)
def console(stderr: bool = False) -> Console:
    """Return the shared rich console (colours only on a terminal)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(problems: list[Problem]) -> None:
    """Print problems in compiler format (fil:linje:kolonne: feil: …) with a summary line."""
    from rich.markup import escape

    err = console(stderr=True)
    for p in problems:
        colour = "red" if p.level == "feil" else "yellow"
        where = f"[bold]{escape(str(p.where))}[/]: " if p.where else ""
        err.print(f"{where}[{colour}]{p.level}[/]: {escape(p.message)}")
        if p.hint:
            err.print(f"    → {escape(p.hint)}", style="dim")
    errors = sum(1 for p in problems if p.level == "feil")
    warnings = len(problems) - errors
    err.print(f"{_count(errors, 'feil', 'feil')}, {_count(warnings, 'advarsel', 'advarsler')}.")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def print_build_results(results: list[BuildResult], quiet: bool = False, verbose: bool = False) -> int:
    """Print what each build wrote or why it failed; return the exit code for the whole run."""
    from rich.markup import escape

    out = console()
    code = 0
    for r in results:
        if r.findings:
            from .check.report import print_compact

            print_compact(r.findings, out, show_warnings=not quiet, show_met=verbose)
        warnings = [p for p in r.problems if p.level != "feil"]
        if warnings and not quiet:
            print_problems(warnings)
        if r.error is not None:
            console(stderr=True).print(f"[bold red]Kunne ikke bygge {escape(str(r.folder))}:[/]")
            print_problems(r.error.problems)
            code = max(code, 3 if getattr(r, "internal", False) else 2)
            continue
        if r.blocked:
            console(stderr=True).print(
                f"[bold red]{escape(str(r.folder))}: bygget ikke, fordi lovpålagte elementer mangler.[/] "
                "Rett innholdet, eller bygg med --ignorer-krav."
            )
            code = max(code, 1)
            continue
        if r.pdf_problems:
            console(stderr=True).print(f"[bold red]{escape(str(r.folder))}: noen PDF-er ble ikke laget:[/]")
            print_problems(r.pdf_problems)
            code = 2
        if quiet:
            continue
        web = [w for w in r.written if r.out_dir is not None and w.path.parent == r.out_dir / "nett"]
        for w in r.written:
            if w in web and not w.backup:
                continue
            state = "skrevet" if w.changed else "uendret"
            out.print(f"  [green]✓[/] {escape(str(w.path))} [dim]({w.size / 1024:.0f} kB, {state})[/]")
            if w.backup:
                out.print(f"    [yellow]kopi av den håndredigerte filen:[/] {escape(str(w.backup))}")
        if web:  # one line for the web folder: the page to open, and how many files to upload
            index = next((w.path for w in web if w.path.name == "index.html"), web[0].path)
            changed = sum(1 for w in web if w.changed)
            out.print(f"  [green]✓[/] {escape(str(index))} [dim](høringssiden; {len(web)} filer i nett/, {changed} endret)[/]")
    if len(results) > 1 and not quiet:
        ok = sum(1 for r in results if r.error is None and not r.blocked)
        docs = sum(1 for r in results for w in r.written if w.path.suffix == ".docx" and w.path.parent == r.out_dir)
        pdfs = sum(1 for r in results for w in r.written if w.path.suffix == ".pdf" and w.path.parent == r.out_dir)
        extra = f" og {pdfs} PDF-er" if pdfs else ""
        out.print(f"{ok} av {len(results)} kommuner bygget, {docs} dokumenter{extra}.")
    return code


@contextmanager
def build_progress(
    total: int, quiet: bool = False, pdf: bool = False
) -> Iterator[tuple[Callable[[Any], None], Callable[[Any, bool], None]]]:
    """Show progress per folder (when there are several) and per PDF document (with --pdf).

    Yields (per-result callback, per-document callback(pdf_path, done)); on a terminal only.
    """
    if quiet or not sys.stderr.isatty() or (total <= 1 and not pdf):
        yield (lambda result: None), (lambda path, done: None)
        return
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        folders = bar.add_task("Bygger", total=total) if total > 1 else None
        documents = bar.add_task("PDF", total=0) if pdf else None
        expected = [0]  # PDFs announced so far: the total grows as folders finish

        def advance(result: Any) -> None:
            if folders is not None:
                bar.advance(folders)
            if documents is not None and result.error is None and not result.blocked:
                count = sum(1 for w in result.written if w.path.suffix == ".docx" and w.path.parent == result.out_dir)
                expected[0] += count
                bar.update(documents, total=expected[0])

        def document(path: Any, done: bool) -> None:
            if documents is None:
                return
            if done:
                bar.advance(documents)
            else:
                bar.update(documents, description=f"PDF {path.name}")

        yield advance, document


def usage_error(exc: Exception) -> int | None:
    """Print click's usage errors in Norwegian and return 2; None for anything else (a real bug)."""
    from .clihelp import usage_line, usage_message

    if not hasattr(exc, "exit_code") or not hasattr(exc, "format_message"):
        return None
    err = console(stderr=True)
    line = usage_line(exc)
    if line:
        err.print(line, highlight=False, markup=False)
    err.print(f"[red]feil[/]: {escape_text(usage_message(exc))}")
    err.print("    → se «planbygg --hjelp» eller «planbygg KOMMANDO --hjelp»", style="dim")
    return 2


def escape_text(text: str) -> str:
    from rich.markup import escape

    return escape(text)
