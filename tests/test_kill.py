"""Killing a build at random moments (SIGTERM and SIGKILL) never leaves a mixed or partial set, nor a stray process."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planbygg.write import files as output

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find stray processes")

ROOT = Path(__file__).resolve().parents[1]
KILLS = 20


def command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "planbygg", "build", str(folder), "--ignorer-krav", "--stille"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "cli") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def group_members(pgid: int) -> list[int]:
    """Processes still in the process group the build started (its children, if any)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def consistent(out: Path) -> None:
    """Every document in the folder is whole and is the one the manifest names; no temp file is left."""
    manifest = output.read_manifest(out)
    documents = {p.name: output.sha256(p.read_bytes()) for p in out.glob("*.docx")}
    assert documents == {name: manifest[name] for name in documents}, "a document does not match the manifest"
    assert set(manifest) == set(documents)


def test_killed_builds_leave_whole_sets_and_no_processes(folder):
    root = folder()
    chapter = root / "kapitler" / "01-innledning.md"
    out = root / "build"
    env = environment()
    started = time.perf_counter()
    assert subprocess.run(command(root), env=env, capture_output=True).returncode == 0
    duration = time.perf_counter() - started
    sets = {frozenset(output.read_manifest(out).items())}
    rng = random.Random(9)
    for kill in range(KILLS):
        chapter.write_text(f"# Innledning\n\nVersjon {kill}.\n", encoding="utf-8")
        how = signal.SIGKILL if kill % 2 else signal.SIGTERM
        delay = rng.uniform(0.05, duration * 1.1)
        proc = subprocess.Popen(command(root), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(delay)
        proc.send_signal(how)
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err
        deadline = time.monotonic() + 5
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not group_members(proc.pid), f"a child of the build outlived it (kill {kill}, {how.name} after {delay:.2f} s)"
        if not (out / output.JOURNAL).exists():
            consistent(out)  # killed before the commit point or after it finished: one whole set
        if kill % 5 == 4:  # the next build works: it finishes any committed renames and writes the new set
            result = subprocess.run(command(root), env=env, capture_output=True)
            assert result.returncode == 0, result.stderr.decode()
            consistent(out)
            assert not [p for p in out.iterdir() if p.name.endswith(output.TEMP_SUFFIX)]
            assert f"Versjon {kill}." in _plan_text(out)
            sets.add(frozenset(output.read_manifest(out).items()))
    assert len(sets) > 1


def _plan_text(out: Path) -> str:
    import zipfile

    with zipfile.ZipFile(out / "provestad-hoeringsutkast.docx") as zf:
        return zf.read("word/document.xml").decode("utf-8")
