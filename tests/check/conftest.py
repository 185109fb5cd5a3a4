"""Fixtures for `planbygg check`: a minimal valid content folder (bokmål and nynorsk) and .docx builders."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

BASE: dict[str, dict[str, Any]] = {
    "bm": {
        "planbygg.yaml": {
            "kommune": {
                "navn": "Testvik kommune",
                "kortnavn": "testvik",
                "kommunenummer": "9999",
                "målform": "bokmål",
                "styringsform": "kommunedirektør",
                "epost": "post@testvik.kommune.no",
            },
            "plan": {
                "tittel": "Plan for forebygging",
                "type": "temaplan",
                "periode": "2024–2027",
                "status": "høringsutkast",
                "vedtaksorgan": "kommunestyret",
                "dato": "2024-01-15",
                "formål": "Planen skal forebygge omsorgssvikt og atferdsvansker hos barn og unge.",
                "samarbeid": "Tjenestene samarbeider i faste team. Tilbudet samordnes gjennom BTI og barnekoordinator.",
                "samfunnsdel": "Kommuneplanens samfunnsdel 2020–2032",
            },
        },
        "strategier.yaml": {
            "strategier": [
                {
                    "tittel": "Trygge familier",
                    "mål": ["Flere familier får hjelp tidlig."],
                    "tiltak": [
                        {
                            "tekst": "Foreldrekurs for alle",
                            "ansvarlig": "Helsestasjonen",
                            "nivå": "universell",
                            "tidsramme": "2024",
                        },
                        {
                            "tekst": "Grupper for utsatte familier",
                            "ansvarlig": "Barnevernstjenesten",
                            "nivå": "selektiv",
                            "tidsramme": "2025",
                        },
                        {
                            "tekst": "Tett oppfølging av enkeltbarn",
                            "ansvarlig": "PPT",
                            "nivå": "indikert",
                            "tidsramme": "løpende",
                        },
                    ],
                }
            ]
        },
        "medvirkning.yaml": {
            "aktiviteter": [
                {
                    "navn": "Verksted med elevrådet",
                    "dato": "2023-11-30",
                    "sted": "Testvik skole",
                    "målgruppe": "Elever i 8. klasse",
                    "metode": "Verksted",
                    "deltakere": 12,
                    "herav_barn_og_unge": 12,
                    "innspill": [{"tema": "Fritid", "punkter": ["Flere møteplasser"], "oppfølging": {"strategi": "1"}}],
                }
            ],
            "ikke_nådd": "Vi nådde ikke foreldre med minoritetsbakgrunn.",
            "tilbakemelding": "Elevrådet får et møte om hva innspillene førte til.",
        },
        "horing.yaml": {
            "saksnummer": "24/100",
            "sendt": "2024-02-01",
            "frist": "2024-03-22",
            "dokumenter_url": "https://www.testvik.kommune.no/horing",
            "svar": {"epost": "post@testvik.kommune.no", "merking": "Høringssvar plan"},
            "kontaktperson": {"navn": "Kari Nordmann", "epost": "kari.nordmann@testvik.kommune.no"},
            "signatur": [{"navn": "Ola Nordmann", "tittel": "kommunedirektør"}],
            "høringsinstanser": ["Ungdomsrådet", "Råd for personer med funksjonsnedsettelse"],
            "bakgrunn": "Kommunedirektøren sender planen på høring. Barn og unge kan gi innspill i skolen.",
        },
        "kapitler/01-kunnskapsgrunnlag.md": "# Kunnskapsgrunnlag\n\nUngdata viser at de fleste har det bra.\n",
        "kapitler/02-ressurser.md": "# Ressurser og økonomi\n\nTiltakene dekkes i budsjettet.\n",
        "kapitler/03-oppfolging.md": "# Oppfølging og evaluering\n\nPlanen følges opp i den årlige tilstandsrapporten.\n",
    },
}
BASE["nn"] = copy.deepcopy(BASE["bm"])
_nn = BASE["nn"]
_nn["planbygg.yaml"]["kommune"]["målform"] = "nynorsk"
_nn["planbygg.yaml"]["plan"].update(
    tittel="Plan for førebygging",
    formål="Planen skal førebyggje omsorgssvikt og åtferdsvanskar hjå barn og unge.",
    samarbeid="Tenestene samarbeider i faste team. Tilbodet vert samordna gjennom BTI og barnekoordinator.",
)
_nn["strategier.yaml"]["strategier"][0].update(tittel="Trygge familiar", mål=["Fleire familiar får hjelp tidleg."])
_nn["medvirkning.yaml"].update(
    ikke_nådd="Vi nådde ikkje foreldre med minoritetsbakgrunn.",
    tilbakemelding="Elevrådet får eit møte om kva innspela førte til.",
)
_nn["horing.yaml"].update(
    høringsinstanser=["Ungdomsrådet", "Råd for personar med funksjonsnedsetjing"],
    bakgrunn="Kommunedirektøren sender planen på høyring. Barn og unge kan gje innspel i skulen.",
)
_nn["kapitler/01-kunnskapsgrunnlag.md"] = "# Kunnskapsgrunnlag\n\nUngdata viser at dei fleste har det bra.\n"
_nn["kapitler/02-ressurser.md"] = "# Ressursar og økonomi\n\nTiltaka vert dekte i budsjettet.\n"
_nn["kapitler/03-oppfolging.md"] = "# Oppfølging og evaluering\n\nPlanen vert følgd opp i den årlege tilstandsrapporten.\n"

DELETE = "~slett"


def _set(data: Any, keypath: str, value: Any) -> None:
    keys = [int(k) if k.isdigit() else k for k in keypath.split(".")]
    for k in keys[:-1]:
        data = data[k]
    if value == DELETE:
        del data[keys[-1]]
    else:
        data[keys[-1]] = value


def _png() -> bytes:
    """A real 1×1 PNG (checksums and all), made here rather than copied in as bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\xff"))
        + chunk(b"IEND", b"")
    )


PNG = _png()


def write_content(folder: Path, lang: str, overrides: dict[str, Any] | None = None) -> Path:
    """Write the minimal content folder with overrides «fil.yaml:sti.til.felt: verdi» or «kapitler/x.md: tekst»."""
    from ruamel.yaml import YAML

    files = copy.deepcopy(BASE[lang])
    for key, value in (overrides or {}).items():
        if ":" in key and key.split(":", 1)[0] in files:
            name, path = key.split(":", 1)
            _set(files[name], path, value)
        elif value == DELETE or value is None:
            files.pop(key, None)
        else:
            files[key] = value
    yaml = YAML()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".md"):
            path.write_text(data, encoding="utf-8")
        elif name.endswith(".json"):
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        elif name.endswith(".png"):
            path.write_bytes(PNG)  # a case names a picture file: a real 1×1 PNG
        else:
            with path.open("w", encoding="utf-8") as fh:
                yaml.dump(data, fh)
    return folder


def make_docx(path: Path, spec: dict[str, Any]) -> Path:
    """Write a .docx with plain python-docx (as "another tool" would) from a small description.

    spec: tittel (core property), språk (e.g. nb-NO), tittelavsnitt (Title paragraph), and
    blokker: a list of {h1|h2|h3: text}, {p: text}, {punkt: text}, {tabell: [[header…], [row…]…],
    overskriftsrad: bool}, {bilde: alt text ("" for none)}; egenskaper: custom document properties.
    """
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    if spec.get("tittel"):
        document.core_properties.title = spec["tittel"]
    if spec.get("språk"):
        document.core_properties.language = spec["språk"]
        # Word and LibreOffice take the language from the default text properties (a PDF's /Lang comes from there)
        defaults = document.styles.element.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
        if r_pr is not None:
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), spec["språk"])
    if spec.get("tittelavsnitt"):
        document.add_paragraph(spec["tittelavsnitt"], style="Title")
    for block in spec.get("blokker", []):
        if any(k in block for k in ("h1", "h2", "h3")):
            level = next(int(k[1]) for k in ("h1", "h2", "h3") if k in block)
            document.add_heading(block[f"h{level}"], level=level)
        elif "p" in block:
            document.add_paragraph(block["p"])
        elif "punkt" in block:
            document.add_paragraph(block["punkt"], style="List Bullet")
        elif "tabell" in block:
            rows = block["tabell"]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = str(text)
            if block.get("overskriftsrad", True):
                tr_pr = table.rows[0]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                tr_pr.append(el)
        elif "bilde" in block:
            image = ROOT / "examples" / "baerum" / "logo.png"
            if not image.exists():
                image = _tiny_png(path.parent / "bilde.png")
            document.add_picture(str(image))
            pr = document.inline_shapes[-1]._inline.docPr
            pr.set("descr", block["bilde"])
    document.save(str(path))
    if spec.get("egenskaper"):
        _custom_properties(path, spec["egenskaper"])
    return path


def _custom_properties(path: Path, properties: dict[str, Any]) -> None:
    """Add docProps/custom.xml (as Word writes «Egendefinerte egenskaper»), which python-docx cannot write."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name={quoteattr(str(name))}>'
        f"<vt:lpwstr>{escape(str(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}</Properties>'
    )
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["docProps/custom.xml"] = custom.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    )
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Target="docProps/custom.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _tiny_png(path: Path) -> Path:
    import base64

    path.write_bytes(
        base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    )
    return path


def make_pandoc(path: Path, markdown: str) -> Path:
    """Write a .docx with pandoc from Markdown."""
    if not shutil.which("pandoc"):
        pytest.skip("pandoc mangler")
    src = path.with_suffix(".md")
    src.write_text(markdown, encoding="utf-8")
    subprocess.run(["pandoc", str(src), "-o", str(path)], check=True, timeout=60)
    return path
