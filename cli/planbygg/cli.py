"""The command line: parse arguments, call the core, print, return an exit code. No logic here.

Exit codes (the same for every command):
  0  everything went well (check: every legal requirement is met; warnings are allowed)
  1  check found a missing legal requirement (or a warning with --strict); build was stopped by one
  2  bad input or usage: unreadable content, unknown template field, wrong option
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, clitext

clitext.install()

app = typer.Typer(
    name="planbygg",
    help=(
        "Bygger og sjekker kommunens plan for forebygging av omsorgssvikt og atferdsvansker "
        "(barnevernsloven § 15-1): høringsutkast, medvirkningsrapport, høringsbrev og høringsskjema som .docx."
    ),
    add_completion=False,
    options_metavar="[VALG]",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"planbygg {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    versjon: Annotated[
        bool, typer.Option("--versjon", "--version", help="Vis versjonen og avslutt.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Bygger og sjekker kommunens plan for forebygging (barnevernsloven § 15-1)."""


@app.command("build", options_metavar="[VALG]")
def build_command(
    mapper: Annotated[list[Path], typer.Argument(help="Kommunemappe(r) med planbygg.yaml.", show_default=False, metavar="MAPPE")],
    ut: Annotated[Path | None, typer.Option("--ut", "--out", "-o", help="Skriv dokumentene hit (standard: MAPPE/build).")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overskriv dokumenter som er endret for hånd (en kopi tas vare på).")
    ] = False,
    jobber: Annotated[
        int, typer.Option("--jobber", "--jobs", "-j", help="Antall prosesser når flere mapper bygges (0 = alle kjerner).")
    ] = 0,
    ignorer_krav: Annotated[
        bool, typer.Option("--ignorer-krav", help="Bygg selv om innholdet mangler lovpålagte elementer.")
    ] = False,
    stille: Annotated[bool, typer.Option("--stille", "-q", help="Skriv bare feil og mangler.")] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Lag også en tilgjengelig PDF/A ved siden av hver .docx (krever LibreOffice).")
    ] = False,
    html: Annotated[
        bool, typer.Option("--html", "--nett", help="Lag også høringssiden og nettutgaver i MAPPE/build/nett/.")
    ] = False,
) -> None:
    """Bygg høringsutkast, medvirkningsrapport, høringsbrev og høringsskjema (.docx) for én eller flere kommunemapper.

    Innholdet kontrolleres først. Dokumentene skrives trygt: en bygging som feiler, lar de forrige
    dokumentene stå urørt, og dokumenter som er endret for hånd, overskrives bare med --force.
    Med --pdf lages en PDF/A til publisering og arkiv ved siden av hver .docx; med --html lages
    høringssiden (index.html) og nettutgaver av planen og medvirkningsrapporten.

    Eksempel: planbygg build examples/baerum --pdf --html
    """
    office = None
    if pdf:  # LibreOffice first (if the entry point has not started it): it gets ready while the documents are built
        from .write.pdf import office as shared_office

        office = shared_office()
    try:
        from . import pipeline
        from .console import build_progress, print_build_results

        jobs = min(jobber or (os.cpu_count() or 1), len(mapper))
        with build_progress(len(mapper), quiet=stille, pdf=pdf) as (advance, document):
            results = pipeline.build_many(
                mapper, ut, force, ignorer_krav, jobs, advance, web=html, office=office, on_document=document
            )
    finally:
        if office is not None:
            office.close()
    raise typer.Exit(print_build_results(results, quiet=stille))


@app.command("check", options_metavar="[VALG]")
def check_command(
    stier: Annotated[
        list[Path],
        typer.Argument(help="Kommunemappe(r) og/eller .docx-filer som skal kontrolleres.", show_default=False, metavar="STI"),
    ],
    dokumenttype: Annotated[
        str | None,
        typer.Option("--type", "-t", help="Overstyr dokumenttypen for .docx: plan, medvirkning, brev eller skjema."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Utdata: tabell (standard) eller json.")] = "tabell",
    rapport: Annotated[
        Path | None, typer.Option("--rapport", "--report", "-r", help="Skriv en datert sjekkliste til FIL.docx eller FIL.md.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="La også anbefalinger (advarsler) gi feilkode 1.")] = False,
    pakke: Annotated[
        bool, typer.Option("--pakke", help="Kontroller .docx-filene som én pakke som sammen oppfyller plikten.")
    ] = False,
) -> None:
    """Kontroller at lovpålagte elementer er med, med hjemmel, bevis og forslag til retting.

    Godtar en kommunemappe (før bygging), ferdige .docx-filer fra planbygg eller andre verktøy,
    og en pakke av dokumenter (--pakke). Utgangskode 0: alle krav er oppfylt; 1: krav mangler;
    2: feil i inndata eller bruk.

    Eksempel: planbygg check examples/baerum --rapport sjekkliste.docx
    """
    if format not in ("tabell", "json"):
        _usage(f"ukjent format «{format}»; bruk tabell eller json")
    if dokumenttype and dokumenttype not in ("plan", "medvirkning", "brev", "skjema"):
        _usage(f"ukjent dokumenttype «{dokumenttype}»; bruk plan, medvirkning, brev eller skjema")
    from .check.command import run
    from .console import console

    code = run(stier, doc_type=dokumenttype, fmt=format, report_path=rapport, strict=strict, package=pakke, console=console())
    raise typer.Exit(code)


@app.command("ny", options_metavar="[VALG]")
def new_command(
    mappe: Annotated[Path, typer.Argument(help="Mappen som skal lages.", show_default=False, metavar="MAPPE")],
    navn: Annotated[str, typer.Option("--navn", help="Kommunens navn, f.eks. «Ål kommune».")],
    kommunenummer: Annotated[str, typer.Option("--kommunenummer", help="Fire sifre, f.eks. 3328.")],
    nynorsk: Annotated[bool, typer.Option("--nynorsk", help="Kommunen skriver nynorsk.")] = False,
    byraad: Annotated[bool, typer.Option("--byraad", help="Kommunen styres av et byråd (parlamentarisme).")] = False,
) -> None:
    """Lag en ny kommunemappe med alle filene som trengs, klar til å bygges og fylles ut.

    Eksempel: planbygg ny minkommune --navn "Ål kommune" --kommunenummer 3328 --nynorsk
    """
    from .console import console
    from .scaffold import new_folder

    for path in new_folder(mappe, navn, kommunenummer, nynorsk=nynorsk, council=byraad):
        console().print(f"  [green]✓[/] {path}")
    console().print(f"Fyll ut feltene i [HAKEPARENTESER], og bygg med «planbygg build {mappe}».")


@app.command("omriss", options_metavar="[VALG]")
def outline_command(
    fil: Annotated[Path, typer.Argument(help=".docx-filen som skal vises.", show_default=False, metavar="FIL")],
) -> None:
    """Vis oppbygningen av et .docx-dokument: egenskaper, overskrifter, tabeller og bilder."""
    from .read.outline import outline

    if not fil.is_file():
        _usage(f"finner ikke filen «{fil}»")
    sys.stdout.write(outline(fil))


def _usage(message: str) -> None:
    from .console import print_problems
    from .errors import Problem

    print_problems([Problem(message)])
    raise typer.Exit(2)


def main() -> None:
    """Entry point: run the app, turning every input error into a Norwegian message and exit code 2."""
    from .errors import PlanbyggError

    try:
        code = app(standalone_mode=False, prog_name="planbygg")
    except PlanbyggError as exc:
        from .console import print_problems

        print_problems(exc.problems)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("Avbrutt.\n")
        sys.exit(130)
    except OSError as exc:  # a folder that cannot be written, a full disk: the user's to fix, not a bug
        import errno

        from .console import print_problems

        reasons = {
            errno.ENOENT: "mappen eller filen finnes ikke",
            errno.EACCES: "ingen tilgang",
            errno.EROFS: "skrivebeskyttet",
            errno.ENOSPC: "disken er full",
        }
        where = f"«{exc.filename}»" if exc.filename else "filen"
        reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
        print_problems([PlanbyggError(f"kunne ikke lese eller skrive {where}: {reason}").problems[0]])
        sys.exit(2)
    except Exception as exc:  # click's usage errors carry English text; translate the common ones
        from .console import usage_error

        code = usage_error(exc)
        if code is None:
            raise
        sys.exit(code)
    sys.exit(code if isinstance(code, int) else 0)
