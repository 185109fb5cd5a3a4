"""Sample documents for the DOCX writer tests: every block kind, and a tiny generated logo."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from planbygg.model import (
    AnswerBox,
    BarChart,
    CoverPage,
    Document,
    Heading,
    Image,
    Letterhead,
    ListBlock,
    ListItem,
    PageBreak,
    PageSetup,
    Paragraph,
    Properties,
    Run,
    Table,
    TableOfContents,
)

TIMESTAMP = 1714608000  # 2024-05-02T00:00:00Z


def png_bytes(width: int = 96, height: int = 112) -> bytes:
    """Return a small RGB PNG: a blue shield with a white cross, drawn pixel by pixel (no PIL)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 for every scanline
        for x in range(width):
            # shield: a rectangle whose lower part narrows to a point
            inset = max(0, (y - height * 0.6) * (width / 2) / (height * 0.4))
            inside = inset <= x < width - inset and y < height - 1
            cross = abs(x - width // 2) < width // 10 or abs(y - height * 0.4) < height // 12
            if not inside or cross:
                row += b"\xff\xff\xff"
            else:
                row += b"\x1f\x4e\x79"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def write_logo(folder: Path) -> Path:
    """Write the sample logo PNG into `folder` and return its path."""
    path = folder / "logo.png"
    path.write_bytes(png_bytes())
    return path


def p(text: str, style: str | None = None) -> Paragraph:
    return Paragraph((Run(text),), style)


def plan_document(logo: Path, language: str = "nb-NO", watermark: str | None = "HØRINGSUTKAST") -> Document:
    """Return a høringsutkast using every block kind (the letter part shows the letterhead and answer box)."""
    blocks = (
        CoverPage(
            organisation="Eksempel kommune",
            title="Plan for forebyggende arbeid for barn og unge",
            subtitle="Barnevernsloven § 15-1 · 2025–2028",
            marking="Høringsutkast",
            date_text="2. mai 2024",
            logo=logo,
            logo_alt="Kommunevåpenet til Eksempel kommune",
        ),
        TableOfContents(title="Innhold", levels=2),
        PageBreak(),
        Heading(1, "Innledning"),
        p(
            "Kommunestyret skal vedta en plan for kommunens arbeid med å forebygge omsorgssvikt og atferdsvansker "
            "hos barn og unge. Planen beskriver ansvar, oppgaver og samarbeid mellom tjenestene.",
            "Ingress",
        ),
        Paragraph(
            (
                Run("Planen bygger på "),
                Run("barnevernsloven § 15-1", bold=True),
                Run(" og på innspill fra barn, unge og foreldre. Les loven på "),
                Run("Lovdata", link="https://lovdata.no/lov/2021-06-18-97/§15-1"),
                Run(". "),
                Run("Planen rulleres hvert fjerde år.", italic=True),
            )
        ),
        Heading(2, "Formål med planen"),
        p("Planen skal sikre at barn og familier får riktig hjelp tidlig, og at tjenestene samarbeider godt."),
        ListBlock(
            (
                ListItem((Run("Tydelig ansvar for det forebyggende arbeidet"),)),
                ListItem((Run("Bedre samarbeid mellom tjenestene"),)),
                ListItem((Run("Helsestasjon og skolehelsetjeneste"),), level=1),
                ListItem((Run("Barnehage og skole"),), level=1),
                ListItem((Run("Medvirkning fra barn og unge"),)),
            )
        ),
        Heading(2, "Slik ble planen laget"),
        ListBlock(
            (
                ListItem((Run("Oppstart og forankring i kommunestyret"),)),
                ListItem((Run("Kartlegging av dagens tjenester"),)),
                ListItem((Run("Medvirkning med barn, unge og foreldre"),)),
            ),
            ordered=True,
        ),
        p("Videre arbeid etter høringen:"),
        ListBlock(
            (
                ListItem((Run("Høringsinnspill oppsummeres"),)),
                ListItem((Run("Planen justeres"),)),
                ListItem((Run("Politisk behandling"),)),
            ),
            ordered=True,
        ),
        Heading(1, "Tiltak og ansvar"),
        p("Tabellen viser hovedtiltakene i planperioden og hvem som har ansvaret for dem."),
        Table(
            header=("Tiltak", "Ansvarlig", "Frist"),
            rows=tuple(
                ((Run(t),), (Run(a),), (Run(f),))
                for t, a, f in (
                    ("Foreldreveiledning i alle barnehager", "Kommunalsjef oppvekst", "2025"),
                    ("Fast kontaktperson for ungdom i risiko", "Barneverntjenesten", "2025"),
                    ("Tverrfaglig team i hver skolekrets", "Rektor og helsestasjon", "2026"),
                    ("Lavterskel samtaletilbud for unge", "Helse og omsorg", "2026"),
                    ("Årlig rapport til kommunestyret", "Kommunedirektøren", "Årlig"),
                )
            ),
            caption="Tabell 1: Tiltak i planperioden",
            widths=(3, 2, 1),
        ),
        Heading(2, "Status i dag"),
        BarChart(
            title="Bekymringsmeldinger etter kilde (2023)",
            labels=("Skole", "Politi", "Helsestasjon", "Barnehage", "Foreldre", "Andre"),
            values=(42, 31, 18, 12, 9, 6),
            alt=(
                "Stolpediagram: skole sendte 42 bekymringsmeldinger, politi 31, helsestasjon 18, "
                "barnehage 12, foreldre 9, andre 6."
            ),
            caption="Figur 1: Bekymringsmeldinger til barneverntjenesten i 2023",
        ),
        Image(path=logo, alt="Kommunevåpenet: hvitt kors på blått skjold", caption="Figur 2: Kommunevåpenet", width_cm=3.0),
        Paragraph((Run("Barn og unge skal bli hørt i saker som gjelder dem."),), "Quote"),
        p("Kilde: Kommunens internkontroll 2023.", "Merknad"),
        Heading(3, "Detaljer om medvirkningen", toc=False),
        p("Ungdomsrådet og elevrådene har gitt innspill i to verksteder."),
        PageBreak(),
        Letterhead(
            organisation="Eksempel kommune",
            unit="Oppvekst – stab",
            address_lines=("Postboks 1, 1234 Eksempelby", "postmottak@eksempel.kommune.no", "Org.nr. 123 456 789"),
            recipient_lines=("Høringsinstansene", "etter liste"),
            references=(("Vår dato", "2. mai 2024"), ("Vår referanse", "24/1234"), ("Saksbehandler", "Kari Nordmann")),
            logo=logo,
            logo_alt="Kommunevåpenet til Eksempel kommune",
        ),
        Heading(0, "Høring – plan for forebyggende arbeid"),
        p("Vi sender med dette planen på høring. Frist for å gi innspill er 15. juni 2024."),
        p("Med vennlig hilsen", "Signatur"),
        p("Kari Nordmann\nrådgiver"),
        AnswerBox(label="Ditt innspill til planen", lines=5),
    )
    return Document(
        kind="hoeringsutkast",
        properties=Properties(
            title="Plan for forebyggende arbeid for barn og unge",
            author="Eksempel kommune",
            subject="Forebyggende plan",
            keywords=("barnevern", "forebygging", "høring"),
            language=language,
            description="Høringsutkast",
            category="Plan",
            timestamp=TIMESTAMP,
            custom=(("Saksnummer", "24/1234"), ("Kommunenummer", "9999")),
        ),
        blocks=blocks,
        page=PageSetup(
            header_text="Eksempel kommune – Plan for forebyggende arbeid",
            footer_text="Høringsutkast 2. mai 2024",
            watermark=watermark,
            first_page_plain=True,
        ),
    )


def long_document(logo: Path, sections: int = 12) -> Document:
    """Return a ~30-page plan for timing: many headings, paragraphs, lists and tables."""
    base = plan_document(logo)
    filler = (
        "Tjenestene skal samarbeide om tidlig innsats, og alle ansatte skal vite hvordan de melder bekymring. "
        "Kommunen følger opp tiltakene gjennom årlig rapportering og dialog med barn, unge og foreldre. "
    ) * 3
    blocks = list(base.blocks[:3])
    for n in range(1, sections + 1):
        blocks += [Heading(1, f"Kapittel {n}"), p(filler, "Ingress")]
        for m in range(1, 4):
            blocks += [Heading(2, f"Avsnitt {n}.{m}"), p(filler), p(filler)]
            blocks.append(ListBlock(tuple(ListItem((Run(f"Punkt {k}"),)) for k in range(5)), ordered=m % 2 == 0))
        blocks.append(base.blocks[14])  # the tiltak table
    return Document(kind=base.kind, properties=base.properties, blocks=tuple(blocks), page=base.page)


def letter_document(logo: Path, language: str = "nb-NO") -> Document:
    """Return a høringsbrev: letterhead first, plain first page, no cover or TOC."""
    blocks = (
        Letterhead(
            organisation="Eksempel kommune",
            unit="Oppvekst – stab",
            address_lines=("Postboks 1, 1234 Eksempelby", "postmottak@eksempel.kommune.no"),
            recipient_lines=("Barne-, ungdoms- og familiedirektoratet", "Postboks 2233", "3103 Tønsberg"),
            references=(("Vår dato", "2. mai 2024"), ("Deres dato", ""), ("Vår referanse", "24/1234"), ("Deres referanse", "")),
            logo=logo,
            logo_alt="Kommunevåpenet til Eksempel kommune",
        ),
        Heading(1, "Høring – plan for forebyggende arbeid for barn og unge"),
        p("Eksempel kommune sender forslag til plan for forebyggende arbeid på høring."),
        p("Høringsfristen er 15. juni 2024. Innspill merkes med saksnummer 24/1234."),
        Paragraph((Run("Med hilsen"),), "Signatur", keep_next=True),
        Paragraph((Run("Ola Nordmann\nkommunalsjef"),), keep_next=True),
        p("Dokumentet er elektronisk godkjent og har derfor ingen håndskrevne signaturer.", "Merknad"),
        p("Høringsbrevet er sendt til:"),
        ListBlock(tuple(ListItem((Run(f"Høringsinstans {n}"),)) for n in range(1, 31)), columns=2),
        p("Kopi: arkivet"),
    )
    return Document(
        kind="hoeringsbrev",
        properties=Properties(title="Høringsbrev", author="Eksempel kommune", language=language, timestamp=TIMESTAMP),
        blocks=blocks,
        page=PageSetup(
            header_text="Eksempel kommune",
            footer_text="Eksempel kommune · postmottak@eksempel.kommune.no",
            footer_note="Postadresse: Postboks 1, 1234 Eksempelby · Org.nr.: 900 000 000",
        ),
    )
