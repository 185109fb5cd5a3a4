"""Shared fixtures: a minimal valid municipality folder and a helper to write files into it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MINIMAL = {
    "planbygg.yaml": """\
        kommune:
          navn: Prøvestad kommune
          kommunenummer: "9999"
          målform: bokmål
          styringsform: kommunedirektør
        plan:
          tittel: Plan for forebygging
          type: temaplan
          periode: 2025–2028
          status: høringsutkast
          vedtaksorgan: kommunestyret
          dato: 2025-03-01
          formål: Planen skal forebygge omsorgssvikt og atferdsvansker.
        """,
    "strategier.yaml": """\
        strategier:
          - tittel: Tidlig innsats
            tiltak:
              - tekst: Foreldreveiledning
                ansvarlig: Helsestasjonen
                nivå: universell
                tidsramme: 2025
              - tekst: Oppfølging i skolen
                ansvarlig: Skolen
                nivå: selektiv
                tidsramme: 2025–2026
        """,
    "medvirkning.yaml": """\
        aktiviteter:
          - navn: Verksted med elevråd
            dato: 2024-11-05
            sted: Rådhuset
            målgruppe: Elever
            metode: Verksted
            deltakere: 12
            herav_barn_og_unge: 12
            innspill:
              - tema: Fritid
                punkter: [Flere møteplasser]
                oppfølging: {strategi: "1"}
        """,
    "horing.yaml": """\
        sendt: 2025-03-03
        frist: 2025-04-30
        dokumenter_url: https://provestad.kommune.no/horing
        svar:
          epost: post@provestad.kommune.no
        kontaktperson:
          navn: Ola Nordmann
        signatur:
          - navn: Kari Nordmann
            tittel: kommunedirektør
        høringsinstanser: [Ungdomsrådet, Råd for personer med funksjonsnedsettelse]
        """,
    "kapitler/01-innledning.md": "# Innledning\n\nTekst.\n",
}


def write_folder(root: Path, files: dict[str, str | None]) -> Path:
    """Write the minimal folder with `files` layered on top (None deletes a file)."""
    merged: dict[str, str | None] = {**MINIMAL, **files}
    for name, text in merged.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def folder(tmp_path: Path):
    """Return a function that writes a municipality folder and returns its path."""

    def make(files: dict[str, str | None] | None = None, name: str = "provestad") -> Path:
        return write_folder(tmp_path / name, files or {})

    return make


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests never read or write the user's own cache (~/.cache/planbygg); commands they start inherit this."""
    import os

    os.environ["PLANBYGG_CACHE"] = str(tmp_path_factory.mktemp("planbygg-cache"))
