"""The command line: parse arguments, call the core, print, return an exit code. No logic here.

Exit codes (the same for every command):
  0  everything went well (check: every legal requirement is met; warnings are allowed)
  1  check found a missing legal requirement (or a warning with --strict); build was stopped by one
  2  bad input or usage: unreadable content, unknown template field, wrong option
  3  internal error: a bug in planbygg (the traceback is written to a log file whose path is shown)
130  interrupted (Ctrl-C)
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
) -> None:
    """Bygg høringsutkast, medvirkningsrapport, høringsbrev og høringsskjema (.docx) for én eller flere kommunemapper.

    Innholdet kontrolleres først. Dokumentene skrives trygt: en bygging som feiler, lar de forrige
    dokumentene stå urørt, og dokumenter som er endret for hånd, overskrives bare med --force.

    Eksempel: planbygg build examples/baerum
    """
    from . import pipeline
    from .console import print_build_results

    jobs = jobber or (os.cpu_count() or 1)
    if len(mapper) == 1:
        results = [pipeline.build_safely((mapper[0], ut, force, ignorer_krav))]
        code = print_build_results(results, quiet=stille)
    else:
        from .console import progress

        with progress(len(mapper), quiet=stille) as advance:
            results = pipeline.build_many(mapper, ut, force, ignorer_krav, min(jobs, len(mapper)), advance)
        code = print_build_results(results, quiet=stille)
    raise typer.Exit(code)


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
    """Entry point: every outcome is an exit code with a Norwegian message, never a traceback on the terminal.

    0 ok, 1 a legal requirement missing, 2 bad input or usage, 3 internal error (traceback in a log
    file whose path is shown), 130 interrupted (Ctrl-C).
    """
    try:
        sys.exit(_run())
    except KeyboardInterrupt:  # also while an error message is being printed
        _interrupted()


def _run() -> int:
    from .errors import PlanbyggError

    _tolerant_streams()
    try:
        code = app(standalone_mode=False, prog_name="planbygg")
    except PlanbyggError as exc:
        from .console import print_problems

        print_problems(exc.problems)
        return 2
    except typer.Exit as exc:
        if exc.exit_code == 130 and isinstance(exc.__cause__, KeyboardInterrupt):  # typer's form of Ctrl-C
            _interrupted()
        return exc.exit_code
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:  # `planbygg check … | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except OSError as exc:  # a folder that cannot be written, a full disk: the user's to fix, not a bug
        from .console import print_problems
        from .errors import os_problem

        print_problems([os_problem(exc)])
        return 2
    except Exception as exc:
        if type(exc).__name__ == "Abort":  # click's form of Ctrl-C (and of end of input)
            _interrupted()
        from .console import usage_error

        try:
            usage = usage_error(exc)
        except Exception:
            usage = None
        return usage if usage is not None else _internal(exc)
    if code == 130:  # typer returns Ctrl-C as exit code 130 when it does not exit itself; no command uses 130
        _interrupted()
    return code if isinstance(code, int) else 0


def _internal(exc: BaseException) -> int:
    """Log the traceback to a file, print where it is, and return exit code 3."""
    from .crashlog import internal_message, write_crash_log

    message = internal_message(exc, write_crash_log(exc))
    try:
        from .console import print_problems
        from .errors import Problem

        print_problems([Problem(message)])
    except Exception:
        sys.stderr.write(f"feil: {message}\n")
    return 3


def _interrupted() -> None:
    """Ctrl-C at any moment: a short Norwegian word and exit code 130, no traceback."""
    import contextlib

    with contextlib.suppress(Exception):
        sys.stderr.write("\nAvbrutt.\n")
        sys.stderr.flush()
    os._exit(130)  # no clean-up that could be interrupted again; files are written atomically


def _tolerant_streams() -> None:
    """Never fail on a terminal or pipe that cannot show «æøå» or «→»: such characters become «?»."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            import contextlib

            with contextlib.suppress(Exception):
                stream.reconfigure(errors="replace")


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    import contextlib

    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
