"""`planbygg svar`: the høringsskjema's content controls, reading replies of every kind, and the register they go into."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from check.conftest import write_content
from ruamel.yaml import YAML

from planbygg.errors import ContentError
from planbygg.load.folder import load
from planbygg.pipeline import render_documents, write_all
from planbygg.replies import command
from planbygg.replies.form import fill as fill_form
from planbygg.replies.form import read_answers
from planbygg.replies.letters import read_letter, signature_names
from planbygg.write.docx.controls import PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = {
    "bm": ["Hva er de viktigste utfordringene?", "Hvilke tiltak er viktigst?"],
    "nn": ["Kva er dei viktigaste utfordringane?", "Kva tiltak er viktigast?"],
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def folder_with_form(tmp_path: Path, lang: str = "bm") -> Path:
    """The minimal municipality (tests/check/conftest.py) with a høringsskjema of two questions."""
    return write_content(
        tmp_path / f"kommune-{lang}", lang, {"horing.yaml:skjema": {"tittel": "Innspillskjema", "spørsmål": QUESTIONS[lang]}}
    )


def blank_form(folder: Path) -> bytes:
    content = load(folder)
    documents = {n: d for n, d in render_documents(content).items() if d.kind == "hoeringsskjema"}
    return next(iter(write_all(content, documents).values()))


def email(sender: str, subject: str, body: str, date: str = "Mon, 18 Mar 2024 10:00:00 +0100") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "post@testvik.kommune.no"
    message["Subject"] = subject
    message["Date"] = date
    message.set_content(body)
    return bytes(message)


def yaml_rt() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


# ------------------------------------------------------------------ the form's content controls


def test_form_has_one_tagged_plain_text_control_per_question(tmp_path: Path) -> None:
    data = blank_form(folder_with_form(tmp_path))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    tags = re.findall(r'<w:tag w:val="([^"]+)"/>', xml)
    assert tags == ["navn", "organisasjon", "spm-1", "spm-2", "andre-innspill"]
    assert xml.count('<w:text w:multiLine="1"/>') == 5  # plain text: the kind LibreOffice keeps
    assert '<w:alias w:val="Svar på spørsmål 1 [spm-1]"/>' in xml
    found = read_answers(data)
    assert found.fields == tags and found.answers == {}  # the placeholder is not an answer


def test_filled_form_reads_back_by_tag_and_by_alias(tmp_path: Path) -> None:
    data = fill_form(
        blank_form(folder_with_form(tmp_path)),
        {"navn": "Kari Nordmann", "spm-2": "Første linje\nAndre linje", "andre-innspill": "Takk."},
    )
    assert read_answers(data).answers == {
        "navn": "Kari Nordmann",
        "spm-2": "Første linje\nAndre linje",
        "andre-innspill": "Takk.",
    }
    # Without w:tag (LibreOffice 7.4 drops it) the id comes from the end of the alias.
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    parts["word/document.xml"] = re.sub(rb"<w:tag [^>]*/>", b"", parts["word/document.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, body in parts.items():
            package.writestr(name, body)
    assert read_answers(out.getvalue()).answers["spm-2"] == "Første linje\nAndre linje"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice mangler")
def test_form_survives_libreoffice(tmp_path: Path) -> None:
    """A form filled in and saved by LibreOffice (headless) keeps its controls and answers."""
    answers = {"navn": "Ola Nordmann", "organisasjon": "Testvik idrettsråd", "spm-1": "Flere trenere.", "spm-2": "Tiltak 1.1."}
    (tmp_path / "skjema.docx").write_bytes(fill_form(blank_form(folder_with_form(tmp_path)), answers))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profil'}"
    convert = ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(tmp_path / "skjema.docx")]
    subprocess.run([str(_soffice()), profile, "--headless", *convert], capture_output=True, timeout=180, check=True)
    saved = (tmp_path / "lo" / "skjema.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(saved)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:sdt>") == 5 and "<w:text " in xml  # still plain-text content controls
    found = read_answers(saved)
    assert found.fields == ["navn", "organisasjon", "spm-1", "spm-2", "andre-innspill"]
    assert found.answers == answers


UNO_FILL = """
import os, subprocess, sys, tempfile, time, uno
from com.sun.star.beans import PropertyValue
def pv(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
source, target, pipe = sys.argv[1], sys.argv[2], "planbygg%d" % os.getpid()
profile = tempfile.mkdtemp()
office = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--invisible", "--norestore",
                           "--accept=pipe,name=%s;urp;" % pipe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe); break
        except Exception:
            time.sleep(0.25)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL("file://" + source, "_blank", 0, (pv("Hidden", True),))
    fields = doc.TextFields.createEnumeration()
    while fields.hasMoreElements():
        field = fields.nextElement()
        if not field.supportsService("com.sun.star.text.textfield.Input"):
            continue
        alias = dict((p.Name, p.Value) for p in field.InteropGrabBag).get("ooxml:CT_SdtPr_alias", "")
        if alias.endswith("[navn]"):
            field.Content = "Kari i LibreOffice"
        elif alias.endswith("[spm-1]"):
            field.Content = "Skrevet i LibreOffice.\\nMed to linjer."
    doc.storeToURL("file://" + target, (pv("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
    desktop.terminate()
finally:
    try:
        office.wait(timeout=30)
    except Exception:
        office.kill()
"""


def _uno_python() -> str | None:
    """A Python that can drive LibreOffice (Debian's python3 with python3-uno), if there is one."""
    for python in ("/usr/bin/python3", shutil.which("python3")):
        if python and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
            return python
    return None


@pytest.mark.libreoffice
@pytest.mark.skipif(_soffice() is None or _uno_python() is None, reason="LibreOffice med Python-UNO mangler")
def test_form_filled_in_libreoffice_reads_back(tmp_path: Path) -> None:
    """Type into the fields in LibreOffice itself (through UNO), save as .docx, read the answers back."""
    (tmp_path / "skjema.docx").write_bytes(blank_form(folder_with_form(tmp_path)))
    script = tmp_path / "fyll.py"
    script.write_text(UNO_FILL, encoding="utf-8")
    result = subprocess.run(
        [str(_uno_python()), str(script), str(tmp_path / "skjema.docx"), str(tmp_path / "utfylt.docx")],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    found = read_answers((tmp_path / "utfylt.docx").read_bytes())
    assert found.answers == {"navn": "Kari i LibreOffice", "spm-1": "Skrevet i LibreOffice.\nMed to linjer."}


# ------------------------------------------------------------------ intake


@pytest.mark.parametrize("lang", ["bm", "nn"])
def test_form_and_email_go_into_the_register(tmp_path: Path, lang: str) -> None:
    folder = folder_with_form(tmp_path, lang)
    replies = folder / "høringssvar"
    replies.mkdir()
    filled = fill_form(
        blank_form(folder),
        {
            "navn": "Kari Nordmann",
            "organisasjon": "Testvik idrettsråd",
            "spm-1": "For få trenere.",
            "spm-2": "Foreldrekurs for alle.",
        },
    )
    (replies / "skjema-idrettsradet.docx").write_bytes(filled)
    body = "Hei!\n\nUngdomsrådet vil ha flere møteplasser for unge i sentrum.\n\nMed vennlig hilsen\nTestvik ungdomsråd\n"
    (replies / "ungdomsradet.eml").write_bytes(email("Testvik ungdomsråd <ungdomsradet@testvik.kommune.no>", "Høringssvar", body))
    result = command.run(folder)
    assert [a.reply.file for a in result.added] == ["høringssvar/skjema-idrettsradet.docx", "høringssvar/ungdomsradet.eml"]
    register = YAML(typ="safe").load((folder / "høringssvar.yaml").read_text(encoding="utf-8"))
    form, mail = register["svar"]
    assert (form["avsender"], form["organisasjon"], form["kanal"], form["kategori"]) == (
        "Kari Nordmann",
        "Testvik idrettsråd",
        "skjema",
        "organisasjon",
    )
    assert [(i["spørsmål"], i["tekst"]) for i in form["innspill"]] == [
        (QUESTIONS[lang][0], "For få trenere."),
        (QUESTIONS[lang][1], "Foreldrekurs for alle."),
    ]
    assert form["innspill"][1]["gjelder"] == {"tiltak": "1.1"}  # «Foreldrekurs for alle» is measure 1.1
    assert all(i["vurdering"] == "" and i["endring"] == "" for i in form["innspill"])  # '' : to be filled in
    assert (mail["avsender"], mail["kanal"], mail["kategori"], str(mail["dato"])) == (
        "Testvik ungdomsråd",
        "e-post",
        "ungdomsråd",
        "2024-03-18",
    )
    assert [i["tekst"] for i in mail["innspill"]] == ["Ungdomsrådet vil ha flere møteplasser for unge i sentrum."]
    assert (folder / "høringsutkast-innhold.json").is_file()
    # The planner assesses both, in the municipality's own målform, and builds.
    data = yaml_rt().load((folder / "høringssvar.yaml").read_text(encoding="utf-8"))
    taken = "teke til følgje" if lang == "nn" else "tatt til følge"
    data["svar"][0]["innspill"][1].update(vurdering=taken, endring="Kurset gis også på kveldstid.")
    data["svar"][0]["innspill"][0].update(vurdering="til orientering")
    data["svar"][1]["innspill"][0].update(
        vurdering="ikkje teke til følgje" if lang == "nn" else "ikke tatt til følge", begrunnelse="Ikke i denne planen."
    )
    with (folder / "høringssvar.yaml").open("w", encoding="utf-8") as handle:
        yaml_rt().dump(data, handle)
    from planbygg.pipeline import build

    built = build(folder)
    assert built.error is None and not built.blocked
    path = next(w.path for w in built.written if w.path.name.endswith("hoeringsoppsummering.docx"))
    text = _docx_text(path)
    for needle in ("Testvik idrettsråd", "Testvik ungdomsråd", "Kurset gis også på kveldstid."):
        assert needle in text
    assert ("Teke til følgje" if lang == "nn" else "Tatt til følge") in text
    assert ("Ikkje teke til følgje" if lang == "nn" else "Ikke tatt til følge") in text
    assert ("Høyringsoppsummering" if lang == "nn" else "Høringsoppsummering") in text
    assert not [f for f in built.findings if f.rule_id in ("PBL-11-14-VURDERT", "CHK-SVAR-ENDRING") and f.status != "oppfylt"]


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", xml.replace("</w:p>", "\n")).split())


def test_second_run_keeps_what_the_planner_wrote(tmp_path: Path) -> None:
    folder = folder_with_form(tmp_path)
    replies = folder / "høringssvar"
    replies.mkdir()
    (replies / "01-brev.txt").write_text(
        "Fra: Testvik idrettslag\nDato: 15.03.2024\n\nVi ønsker flere aktiviteter i helgene for ungdom.\n", encoding="utf-8"
    )
    command.run(folder)
    path = folder / "høringssvar.yaml"
    # The planner assesses, corrects the suggestion, and writes a comment of their own.
    text = path.read_text(encoding="utf-8")
    text = text.replace("        vurdering: ''\n", "        vurdering: delvis tatt til følge  # drøftet i ledermøtet\n", 1)
    text = text.replace("        endring: ''\n", "        endring: Nytt tiltak om helgeaktiviteter.\n", 1)
    text = re.sub(r"gjelder:.*\n", "gjelder: {tema: Fritid}\n", text, count=1)
    text = text.replace("svar:\n", "# Planleggerens merknad: svarene er gjennomgått 20. mars.\nsvar:\n", 1)
    path.write_text(text, encoding="utf-8")
    # Nothing new: the file is left exactly as it is.
    result = command.run(folder)
    assert not result.added and result.kept == 1
    assert path.read_text(encoding="utf-8") == text
    # A new reply is added at the end; everything above it stays byte for byte.
    (replies / "02-epost.eml").write_bytes(
        email("Per Hansen <per.hansen@gmail.com>", "Innspill", "Planen må nevne skolehelsetjenesten.\n")
    )
    result = command.run(folder)
    assert [a.reply.file for a in result.added] == ["høringssvar/02-epost.eml"] and result.kept == 1
    after = path.read_text(encoding="utf-8")
    assert after.startswith(text)
    assert "02-epost.eml" in after[len(text) :]
    loaded = load(folder).data["høringssvar"]["svar"]
    assert loaded[0]["innspill"][0]["vurdering"] == "delvis tatt til følge"
    assert loaded[0]["innspill"][0]["gjelder"] == {"tema": "Fritid", "strategi": None, "tiltak": None, "kapittel": None}
    # A reply file that disappears is reported, and its entry is kept.
    (replies / "01-brev.txt").unlink()
    result = command.run(folder)
    assert result.missing == ["høringssvar/01-brev.txt"] and "01-brev.txt" in path.read_text(encoding="utf-8")


def test_personal_data_is_flagged(tmp_path: Path) -> None:
    folder = folder_with_form(tmp_path)
    replies = folder / "høringssvar"
    replies.mkdir()
    (replies / "privat.txt").write_text(
        "Fra: Ola Hansen\n\nMin sønn (fnr 150690 12377) trenger hjelp. Ring meg på 912 34 567 eller skriv til ola.hansen@gmail.com.\n",
        encoding="utf-8",
    )
    result = command.run(folder)
    assert result.added[0].flags == ["fødselsnummer 150690 *****", "telefon 91 ** ** 67", "e-post o***@gmail.com"]
    register = YAML(typ="safe").load((folder / "høringssvar.yaml").read_text(encoding="utf-8"))
    assert register["svar"][0]["personopplysninger"] == result.added[0].flags
    assert "mulige personopplysninger" in (folder / "høringssvar.yaml").read_text(encoding="utf-8")


def test_register_errors_are_located(tmp_path: Path) -> None:
    folder = folder_with_form(tmp_path)
    (folder / "høringssvar").mkdir()
    (folder / "høringssvar.yaml").write_text(
        "svar:\n  - fil: høringssvar/x.txt\n    innspill:\n      - tekst: Bra plan.\n        vurdering: tatt til følgje\n"
        "        gjelder: {tiltak: '9.9'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        command.run(folder)
    shown = [p.format() for p in caught.value.problems if p.level == "feil"]
    assert any("høringssvar.yaml:5:20: feil: «tatt til følgje» er ikke tillatt her" in s and "mente du" in s for s in shown), (
        shown
    )
    assert any("høringssvar.yaml:6:" in s and "det finnes ikke noe tiltak med id «9.9»" in s for s in shown), shown


def test_replies_of_every_kind_in_the_bergen_example() -> None:
    """Bergen's høringssvar/: e-mail, text, Markdown, PDF and two forms (one saved by LibreOffice) are all read."""
    from planbygg.replies.sources import read_reply

    root = ROOT / "examples" / "bergen"
    content = load(root)
    questions = [str(q) for q in content.data["høring"]["skjema"]["spørsmål"]]
    replies = {
        p.suffix: read_reply(p, root, questions) for p in sorted((root / "høringssvar").iterdir()) if "skjema" not in p.name
    }
    assert replies[".pdf"].sender == "Fosterhjemsforeningen i Vestland" and replies[".pdf"].category == "organisasjon"
    assert any("ettervern" in p.text for p in replies[".pdf"].pieces)
    assert replies[".eml"].category == "ungdomsråd" and len(replies[".eml"].pieces) == 3
    assert replies[".txt"].category == "råd for personer med funksjonsnedsettelse"
    assert replies[".md"].category == "kommunal virksomhet"
    lo = read_reply(root / "høringssvar" / "2023-06-30-skjema-privatperson.docx", root, questions)
    assert (lo.channel, lo.sender, lo.category) == ("skjema", "Jonas Eksempel", "privatperson")
    assert lo.pieces[0].question == questions[1]
    # The register in the example was made from these files, and every reply has its entry.
    names = {e["fil"] for e in content.data["høringssvar"]["svar"]}
    assert names == {f"høringssvar/{p.name}" for p in (root / "høringssvar").iterdir()}


def test_letters_are_split_into_points() -> None:
    letter = read_letter(
        "Høringssvar – Plan for forebygging\n\nTestvik idrettsråd takker for muligheten til å gi innspill.\n\n"
        "Idrettslagene vil gjerne være med på tiltakene for ungdom i helgene.\n\n"
        "Kontingenten bør ikke hindre noen i å delta; kommunen bør dekke den for familier med lav inntekt.\n\n"
        "Med vennlig hilsen\nKari Nordmann\nleder, Testvik idrettsråd\ntlf. 99 88 77 66\n"
    )
    assert letter.headers["emne"] == "Høringssvar – Plan for forebygging"
    assert letter.pieces == [
        "Idrettslagene vil gjerne være med på tiltakene for ungdom i helgene.",
        "Kontingenten bør ikke hindre noen i å delta; kommunen bør dekke den for familier med lav inntekt.",
    ]
    assert signature_names(letter.signature) == ("Kari Nordmann", "Testvik idrettsråd")
    long = read_letter("Dette er en lang setning om barnevernet. " * 40)
    assert long.shortened and long.pieces[0].endswith("[…]") and len(long.pieces[0]) < 620


def test_email_with_attached_form(tmp_path: Path) -> None:
    folder = folder_with_form(tmp_path)
    (folder / "høringssvar").mkdir()
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@example.org>"
    message["Subject"] = "Høringssvar"
    message["Date"] = "Tue, 19 Mar 2024 08:00:00 +0100"
    message.set_content("Se vedlagt skjema.\n")
    form = fill_form(blank_form(folder), {"organisasjon": "Testvik FAU", "spm-1": "Skolen mangler helsesykepleier."})
    message.add_attachment(form, maintype="application", subtype="octet-stream", filename="skjema.docx")
    (folder / "høringssvar" / "svar.eml").write_bytes(bytes(message))
    reply = command.run(folder).added[0].reply
    assert (reply.channel, reply.organisation) == ("skjema", "Testvik FAU")
    assert [p.text for p in reply.pieces] == ["Skolen mangler helsesykepleier."]  # the covering note is not an innspill


def test_cli_svar_in_norwegian(tmp_path: Path) -> None:
    folder = folder_with_form(tmp_path)
    (folder / "høringssvar").mkdir()
    (folder / "høringssvar" / "svar.txt").write_text(
        "Fra: Testvik idrettslag\n\nFlere aktiviteter i helgene.\n", encoding="utf-8"
    )
    env = {"PYTHONPATH": str(ROOT / "cli")}
    run = subprocess.run(
        [sys.executable, "-m", "planbygg", "svar", str(folder)], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "1 nytt svar (1 innspill)" in run.stdout and "Neste steg" in run.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "planbygg", "svar", str(tmp_path / "finnes-ikke")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and "finner ikke mappen" in missing.stderr
    assert PLACEHOLDER == "Klikk og skriv her."
