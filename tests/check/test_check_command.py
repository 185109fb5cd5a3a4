"""`planbygg check` end to end: the examples, Bærum's participation report, hand-edited planbygg documents, outputs and exit codes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from planbygg.check.command import check_views, collect_views, run
from planbygg.check.rules import load_rules
from planbygg.errors import PlanbyggError, RuleError

from .conftest import ROOT, write_content

# Bærum's participation report for the Temaplan for barn og unge (2024), as text copied from the PDF.
SEED = Path(__file__).resolve().parent / "data" / "baerum-medvirkning-2024.txt"
EXAMPLES = ROOT / "examples"


def _status(report, rule_id: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.status for f in report.findings if f.rule_id == rule_id}


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(file=io.StringIO(), width=160)


# ------------------------------------------------------------------ the examples


@pytest.mark.skipif(not (EXAMPLES / "baerum" / "planbygg.yaml").exists(), reason="eksempelet finnes ikke ennå")
def test_baerum_meets_every_legal_requirement() -> None:
    views, _ = collect_views([EXAMPLES / "baerum"])
    report = check_views(views)
    missing = [f"{f.rule_id}: {f.detail}" for f in report.findings if f.status == "mangler"]
    assert not missing
    assert _status(report, "PBL-11-14-SEKS-UKER") == {"oppfylt"}  # 2 May → 15 June 2024 = 44 days
    assert _status(report, "CHK-FRIST-HELLIGDAG") == {"advarsel"}  # 15 June 2024 is a Saturday
    assert report.return_code() == 0


@pytest.mark.skipif(not (EXAMPLES / "bergen" / "planbygg.yaml").exists(), reason="eksempelet finnes ikke ennå")
def test_bergen_warns_about_the_short_deadline() -> None:
    views, _ = collect_views([EXAMPLES / "bergen"])
    report = check_views(views)
    six = [f for f in report.findings if f.rule_id == "PBL-11-14-SEKS-UKER"]
    assert [f.status for f in six] == ["advarsel"]  # a handlingsplan: warning, not error
    assert "29 dager" in six[0].detail
    assert report.return_code() == 0
    assert report.return_code(strict=True) == 1


def test_bergen_built_documents_as_a_package(tmp_path) -> None:
    from planbygg import pipeline as api

    api.build(EXAMPLES / "bergen", tmp_path / "bergen")
    views, folder = collect_views([tmp_path / "bergen"])
    assert folder
    types = {v.name: v.doc_type for v in views}
    assert types == {
        "bergen-hoeringsbrev.docx": "brev",
        "bergen-hoeringsskjema.docx": "skjema",
        "bergen-hoeringsutkast.docx": "plan",
        "bergen-medvirkningsrapport.docx": "medvirkning",
        "bergen-hoeringsoppsummering.docx": "oppsummering",
        "bergen-saksframlegg.docx": "saksframlegg",
        "bergen-endringer-etter-hoeringen.docx": "endringer",
    }
    report = check_views(views, package=True)
    six = [f for f in report.findings if f.rule_id == "PBL-11-14-SEKS-UKER"]
    assert six and six[0].status == "advarsel" and "29 dager" in six[0].detail
    assert _status(report, "CHK-SAMSVAR-FRIST") <= {"oppfylt", "ikke relevant"}


# ------------------------------------------------------------------ planbygg's own documents, edited by hand


def test_hand_edited_plan_loses_its_follow_up_chapter(tmp_path: Path) -> None:
    import docx

    from planbygg import pipeline as api

    api.build(EXAMPLES / "baerum", tmp_path / "baerum")
    source = tmp_path / "baerum" / "baerum-hoeringsutkast.docx"
    before = check_views(collect_views([source])[0])
    assert _status(before, "GUIDE-EVALUERING") == {"oppfylt"}
    assert _status(before, "BVL-15-1-ANSVAR") == {"oppfylt"}

    document = docx.Document(str(source))
    body = document.element.body
    removing = False
    for p in list(body.iterchildren()):
        tag = p.tag.rsplit("}", 1)[-1]
        if tag == "p":
            style = p.xpath("string(./w:pPr/w:pStyle/@w:val)")
            text = "".join(p.itertext())
            if style.lower().startswith(("heading1", "overskrift1")) or style == "Heading1":
                removing = bool(re.search(r"oppfølging|evaluering", text, re.I))
        if removing and tag in ("p", "tbl"):
            body.remove(p)
    # A planner also empties every «Ansvar…» column (the measures and the responsibility tables).
    for table in document.tables:
        header = [c.text.strip().lower() for c in table.rows[0].cells]
        for col, name in enumerate(header):
            if name.startswith("ansvar"):
                for row in table.rows[1:]:
                    row.cells[col].text = ""
    edited = tmp_path / "redigert.docx"
    document.save(str(edited))
    after = check_views(collect_views([edited], "plan")[0])
    assert _status(after, "BVL-15-1-ANSVAR") == {"mangler"}
    assert after.return_code() == 1


# ------------------------------------------------------------------ seed 003 as a .docx


def seed_to_docx(text: str, path: Path) -> Path:
    """Headings are short lines followed by text; «•»/«▪» lines are bullets; wrapped lines are joined."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Rapport fra medvirkningsprosessen – Temaplan for barn og unge"
    document.core_properties.language = "nb-NO"
    lines = [ln.strip() for ln in text.splitlines()]
    paragraphs: list[tuple[str, str]] = []  # (kind, text)
    buf = ""
    for i, line in enumerate(lines):
        if not line:
            continue
        if line.startswith(("•", "▪")):
            if buf:
                paragraphs.append(("p", buf))
            buf = ""
            paragraphs.append(("bullet", line.lstrip("•▪ ").strip()))
            continue
        nxt = next((ln for ln in lines[i + 1 :] if ln), "")
        is_heading = (
            len(line) < 70 and not line.endswith((".", ",", ":", ")")) and not buf and (nxt[:1].isupper() or nxt.startswith("•"))
        )
        if is_heading and not line[:1].islower():
            paragraphs.append(("h", line))
            continue
        if paragraphs and paragraphs[-1][0] == "bullet" and not buf and line[:1].islower():
            paragraphs[-1] = ("bullet", paragraphs[-1][1] + " " + line)
            continue
        buf = f"{buf} {line}".strip()
        if line.endswith((".", ":", "?", "!")) and len(line) < 95:
            paragraphs.append(("p", buf))
            buf = ""
    if buf:
        paragraphs.append(("p", buf))
    top = {
        "Innledning",
        "Medvirknings- og innsiktsarbeid",
        "Intern involvering",
        "Innsikt fra andre prosesser og arbeider",
        "Fokusgrupper",
    }
    for kind, value in paragraphs:
        if kind == "h":
            level = 1 if value in top else 2 if not value.endswith("?") else 3
            document.add_heading(value, level=level)
        elif kind == "bullet":
            document.add_paragraph(value, style="List Bullet")
        else:
            document.add_paragraph(value)
    document.save(str(path))
    return path


def test_seed_003_participation_report(tmp_path: Path) -> None:
    path = seed_to_docx(SEED.read_text(encoding="utf-8"), tmp_path / "medvirkning-baerum.docx")
    views, _ = collect_views([path])
    assert views[0].doc_type == "medvirkning", views[0].recognised
    report = check_views(views)
    status = {f.rule_id: f.status for f in report.findings}
    # What the report has:
    assert status["BK-12-DELTAKERE"] == "oppfylt"
    assert status["GRL-104-BARN-HOERT"] == "oppfylt"
    assert status["BK-GC12-METODE"] == "oppfylt"
    assert status["BK-12-INNSPILL"] == "oppfylt"
    assert status["BUFDIR-MEDV-SYSTEM"] == "oppfylt"
    assert status["CHK-MEDV-IKKE-NAADD"] == "oppfylt"  # «ingen av medlemmene deltok», «måtte utgå pga. sykdom»
    # What it lacks:
    assert status["BK-GC12-SPORBARHET"] == "mangler"
    assert status["BK-GC12-FEEDBACK"] == "mangler"
    assert status["CHK-PERSON-FNR"] == "oppfylt"
    assert report.return_code() == 1


# ------------------------------------------------------------------ outputs and exit codes


def test_json_report_and_exit_codes(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "k", "bm", {"planbygg.yaml:plan.vedtaksorgan": "formannskapet"})
    out = io.StringIO()
    code = run([folder], fmt="json", console=out)
    data = json.loads(out.getvalue())
    assert code == 1
    assert data["resultat"] == "ikke godkjent"
    finding = next(f for f in data["funn"] if f["regel"] == "BVL-15-1-KS-VEDTAK")
    assert finding["status"] == "mangler"
    assert finding["kilde"] == "barnevernsloven § 15-1 andre ledd"
    assert re.search(r"planbygg\.yaml:\d+:\d+$", finding["bevis"][0]["hvor"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["dato"])


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "k", "bm", {"horing.yaml:frist": "2024-03-23"})  # a Saturday
    assert run([folder], console=_console()) == 0
    assert run([folder], strict=True, console=_console()) == 1


def test_markdown_report_is_a_signable_checklist(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "k", "nn")
    target = tmp_path / "rapport.md"
    assert run([folder], report_path=target, console=_console()) == 0
    text = target.read_text(encoding="utf-8")
    assert "Kontrollert av:" in text and "BVL-15-1-ANSVAR" in text and "plan.yaml (versjon" in text


def test_docx_report(tmp_path: Path) -> None:
    pytest.importorskip("planbygg.write.docx.writer")
    folder = write_content(tmp_path / "k", "bm")
    target = tmp_path / "rapport.docx"
    run([folder], report_path=target, console=_console())
    import docx

    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Kontrollert av:" in text


def test_bad_input_is_a_planbygg_error(tmp_path: Path) -> None:
    (tmp_path / "notat.txt").write_text("hei", encoding="utf-8")
    with pytest.raises(PlanbyggError):
        run([tmp_path / "notat.txt"], console=_console())
    with pytest.raises(PlanbyggError):
        run([tmp_path / "finnes-ikke"], console=_console())
    (tmp_path / "ødelagt.docx").write_text("ikke en zip", encoding="utf-8")
    with pytest.raises(PlanbyggError):
        run([tmp_path / "ødelagt.docx"], console=_console())
    with pytest.raises(PlanbyggError):
        run([tmp_path / "notat.txt"], fmt="xml", console=_console())


# ------------------------------------------------------------------ rule files


def test_rule_file_errors_point_to_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "feil.yaml").write_text(
        "område: Test\nversjon: '1'\nregler:\n  - id: X-1\n    tittel: T\n    kilde: {lov: l}\n    nivå: krav\n    gjelder: [plan]\n"
        "    melding: m\n    retting: r\n    finn:\n      kind: heading_anyy\n      ord: [a]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    text = str(exc.value)
    assert "feil.yaml:12:" in text and "heading_any" in text  # did-you-mean


def test_unverified_rules_cannot_be_requirements(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "område: Test\nversjon: '1'\nregler:\n  - id: X-1\n    tittel: T\n    kilde: {lov: l}\n    nivå: krav\n    verifisert: false\n"
        "    gjelder: [plan]\n    melding: m\n    retting: r\n    finn: {kind: heading_any, ord: [a], ukjent: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    assert "uverifisert" in str(exc.value) and "ukjent parameter" in str(exc.value)


def test_rules_are_valid_and_unverified_ones_are_guidance() -> None:
    rules = load_rules().rules
    assert len(rules) >= 40
    assert all(r.nivå == "anbefaling" for r in rules if not r.verifisert)
    assert all(r.kilde.lenke.startswith("https://") for r in rules if r.nivå == "krav")
