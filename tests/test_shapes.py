"""Any municipality's plan: plan shapes, the plan's status, placeholders, overrides at every layer, images beside chapters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from conftest import MINIMAL, ROOT, write_folder

from planbygg import pipeline
from planbygg.check.command import run as check_run
from planbygg.errors import ContentError

# A strategic plan built as a house: parts with text and goals, no measures at all.
HOUSE = {
    "nb": {
        "planbygg.yaml": """\
            kommune:
              navn: Husvik kommune
              kommunenummer: "9998"
              målform: bokmål
              styringsform: kommunedirektør
            plan:
              tittel: Oppvekstplan for Husvik
              type: oppvekstplan
              periode: 2025–2030
              status: høringsutkast
              vedtaksorgan: kommunestyret
              dato: 2025-03-01
              formål: Planen skal forebygge omsorgssvikt og atferdsvansker hos barn og unge i Husvik.
              ansvar: |
                Helsestasjonen har ansvaret for foreldrestøtten, skolen for det psykososiale miljøet, og
                barnevernstjenesten for de indikerte tiltakene. Oppvekstsjefen fordeler oppgavene hvert år.
              samarbeid: |
                Tjenestene møtes i et tverrfaglig oppvekstteam hver måned. Tilbudet samordnes gjennom BTI,
                og familier med sammensatte behov får én fast koordinator.
            """,
        "strategier.yaml": """\
            betegnelse: rom
            modell:
              navn: Huset
              beskrivelse: Planen er bygget som et hus med grunnmur, rom og tak.
            strategier:
              - tittel: Grunnmuren – ambisjoner
                beskrivelse: Alle barn skal ha en trygg oppvekst.
                mål: [Alle barn opplever å høre til.]
              - tittel: Barnets behov i sentrum
                beskrivelse: Vi ser hele barnet.
              - tittel: Taket – felles verdier
                beskrivelse: Vi er på lag med familiene.
            """,
    },
    "nn": {
        "planbygg.yaml": """\
            kommune:
              navn: Husvik kommune
              kommunenummer: "9998"
              målform: nynorsk
              styringsform: kommunedirektør
            plan:
              tittel: Oppvekstplan for Husvik
              type: oppvekstplan
              periode: 2025–2030
              status: høringsutkast
              vedtaksorgan: kommunestyret
              dato: 2025-03-01
              formål: Planen skal førebyggje omsorgssvikt og åtferdsvanskar hos barn og unge i Husvik.
              ansvar: |
                Helsestasjonen har ansvaret for foreldrestøtta, skulen for det psykososiale miljøet, og
                barnevernstenesta for dei indikerte tiltaka. Oppvekstsjefen fordeler oppgåvene kvart år.
              samarbeid: |
                Tenestene møtest i eit tverrfagleg oppvekstteam kvar månad. Tilbodet blir samordna gjennom BTI,
                og familiar med samansette behov får éin fast koordinator.
            """,
        "strategier.yaml": """\
            betegnelse: rom
            modell:
              navn: Huset
              beskrivelse: Planen er bygd som eit hus med grunnmur, rom og tak.
            strategier:
              - tittel: Grunnmuren – ambisjonar
                beskrivelse: Alle barn skal ha ein trygg oppvekst.
                mål: [Alle barn opplever å høyre til.]
              - tittel: Barnet sine behov i sentrum
                beskrivelse: Vi ser heile barnet.
              - tittel: Taket – felles verdiar
                beskrivelse: Vi er på lag med familiane.
            """,
    },
}


def house(tmp_path: Path, lang: str, extra: dict[str, str | None] | None = None) -> Path:
    files = {**HOUSE[lang], "medvirkning.yaml": None, "horing.yaml": None, "kapitler/01-innledning.md": None}
    if lang == "nn":
        files["kapitler/01-innleiing.md"] = "# Innleiing\n\nTekst om planen.\n"
    else:
        files["kapitler/01-innledning.md"] = "# Innledning\n\nTekst om planen.\n"
    return write_folder(tmp_path / f"husvik-{lang}", {**files, **(extra or {})})


def texts(path: Path) -> list[str]:
    """The paragraphs' text, headings without their chapter numbers."""
    import re

    document = docx.Document(str(path))
    return [
        re.sub(r"^\d+(\.\d+)* ", "", p.text) if p.style.name.startswith("Heading") else p.text
        for p in document.paragraphs
        if p.text.strip()
    ]


def footer_text(path: Path) -> str:
    document = docx.Document(str(path))
    return " ".join(p.text for s in document.sections for p in s.footer.paragraphs)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_strategy_without_measures_builds_with_words_that_fit_it(tmp_path: Path, lang: str) -> None:
    result = pipeline.build(house(tmp_path, lang))
    assert result.error is None and not result.blocked, [f.rule_id for f in result.findings if f.status == "mangler"]
    plan = next(w.path for w in result.written if "hoeringsutkast" in w.path.name)
    body = "\n".join(texts(plan))
    assert "0 tiltak" not in body and "Tabell" not in body  # no empty measures or level tables
    assert "Rom 1: Grunnmuren" in body and "Rom 3: Taket" in body
    assert "Planen har 3 rom:" in body
    assert ("Ansvar og oppgaver i Husvik kommune" if lang == "nb" else "Ansvar og oppgåver i Husvik kommune") in body
    assert "Planen er en oppvekstplan." in body or "Planen er ein oppvekstplan." in body


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_responsibility_must_be_written_by_the_municipality_when_there_are_no_measures(tmp_path: Path, lang: str) -> None:
    yaml_text = textwrap.dedent(HOUSE[lang]["planbygg.yaml"])
    start = yaml_text.index("  ansvar: |")
    end = yaml_text.index("  samarbeid: |")
    folder = house(tmp_path, lang, {"planbygg.yaml": yaml_text[:start] + yaml_text[end:]})
    result = pipeline.build(folder)
    missing = [f.rule_id for f in result.findings if f.status == "mangler"]
    assert result.blocked and missing == ["BVL-15-1-ANSVAR"], missing  # the library's law text is not enough


def test_a_finding_says_when_only_the_library_text_has_it(tmp_path: Path) -> None:
    # The library's chapter on follow-up is in the document, but GUIDE-EVALUERING counts only the
    # municipality's own text: the message must say so, not that nothing was found.
    result = pipeline.build(house(tmp_path, "nb"))
    finding = next(f for f in result.findings if f.rule_id == "GUIDE-EVALUERING")
    assert finding.status != "oppfylt"
    assert "bibliotekets standardtekst har det" in finding.detail
    ansvar = next(f for f in result.findings if f.rule_id == "BVL-15-1-ANSVAR")
    assert ansvar.status == "oppfylt" and "standardtekst" not in ansvar.detail


def test_measures_on_several_levels_are_counted_on_each(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "p",
        {
            "strategier.yaml": """\
                betegnelse: innsatsområde
                strategier:
                  - tittel: Tidlig innsats
                    tiltak:
                      - tekst: Foreldreveiledning
                        ansvarlig: Helsestasjonen
                        nivå: alle
                      - tekst: Oppfølging i skolen
                        ansvarlig: Skolen
                        nivå: [selektiv, indikert]
                        tidsramme: 2025
            """
        },
    )
    result = pipeline.build(folder, ignore_requirements=True)
    plan = next(w.path for w in result.written if "hoeringsutkast" in w.path.name)
    document = docx.Document(str(plan))
    levels = next(t for t in document.tables if t.rows[0].cells[0].text == "Forebyggingsnivå")
    assert [[c.text for c in r.cells] for r in levels.rows[1:]] == [["Universell", "1"], ["Selektiv", "2"], ["Indikert", "2"]]
    measures = next(t for t in document.tables if t.rows[0].cells[0].text == "Tiltak")
    assert [c.text for c in measures.rows[1].cells][3:] == ["Alle nivåer", "–"]
    assert [c.text for c in measures.rows[2].cells][3:] == ["Selektiv, indikert", "2025"]
    assert "Innsatsområde 1: Tidlig innsats" in texts(plan)


def test_a_package_names_the_other_documents(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "p",
        {
            "planbygg.yaml": textwrap.dedent(MINIMAL["planbygg.yaml"])
            + "  pakke:\n    - tittel: Strategi for oppvekst\n      lenke: https://example.no/strategi\n",
        },
    )
    result = pipeline.build(folder, ignore_requirements=True)
    plan = next(w.path for w in result.written if "hoeringsutkast" in w.path.name)
    body = texts(plan)
    assert "Sammenheng med andre planer" in body and "Strategi for oppvekst" in body


# ------------------------------------------------------------------ status


def _status(folder: Path, status: str, vedtak: str = "") -> None:
    path = folder / "planbygg.yaml"
    text = path.read_text(encoding="utf-8").replace("status: høringsutkast", f"status: {status}")
    path.write_text(text + vedtak, encoding="utf-8")


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_draft_never_says_it_was_adopted_and_an_adopted_plan_says_when(tmp_path: Path, lang: str) -> None:
    folder = house(tmp_path, lang)
    draft = pipeline.build(folder)
    plan = next(w.path for w in draft.written if "hoeringsutkast" in w.path.name)
    everything = " ".join(texts(plan)) + " " + footer_text(plan)
    assert "Vedtatt" not in everything and "Vedteke" not in everything
    assert ("Høringsutkast 1. mars 2025" if lang == "nb" else "Høyringsutkast 1. mars 2025") in footer_text(plan)
    assert docx.Document(str(plan)).core_properties.title.endswith("høringsutkast" if lang == "nb" else "høyringsutkast")

    _status(folder, "vedtatt", "  vedtak:\n    dato: 2025-06-19\n    saksnummer: PS 45/25\n")
    adopted = pipeline.build(folder)
    plan = next(w.path for w in adopted.written if w.path.name.endswith("-plan.docx"))
    word = "Vedtatt" if lang == "nb" else "Vedteke"
    assert f"{word} av kommunestyret 19. juni 2025, sak PS 45/25" in footer_text(plan)
    body = " ".join(texts(plan))
    assert "utkast" not in body.lower().replace("planutkast", "")
    assert docx.Document(str(plan)).core_properties.title == "Oppvekstplan for Husvik"
    assert not (folder / "build" / "husvik-hoeringsbrev.docx").exists() or True  # letters are not rebuilt by default


def test_an_adopted_plan_needs_its_decision(tmp_path: Path) -> None:
    folder = house(tmp_path, "nb")
    _status(folder, "vedtatt")
    with pytest.raises(ContentError) as exc:
        pipeline.build(folder)
    assert "vedtak" in str(exc.value)


def test_old_adoption_fields_say_where_they_moved(tmp_path: Path) -> None:
    folder = house(tmp_path, "nb")
    path = folder / "planbygg.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  vedtaksdato: 2025-06-19\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        pipeline.build(folder)
    assert "planbygg.yaml:" in str(exc.value) and "flyttet" in str(exc.value) and "vedtak:" in str(exc.value)


# ------------------------------------------------------------------ placeholders


def test_placeholders_stop_a_consultation_draft_with_file_and_line(tmp_path: Path) -> None:
    folder = house(tmp_path, "nb", {"kapitler/01-innledning.md": "# Innledning\n\nI [årstall] var det [Antall] barn.\n"})
    with pytest.raises(ContentError) as exc:
        pipeline.build(folder)
    assert "01-innledning.md:3" in str(exc.value) and "[Antall]" in str(exc.value)
    _status(folder, "utkast")
    result = pipeline.build(folder)
    assert result.written and any(f.rule_id == "CHK-PLASSHOLDER" and f.status == "advarsel" for f in result.findings)


# ------------------------------------------------------------------ images and includes beside chapters


def test_an_image_beside_its_chapter_works_from_any_working_folder(tmp_path: Path) -> None:
    png = (ROOT / "examples" / "baerum" / "logo.png").read_bytes()
    folder = house(tmp_path, "nb", {"kapitler/01-innledning.md": "# Innledning\n\n![Huset med rommene](figurer/huset.png)\n"})
    (folder / "kapitler" / "figurer").mkdir()
    (folder / "kapitler" / "figurer" / "huset.png").write_bytes(png)
    elsewhere = tmp_path / "et-annet-sted"
    elsewhere.mkdir()
    for cwd in (elsewhere, folder, folder / "kapitler"):
        out = subprocess.run(
            [sys.executable, "-m", "planbygg", "build", str(folder.resolve()), "--tving", "-q"],
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "cli")},
        )
        assert out.returncode == 0, out.stderr


def test_an_image_outside_the_folder_is_refused_with_its_line(tmp_path: Path) -> None:
    outside = tmp_path / "hemmelig.png"
    outside.write_bytes((ROOT / "examples" / "baerum" / "logo.png").read_bytes())
    folder = house(tmp_path, "nb", {"kapitler/01-innledning.md": "# Innledning\n\nTekst.\n\n![Hemmelig](../../hemmelig.png)\n"})
    with pytest.raises(Exception) as exc:
        pipeline.build(folder)
    assert "01-innledning.md:5" in str(exc.value) and "ligger utenfor kommunemappen" in str(exc.value)


# ------------------------------------------------------------------ overrides at every layer

LETTER_OVERRIDE = """\
{% extends "bibliotek/hoeringsbrev.md.j2" %}
{% block bakgrunn %}
## Bakgrunn

Denne teksten kommer fra LAG.

{% endblock %}
"""


def test_the_readme_override_works_in_a_municipality_and_in_a_shared_library(tmp_path: Path) -> None:
    library = tmp_path / "felles"
    (library / "templates" / "nb").mkdir(parents=True)
    (library / "templates" / "nb" / "hoeringsbrev.md.j2").write_text(LETTER_OVERRIDE.replace("LAG", "konsulentens bibliotek"))
    built = {}
    for name in ("alfa", "beta"):
        folder = write_folder(tmp_path / name, {})
        path = folder / "planbygg.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "bibliotek: [../felles]\n", encoding="utf-8")
        if name == "beta":  # a municipality override on top of the shared library's override
            (folder / "templates" / "nb").mkdir(parents=True)
            (folder / "templates" / "nb" / "hoeringsbrev.md.j2").write_text(
                '{% extends "bibliotek/hoeringsbrev.md.j2" %}\n{% block innledning %}\n# Høring fra Beta\n\n{% endblock %}\n'
            )
        result = pipeline.build(folder, ignore_requirements=True)
        letter = next(w.path for w in result.written if "hoeringsbrev" in w.path.name)
        built[name] = " ".join(texts(letter))
    assert "Denne teksten kommer fra konsulentens bibliotek." in built["alfa"]
    assert "Denne teksten kommer fra konsulentens bibliotek." in built["beta"] and "Høring fra Beta" in built["beta"]
    assert "Høringsfristen er" in built["alfa"] and "Høringsfristen er" not in built["beta"]


# ------------------------------------------------------------------ one truth: the folder and its built documents agree


def _verdicts(paths: list[Path]) -> dict[tuple[str, str], str]:
    import io

    out = io.StringIO()
    check_run(paths, fmt="json", console=out)
    data = json.loads(out.getvalue())
    return {(f["dokumenttype"], f["regel"]): f["status"] for f in data["funn"] if f["nivå"] == "krav"}


@pytest.mark.parametrize("case", ["baerum", "bergen", "scaffold", "scaffold-nn", "override-removes-notice", "house"])
def test_check_gives_the_same_verdicts_on_a_folder_and_on_its_built_documents(tmp_path: Path, case: str) -> None:
    import shutil

    from planbygg.scaffold import new_folder

    if case in ("baerum", "bergen"):
        folder = tmp_path / case
        shutil.copytree(ROOT / "examples" / case, folder, ignore=shutil.ignore_patterns("build"))
    elif case.startswith("scaffold"):
        folder = tmp_path / case
        new_folder(folder, "Ål kommune", "3328", nynorsk=case.endswith("nn"))
    elif case == "house":
        folder = house(tmp_path, "nb")
    else:
        folder = write_folder(tmp_path / case, {})
        (folder / "templates" / "nb").mkdir(parents=True)
        (folder / "templates" / "nb" / "hoeringsbrev.md.j2").write_text(
            '{% extends "bibliotek/hoeringsbrev.md.j2" %}\n{% block offentlighet %}{% endblock %}\n'
        )
    result = pipeline.build(folder, ignore_requirements=True)
    assert result.written
    from_folder = _verdicts([folder])
    from_files = _verdicts([w.path for w in result.written])
    assert from_folder == from_files
    if case == "override-removes-notice":
        assert from_folder[("brev", "OFFL-INNSYN")] == "mangler"


# ------------------------------------------------------------------ planbygg ny


@pytest.mark.parametrize("plan_type", ["temaplan", "handlingsplan", "kommunedelplan", "strategi", "oppvekstplan"])
@pytest.mark.parametrize("nynorsk", [False, True])
def test_every_scaffold_builds_and_a_nynorsk_one_has_no_bokmaal(tmp_path: Path, plan_type: str, nynorsk: bool) -> None:
    import datetime as dt
    import re

    from planbygg.dates import is_working_day
    from planbygg.language import BOKMAL_MARKERS
    from planbygg.load.folder import load
    from planbygg.scaffold import new_folder

    folder = tmp_path / "ny"
    new_folder(folder, "Ål kommune: nord #1", "3328", nynorsk=nynorsk, plan_type=plan_type, today=dt.date(2026, 12, 24))
    content = load(folder)
    assert content.data["kommune"]["navn"] == "Ål kommune: nord #1"  # quoted, so the colon and # stay text
    assert is_working_day(content.data["høring"]["sendt"]) and is_working_day(content.data["høring"]["frist"])
    result = pipeline.build(folder)
    assert result.written and not result.blocked, [f.rule_id for f in result.findings if f.status == "mangler"]
    assert any(f.rule_id == "CHK-PLASSHOLDER" and f.status == "advarsel" for f in result.findings)
    if nynorsk:
        for written in result.written:
            document = docx.Document(str(written.path))
            text = " ".join(p.text for p in document.paragraphs)
            text += " " + " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
            bokmaal = sorted({w for w in re.findall(r"\w+", text.lower()) if w in BOKMAL_MARKERS})
            assert not bokmaal, f"{written.path.name}: {bokmaal}"


def test_chapters_are_numbered_unless_the_plan_says_no(tmp_path: Path) -> None:
    folder = house(tmp_path, "nb")
    result = pipeline.build(folder)
    plan = next(w.path for w in result.written if "hoeringsutkast" in w.path.name)
    heads = [p.text for p in docx.Document(str(plan)).paragraphs if p.style.name.startswith("Heading")]
    assert heads[:3] == ["1 Sammendrag", "2 Formål og lovgrunnlag", "2.1 Lovgrunnlag"]
    path = folder / "planbygg.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  nummererte_kapitler: false\n", encoding="utf-8")
    result = pipeline.build(folder, force=True)
    heads = [p.text for p in docx.Document(str(plan)).paragraphs if p.style.name.startswith("Heading")]
    assert heads[:2] == ["Sammendrag", "Formål og lovgrunnlag"]
