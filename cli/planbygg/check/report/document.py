"""The checklist a lawyer can sign (.md or .docx): the municipality and documents, findings by area with quotes and places."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .findings import STATUS_TEXT, SYMBOL, Finding, Report, date_nb

TITLE = "Kontroll av dokumentene etter barnevernsloven § 15-1 og reglene for høring"
# Areas in the order a lawyer reads them: the plan, the høring, participation, universal design, language, the rest.
FILE_ORDER = (
    "plan.yaml",
    "hoeringsbrev.yaml",
    "medvirkning.yaml",
    "hoeringssvar.yaml",
    "universell-utforming.yaml",
    "sprak.yaml",
    "personvern.yaml",
    "konsistens.yaml",
    "ferdig-tekst.yaml",
)
LEGEND = (
    "Slik leses rapporten: ✓ oppfylt (sitatet viser hvor) · ✗ lovkrav mangler · ? må vurderes av en jurist "
    "(svake eller motstridende spor; det som ble funnet, står ved funnet) · ! anbefaling ikke fulgt · – ikke relevant. "
    "Stedet er oppgitt som fil › overskrift › avsnitt, som fil, side N for PDF, eller som fil:linje for en "
    "innholdsmappe; tekst fra planbyggs malbibliotek er merket «standardtekst»."
)
LIMITS = (
    "Kontrollen leser teksten. Den kan ikke vurdere om innholdet er faglig godt, om tiltakene er de riktige, "
    "eller om det som står, er sant.",
    "At teksten sier at kommunestyret har vedtatt planen, er ikke et bevis for vedtaket; sjekk saksnummer og protokoll.",
    "Om medvirkningen var reell og representativ, og om barna fikk tilbakemelding, kan bare vurderes ut fra det "
    "rapporten forteller.",
    "Datoer regnes ut fra teksten; når høringen faktisk ble sendt ut eller kunngjort, må sjekkes i arkivet.",
    "Funn merket «må vurderes» er tvilstilfeller (en nektelse, et sitat av loven, et tomt kapittel, motstridende "
    "opplysninger) som en jurist må ta stilling til.",
    "Tekst i bilder, skannede sider og vedlegg som ikke er lagt ved kontrollen, blir ikke lest. Universell "
    "utforming kontrolleres bare for overskrifter, tabelloverskrifter, alternativ tekst, tittel og språk; "
    "kontrast, lesefølge og skjemafelt må sjekkes for seg.",
)
SIGNATURE = (
    "Kontrollen over er gjort automatisk og viser hva planbygg fant i dokumentene. Den som skriver under, har"
    " vurdert funnene, også dem som er merket «må vurderes», og bekrefter at de lovpålagte elementene er med."
)


def _order(report: Report) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by area, areas in FILE_ORDER, then any other rule file."""
    files = sorted(report.rule_files, key=lambda f: (FILE_ORDER.index(f) if f in FILE_ORDER else len(FILE_ORDER), f))
    areas = [report.rule_files[f][0] for f in files]
    groups: dict[str, list[Finding]] = {a: [] for a in areas}
    for f in report.findings:
        groups.setdefault(f.area or "Andre regler", []).append(f)
    return [(a, fs) for a, fs in groups.items() if fs]


def _result_text(report: Report) -> str:
    head = {"ikke godkjent": "IKKE GODKJENT – lovkrav mangler", "må vurderes": "MÅ VURDERES – se funnene merket ?"}
    return f"{head.get(report.result(), 'Ingen lovkrav mangler')} ({report.summary()})"


def _facts(report: Report) -> list[tuple[str, str]]:
    facts = []
    if report.municipality:
        facts.append(("Kommune", report.municipality))
    facts += [
        ("Dato for kontrollen", date_nb(report.date)),
        ("Resultat", _result_text(report)),
        ("Kontrollert med", f"planbygg {report.version}".strip()),
        ("Regelfiler", "; ".join(f"{k} (versjon {v})" for k, (_, v) in report.rule_files.items())),
    ]
    return facts


def _evidence_text(f: Finding, n: int = 3) -> list[str]:
    out = []
    for e in f.evidence[:n]:
        quote = (f"«{e.snippet}» – " if getattr(e, "quoted", False) else f"{e.snippet} – ") if e.snippet else ""
        note = f" ({e.note})" if getattr(e, "note", "") else ""
        out.append(f"{quote}{e.where}{note}")
    return out


def _status_text(f: Finding) -> str:
    """«lovkrav mangler», «må vurderes (lovkrav)», «advarsel (anbefaling)» …"""
    if f.status == "mangler":
        return "lovkrav mangler"
    return f"{STATUS_TEXT[f.status]} ({'lovkrav' if f.level == 'krav' else 'anbefaling'})"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def to_markdown(report: Report) -> str:
    """A dated checklist a lawyer can sign, in Markdown."""
    out = [f"# {TITLE}", ""]
    # «**Kontrollert med:** planbygg» marks the file as a planbygg report that a later run may replace
    # (write/files.py is_planbygg_report).
    out += [f"- **{k}:** {_cell(v)}" for k, v in _facts(report)]
    out += [
        "",
        "## Dokumentene som er kontrollert",
        "",
        "| Dokument | Kontrollert som | Slik ble typen bestemt |",
        "|---|---|---|",
    ]
    out += [f"| {_cell(i.name)} | {i.doc_type} | {_cell(i.recognised)} |" for i in report.inputs]
    out += ["", LEGEND, ""]
    for area, findings in _order(report):
        out += [f"## {area}", ""]
        for f in findings:
            if f.status in ("oppfylt", "ikke relevant"):
                continue
            out += [f"### {SYMBOL[f.status]} {f.rule_id}: {f.title}", ""]
            source = f"[{f.source}]({f.link})" if f.link else f.source
            out += [f"- **Status:** {_status_text(f)}", f"- **Dokument:** {f.document}", f"- **Kilde:** {source}"]
            if f.detail or f.message:
                out.append(f"- **Funnet:** {_cell(f.detail or f.message)}")
            out += [f"- **Sted:** {_cell(x)}" for x in _evidence_text(f)]
            if f.fix:
                out.append(f"- **Retting:** {_cell(f.fix)}")
            out.append("")
        met = [f for f in findings if f.status in ("oppfylt", "ikke relevant")]
        if met:
            out += ["| | Krav | Dokument | Bevis (sitat og sted) |", "|---|---|---|---|"]
            for f in met:
                proof = "; ".join(_evidence_text(f, 1)) or f.detail
                out.append(
                    f"| {SYMBOL[f.status]} | {f.rule_id}: {_cell(f.title)} ({f.level}) | {_cell(f.document)} | {_cell(proof)} |"
                )
            out.append("")
    out += ["## Hva en automatisk kontroll ikke kan vurdere", ""]
    out += [f"- {x}" for x in LIMITS]
    out += [
        "",
        "## Underskrift",
        "",
        SIGNATURE,
        "",
        "Kontrollert av: ______________________________  Stilling: ______________________",
        "",
        "Sted og dato: ______________________________  Underskrift: ____________________",
        "",
    ]
    return "\n".join(out)


def to_document(report: Report) -> Any:
    """The checklist as a planbygg.model.Document for the .docx writer."""
    from ...model import Document, Heading, ListBlock, ListItem, Paragraph, Properties, Run, Table

    def para(text: str, bold: bool = False) -> Any:
        return Paragraph((Run(text, bold=bold),))

    def item(label: str, text: str, link: str | None = None) -> Any:
        return ListItem((Run(f"{label}: ", bold=True), Run(text, link=link)))

    blocks: list[Any] = [
        Heading(0, TITLE),
        Table(
            header=("Opplysning", ""),
            rows=tuple(((Run(k),), (Run(v, bold=k == "Resultat"),)) for k, v in _facts(report)),
            widths=(1, 3),
        ),
        Heading(1, "Dokumentene som er kontrollert"),
        Table(
            header=("Dokument", "Kontrollert som", "Slik ble typen bestemt"),
            rows=tuple(((Run(i.name),), (Run(i.doc_type),), (Run(i.recognised),)) for i in report.inputs),
            widths=(2, 1.2, 4),
        ),
        para(LEGEND),
    ]
    for area, findings in _order(report):
        blocks.append(Heading(1, area))
        for f in findings:
            if f.status in ("oppfylt", "ikke relevant"):
                continue
            blocks.append(Heading(2, f"{SYMBOL[f.status]} {f.rule_id}: {f.title}", toc=False))
            items = [item("Status", _status_text(f)), item("Dokument", f.document), item("Kilde", f.source, f.link or None)]
            if f.detail or f.message:
                items.append(item("Funnet", f.detail or f.message))
            items += [item("Sted", x) for x in _evidence_text(f)]
            if f.fix:
                items.append(item("Retting", f.fix))
            blocks.append(ListBlock(tuple(items)))
        met = [f for f in findings if f.status in ("oppfylt", "ikke relevant")]
        if met:
            rows = tuple(
                (
                    (Run(SYMBOL[f.status]),),
                    (Run(f"{f.rule_id}: {f.title} ({f.level})"),),
                    (Run(f.document),),
                    (Run("; ".join(_evidence_text(f, 1)) or f.detail),),
                )
                for f in met
            )
            blocks.append(Table(header=("", "Krav", "Dokument", "Bevis (sitat og sted)"), rows=rows, widths=(0.4, 3, 2, 4)))
    blocks.append(Heading(1, "Hva en automatisk kontroll ikke kan vurdere"))
    blocks.append(ListBlock(tuple(ListItem((Run(x),)) for x in LIMITS)))
    blocks += [
        Heading(1, "Underskrift"),
        para(SIGNATURE),
        para("Kontrollert av: ______________________________  Stilling: ______________________"),
        para("Sted og dato: ______________________________  Underskrift: ____________________"),
    ]
    props = Properties(
        title="Kontroll av plan etter barnevernsloven § 15-1",
        author=report.municipality or "planbygg",
        language="nb-NO",
        subject="Sjekkliste",
    )
    return Document(kind="kontrollrapport", properties=props, blocks=tuple(blocks))


def write_report(report: Report, path: Path) -> None:
    """Write the checklist as .md or .docx, chosen by the file extension."""
    from ...errors import PlanbyggError
    from ...write.docx.writer import write_docx
    from ...write.files import atomic_write

    suffix = path.suffix.lower()
    if suffix not in (".md", ".docx"):
        raise PlanbyggError(f"rapporten må være .md eller .docx, ikke «{path.suffix or path.name}»")
    data = to_markdown(report).encode("utf-8") if suffix == ".md" else write_docx(to_document(report))
    atomic_write(path, data)  # creates the folder; a reader never sees half a report
