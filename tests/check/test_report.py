"""The check report: readable at 80 columns, JSON in the documented shape, a signable checklist without installation paths."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from planbygg.check.command import check_views, collect_views, run
from planbygg.library import builtin_library
from planbygg.write.files import is_planbygg_report

from .conftest import make_docx, write_content

README = Path(__file__).resolve().parents[2] / "README.md"


def _console(width: int = 80):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, color_system=None)


@pytest.fixture(scope="module")
def weak_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose plan only quotes the law about adoption and leaves the cooperation chapter empty."""
    return write_content(
        tmp_path_factory.mktemp("rapport") / "k",
        "bm",
        {
            "planbygg.yaml:plan.samarbeid": "~slett",
            "planbygg.yaml:plan.vedtaksorgan": "formannskapet",
            "kapitler/04-samarbeid.md": "# Samarbeid mellom tjenestene\n\nKommer.\n",
        },
    )


def test_terminal_report_fits_80_columns(weak_folder: Path) -> None:
    console = _console(80)
    code = run([weak_folder], console=console)
    text = console.file.getvalue()
    assert code == 1
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    # one block per finding: the status, the rule and what was found, each on its own line
    assert any(line.startswith("✗ MANGLER  BVL-15-1-SAMARBEID (krav)") for line in lines)
    assert "  Fant:  fant bare overskrift(er) uten innhold" in text
    assert "  Kilde: barnevernsloven § 15-1 andre ledd" in text
    assert re.search(r"Resultat: ikke godkjent", text)


def test_uncertain_findings_are_listed_and_fail_only_with_strict(tmp_path: Path) -> None:
    doc = make_docx(
        tmp_path / "plan.docx",
        {
            "tittel": "Plan for forebygging av omsorgssvikt og atferdsvansker 2024–2027",
            "språk": "nb-NO",
            "blokker": [
                {"h1": "Formål"},
                {"p": "Planen skal forebygge omsorgssvikt og atferdsvansker hos barn og unge."},
                {"h1": "Lovgrunnlag"},
                {"p": "Barnevernsloven § 15-1 andre ledd lyder: «Kommunestyret selv skal vedta en plan.»"},
                {"h1": "Tiltak"},
                {"tabell": [["Tiltak", "Ansvarlig"], ["Kurs", "Helsestasjonen"], ["Team", "Barnevernet"]]},
                {"h1": "Samarbeid"},
                {"p": "Helsestasjonen og skolene møtes i et fast tverrfaglig team hver måned."},
                {"p": "Barnekoordinator sikrer at familier får én kontaktperson."},
            ],
        },
    )
    views, _ = collect_views([doc], "plan")
    report = check_views(views)
    statuses = {f.rule_id: f.status for f in report.findings}
    assert statuses["BVL-15-1-KS-VEDTAK"] == "må vurderes"
    assert report.count("mangler") == 0 and report.result() == "må vurderes"
    assert run([doc], doc_type="plan", console=_console()) == 0
    assert run([doc], doc_type="plan", strict=True, console=_console()) == 1


def test_json_has_the_documented_shape(weak_folder: Path) -> None:
    out = io.StringIO()
    assert run([weak_folder], fmt="json", console=out) == 1
    data = json.loads(out.getvalue())
    documented = README.read_text(encoding="utf-8")
    for key in ("skjema", "planbygg", "dato", "kommune", "pakke", "dokumenter", "regelfiler", "sammendrag", "resultat", "funn"):
        assert key in data and f'"{key}"' in documented, key
    assert data["kommune"] == "Testvik kommune"
    assert set(data["sammendrag"]) == {"mangler", "må vurderes", "advarsel", "oppfylt", "ikke relevant"}
    assert data["resultat"] == "ikke godkjent"
    document = data["dokumenter"][0]
    assert set(document) == {"navn", "type", "gjenkjent", "sikkerhet", "kjennetegn"}
    finding = next(f for f in data["funn"] if f["regel"] == "BVL-15-1-SAMARBEID")
    assert finding["status"] == "mangler"
    for key in finding:
        assert f'"{key}"' in documented, key
    evidence = finding["bevis"][0]
    assert set(evidence) == {"hvor", "utdrag", "sitat", "merknad"}
    assert evidence["hvor"].endswith("04-samarbeid.md:1")


def test_checklist_names_municipality_documents_quotes_places_limits_and_signature(weak_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "sjekkliste.md"
    run([weak_folder], report_path=target, console=_console())
    text = target.read_text(encoding="utf-8")
    assert "- **Kommune:** Testvik kommune" in text
    assert is_planbygg_report(target)  # a later run may replace it
    assert "## Dokumentene som er kontrollert" in text and "(planen) | plan | innholdsmappe |" in text
    areas = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert areas.index("Planen (barnevernsloven § 15-1)") < areas.index("Høringen (høringsbrevet eller kunngjøringen)")
    assert areas.index("Universell utforming") < areas.index("Språk (klart språk og målform)")
    assert "### ✗ BVL-15-1-SAMARBEID" in text
    assert "«Kommer.»" in text or "Samarbeid mellom tjenestene" in text
    assert "standardtekst (content/nb/" in text  # library text is named as such, with its place in the library
    assert "## Hva en automatisk kontroll ikke kan vurdere" in text
    assert "Underskrift: ____" in text and "Kontrollert av: ____" in text


def test_no_installation_path_in_any_report(weak_folder: Path, tmp_path: Path) -> None:
    library = str(builtin_library().resolve())
    out = io.StringIO()
    run([weak_folder], fmt="json", console=out)
    target = tmp_path / "r.md"
    console = _console(120)
    run([weak_folder], report_path=target, console=console)
    for text in (out.getvalue(), target.read_text(encoding="utf-8"), console.file.getvalue()):
        assert library not in text
        assert "site-packages" not in text and "_library" not in text


def test_docx_checklist_has_the_same_parts(weak_folder: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "sjekkliste.docx"
    run([weak_folder], report_path=target, console=_console())
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.lower().startswith(("heading", "overskrift", "title"))]
    assert "Planen (barnevernsloven § 15-1)" in headings and "Underskrift" in headings
    assert any(h.startswith("✗ BVL-15-1-SAMARBEID") for h in headings)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Testvik kommune" in cells
    assert is_planbygg_report(target)
