"""A real browser: every page `build --html` writes, opened in Debian's Chromium and checked with axe-core.

axe-core and playwright-core come from the npm registry (tests/browser/package.json, installed on
first use or by .ci/run); the browser is the system's Chromium, never a download. Without Chromium
or Node the tests are skipped, unless PLANBYGG_BROWSER_TESTS=1 (CI), where they must run.
Screenshots at a desktop and a phone width go to $PLANBYGG_SCREENSHOTS (or a temporary folder)
for people to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_examples import planbygg

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).parent / "browser"
REQUIRED = os.environ.get("PLANBYGG_BROWSER_TESTS") == "1"


def _chromium() -> str | None:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).is_file() else None


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (PLANBYGG_BROWSER_TESTS=1)")
    pytest.skip(reason)


def _tools() -> Path:
    """tests/browser with axe-core and playwright-core installed (npm ci on first use)."""
    if all((TOOLS / "node_modules" / name / "package.json").is_file() for name in ("axe-core", "playwright-core")):
        return TOOLS
    npm = shutil.which("npm")
    if npm is None:
        _missing("npm mangler")
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TOOLS, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        _missing(f"kunne ikke installere axe-core og playwright-core: {result.stderr[-500:]}")
    return TOOLS


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build both examples and a new nynorsk folder with --html, then check every page in Chromium once."""
    chromium, node = _chromium(), shutil.which("node")
    if chromium is None or node is None:
        _missing("Chromium eller Node mangler")
    tools = _tools()
    base = tmp_path_factory.mktemp("nett")
    for name in ("baerum", "bergen"):
        shutil.copytree(ROOT / "examples" / name, base / name, ignore=shutil.ignore_patterns("build"))
    made = planbygg("ny", str(base / "aal"), "--navn", "Ål kommune", "--kommunenummer", "3328", "--nynorsk")
    assert made.returncode == 0, made.stderr
    result = planbygg("build", *(str(base / n) for n in ("baerum", "bergen", "aal")), "--html", "--ignorer-krav", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(str(p) for n in ("baerum", "bergen", "aal") for p in (base / n / "build" / "nett").glob("*.html"))
    shots = Path(os.environ.get("PLANBYGG_SCREENSHOTS") or base / "skjermbilder")
    shots.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [node, str(tools / "check_pages.js"), str(shots), *pages],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CHROMIUM": str(chromium)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout)["pages"]
    return {"pages": pages, "results": results, "base": base}


def _label(result: dict[str, Any]) -> str:
    return f"{Path(result['page']).parent.parent.parent.name}/{Path(result['page']).name} ({result['width']})"


def test_every_page_was_checked_at_both_widths(checked):
    assert len(checked["pages"]) == 9  # index and two editions for each of the three folders
    assert len(checked["results"]) == 2 * len(checked["pages"])


def test_axe_finds_no_violations(checked):
    problems = [
        f"{_label(r)}: {v['id']} ({v['impact']}) {v['help']} – {', '.join(v['nodes'])}"
        for r in checked["results"]
        for v in r["violations"]
    ]
    assert not problems, "\n".join(problems)


def test_pages_render_with_styles_images_and_without_sideways_scrolling(checked):
    for r in checked["results"]:
        layout = r["layout"]
        where = _label(r)
        assert layout["lang"] in ("nb", "nn"), where
        assert layout["h1Visible"] and layout["mainText"] > 500, where
        assert layout["stylesheetApplied"], where
        assert not layout["brokenImages"], (where, layout["brokenImages"])
        # WCAG 1.4.10 (reflow): nothing wider than a phone, except inside the scrollable table regions.
        assert layout["scrollWidth"] <= layout["innerWidth"], (where, layout["scrollWidth"])
        shot = Path(r["screenshot"])
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", where
        height = int.from_bytes(shot.read_bytes()[20:24], "big")
        assert height >= 600 and shot.stat().st_size > 20_000, (where, height, shot.stat().st_size)  # not a blank page
