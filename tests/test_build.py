"""Stage 3–5: documents read back from the .docx, overrides, safe writes and reproducible bytes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import pytest

from planbygg import pipeline as api
from planbygg.errors import OutputError, TemplateError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(path: Path, out: Path | None = None, force: bool = False) -> api.BuildResult:
    """Build without stopping on legal findings: these tests are about the build mechanics."""
    return api.build(path, out, force=force, ignore_requirements=True)


def built(folder_path: Path) -> dict[str, docx.document.Document]:
    result = build(folder_path)
    assert result.error is None and not result.blocked, result
    return {w.path.name.split("-", 1)[1].removesuffix(".docx"): docx.Document(str(w.path)) for w in result.written}


def headings(document) -> list[tuple[str, str]]:
    """(style, text) of every heading, without the chapter numbers («2.1 »)."""
    return [
        (p.style.name, re.sub(r"^\d+(\.\d+)* ", "", p.text))
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]


def table_with_header(document, first: str):
    for table in document.tables:
        if table.rows and table.rows[0].cells[0].text == first:
            return table
    raise AssertionError(f"no table starting with {first!r}")


def test_plan_has_styled_headings_measures_tables_and_properties(folder):
    docs = built(folder())
    plan = docs["hoeringsutkast"]
    found = headings(plan)
    assert ("Title", "Plan for forebygging") in found
    for h in ("Sammendrag", "Formål og lovgrunnlag", "Innledning", "Strategier og tiltak", "Ansvar og samarbeid"):
        assert ("Heading 1", h) in found
    assert ("Heading 2", "Strategi 1: Tidlig innsats") in found
    table = table_with_header(plan, "Tiltak")
    assert [c.text for c in table.rows[0].cells] == ["Tiltak", "Ansvarlig", "Samarbeidspartnere", "Nivå", "Tidsramme"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None, "header row must repeat on each page"
    assert table.style.name == "Planbygg tabell"
    assert [c.text for c in table.rows[1].cells][:2] == ["1.1 Foreldreveiledning", "Helsestasjonen"]
    assert len(table.rows) == 3
    caption = table._tbl.getprevious()
    assert "Tabell 2: Tiltak under strategi 1" in "".join(t.text for t in caption.iter(f"{W}t"))
    props = plan.core_properties
    assert (props.title, props.author, props.language) == ("Plan for forebygging – høringsutkast", "Prøvestad kommune", "nb-NO")
    assert "omsorgssvikt" in props.keywords


def test_participation_report_tables_and_totals_match_the_content(folder):
    report = built(folder())["medvirkningsrapport"]
    activities = table_with_header(report, "Dato")
    assert [c.text for c in activities.rows[1].cells] == [
        "5. november 2024",
        "Verksted med elevråd",
        "Elever",
        "Verksted",
        "Rådhuset",
        "12",
    ]
    # The summary up front: who was heard, how many (and how many activities have no count).
    heard = table_with_header(report, "Hvem som ble hørt")
    assert [c.text for c in heard.rows[1].cells] == ["Elever", "1", "12"]
    # The tracing table has one row per strategy or measure, the inputs listed under it.
    tracing = table_with_header(report, "I planen")
    assert [c.text for c in tracing.rows[1].cells] == ["Strategi 1: Tidlig innsats", "Fritid (Verksted med elevråd)"]
    descr = [
        d.get("descr")
        for d in report.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    ]
    assert any(d and "Verksted med elevråd: 12 barn og unge og 0 voksne" in d for d in descr), (
        "the chart needs alt text with its figures"
    )


def test_participation_chart_shows_every_activity_and_says_which_have_no_count(folder):
    extra = """\
          - navn: Foreldremøte
            dato: 2024-11-12
            sted: Skolen
            målgruppe: Foreldre
            metode: Samtale
        """
    from conftest import MINIMAL

    report = built(folder({"medvirkning.yaml": MINIMAL["medvirkning.yaml"].rstrip(" ") + extra}))["medvirkningsrapport"]
    parts = {p.partname: p.blob for p in report.part.package.parts}
    chart = next(blob for name, blob in parts.items() if name.startswith("/word/charts/chart")).decode()
    assert "Verksted med elevråd" in chart and "Foreldremøte (ikke registrert)" in chart
    assert '<c:grouping val="stacked"/>' in chart and "Barn og unge" in chart and "Voksne" in chart
    captions = [p.text for p in report.paragraphs if p.text.startswith("Figur")]
    assert captions == [
        "Figur 1: Deltakere per aktivitet. For 1 av 2 aktiviteter er antallet ikke registrert; de står uten stolpe."
    ]


def test_letter_writes_the_deadline_as_a_norwegian_date(folder):
    letter = built(folder())["hoeringsbrev"]
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Høringsfristen er onsdag 30. april 2025." in text
    assert "Høringsperioden er 58 dager." in text
    assert ("Heading 1", "Vedlegg: Høringsinstanser") in headings(letter)
    assert "Ungdomsrådet" in text


def test_nynorsk_municipality_gets_nynorsk_documents(folder):
    from conftest import MINIMAL

    project = MINIMAL["planbygg.yaml"].replace("målform: bokmål", "målform: nynorsk")
    docs = built(folder({"planbygg.yaml": project}))
    plan, letter = docs["hoeringsutkast"], docs["hoeringsbrev"]
    assert ("Heading 1", "Samandrag") in headings(plan)
    assert plan.core_properties.language == "nn-NO"
    lang = plan.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "nn-NO"
    assert [c.text for c in table_with_header(plan, "Tiltak").rows[0].cells][1:3] == ["Ansvarleg", "Samarbeidspartnarar"]
    assert "Høyringsfristen er onsdag 30. april 2025." in "\n".join(p.text for p in letter.paragraphs)


def test_municipality_overrides_beat_shared_library_which_beats_builtin(folder, tmp_path):
    shared = tmp_path / "felles"
    (shared / "content" / "nb").mkdir(parents=True)
    (shared / "content" / "nb" / "lovgrunnlag.md").write_text("Lovgrunnlag fra konsulentens bibliotek.\n", encoding="utf-8")
    (shared / "content" / "nb" / "offentlighet.md").write_text("Offentlighet fra biblioteket.\n", encoding="utf-8")
    from conftest import MINIMAL

    path = folder(
        {
            "planbygg.yaml": MINIMAL["planbygg.yaml"] + "bibliotek: [../felles]\n",
            "content/nb/offentlighet.md": "Svarene er offentlige, sier {{ kommune.navn }}.\n",
            "templates/nb/hoeringsskjema.md.j2": None,
        }
    )
    docs = built(path)
    plan_text = "\n".join(p.text for p in docs["hoeringsutkast"].paragraphs)
    letter_text = "\n".join(p.text for p in docs["hoeringsbrev"].paragraphs)
    assert "Lovgrunnlag fra konsulentens bibliotek." in plan_text
    assert "Svarene er offentlige, sier Prøvestad kommune." in letter_text
    assert "Offentlighet fra biblioteket." not in letter_text


def test_override_can_reuse_the_library_template(folder):
    path = folder(
        {"templates/nb/hoeringsbrev.md.j2": '{% include "bibliotek/hoeringsbrev.md.j2" %}\n\nEkstra avsnitt fra kommunen.\n'}
    )
    letter = built(path)["hoeringsbrev"]
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Høringsfristen er onsdag 30. april 2025." in text and "Ekstra avsnitt fra kommunen." in text


def test_unknown_field_in_a_template_is_an_error_with_its_location(folder):
    path = folder({"templates/nb/hoeringsbrev.md.j2": "# Brev\n\nFrist: {{ høring.fristen }}\n"})
    with pytest.raises(TemplateError) as info:
        build(path)
    problem = info.value.problems[0]
    assert "ukjent felt «fristen»" in problem.message
    assert str(problem.where).endswith("templates/nb/hoeringsbrev.md.j2:3")


def test_templates_cannot_escape_the_sandbox(folder):
    path = folder({"templates/nb/hoeringsbrev.md.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"})
    with pytest.raises(TemplateError, match=r"sandkassen|ikke tillatt|ukjent"):
        build(path)


def test_failed_build_leaves_previous_documents_untouched(folder):
    path = folder()
    build(path)
    out = path / "build"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (path / "templates" / "nb").mkdir(parents=True)
    (path / "templates" / "nb" / "hoeringsbrev.md.j2").write_text("{{ finnes_ikke }}\n", encoding="utf-8")
    (path / "strategier.yaml").write_text(
        (path / "strategier.yaml").read_text(encoding="utf-8").replace("Foreldreveiledning", "Nytt tiltak"), encoding="utf-8"
    )
    with pytest.raises(TemplateError):
        build(path)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before, "no document may change when one of them fails"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_hand_edited_document_is_not_overwritten_without_force(folder):
    path = folder()
    build(path)
    target = path / "build" / "provestad-hoeringsbrev.docx"
    edited = docx.Document(str(target))
    edited.add_paragraph("Rettet for hånd av saksbehandler.")
    edited.save(str(target))
    hand_bytes = target.read_bytes()
    with pytest.raises(OutputError) as info:
        build(path)
    assert "endret etter forrige bygging" in info.value.problems[0].message
    assert target.read_bytes() == hand_bytes
    result = build(path, force=True)
    assert target.read_bytes() != hand_bytes
    backups = list((path / "build" / ".sikkerhetskopi").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == hand_bytes
    assert any(w.backup for w in result.written)


def test_unchanged_rebuild_is_allowed_and_reports_unchanged(folder):
    path = folder()
    build(path)
    again = build(path)
    assert all(not w.changed for w in again.written)


def test_same_input_gives_identical_bytes(folder, tmp_path):
    path = folder()
    first = {w.path.name: w.path.read_bytes() for w in build(path, tmp_path / "a").written}
    second = {w.path.name: w.path.read_bytes() for w in build(path, tmp_path / "b").written}
    assert first == second


def test_source_date_epoch_sets_the_timestamps(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    written = build(folder(), tmp_path / "c").written
    created = docx.Document(str(written[0].path)).core_properties.created
    assert int(created.timestamp()) == 1700000000


def test_content_error_stops_before_writing(folder):
    path = folder({"horing.yaml": "sendt: 2025-03-03\n"})
    from planbygg.errors import ContentError

    with pytest.raises(ContentError):
        build(path)
    assert not (path / "build").exists()


def test_output_names_are_predictable(folder):
    written = build(folder()).written
    assert sorted(w.path.name for w in written) == [
        "provestad-hoeringsbrev.docx",
        "provestad-hoeringsutkast.docx",
        "provestad-medvirkningsrapport.docx",
    ]
    assert os.path.exists(written[0].path.parent / ".planbygg-manifest.json")


def test_missing_legal_requirement_stops_the_build_unless_ignored(folder):
    from conftest import MINIMAL

    path = folder(
        {"planbygg.yaml": MINIMAL["planbygg.yaml"].replace("vedtaksorgan: kommunestyret", "vedtaksorgan: formannskapet")}
    )
    result = api.build(path)
    assert result.blocked and not result.written
    assert any(f.rule_id == "BVL-15-1-KS-VEDTAK" and f.status == "mangler" for f in result.findings)
    assert not (path / "build").exists()
    assert build(path).written


def test_override_can_replace_one_block_of_the_library_template(folder):
    override = (
        '{% extends "bibliotek/hoeringsbrev.md.j2" %}\n{% block kontakt %}\n## Kontakt\n\nRing servicetorget.\n\n{% endblock %}\n'
    )
    letter = built(folder({"templates/nb/hoeringsbrev.md.j2": override}))["hoeringsbrev"]
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Ring servicetorget." in text
    assert ("Heading 2", "Kontakt") in headings(letter) and ("Heading 2", "Kontaktperson") not in headings(letter)
    assert "Høringsfristen er onsdag 30. april 2025." in text  # the rest of the library's letter is kept
    assert letter.core_properties.title == "Høring – Plan for forebygging 2025–2028"


@pytest.mark.parametrize("example", ["baerum", "bergen"])
def test_checking_the_letter_sees_the_same_text_in_the_folder_and_in_the_docx(example, tmp_path):
    """check/views.lower() turns the letterhead into what a reader of the written letter finds, block for block."""
    from planbygg.check.views import lower
    from planbygg.load.folder import load
    from planbygg.model import Heading, Image, ListBlock, Paragraph
    from planbygg.read.docx import read_docx
    from planbygg.render.documents import render_document
    from planbygg.write.docx.writer import write_docx

    root = Path(__file__).resolve().parents[1] / "examples" / example
    content = load(root)
    setup = api.render_setup(content)
    letter = render_document("hoeringsbrev", content, setup.env, setup.context, setup.layers)
    path = tmp_path / "brev.docx"
    path.write_bytes(write_docx(letter))

    def texts(blocks) -> list[str]:
        out: list[str] = []
        for b in blocks:
            if isinstance(b, Paragraph | Heading):
                out.append(" ".join(b.text.split()))
            elif isinstance(b, ListBlock):
                out += [" ".join(i.text.split()) for i in b.items]
            elif isinstance(b, Image):
                out.append(f"[bilde: {b.alt}]")
        return [t for t in out if t]

    assert texts(lower(letter.blocks)) == texts(read_docx(path).blocks)


def test_each_docx_goes_to_the_pdf_queue_as_soon_as_it_is_written_before_the_check(folder, monkeypatch):
    """LibreOffice can work on the PDFs while planbygg checks: `ahead` hears of every .docx first."""
    import planbygg.check.command as check_command

    submitted: list[bytes] = []
    before_check: list[int] = []
    check_documents = check_command.check_documents

    def check(*args, **kwargs):
        before_check.append(len(submitted))
        return check_documents(*args, **kwargs)

    monkeypatch.setattr(check_command, "check_documents", check)
    result = api.build(folder({}), ignore_requirements=True, ahead=submitted.append)
    written = [w.path.read_bytes() for w in result.written if w.path.suffix == ".docx"]
    assert before_check == [len(written)] == [3]
    assert submitted == written  # the very bytes that were written, in the order they are converted
