"""The code stays as configured in pyproject.toml: ruff (lint and format) and mypy pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["cli", "tests", "bench", "tools"]


def tool(name: str) -> list[str] | None:
    exe = shutil.which(name) or (
        str(Path(sys.executable).parent / name) if (Path(sys.executable).parent / name).exists() else None
    )
    return [exe] if exe else None


@pytest.mark.parametrize("args", [["check", *PATHS], ["format", "--check", *PATHS]], ids=["lint", "format"])
def test_ruff(args: list[str]) -> None:
    ruff = tool("ruff")
    if ruff is None:
        pytest.skip("ruff er ikke installert")
    result = subprocess.run([*ruff, *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    mypy = tool("mypy")
    if mypy is None:
        pytest.skip("mypy er ikke installert")
    result = subprocess.run([*mypy, "--cache-dir", "/dev/null"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
