"""A long fuzz run: the CI suite (tests/test_fuzz.py) with many more examples and fresh random seeds.

    python tools/fuzz.py            # 20× the CI examples (a few minutes)
    python tools/fuzz.py --skala 100

Prints Hypothesis' statistics (exit codes seen per input kind); a failure shows the smallest input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz tests with a scale factor and random seeds; return pytest's exit code."""
    ap = argparse.ArgumentParser(description="lang fuzzing av planbyggs inndata")
    ap.add_argument("--skala", type=int, default=20, help="antall eksempler som et multiplum av CI-kjøringen (standard 20)")
    args = ap.parse_args(argv)
    env = dict(os.environ, PLANBYGG_FUZZ_SCALE=str(args.skala), PLANBYGG_FUZZ_RANDOM="1")
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        str(ROOT / "tests" / "test_fuzz.py"),
        "--hypothesis-show-statistics",
        "-p",
        "no:cacheprovider",
    ]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
