"""The command line follows its ecosystem, in Norwegian: help, usage errors, aliases, completion, exit codes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_folder

# Words from Click's and Typer's English catalogue that must never reach a Norwegian user.
ENGLISH = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Error|Try|Show this message|Missing|No such|Invalid|invalid|"
    r"required|default|is not|Got unexpected|requires an argument|does not take|not a valid|Aborted)\b"
)


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("planbygg")
    command = [exe, *args] if exe else [sys.executable, "-m", "planbygg", *args]
    base = {**os.environ, "PYTHONPATH": str(ROOT / "cli")} if not exe else dict(os.environ)
    return subprocess.run(command, capture_output=True, text=True, env={**base, **(env or {})}, cwd=cwd, timeout=120)


def test_bare_planbygg_shows_the_commands() -> None:
    out = run()
    assert out.returncode == 0
    assert out.stdout.startswith("Bruk: planbygg [VALG] KOMMANDO")
    for command in ("build", "check", "ny", "omriss", "fullføring"):
        assert f"\n  {command} " in out.stdout


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["ny"], ["omriss"], ["fullføring"]])
def test_help_is_norwegian_throughout(command: list[str]) -> None:
    out = run(*command, "--hjelp")
    assert out.returncode == 0, out.stderr
    assert "Bruk: planbygg" in out.stdout and "Valg:" in out.stdout and "-h, --hjelp" in out.stdout
    assert not ENGLISH.search(out.stdout), ENGLISH.search(out.stdout)
    assert "<" not in out.stdout  # no <path>, <int> metavars


@pytest.mark.parametrize(
    "args, message",
    [
        (["bygg"], "ukjent kommando «bygg»"),
        (["build", "--foo", "x"], "ukjent valg «--foo»"),
        (["build", "--forc", "x"], "mente du «--tving»?"),
        (["build"], "mangler MAPPE..."),
        (["build", "-j", "mange", "x"], "forventet et heltall"),
        (["build", "--ut"], "valget «--ut» trenger en verdi"),
        (["check", "--type", "notat", "x"], "ukjent dokumenttype «notat»"),
        (["check", "--format", "xml", "x"], "ukjent format «xml»"),
        (["check", "--pakke=ja", "x"], "tar ingen verdi"),
        (["omriss", "a", "b"], "for mange argumenter"),
        (["ny", "x"], "mangler valget"),
        (["ny", "x", "--navn", "A", "--kommunenummer", "1234", "--type", "budsjett"], "ukjent plantype «budsjett»"),
        (["fullføring", "tcsh"], "ukjent skall «tcsh»"),
        (["--versjonn"], "ukjent valg"),
    ],
)
def test_usage_errors_are_norwegian_with_exit_code_2(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2, out
    assert message in out.stderr, out.stderr
    assert not ENGLISH.search(out.stderr + out.stdout), out.stderr
    assert "Traceback" not in out.stderr


def test_english_option_names_still_work_but_are_not_shown(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "p", {})
    out = run("build", str(folder), "--out", str(tmp_path / "ut"), "--force", "--ignorer-krav", "-q")
    assert out.returncode == 0, out.stderr
    assert list((tmp_path / "ut").glob("*.docx"))
    assert run("--version").stdout.startswith("planbygg ")
    help_text = run("build", "--hjelp").stdout
    assert "--force" not in help_text and "--out" not in help_text and "--tving" in help_text


def test_quiet_and_verbose(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "p", {})
    quiet = run("build", str(folder), "--ignorer-krav", "-q")
    assert quiet.returncode == 0 and "✓" not in quiet.stdout and "advarsel" not in quiet.stdout
    verbose = run("build", str(folder), "--ignorer-krav", "--tving", "-v")
    assert "oppfylt" in verbose.stdout and "BVL-15-1-FOREBYGGE" in verbose.stdout


def test_shell_completion_script_and_answers() -> None:
    script = run("fullføring", "bash")
    assert script.returncode == 0 and "_PLANBYGG_COMPLETE" in script.stdout
    answer = run(env={"_PLANBYGG_COMPLETE": "complete_bash", "COMP_WORDS": "planbygg check --type p", "COMP_CWORD": "3"})
    assert answer.returncode == 0 and "plan" in answer.stdout.split()
    commands = run(env={"_PLANBYGG_COMPLETE": "complete_bash", "COMP_WORDS": "planbygg b", "COMP_CWORD": "1"})
    assert "build" in commands.stdout.split()
