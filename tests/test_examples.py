"""End to end: the real `planbygg` command on both examples, golden outlines, and LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planbygg.read.outline import outline

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).parent / "snapshots"
EXAMPLES = {
    "baerum": ["hoeringsutkast", "medvirkningsrapport", "hoeringsbrev"],
    "bergen": [
        "hoeringsutkast",
        "medvirkningsrapport",
        "hoeringsbrev",
        "hoeringsskjema",
        "hoeringsoppsummering",
        "saksframlegg",
        "endringer-etter-hoeringen",
    ],
}


def planbygg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the installed console script if there is one, else the module from the source tree."""
    exe = shutil.which("planbygg")
    command = [exe, *args] if exe else [sys.executable, "-m", "planbygg", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "cli")} if not exe else dict(os.environ)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build both examples once, from copies, with the real command line."""
    out: dict[str, Path] = {}
    base = tmp_path_factory.mktemp("eksempler")
    for name in EXAMPLES:
        shutil.copytree(ROOT / "examples" / name, base / name, ignore=shutil.ignore_patterns("build"))
    result = planbygg("build", str(base / "baerum"), str(base / "bergen"), "-j", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in EXAMPLES:
        out[name] = base / name / "build"
    return out


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_cli_builds_every_document(built: dict[str, Path], name: str) -> None:
    files = sorted(p.name for p in built[name].glob("*.docx"))
    assert files == sorted(f"{name}-{kind}.docx" for kind in EXAMPLES[name])


@pytest.mark.parametrize(("name", "kind"), [(n, k) for n, kinds in EXAMPLES.items() for k in kinds])
def test_outline_matches_snapshot(built: dict[str, Path], name: str, kind: str) -> None:
    """Compare headings, tables and properties with tests/snapshots (update: python tests/update_snapshots.py)."""
    actual = outline(built[name] / f"{name}-{kind}.docx")
    expected_path = SNAPSHOTS / f"{name}-{kind}.outline.txt"
    assert expected_path.exists(), f"missing snapshot {expected_path.name}: run python tests/update_snapshots.py"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_help_is_norwegian() -> None:
    result = planbygg("--help")
    assert result.returncode == 0
    assert "Bruk: planbygg" in result.stdout and "Kommandoer" in result.stdout and "Vis denne hjelpen" in result.stdout
    for command in ("build", "check", "ny", "omriss", "svar"):
        sub = planbygg(command, "--help")
        assert sub.returncode == 0 and "Valg" in sub.stdout, sub.stdout


def test_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "feil"
    folder.mkdir()
    (folder / "planbygg.yaml").write_text("kommune:\n  navn: X\n  målform: svensk\n", encoding="utf-8")
    result = planbygg("build", str(folder))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "planbygg.yaml:3:12: feil: «svensk» er ikke tillatt her" in result.stderr
    assert "mangler det påkrevde feltet «plan»" in result.stderr


def test_unknown_option_exits_2_in_norwegian() -> None:
    result = planbygg("build", "--finnes-ikke")
    assert result.returncode == 2
    assert "ukjent valg" in result.stderr


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(_soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice og pdftotext mangler")
def test_libreoffice_opens_every_document(built: dict[str, Path], tmp_path: Path) -> None:
    """Convert each document to PDF in LibreOffice and check pages and key text."""
    docs = [p for name in EXAMPLES for p in sorted(built[name].glob("*.docx"))]
    profile = tmp_path / "profil"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, docs),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    expectations = {
        "baerum-hoeringsutkast": (
            8,
            ["Temaplan for barn og unge", "HØRINGSUTKAST", "Ansvar og samarbeid", "Styrke barn og unges psykiske helse"],
        ),
        "baerum-medvirkningsrapport": (8, ["Oversikt over aktivitetene", "Ungdomsrådet", "Fra innspill til plan"]),
        "baerum-hoeringsbrev": (2, ["15. juni 2024", "Høringssvar Temaplan barn og unge", "Ungdomsrådet"]),
        "bergen-hoeringsutkast": (4, ["Handlingsplan for barnevernet", "HØRINGSUTKAST"]),
        "bergen-medvirkningsrapport": (3, ["Oversikt over aktivitetene"]),
        "bergen-hoeringsbrev": (2, ["30. juni 2023", "ID-porten"]),
        "bergen-hoeringsskjema": (2, ["Svar på spørsmål 5", "Klikk og skriv her."]),
        "bergen-hoeringsoppsummering": (3, ["Høringsoppsummering", "Ungdomsrådet i Bergen", "Delvis tatt til følge"]),
        "bergen-saksframlegg": (2, ["Byrådets innstilling", "Bystyret vedtar Handlingsplan for barnevernet"]),
        "bergen-endringer-etter-hoeringen": (
            1,
            ["Endringer etter høringen", "Innholdet i planen er ikke endret siden høringsutkastet."],
        ),
    }
    for stem, (min_pages, needles) in expectations.items():
        pdf = tmp_path / f"{stem}.pdf"
        assert pdf.exists(), f"LibreOffice could not open {stem}.docx"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= min_pages, f"{stem}: {pages} pages"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        for needle in needles:
            assert needle in flat, f"{stem}: «{needle}» not in the PDF"
        if stem.endswith(("hoeringsutkast", "medvirkningsrapport")):
            _assert_toc_pages_close(built[stem.split("-")[0]] / f"{stem}.docx", text)


def _assert_toc_pages_close(docx_path: Path, pdf_text: str) -> None:
    """The page numbers written into the TOC before any update are at most one page off."""
    import re

    import docx

    pages = pdf_text.split("\f")
    entries = []
    for p in docx.Document(str(docx_path)).paragraphs:
        name = p.style.name.lower()
        m = re.match(r"(.*?)\s*(\d+)$", p.text.strip()) if name.startswith("toc") and name != "toc heading" else None
        if m:
            entries.append((m.group(1).strip(), int(m.group(2))))
    assert entries
    for title, estimate in entries:
        # The TOC itself is on the first pages; find the heading's own page after it.
        real = next(
            (i + 1 for i, page in enumerate(pages) if i > 2 and any(line.strip() == title for line in page.splitlines())), None
        )
        if real is not None:
            assert abs(real - estimate) <= 1, f"{docx_path.name}: «{title}» estimated on page {estimate}, is on page {real}"


def test_unwritable_report_path_exits_2_in_norwegian(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    result = planbygg("check", str(ROOT / "examples" / "baerum"), "--rapport", str(blocker / "rapport.md"))
    assert result.returncode == 2
    assert "kunne ikke lese eller skrive" in result.stderr and "Traceback" not in result.stderr


def test_report_is_written_into_a_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "ny" / "mappe" / "sjekkliste.docx"
    result = planbygg("check", str(ROOT / "examples" / "baerum"), "--rapport", str(target))
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 5000


@pytest.mark.parametrize("extra", [[], ["--nynorsk", "--byraad"]], ids=["bokmål", "nynorsk-byråd"])
def test_new_folder_builds_at_once_and_is_never_overwritten(tmp_path: Path, extra: list[str]) -> None:
    folder = tmp_path / "aal"
    made = planbygg("ny", str(folder), "--navn", "Ål kommune", "--kommunenummer", "3328", *extra)
    assert made.returncode == 0, made.stderr
    built = planbygg("build", str(folder), "-q")
    assert built.returncode == 0, built.stdout + built.stderr
    assert sorted(p.name for p in (folder / "build").glob("*.docx")) == [
        "aal-hoeringsbrev.docx",
        "aal-medvirkningsrapport.docx",
        "aal-planutkast.docx",  # «planbygg ny» starts as an utkast: the file name says so
    ]
    again = planbygg("ny", str(folder), "--navn", "Ål kommune", "--kommunenummer", "3328")
    assert again.returncode == 2 and "mappen finnes og er ikke tom" in again.stderr
