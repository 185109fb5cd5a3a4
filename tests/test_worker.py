"""The render worker forked at launch: same bytes as rendering in process, same errors, no leftovers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from planbygg import pipeline as api

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("planbygg")
    command = [exe, *args] if exe else [sys.executable, "-m", "planbygg", *args]
    full_env = {**os.environ, **(env or {})}
    if not exe:
        full_env["PYTHONPATH"] = str(ROOT / "cli")
    return subprocess.run(command, capture_output=True, text=True, env=full_env, timeout=120)


def test_worker_output_is_identical_to_in_process_rendering(tmp_path: Path) -> None:
    folder = tmp_path / "baerum"
    shutil.copytree(ROOT / "examples" / "baerum", folder, ignore=shutil.ignore_patterns("build"))
    result = cli("build", str(folder), "-o", str(tmp_path / "cli"))
    assert result.returncode == 0, result.stderr
    in_process = api.build(folder, tmp_path / "api")
    for written in in_process.written:
        assert (tmp_path / "cli" / written.path.name).read_bytes() == written.path.read_bytes()


def test_template_error_in_worker_is_reported_like_any_other(folder) -> None:
    path = folder({"templates/nb/hoeringsbrev.md.j2": "# Brev\n\n{{ høring.ukjent }}\n"})
    result = cli("build", str(path), "--ignorer-krav")
    assert result.returncode == 2
    assert "hoeringsbrev.md.j2:3" in result.stderr and "ukjent felt «ukjent»" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (path / "build").exists()


def test_blocked_build_stops_the_worker_and_exits_1(folder) -> None:
    from conftest import MINIMAL

    path = folder(
        {"planbygg.yaml": MINIMAL["planbygg.yaml"].replace("vedtaksorgan: kommunestyret", "vedtaksorgan: formannskapet")}
    )
    result = cli("build", str(path))
    assert result.returncode == 1
    assert "BVL-15-1-KS-VEDTAK" in result.stdout + result.stderr
    assert not (path / "build").exists()
