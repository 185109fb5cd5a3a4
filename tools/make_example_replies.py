"""Make the example replies in examples/bergen/høringssvar/ that are documents: two filled-in forms and a PDF letter.

The forms are Bergen's own høringsskjema as planbygg builds it, filled in through its content
controls (planbygg.replies.form.fill), as a respondent would in Word. The second form is then
saved by LibreOffice, as a respondent using LibreOffice would (LibreOffice 7.4 drops the
controls' tags and keeps their titles), so the example shows both paths. The PDF is a letter
printed by LibreOffice. Every reply is example text, made up for the example.

Run from the repository root:  PYTHONPATH=cli python tools/make_example_replies.py
Needs soffice for the PDF and the LibreOffice-saved form.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from planbygg.load.folder import load
from planbygg.pipeline import render_documents, write_all
from planbygg.replies.form import fill

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "examples" / "bergen"
OUT = FOLDER / "høringssvar"
MARK = "Eksempeltekst: oppdiktet høringssvar til planbygg-eksempelet."

FAU = {
    "navn": "Hanne Lie",
    "organisasjon": "FAU ved Eksempelvik skole",
    "spm-1": "Mange familier får hjelp for sent. Skolen ser ofte at noe er galt lenge før barnevernet kobles inn.",
    "spm-2": "Fast kontaktperson i barnevernet for hver skole er særlig viktig.\nDa blir det lettere for lærerne å spørre om råd tidlig.",
    "spm-3": "Foreldreveiledning bør også tilbys på skolen, ikke bare i bydelen. Mange foreldre kommer ikke på kurs andre steder.",
    "spm-5": "Foreldre må få vite hva som skjer i saken, og få svar når de spør.",
}
PRIVATE = {
    "navn": "Jonas Eksempel",
    "spm-2": "Ettervernet er for svakt. Jeg var i barnevernet selv og fikk lite hjelp da jeg fylte 18 år.",
    "spm-5": "Barn må få snakke alene med saksbehandleren, uten at foreldrene er til stede.",
    "andre-innspill": "Send meg gjerne svar på jonas.eksempel@gmail.com.",
}
LETTER = """Høringssvar – Handlingsplan for barnevernet (eksempeltekst)

Bergen, 29. juni 2023

Fosterhjemsforeningen i Vestland takker for muligheten til å gi innspill. Foreningen og svaret er oppdiktet til planbygg-eksempelet.

Vi støtter målet om flere fosterhjem i familie og nettverk. Fosterhjemmene trenger veiledning og avlastning fra første dag, og en fast kontaktperson i barnevernet.

Planen sier lite om ettervern. Unge som flytter fra fosterhjem, trenger oppfølging til de er 25 år. Vi foreslår et eget tiltak for ettervern.

Med vennlig hilsen
Fosterhjemsforeningen i Vestland
"""


def blank_form() -> bytes:
    """Bergen's høringsskjema, built from the example's content."""
    content = load(FOLDER)
    documents = {name: doc for name, doc in render_documents(content).items() if doc.kind == "hoeringsskjema"}
    return next(iter(write_all(content, documents).values()))


def stamp(data: bytes, day: str) -> bytes:
    """Set when the form was saved (dcterms:modified) and mark it as example text (dc:description)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{day}T12:00:00Z", text)
                text = re.sub(r"<dc:description>[^<]*</dc:description>|<dc:description/>", "", text)
                text = text.replace("</cp:coreProperties>", f"<dc:description>{MARK}</dc:description></cp:coreProperties>")
                body = text.encode("utf-8")
            target.writestr(zipfile.ZipInfo(info.filename, info.date_time), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def soffice(args: list[str], cwd: Path) -> None:
    """Run LibreOffice headless with a fresh profile."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args],
            cwd=cwd,
            check=True,
            capture_output=True,
            timeout=180,
        )


def main() -> int:
    """Write the example replies; 1 when LibreOffice is missing."""
    form = blank_form()
    (OUT / "2023-06-29-skjema-fau-eksempelvik-skole.docx").write_bytes(stamp(fill(form, FAU), "2023-06-29"))
    private = stamp(fill(form, PRIVATE), "2023-06-30")
    if not shutil.which("soffice"):
        print("soffice mangler: skjemaet som er lagret i LibreOffice, og PDF-brevet er ikke laget", file=sys.stderr)
        (OUT / "2023-06-30-skjema-privatperson.docx").write_bytes(private)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "skjema.docx").write_bytes(private)
        soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", "lo", "skjema.docx"], work)
        (OUT / "2023-06-30-skjema-privatperson.docx").write_bytes(stamp((work / "lo" / "skjema.docx").read_bytes(), "2023-06-30"))
        (work / "brev.txt").write_text(LETTER, encoding="utf-8")
        soffice(["--convert-to", "pdf", "--outdir", "pdf", "brev.txt"], work)
        (OUT / "2023-06-29-fosterhjemsforeningen.pdf").write_bytes((work / "pdf" / "brev.pdf").read_bytes())
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
