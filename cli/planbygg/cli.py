"""The command line: parse arguments, call the core, print, return an exit code. No logic here.

Exit codes (the same for every command):
  0  everything went well (check: every legal requirement is met; warnings are allowed)
  1  check found a missing legal requirement (or, with --streng, a warning or a finding to be judged); build was stopped by one
  2  bad input or usage: unreadable content, unknown template field, wrong option
  3  internal error: a bug in planbygg (the traceback is written to a log file whose path is shown)
130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .clihelp import NorwegianCommand, NorwegianGroup
from .documents import CHECK_TYPES

FORMATS = ("tabell", "json")
PLAN_TYPES = ("temaplan", "handlingsplan", "strategi", "kommunedelplan", "oppvekstplan")
SHELLS = ("bash", "zsh", "fish", "powershell")

app = typer.Typer(
    name="planbygg",
    cls=NorwegianGroup,
    help=(
        "Bygger og sjekker kommunens plan for forebygging av omsorgssvikt og atferdsvansker "
        "(barnevernsloven § 15-1): høringsutkast, medvirkningsrapport, høringsbrev og høringsskjema som .docx, "
        "og etter høringen høringsoppsummering, saksframlegg og den vedtatte planen."
    ),
    add_completion=False,  # «planbygg fullføring» prints the script, with Norwegian help
    options_metavar="[VALG]",
    context_settings={"help_option_names": ["-h", "--hjelp", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _choice(allowed: tuple[str, ...], what: str) -> Any:
    """A callback that accepts one of `allowed` and otherwise stops with a Norwegian message (exit 2)."""

    def check(value: str | None) -> str | None:
        if value is not None and value not in allowed:
            _usage(f"ukjent {what} «{value}»; velg en av {', '.join(allowed)}")
        return value

    return check


def _complete(allowed: tuple[str, ...]) -> Any:
    return lambda incomplete: [a for a in allowed if a.startswith(incomplete)]


def _version(value: bool) -> None:
    if value:
        print(f"planbygg {__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    versjon: Annotated[
        bool, typer.Option("--versjon", help="Vis versjonen og avslutt.", callback=_version, is_eager=True)
    ] = False,
    _version_en: Annotated[bool, typer.Option("--version", hidden=True, callback=_version, is_eager=True)] = False,
) -> None:
    """Bygger og kontrollerer kommunens plan for forebygging (barnevernsloven § 15-1)."""
    if ctx.invoked_subcommand is None:  # bare «planbygg»: show what it can do
        print(ctx.get_help())
        raise typer.Exit(0)


QUIET = typer.Option("-q", "--stille", help="Skriv bare feil og mangler.")
VERBOSE = typer.Option("-v", "--detaljert", help="Skriv også det som er i orden, med bevis.")


@app.command("build", cls=NorwegianCommand, options_metavar="[VALG]")
def build_command(
    mapper: Annotated[
        list[Path], typer.Argument(help="Kommunemappe(r) med planbygg.yaml.", show_default=False, metavar="MAPPE...")
    ],
    ut: Annotated[
        Path | None, typer.Option("-o", "--ut", metavar="MAPPE", help="Skriv dokumentene hit (standard: MAPPE/build).")
    ] = None,
    _out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    tving: Annotated[
        bool, typer.Option("--tving", help="Overskriv dokumenter som er endret for hånd (en kopi tas vare på).")
    ] = False,
    _force: Annotated[bool, typer.Option("--force", hidden=True)] = False,
    jobber: Annotated[
        int,
        typer.Option(
            "-j", "--jobber", metavar="ANTALL", help="Antall prosesser når flere mapper bygges (standard: alle kjerner)."
        ),
    ] = 0,
    _jobs: Annotated[int, typer.Option("--jobs", hidden=True)] = 0,
    ignorer_krav: Annotated[
        bool, typer.Option("--ignorer-krav", help="Bygg selv om innholdet mangler lovpålagte elementer.")
    ] = False,
    stille: Annotated[bool, QUIET] = False,
    detaljert: Annotated[bool, VERBOSE] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Lag også en tilgjengelig PDF/A ved siden av hver .docx (krever LibreOffice).")
    ] = False,
    html: Annotated[bool, typer.Option("--html", help="Lag også høringssiden og nettutgaver i MAPPE/build/nett/.")] = False,
    _web: Annotated[bool, typer.Option("--nett", hidden=True)] = False,
) -> None:
    """Bygg dokumentene (.docx) for én eller flere kommunemapper: plan, medvirkningsrapport, høringsbrev og skjema, og etter høringen høringsoppsummering, saksframlegg og endringer.

    Innholdet kontrolleres først, på de ferdige dokumentene. Dokumentene skrives trygt: en bygging som
    feiler, lar de forrige dokumentene stå urørt, og dokumenter som er endret for hånd, overskrives
    bare med --tving. Med --pdf lages en PDF/A til publisering og arkiv ved siden av hver .docx; med
    --html lages høringssiden (index.html) og nettutgaver av planen og medvirkningsrapporten.

    Eksempel: planbygg build examples/baerum --pdf --html
    """
    import os

    out = ut or _out
    force = tving or _force
    web = html or _web
    office = None
    if pdf:  # LibreOffice first (if the entry point has not started it): it gets ready while the documents are built
        from .write.pdf import office as shared_office

        office = shared_office()
    try:
        from . import pipeline
        from .console import build_progress, print_build_results

        jobs = min(jobber or _jobs or (os.cpu_count() or 1), len(mapper))
        with build_progress(len(mapper), quiet=stille, pdf=pdf) as (advance, document):
            results = pipeline.build_many(
                mapper, out, force, ignorer_krav, jobs, advance, web=web, office=office, on_document=document
            )
    finally:
        if office is not None:
            office.close()
    raise typer.Exit(print_build_results(results, quiet=stille, verbose=detaljert))


@app.command("check", cls=NorwegianCommand, options_metavar="[VALG]")
def check_command(
    stier: Annotated[
        list[Path],
        typer.Argument(help="Kommunemapper og/eller dokumenter (.docx, .pdf, .html).", show_default=False, metavar="STI..."),
    ],
    dokumenttype: Annotated[
        str | None,
        typer.Option(
            "-t",
            "--type",
            metavar="TYPE",
            help="Overstyr dokumenttypen: plan, medvirkning, brev, skjema, oppsummering, saksframlegg eller endringer.",
            callback=_choice(CHECK_TYPES, "dokumenttype"),
            autocompletion=_complete(CHECK_TYPES),
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "-f",
            "--format",
            metavar="FORMAT",
            help="Utdata: tabell (standard) eller json.",
            callback=_choice(FORMATS, "format"),
            autocompletion=_complete(FORMATS),
        ),
    ] = "tabell",
    rapport: Annotated[
        Path | None, typer.Option("-r", "--rapport", metavar="FIL", help="Skriv en datert sjekkliste til FIL.docx eller FIL.md.")
    ] = None,
    _report: Annotated[Path | None, typer.Option("--report", hidden=True)] = None,
    streng: Annotated[bool, typer.Option("--streng", help="La også advarsler og funn som må vurderes gi utgangskode 1.")] = False,
    _strict: Annotated[bool, typer.Option("--strict", hidden=True)] = False,
    pakke: Annotated[
        bool, typer.Option("--pakke", help="Kontroller dokumentene som én pakke som sammen oppfyller plikten.")
    ] = False,
    _package: Annotated[bool, typer.Option("--package", hidden=True)] = False,
    tving: Annotated[bool, typer.Option("--tving", help="Overskriv en eksisterende rapportfil.")] = False,
    _force: Annotated[bool, typer.Option("--force", hidden=True)] = False,
    stille: Annotated[bool, QUIET] = False,
    detaljert: Annotated[bool, VERBOSE] = False,
) -> None:
    """Kontroller at lovpålagte elementer er med, med hjemmel, bevis og forslag til retting.

    Godtar en kommunemappe (dokumentene lages i minnet og kontrolleres slik de blir publisert),
    ferdige dokumenter fra planbygg eller andre verktøy, og en pakke av dokumenter (--pakke).
    Utgangskode 0: alle krav er oppfylt; 1: krav mangler; 2: feil i inndata eller bruk.

    Eksempel: planbygg check examples/baerum --rapport sjekkliste.docx
    """
    from .check.command import run
    from .console import console

    code = run(
        stier,
        doc_type=dokumenttype,
        fmt=format,
        report_path=rapport or _report,
        strict=streng or _strict,
        package=pakke or _package,
        console=console(),
        force=tving or _force,
    )
    raise typer.Exit(code)


@app.command("ny", cls=NorwegianCommand, options_metavar="[VALG]")
def new_command(
    mappe: Annotated[Path, typer.Argument(help="Mappen som skal lages.", show_default=False, metavar="MAPPE")],
    navn: Annotated[str, typer.Option("--navn", metavar="NAVN", help="Kommunens navn, f.eks. «Ål kommune».")],
    kommunenummer: Annotated[str, typer.Option("--kommunenummer", metavar="NUMMER", help="Fire sifre, f.eks. 3328.")],
    nynorsk: Annotated[bool, typer.Option("--nynorsk", help="Kommunen skriver nynorsk.")] = False,
    byraad: Annotated[bool, typer.Option("--byraad", help="Kommunen styres av et byråd (parlamentarisme).")] = False,
    plantype: Annotated[
        str,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Plantypen: temaplan (standard), handlingsplan, kommunedelplan (med tiltak), strategi eller oppvekstplan (med innsatsområder).",
            callback=_choice(PLAN_TYPES, "plantype"),
            autocompletion=_complete(PLAN_TYPES),
        ),
    ] = "temaplan",
) -> None:
    """Lag en ny kommunemappe med alle filene som trengs, klar til å bygges og fylles ut.

    Eksempel: planbygg ny minkommune --navn "Ål kommune" --kommunenummer 3328 --nynorsk
    """
    from .console import console
    from .scaffold import new_folder

    for path in new_folder(mappe, navn, kommunenummer, nynorsk=nynorsk, council=byraad, plan_type=plantype):
        console().print(f"  [green]✓[/] {path}")
    console().print(f"Fyll ut feltene i [HAKEPARENTESER], og bygg med «planbygg build {mappe}».")


@app.command("svar", cls=NorwegianCommand, options_metavar="[VALG]")
def replies_command(
    mappe: Annotated[Path, typer.Argument(help="Kommunemappen med høringssvar/.", show_default=False, metavar="MAPPE")],
) -> None:
    """Les høringssvarene i MAPPE/høringssvar/ inn i registeret MAPPE/høringssvar.yaml.

    Leser e-post (.eml), tekst (.txt, .md), Word (.docx), PDF og planbyggs høringsskjema fylt ut i
    Word eller LibreOffice. Nye svar legges til nederst; det du har skrevet i registeret (vurdering,
    begrunnelse, endring), blir aldri skrevet over. Første gang tas en kopi av høringsutkastet, så
    endringene etter høringen kan listes.

    Eksempel: planbygg svar examples/bergen
    """
    from .replies.command import run
    from .replies.summary import print_intake

    print_intake(run(mappe), mappe)


@app.command("omriss", cls=NorwegianCommand, options_metavar="[VALG]")
def outline_command(
    fil: Annotated[Path, typer.Argument(help=".docx-filen som skal vises.", show_default=False, metavar="FIL")],
) -> None:
    """Vis oppbygningen av et .docx-dokument: egenskaper, overskrifter, tabeller og bilder."""
    from .read.outline import outline

    if not fil.is_file():
        _usage(f"finner ikke filen «{fil}»")
    sys.stdout.write(outline(fil))


@app.command("fullføring", cls=NorwegianCommand, options_metavar="[VALG]")
def completion_command(
    skall: Annotated[
        str,
        typer.Argument(
            help="bash, zsh, fish eller powershell.",
            show_default=False,
            metavar="SKALL",
            callback=_choice(SHELLS, "skall"),
            autocompletion=_complete(SHELLS),
        ),
    ],
) -> None:
    """Skriv skriptet som gir tab-fullføring av kommandoer og valg.

    Eksempel for bash: planbygg fullføring bash >> ~/.bashrc
    """
    from typer.completion import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="planbygg", complete_var=COMPLETE_VAR, shell=skall) + "\n")


COMPLETE_VAR = "_PLANBYGG_COMPLETE"


def _usage(message: str) -> None:
    from .console import print_problems
    from .errors import Problem

    print_problems([Problem(message)])
    raise typer.Exit(2)


def _shell_completion() -> bool:
    """Answer the shell's tab-completion request, if this run is one (the variable the script sets)."""
    import os

    instruction = os.environ.get(COMPLETE_VAR)
    if not instruction:
        return False
    from typer.completion import completion_init, shell_complete
    from typer.main import get_command

    completion_init()
    shell_complete(get_command(app), {}, "planbygg", COMPLETE_VAR, instruction)
    return True


def main() -> None:
    """Entry point: every outcome is an exit code with a Norwegian message, never a traceback on the terminal.

    0 ok, 1 a legal requirement missing, 2 bad input or usage, 3 internal error (traceback in a log
    file whose path is shown), 130 interrupted (Ctrl-C).
    """
    try:
        code = _run()
        sys.stdout.flush()
        sys.stderr.flush()
    except KeyboardInterrupt:  # also while an error message is being printed
        _interrupted()
    except BrokenPipeError:
        _quiet_stdout()
        code = 0
    sys.exit(code)


def _run() -> int:
    from .errors import PlanbyggError

    _tolerant_streams()
    if _shell_completion():
        return 0
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
