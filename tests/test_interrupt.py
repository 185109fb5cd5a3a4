"""Ctrl-C at any moment of planbygg's run, and a terminal that cannot show «æøå»: a message and an exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals")

# Runs planbygg's console entry point and sends itself SIGINT (what Ctrl-C does) after a delay,
# measured from the moment Python has started: the interpreter's own start-up is not planbygg's.
WRAPPER = """
import os, signal, sys, threading
delay = float(sys.argv[1])
threading.Timer(delay, lambda: os.kill(os.getpid(), signal.SIGINT)).start() if delay >= 0 else None
sys.argv = ["planbygg", *sys.argv[2:]]
import runpy
runpy.run_module("planbygg", run_name="__main__", alter_sys=True)  # what `python -m planbygg` runs
"""


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = str(ROOT / "cli") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def test_ctrl_c_at_any_moment_says_avbrutt(folder):
    root = folder()
    args = ["build", str(root), "--ignorer-krav", "--force"]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, "-1", *args], env=environment(), capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    duration = time.perf_counter() - started
    interrupted = 0
    for step in range(1, 9):
        # Moments spread over the run (and one past its end); a busy machine only moves them, so few must land.
        delay = duration * step / 8
        proc = subprocess.run([sys.executable, "-c", WRAPPER, str(delay), *args], env=environment(), capture_output=True)
        err = proc.stderr.decode()
        assert "Traceback" not in err, f"after {delay:.3f} s:\n{err}"
        assert proc.returncode in (0, 130), f"after {delay:.3f} s: {proc.returncode}\n{err}"
        if proc.returncode == 130:
            interrupted += 1
            assert err.rstrip().endswith("Avbrutt.")
    assert interrupted >= 2


def test_output_that_cannot_show_norwegian_letters(folder):
    root = folder({"strategier.yaml": "strategier: [\n"})
    for encoding in ("ascii", "latin-1"):
        proc = subprocess.run(
            [sys.executable, "-m", "planbygg", "build", str(root)],
            env=environment(PYTHONIOENCODING=encoding, PYTHONUTF8="0", LC_ALL="C"),
            capture_output=True,
        )
        err = proc.stderr.decode(encoding, "replace")
        assert proc.returncode == 2 and "Traceback" not in err and "strategier.yaml:" in err
