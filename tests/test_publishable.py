"""Publishable documents: every generated .docx passes the OOXML validator, and LibreOffice lays it out cleanly.

Both examples, a nynorsk build of Bergen and a check report are built once. The validator
(ECMA-376 schemas plus Word-strictness rules) lives in the shared tools beside the repository;
the layout test converts all documents to PDF in one LibreOffice call and reads the result back
(tests/pdflayout.py): no word broken mid-word, no table row split over two pages, no heading or
caption left at a page's foot, page counts within bounds and no near-empty last page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdflayout
import pytest

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = next(
    (p for p in (ROOT.parent / "shared" / "tools" / "ooxml-validate", Path("/work/shared/tools/ooxml-validate")) if p.is_file()),
    None,
)
# Pages each document may have: enough to notice a layout gone wrong, not so tight that a word changes it.
PAGES = {
    "baerum-hoeringsutkast": (14, 20),
    "baerum-medvirkningsrapport": (18, 25),
    "baerum-hoeringsbrev": (3, 4),
    "bergen-hoeringsutkast": (10, 14),
    "bergen-medvirkningsrapport": (6, 9),
    "bergen-hoeringsbrev": (3, 4),
    "bergen-hoeringsskjema": (3, 4),
    "bergen-hoeringsoppsummering": (4, 7),
    "bergen-saksframlegg": (2, 5),
    "bergen-endringer-etter-hoeringen": (1, 3),
    "bergen-nn-hoeringsutkast": (10, 14),
    "bergen-nn-medvirkningsrapport": (6, 9),
    "bergen-nn-hoeringsbrev": (3, 4),
    "bergen-nn-hoeringsskjema": (3, 4),
    "bergen-nn-hoeringsoppsummering": (4, 7),
    "bergen-nn-saksframlegg": (2, 5),
    "bergen-nn-endringer-etter-hoeringen": (1, 3),
    "kontroll": (8, 18),
}


def _planbygg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "cli")}
    return subprocess.run([sys.executable, "-m", "planbygg", *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every kind of document planbygg writes: both examples, Bergen in nynorsk, and a check report."""
    base = tmp_path_factory.mktemp("publiserbar")
    for name in ("baerum", "bergen"):
        shutil.copytree(ROOT / "examples" / name, base / name, ignore=shutil.ignore_patterns("build"))
    shutil.copytree(ROOT / "examples" / "bergen", base / "bergen-nn", ignore=shutil.ignore_patterns("build"))
    project = base / "bergen-nn" / "planbygg.yaml"
    text = project.read_text(encoding="utf-8").replace("målform: bokmål", "målform: nynorsk")
    project.write_text(text.replace("kortnavn: bergen", "kortnavn: bergen-nn"), encoding="utf-8")
    out = base / "docx"
    result = _planbygg("build", *(str(base / n) for n in ("baerum", "bergen", "bergen-nn")), "--ut", str(out), "-q", "-j", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    report = _planbygg("check", str(base / "baerum"), "--rapport", str(out / "kontroll.docx"))
    assert report.returncode == 0, report.stderr
    docs = sorted(out.rglob("*.docx"))
    assert {d.stem for d in docs} == set(PAGES)
    return docs


@pytest.mark.skipif(VALIDATOR is None, reason="ooxml-validate finnes ikke (../shared/tools mangler)")
def test_every_document_passes_the_ooxml_validator(documents: list[Path], tmp_path: Path) -> None:
    # The validator unpacks into a `mktemp -d` folder it never removes: keep that inside the test's own folder.
    env = {**os.environ, "PYTHON": sys.executable, "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [str(VALIDATOR), "--quiet", *map(str, documents)], capture_output=True, text=True, env=env, timeout=300
    )
    summaries = [line for line in result.stdout.splitlines() if line.startswith("==")]
    assert len(summaries) == len(documents), result.stdout + result.stderr
    assert all("errors 0," in line for line in summaries), result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


def _can_convert() -> bool:
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return False
    return pdflayout.soffice() is not None and shutil.which("pdftotext") is not None


@pytest.mark.libreoffice
@pytest.mark.skipif(not _can_convert(), reason="LibreOffice, pdftotext eller pypdf mangler")
def test_libreoffice_layout_is_publishable(documents: list[Path], tmp_path: Path) -> None:
    pdfs = pdflayout.convert(documents, tmp_path)
    problems = []
    for docx, pdf in pdfs.items():
        assert pdf.exists(), f"LibreOffice could not convert {docx.name}"
        found = pdflayout.analyse(docx, pdf)
        low, high = PAGES[docx.stem]
        if not low <= found.pages <= high:
            problems.append(f"{docx.stem}: {found.pages} sider, ventet {low}–{high}")
        problems += [f"{docx.stem}: ord delt midt i: {b}" for b in found.broken]
        if found.split_rows:
            problems.append(f"{docx.stem}: {found.split_rows} tabellrader delt over to sider")
        problems += [f"{docx.stem}: {s}" for s in found.stranded]
        if found.pages > 1 and found.last_page_lines < 4:
            problems.append(f"{docx.stem}: siste side har bare {found.last_page_lines} linjer")
        if "hoeringsbrev" in docx.stem:
            problems += _closing_on_one_page(docx.stem, pdflayout.pages_text(pdf))
    assert not problems, "\n".join(problems)


def _closing_on_one_page(stem: str, pages: list[str]) -> list[str]:
    """The letter's closing, signers and approval line are on one page."""
    closing = next((i for i, page in enumerate(pages) if "Med vennlig hilsen" in page or "Med venleg helsing" in page), None)
    approval = next((i for i, page in enumerate(pages) if "elektronisk godkjent" in page), None)
    if closing is None or approval is None:
        return [f"{stem}: finner ikke hilsenen eller godkjenningslinjen"]
    return [] if closing == approval else [f"{stem}: hilsenen står på side {closing + 1}, godkjenningen på side {approval + 1}"]
