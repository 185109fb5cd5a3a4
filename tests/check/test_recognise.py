"""The kind of a document from its structure and wording, with a confidence and the signals behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planbygg.check.command import collect_views
from planbygg.check.recognise import recognise
from planbygg.check.views import document_view
from planbygg.read.html import parse_html

from .conftest import make_docx


def _page(body: str):  # type: ignore[no-untyped-def]
    return document_view(parse_html(f"<html><body>{body}</body></html>", "side.html"), "side.html", "html")


NOTICE = (
    "<h1>Høyring: Plan for førebygging av omsorgssvikt og åtferdsvanskar</h1>"
    "<p>Kommunen sender planen på høyring. Planen skal førebyggje omsorgssvikt og åtferdsvanskar, og "
    "har mål, strategiar og tiltak for barn og unge.</p><p>Høyringsfrist: 21. april 2024</p>"
    "<p>Innspel kan sendast til postmottak@kommune.no.</p>"
)
LETTER = (
    "<p>Til høringsinstansene</p><p>Vår dato: 2. april 2024</p><h1>Høring – temaplan for oppvekst</h1>"
    "<p>Kommunedirektøren sender med dette utkast til temaplan på høring.</p>"
    "<p>Uttalelser sendes til postmottak@kommune.no innen 17. mai 2024.</p><p>Med vennlig hilsen</p><p>Per Hansen</p>"
)
FORM = (
    "<h1>Høringsskjema – Plan for forebygging</h1><p>Navn på høringsinstans:</p>"
    "<table><tr><th>Spørsmål</th><th>Ditt svar</th></tr><tr><td>Er målene riktige?</td><td></td></tr>"
    "<tr><td>Mangler det tiltak?</td><td></td></tr></table>"
)
REPORT = (
    "<h1>Medverknadsrapport – oppvekstplan</h1><h2>Kven var med</h2>"
    "<p>Totalt 45 ungdomar frå tre skular var med i fokusgrupper 15. mars 2024, og elevrådet hadde eit verkstad.</p>"
    "<h2>Kva ungdomane sa</h2><p>Ungdomane var opptekne av møteplassar og buss. Innspela er oppsummerte under.</p>"
)
PLAN = (
    "<h1>Plan for forebygging av omsorgssvikt og atferdsvansker 2024–2027</h1>"
    "<p>Planen var på høring med høringsfrist 1. november 2023.</p><h2>Formål</h2><p>Planen skal forebygge.</p>"
    "<h2>Mål og strategier</h2><p>Alle barn skal ha en trygg oppvekst.</p><h2>Tiltak</h2>"
    "<table><tr><th>Tiltak</th><th>Ansvarlig</th></tr><tr><td>Hjemmebesøk</td><td>Helsestasjonen</td></tr></table>"
    "<h2>Oppfølging</h2><p>Planen evalueres årlig.</p>"
)

SUMMARY = (
    "<h1>Høyringsoppsummering – plan for førebygging</h1><p>Planen var på høyring frå 1. mars til 12. april 2024.</p>"
    "<table><tr><th>Innspel</th><th>Vurdering</th></tr><tr><td>Fleire møteplassar</td><td>Teke til følgje.</td></tr></table>"
)
CASE = (
    "<h1>Plan for forebygging 2024–2027 – sluttbehandling</h1><h2>Kommunedirektørens innstilling</h2>"
    "<p>Kommunestyret vedtar planen.</p><h2>Saksopplysninger</h2><p>Planen var på høring med frist 12. april 2024.</p>"
    "<h2>Vurdering</h2><p>Planen oppfyller loven.</p><h2>Økonomiske konsekvenser</h2><p>Ingen.</p>"
)
CHANGES = (
    "<h1>Endringer etter høringen</h1><p>Planen er endret slik etter høringen:</p>"
    "<table><tr><th>Innspill</th><th>Endring i planen</th></tr><tr><td>Kurs på kveldstid</td><td>Nytt tiltak 1.4</td></tr></table>"
)


@pytest.mark.parametrize(
    ("body", "kind", "signal"),
    [
        (NOTICE, "brev", "høringsfrist"),
        (LETTER, "brev", "underskrift"),
        (FORM, "skjema", "tittel på et skjema"),
        (REPORT, "medvirkning", "tittel om medvirkning"),
        (PLAN, "plan", "tiltakstabell med ansvar"),
        (SUMMARY, "oppsummering", "tittel på en høringsoppsummering"),
        (CASE, "saksframlegg", "et saksframleggs overskrifter"),
        (CHANGES, "endringer", "tittel på en liste over endringer"),
    ],
    ids=[
        "kunngjøring om en plan",
        "brev",
        "skjema",
        "rapport",
        "plan med høringsfrist",
        "høyringsoppsummering",
        "saksframlegg",
        "endringer",
    ],
)
def test_kind_with_signals_and_confidence(body: str, kind: str, signal: str) -> None:
    found = recognise(_page(body))
    assert found.kind == kind, found.scores
    assert any(s.startswith(signal) for s in found.signals), found.signals
    assert 0.5 < found.confidence <= 1
    assert f"gjenkjent som {kind}" in found.reason and "% sikker" in found.reason


def test_a_notice_about_a_plan_is_checked_with_the_letter_rules(tmp_path: Path) -> None:
    page = tmp_path / "kunngjoring.html"
    page.write_text(f"<html><body>{NOTICE}</body></html>", encoding="utf-8")
    views, _ = collect_views([page])
    assert views[0].doc_type == "brev" and views[0].signals
    assert "høringsfrist" in views[0].recognised


TOLD = (
    "<h1>Om eg var ordførar for ein dag</h1><p>Elevar i kommunen vart i 2023 spurde om å kome med forslag til "
    "oppvekstplanen.</p><p>Hensikta var å involvere klassar frå både barneskule og ungdomsskule.</p>"
    "<p>Ordføraren kom på besøk, og innspela vart samla inn etter økta.</p>"
)
SURVEY = (
    "<h1>Oppvekstplan – vi ønsker innspill</h1><p>Vi har laget en spørreundersøkelse om oppvekst.</p>"
    "<p>Vi håper du kan ta deg tid til å svare på denne spørreundersøkelsen. Du svarer anonymt.</p>"
    "<p>Takk for at dere tar dere tid til å svare på denne undersøkelsen!</p>"
)
PLAN_PAGE = (
    "<h1>Tidleg innsats</h1><p>Målet med planen er å dreie innsatsen frå reparasjon til førebygging.</p>"
    "<p>Planen skal bli eit nyttig reiskap i folkehelsearbeidet. Planen skal bidra til eit samordna tilbod.</p>"
)
PLANNED = (
    "<h1>Tidleg innsats</h1><p>Målet med planen er å dreie innsatsen frå reparasjon til førebygging.</p>"
    "<p>Planen skal bli eit nyttig reiskap. Barn og unge skal få kome med innspel gjennom ungdomsrådet.</p>"
    "<p>I planperioden skal tenestene samarbeide tettare.</p>"
)


@pytest.mark.parametrize(
    ("body", "kind", "signal"),
    [
        (TOLD, "medvirkning", "medvirkning fortalt i fortid"),
        (SURVEY, "medvirkning", "invitasjon til å delta"),
        (PLAN_PAGE, "plan", "planen om sine egne mål"),
        (PLANNED, "plan", "planen om sine egne mål"),
    ],
    ids=["elevar vart spurde (nn)", "spørreundersøkelse (nb)", "planen om seg selv (nn)", "medverknad som skal skje (nn)"],
)
def test_participation_told_or_invited_and_a_plan_about_itself(body: str, kind: str, signal: str) -> None:
    """A short page without a plan's headings: what happened is a report, what the plan will do is a plan."""
    found = recognise(_page(body))
    assert found.kind == kind, found.scores
    assert any(s.startswith(signal) for s in found.signals), found.signals


def test_a_notice_that_tells_of_earlier_participation_is_still_a_letter() -> None:
    body = NOTICE + "<p>Ungdomsrådet og elevråda kom med innspel i fjor, og 300 elevar deltok i ei spørjeundersøking.</p>"
    found = recognise(_page(body))
    assert found.kind == "brev", found.scores


def test_a_text_without_signals_is_a_plan_with_low_confidence() -> None:
    found = recognise(_page("<p>Kommunen har mange tilbud.</p>"))
    assert found.kind == "plan" and found.confidence == 0.5
    assert "ingen tydelige kjennetegn" in found.reason


def test_planbyggs_own_documents_are_not_guessed_at(tmp_path: Path) -> None:
    from planbygg import pipeline as api

    root = Path(__file__).resolve().parents[2]
    api.build(root / "examples" / "bergen", tmp_path)
    views, _ = collect_views([tmp_path / "bergen-hoeringsskjema.docx"])
    assert views[0].doc_type == "skjema" and views[0].recognised.startswith("dokumentegenskapen")


def test_a_form_as_a_docx_without_tables(tmp_path: Path) -> None:
    doc = make_docx(
        tmp_path / "skjema.docx",
        {"blokker": [{"h1": "Innspillskjema"}, {"h2": "1. Er målene riktige?"}, {"h2": "2. Mangler det tiltak?"}]},
    )
    views, _ = collect_views([doc])
    assert views[0].doc_type == "skjema", views[0].recognised
