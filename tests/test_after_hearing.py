"""After the høring: the adopted plan, the saksframlegg for both kinds of governance, and what changed since the draft."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from check.conftest import write_content

from planbygg.load.folder import load
from planbygg.pipeline import build
from planbygg.replies.changes import compare, snapshot

ROOT = Path(__file__).resolve().parents[1]


def copy_example(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(ROOT / "examples" / name, target, ignore=shutil.ignore_patterns("build"))
    return target


def parts_text(path: Path, prefix: str = "word/") -> dict[str, str]:
    """The text of each XML part of a .docx (document, headers, footers), tags removed."""
    with zipfile.ZipFile(path) as package:
        return {
            name: " ".join(re.sub(r"<[^>]+>", " ", package.read(name).decode("utf-8").replace("</w:p>", "\n")).split())
            for name in package.namelist()
            if name.startswith(prefix) and name.endswith(".xml")
        }


def written(result, suffix: str) -> Path:
    return next(w.path for w in result.written if w.path.name.endswith(suffix))


def test_adopted_bergen_plan(tmp_path: Path) -> None:
    """Bergen, adopted: no draft marking anywhere, the decision on the cover and in the footer, and the changes listed."""
    folder = copy_example("bergen", tmp_path)
    plan = (folder / "planbygg.yaml").read_text(encoding="utf-8")
    plan = plan.replace(
        "  status: høringsutkast\n", "  status: vedtatt\n  vedtak:\n    dato: 2023-10-26\n    saksnummer: PS 123/23\n"
    )
    (folder / "planbygg.yaml").write_text(plan, encoding="utf-8")
    # After the høring the planner adds a measure and rewrites one, as the register says.
    strategies = (folder / "strategier.yaml").read_text(encoding="utf-8")
    strategies = strategies.replace(
        "Gi foreldre og unge mulighet til å ta kontakt med barnevernet på kveldstid og digitalt.",
        "Gi foreldre og unge mulighet til å ta kontakt med barnevernet på kveldstid og digitalt, også på chat i helgene.",
    )
    (folder / "strategier.yaml").write_text(strategies, encoding="utf-8")
    result = build(folder)
    assert result.error is None and not result.blocked, result.error
    names = sorted(w.path.name for w in result.written)
    assert names == [
        "bergen-endringer-etter-hoeringen.docx",
        "bergen-hoeringsoppsummering.docx",
        "bergen-medvirkningsrapport.docx",
        "bergen-plan.docx",
        "bergen-saksframlegg.docx",
    ]  # the høringsbrev and the form belong to the høring
    decision = "Vedtatt av bystyret 26. oktober 2023, sak PS 123/23"
    parts = parts_text(written(result, "bergen-plan.docx"))
    everything = " ".join(parts.values())
    assert "øringsutkast" not in everything and "HØRINGSUTKAST" not in everything
    assert decision in parts["word/document.xml"]  # the cover
    assert any(decision in text for name, text in parts.items() if "footer" in name)
    changes = parts_text(written(result, "endringer-etter-hoeringen.docx"))["word/document.xml"]
    assert "Tiltak 5.3: Gi foreldre og unge mulighet" in changes and "Endret (teksten)" in changes
    assert "Vedtatt av bystyret 26. oktober 2023, sak PS 123/23." in changes
    assert "Tiltak 5.3 omfatter chat om kvelden og i helgene." in changes  # the change the register records
    share = [f for f in result.findings if f.rule_id == "UI-3-3-NY-HOERING"]
    assert share and all(f.status == "oppfylt" for f in share), [(f.document, f.status, f.detail) for f in share]


def test_large_change_warns_about_a_new_hearing(tmp_path: Path) -> None:
    folder = copy_example("bergen", tmp_path)
    text = (folder / "strategier.yaml").read_text(encoding="utf-8")
    # Rewrite every measure of the plan: far above the 30 % of the rule.
    text = re.sub(r"(\n\s+tekst: >-\n\s+)(\S)", r"\1Helt nytt innhold: \2", text)
    text = re.sub(r"ansvarlig: .*", "ansvarlig: Ny enhet", text)
    (folder / "strategier.yaml").write_text(text, encoding="utf-8")
    result = build(folder)
    findings = [f for f in result.findings if f.rule_id == "UI-3-3-NY-HOERING"]
    assert {f.status for f in findings} == {"advarsel"}, [(f.status, f.detail) for f in findings]
    assert "100 % av tiltakene" in findings[0].detail


@pytest.fixture(scope="module")
def bergen_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example("bergen", tmp_path_factory.mktemp("bergen"))
    result = build(folder)
    assert result.error is None and not result.blocked
    return folder / "build"


def test_bergen_saksframlegg_for_the_city_council(bergen_built: Path) -> None:
    text = parts_text(bergen_built / "bergen-saksframlegg.docx")["word/document.xml"]
    for needle in (
        "Byrådets innstilling",
        "Byrådet innstiller til bystyret å fatte følgende vedtak:",
        "Bystyret vedtar Handlingsplan for barnevernet 2023–2027 som kommunens plan",
        "Planen gjelder for perioden 2023–2027.",
        "Byrådet følger opp tiltakene i planen",
        "Bystyret ber byrådet se handlingsplanen i sammenheng",  # saksframlegg.yaml: vedtakspunkter
        "Saken gjelder",
        "Saksopplysninger",
        "Kommunen fikk 6 høringssvar med til sammen 17 innspill",
        "Både ungdomsrådet og rådet for personer med funksjonsnedsettelse har uttalt seg",
        "Barnets beste",
        "Økonomiske konsekvenser",
        "budsjettet for 2025",  # saksframlegg.yaml: økonomi
        "Høringsoppsummering – Handlingsplan for barnevernet",  # a vedlegg
    ):
        assert needle in text, needle
    summary = parts_text(bergen_built / "bergen-hoeringsoppsummering.docx")["word/document.xml"]
    for needle in (
        "Ungdomsrådet i Bergen",
        "FAU ved Eksempelvik skole",
        "Jonas Eksempel",
        "Delvis tatt til følge",
        "Høringssvarene er offentlige",
    ):
        assert needle in summary, needle
    assert "jonas.eksempel@gmail.com" not in summary  # the planner took it out of the register


def test_baerum_saksframlegg_from_the_chief_executive(tmp_path: Path) -> None:
    folder = copy_example("baerum", tmp_path)
    (folder / "saksframlegg.yaml").write_text("{}\n", encoding="utf-8")
    result = build(folder)
    assert result.error is None and not result.blocked
    text = parts_text(written(result, "baerum-saksframlegg.docx"))["word/document.xml"]
    assert "Kommunedirektørens innstilling" in text
    assert "Kommunedirektøren innstiller til kommunestyret å fatte følgende vedtak:" in text
    assert "Kommunestyret vedtar Temaplan for barn og unge" in text
    assert "Byråd" not in text
    assert [f.status for f in result.findings if f.rule_id == "BVL-15-1-INNSTILLING"] == ["oppfylt"]


def test_nynorsk_saksframlegg_and_summary(tmp_path: Path) -> None:
    folder = write_content(
        tmp_path / "kommune",
        "nn",
        {
            "saksframlegg.yaml": {},
            "høringssvar.yaml": {
                "svar": [
                    {
                        "fil": "høringssvar/ungdomsradet.txt",
                        "avsender": "Testvik ungdomsråd",
                        "kategori": "ungdomsråd",
                        "innspill": [
                            {"tekst": "Fleire møteplassar.", "vurdering": "teke til følgje", "endring": "Nytt tiltak 1.4."}
                        ],
                    }
                ]
            },
        },
    )
    (folder / "høringssvar").mkdir()
    (folder / "høringssvar" / "ungdomsradet.txt").write_text("Fleire møteplassar.\n", encoding="utf-8")
    result = build(folder)
    assert result.error is None and not result.blocked
    text = parts_text(written(result, "saksframlegg.docx"))["word/document.xml"]
    for needle in (
        "Innstilling frå kommunedirektøren",
        "Kommunestyret vedtek Plan for førebygging",
        "Saka gjeld",
        "Høyringa",
        "Økonomiske konsekvensar",
    ):
        assert needle in text, needle
    summary = parts_text(written(result, "hoeringsoppsummering.docx"))["word/document.xml"]
    for needle in (
        "Høyringsoppsummering",
        "Kven som svara",
        "Teke til følgje",
        "Testvik ungdomsråd",
        "Høyringssvara er offentlege",
    ):
        assert needle in summary, needle


def test_changes_are_matched_by_text_not_by_number(tmp_path: Path) -> None:
    """A measure inserted first renumbers the others; only the new one counts as a change."""
    folder = write_content(tmp_path / "kommune", "bm")
    before = snapshot(load(folder))
    text = (folder / "strategier.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  tiltak:\n", "  tiltak:\n  - tekst: Nytt tiltak for fedre\n    ansvarlig: Helsestasjonen\n    nivå: universell\n", 1
    )
    (folder / "strategier.yaml").write_text(text, encoding="utf-8")
    result = compare(before, load(folder))
    assert (result.before, result.after, result.added, result.removed, result.changed) == (3, 4, 1, 0, 0)
    assert [(c.how, c.ident, c.title) for c in result.changes] == [("lagt til", "1.1", "Nytt tiltak for fedre")]
    assert result.share == pytest.approx(1 / 3) and result.text_share == 0
