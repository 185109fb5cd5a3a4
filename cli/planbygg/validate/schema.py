"""The content schema of one municipality folder, written as data in the planners' own words."""

from __future__ import annotations

import re
from typing import Any

from ..documents import KIND_IDS
from .replies import REGISTER, SAKSFRAMLEGG
from .types import (
    Bool,
    Choice,
    Date,
    Email,
    FileRef,
    Int,
    ListOf,
    Mapping,
    OneOf,
    Path_,
    Report,
    Spec,
    Text,
    Url,
)

PLAN_TYPES = ("temaplan", "handlingsplan", "strategi", "kommunedelplan", "oppvekstplan")
PLAN_STATUSES = ("utkast", "høringsutkast", "vedtatt")
LEVELS = ("universell", "selektiv", "indikert")
ADOPTING_BODIES = (
    "kommunestyret",
    "bystyret",
    "heradsstyret",
    "formannskapet",
    "byrådet",
    "kommunedirektøren",
    "rådmannen",
    "hovedutvalget",
    "utvalget",
)
# What a plan calls its parts («Planen har 4 innsatsområder»); render/wording.py inflects them.
PART_NAMES = ("strategi", "innsatsområde", "satsingsområde", "fokusområde", "hovedmål", "tema", "del", "rom", "byggestein")

PERIOD = Text(
    doc="en periode (2024–2027)",
    pattern=r"(19|20)\d\d\s*[–-]\s*(19|20)\d\d",
    pattern_hint="skriv perioden som 2024–2027",
)
MARKDOWN = Text(doc="tekst (Markdown)", markdown=True)
SOURCE = Spec(Text(), doc="hvor opplysningen kommer fra; «eksempeltekst» når den er skrevet som eksempel")


def _period_order(data: dict[str, Any], path: Path_, report: Report) -> None:
    """Report a period whose end is before its start."""
    periode = data.get("periode")
    if isinstance(periode, str):
        years = [int(y) for y in re.findall(r"\d{4}", periode)]
        if len(years) == 2 and years[1] < years[0]:
            report((*path, "periode"), f"perioden slutter ({years[1]}) før den begynner ({years[0]})", None)


def _date_range(data: dict[str, Any], path: Path_, report: Report) -> None:
    """Report a range that ends before it starts."""
    if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
        report((*path, "til"), "sluttdatoen er før startdatoen", None)


DATE_OR_RANGE = OneOf(
    options=(
        Date(),
        Mapping(
            fields={"fra": Spec(Date(), required=True), "til": Spec(Date(), required=True)},
            extra=_date_range,
        ),
    ),
    doc="en dato (2023-11-30) eller et tidsrom (fra: … til: …)",
)


def _activity_when(data: dict[str, Any], path: Path_, report: Report) -> None:
    """An activity needs either an exact date or a described time."""
    if data.get("dato") is None and not data.get("tidspunkt"):
        report(path, "aktiviteten mangler dato", "legg til «dato:» (2023-11-30) eller «tidspunkt:» (f.eks. «høsten 2019»)")
    total, young = data.get("deltakere"), data.get("herav_barn_og_unge")
    if isinstance(total, int) and isinstance(young, int) and young > total:
        report((*path, "herav_barn_og_unge"), f"flere barn og unge ({young}) enn deltakere ({total})", None)


KOMMUNE = Mapping(
    fields={
        "navn": Spec(Text(), required=True, doc="kommunens navn, f.eks. «Bærum kommune»"),
        "kortnavn": Spec(
            Text(pattern=r"[a-z0-9-]+", pattern_hint="bare små bokstaver a–z, tall og bindestrek, f.eks. «baerum»"),
            doc="brukes i filnavn",
        ),
        "kommunenummer": Spec(
            Text(pattern=r"\d{4}", pattern_hint="kommunenummeret har fire sifre, f.eks. «3201»"), required=True
        ),
        "målform": Spec(Choice(choices=("bokmål", "nynorsk")), required=True),
        "styringsform": Spec(Choice(choices=("kommunedirektør", "byråd")), required=True),
        "enhet": Spec(Text(), doc="enheten som skriver, f.eks. «Strategi- og utviklingsenheten»"),
        "adresse": Spec(ListOf(item=Text()), doc="postadresse, én linje per element"),
        "besøksadresse": Spec(ListOf(item=Text()), doc="besøksadresse, én linje per element (brevets bunntekst)"),
        "telefon": Spec(Text(pattern=r"\+?[\d ]{8,15}", pattern_hint="skriv telefonnummeret med sifre, f.eks. 67 50 40 50")),
        "organisasjonsnummer": Spec(
            Text(pattern=r"\d{3} ?\d{3} ?\d{3}", pattern_hint="organisasjonsnummeret har ni sifre, f.eks. 974 556 777"),
            doc="kommunens organisasjonsnummer (brevets bunntekst)",
        ),
        "epost": Spec(Email()),
        "nettside": Spec(Url()),
        "logo": Spec(FileRef(), doc="bildefil i kommunemappen"),
        "logo_alt": Spec(Text(), doc="alternativ tekst for logoen"),
        "referansedokument": Spec(FileRef(), doc=".docx med kommunens grafiske profil (stiler)"),
    }
)


def _adoption(data: dict[str, Any], path: Path_, report: Report) -> None:
    """An adopted plan says when and in which case it was adopted; a draft says nothing of the kind."""
    if data.get("status") == "vedtatt" and not data.get("vedtak"):
        report(
            (*path, "status"),
            "planen har status vedtatt, men vedtaket er ikke oppgitt",
            "legg til «vedtak:» med «dato:» og «saksnummer:» (f.eks. PS 123/23)",
        )
    if data.get("vedtak") and data.get("status") != "vedtatt":
        report(
            (*path, "vedtak"),
            f"planen har et vedtak, men status er «{data.get('status')}»",
            "sett «status: vedtatt», eller fjern «vedtak:» til planen er vedtatt",
        )
    _period_order(data, path, report)


PLAN = Mapping(
    fields={
        "tittel": Spec(Text(), required=True),
        "undertittel": Spec(Text(), doc="vises på forsiden under tittelen"),
        "type": Spec(Choice(choices=PLAN_TYPES), required=True, doc="hva slags plan dette er; styrer ordlyden"),
        "periode": Spec(PERIOD, required=True),
        "status": Spec(Choice(choices=PLAN_STATUSES), required=True, doc="utkast | høringsutkast | vedtatt"),
        "vedtaksorgan": Spec(Choice(choices=ADOPTING_BODIES), required=True, doc="organet som vedtar planen"),
        "vedtak": Spec(
            Mapping(
                fields={
                    "dato": Spec(Date(), required=True, doc="datoen planen ble vedtatt"),
                    "saksnummer": Spec(Text(), required=True, doc="saken planen ble vedtatt i, f.eks. PS 123/23"),
                }
            ),
            doc="når og i hvilken sak planen ble vedtatt (bare når status er vedtatt)",
        ),
        "dato": Spec(Date(), required=True, doc="datoen på denne utgaven av planen"),
        "formål": Spec(MARKDOWN, required=True, doc="formålet med planen (Markdown)"),
        "sammendrag": Spec(MARKDOWN, doc="sammendrag (Markdown); ellers en kort standardtekst"),
        "samfunnsdel": Spec(Text(), doc="kommuneplanens samfunnsdel som planen følger opp, med årstall"),
        "ansvar": Spec(MARKDOWN, doc="hvordan ansvar og oppgaver er fordelt mellom tjenestene (Markdown)"),
        "samarbeid": Spec(MARKDOWN, doc="hvordan tjenestene samarbeider og samordnes (Markdown)"),
        "kapitler": Spec(ListOf(item=FileRef()), doc="kapitlene i rekkefølge; ellers alle kapitler/*.md"),
        "pakke": Spec(
            ListOf(item=Mapping(fields={"tittel": Spec(Text(), required=True), "lenke": Spec(Url())})),
            doc="andre dokumenter som sammen med denne planen oppfyller plikten",
        ),
        "ansvarlig_enhet": Spec(Text(), doc="enheten som eier planen"),
        "nummererte_kapitler": Spec(Bool(), default=True, doc="nummererte kapitler og underkapitler i planen og rapporten"),
    },
    extra=_adoption,
    moved={
        "vedtaksdato": "vedtak: {dato: …} (sammen med saksnummer)",
        "saksnummer": "vedtak: {saksnummer: …} for vedtaket, eller høring.saksnummer for høringen",
    },
)

PROJECT = Mapping(
    fields={
        "kommune": Spec(KOMMUNE, required=True, doc="kommunen som lager planen"),
        "plan": Spec(PLAN, required=True, doc="planen: tittel, type, periode, status, formål og tekstene om ansvar og samarbeid"),
        "bibliotek": Spec(ListOf(item=FileRef()), doc="felles malbibliotek(er), søkes før det innebygde"),
        "dokumenter": Spec(ListOf(item=Choice(choices=KIND_IDS)), doc="hvilke dokumenter som bygges"),
    }
)

LEVEL = OneOf(
    options=(Choice(choices=(*LEVELS, "alle")), ListOf(item=Choice(choices=LEVELS), min_items=1)),
    doc="universell, selektiv, indikert, alle, eller en liste av nivåene",
)

TILTAK = Mapping(
    fields={
        "id": Spec(Text(), doc="f.eks. 1.2; nummereres ellers automatisk"),
        "tekst": Spec(Text(), required=True),
        "ansvarlig": Spec(Text(), required=True, doc="tjenesten eller enheten som har ansvaret"),
        "samarbeidspartnere": Spec(ListOf(item=Text()), default=[]),
        "nivå": Spec(LEVEL, doc="forebyggingsnivå: ett nivå, flere ([universell, selektiv]) eller «alle»"),
        "tidsramme": Spec(Text(), doc="f.eks. «2024–2025» eller «løpende»"),
        "kilde": SOURCE,
    }
)

STRATEGI = Mapping(
    fields={
        "id": Spec(Text(), doc="f.eks. 1; nummereres ellers automatisk"),
        "tittel": Spec(Text(), required=True),
        "beskrivelse": Spec(MARKDOWN, doc="Markdown"),
        "mål": Spec(ListOf(item=Text()), default=[]),
        "tiltak": Spec(ListOf(item=TILTAK), default=[], doc="tiltakene, når planen har tiltak"),
        "kilde": SOURCE,
    }
)

PART_NAME = OneOf(
    options=(
        Choice(choices=PART_NAMES),
        Mapping(
            fields={
                "entall": Spec(Text(), required=True, doc="f.eks. «rom»"),
                "flertall": Spec(Text(), required=True, doc="f.eks. «rom»"),
                "bestemt_flertall": Spec(Text(), doc="f.eks. «rommene»; ellers laget av flertall"),
            }
        ),
    ),
    doc=f"et av ordene {', '.join(PART_NAMES)}, eller «entall:» og «flertall:»",
)

STRATEGIES = Mapping(
    fields={
        "betegnelse": Spec(PART_NAME, default="strategi", doc="hva delene av planen kalles (standard: strategi)"),
        "modell": Spec(
            Mapping(
                fields={
                    "navn": Spec(Text(), required=True, doc="f.eks. «Huset»"),
                    "beskrivelse": Spec(MARKDOWN, doc="hvordan modellen henger sammen (Markdown)"),
                    "bilde": Spec(FileRef(), doc="en figur av modellen"),
                    "bilde_alt": Spec(Text(), doc="alternativ tekst for figuren"),
                }
            ),
            doc="en modell som binder delene sammen, f.eks. «Huset»",
        ),
        "innledning": Spec(MARKDOWN, doc="tekst før strategiene (Markdown)"),
        "strategier": Spec(ListOf(item=STRATEGI, min_items=1), required=True, doc="planens deler, i rekkefølge"),
    }
)

OPPFOLGING = Mapping(
    fields={
        "strategi": Spec(Text(), doc="id-en til strategien som følger opp innspillet"),
        "tiltak": Spec(Text(), doc="id-en til tiltaket som følger opp innspillet"),
        "kommentar": Spec(Text()),
        "ikke_fulgt_opp": Spec(Text(), doc="hvorfor innspillet ikke er fulgt opp i planen"),
    }
)

INNSPILL = Mapping(
    fields={
        "tema": Spec(Text(), required=True, doc="temaet eller spørsmålet innspillene gjelder"),
        "punkter": Spec(ListOf(item=Text(), min_items=1), required=True),
        "oppfølging": Spec(OPPFOLGING, doc="hvor i planen innspillene følges opp"),
    }
)

AKTIVITET = Mapping(
    fields={
        "id": Spec(Text()),
        "navn": Spec(Text(), required=True),
        "type": Spec(Choice(choices=("aktivitet", "tidligere innsikt")), default="aktivitet"),
        "dato": Spec(DATE_OR_RANGE),
        "tidspunkt": Spec(Text(), doc="når datoen ikke er kjent, f.eks. «høsten 2023»"),
        "sted": Spec(Text(), required=True),
        "målgruppe": Spec(Text(), required=True),
        "metode": Spec(Text(), required=True),
        "deltakere": Spec(Int(), doc="antall deltakere"),
        "herav_barn_og_unge": Spec(Int(), doc="hvor mange av deltakerne som var barn og unge (tomt = ikke registrert)"),
        "aldersgruppe": Spec(Text()),
        "beskrivelse": Spec(MARKDOWN, doc="Markdown"),
        "innspill": Spec(ListOf(item=INNSPILL), default=[]),
        "kilde": SOURCE,
    },
    extra=_activity_when,
)

MEDVIRKNING = Mapping(
    fields={
        "tittel": Spec(Text(), doc="rapportens tittel"),
        "innledning": Spec(MARKDOWN, doc="Markdown"),
        "metode": Spec(MARKDOWN, doc="hvordan medvirkningen ble lagt opp (Markdown)"),
        "aktiviteter": Spec(ListOf(item=AKTIVITET, min_items=1), required=True),
        "ikke_nådd": Spec(MARKDOWN, doc="hvem som ikke ble nådd, og hvorfor (Markdown)"),
        "tilbakemelding": Spec(MARKDOWN, doc="hvordan deltakerne får vite hva innspillene førte til (Markdown)"),
    }
)

PERSON = Mapping(
    fields={
        "navn": Spec(Text(), required=True),
        "rolle": Spec(Text()),
        "epost": Spec(Email()),
        "telefon": Spec(Text(pattern=r"\+?[\d ]{8,15}", pattern_hint="skriv telefonnummeret med sifre, f.eks. 67 50 40 50")),
    }
)

SIGNER = Mapping(fields={"navn": Spec(Text(), required=True), "tittel": Spec(Text(), required=True)})

HORING = Mapping(
    fields={
        "saksnummer": Spec(Text(), doc="saksnummer eller referanse, f.eks. 24/12345 eller byrådssak 1016/23"),
        # The letter's reference block: the archive's own numbers, apart from any political case number.
        "arkivreferanse": Spec(Text(), doc="«Vår ref.» i brevet: arkivets saks- og dokumentnummer, f.eks. 2023/12345-4"),
        "deres_referanse": Spec(Text(), doc="«Deres ref.» i brevet (tomt for en høring til mange)"),
        "arkivkode": Spec(Text(), doc="arkivkoden (klassering) i brevet, f.eks. F47"),
        "saksbehandler": Spec(Text(), doc="saksbehandleren i brevet; ellers kontaktpersonen"),
        "mottaker": Spec(ListOf(item=Text()), doc="brevets adressat, én linje per element; ellers «Til høringsinstansene»"),
        "kopi_til": Spec(ListOf(item=Text()), default=[], doc="«Kopi til» i brevet"),
        "vedlegg": Spec(ListOf(item=Text()), default=[], doc="andre vedlegg til brevet, med tittel"),
        "elektronisk_godkjent": Spec(
            Bool(), doc="brevet er godkjent elektronisk og har ingen håndskrevne signaturer (ellers: når flere signerer)"
        ),
        "sendt": Spec(Date(), required=True, doc="datoen høringen sendes ut eller kunngjøres"),
        "frist": Spec(Date(), required=True, doc="høringsfristen"),
        "dokumenter_url": Spec(Url(), required=True, doc="hvor høringsdokumentene er publisert"),
        "saksdokument_url": Spec(Url()),
        "svar": Spec(
            Mapping(
                fields={
                    "epost": Spec(Email()),
                    "skjema_url": Spec(Url()),
                    "postadresse": Spec(ListOf(item=Text())),
                    "merking": Spec(Text(), doc="hvordan svaret skal merkes"),
                    "innlogging": Spec(Text(), doc="f.eks. «ID-porten»"),
                },
                extra=lambda d, p, r: (
                    None
                    if d.get("epost") or d.get("skjema_url") or d.get("postadresse")
                    else r(p, "ingen måte å svare på", "legg til «epost:», «skjema_url:» eller «postadresse:»")
                ),
            ),
            required=True,
        ),
        "kontaktperson": Spec(PERSON, required=True),
        "signatur": Spec(ListOf(item=SIGNER, min_items=1), required=True),
        "høringsinstanser": Spec(ListOf(item=Text()), default=[]),
        "standardlister": Spec(ListOf(item=Text()), default=[], doc="navn på felles lister i content/<nb|nn>/hoeringsinstanser/"),
        "spørsmål": Spec(ListOf(item=Text()), default=[], doc="spørsmål til høringsinstansene"),
        "bakgrunn": Spec(MARKDOWN, doc="Markdown; ellers en standardtekst"),
        "åpen_for_alle": Spec(Bool(), default=True),
        "skjema": Spec(
            Mapping(
                fields={
                    "tittel": Spec(Text(), required=True),
                    "innledning": Spec(MARKDOWN, doc="Markdown"),
                    "spørsmål": Spec(ListOf(item=Text(), min_items=1), required=True),
                    "innlevering": Spec(Text(), doc="hvordan utfylt skjema sendes inn"),
                }
            ),
            doc="høringsskjema med egne spørsmål",
        ),
    },
    extra=lambda d, p, r: (
        r((*p, "frist"), "fristen er før eller samme dag som høringen sendes", "sett en senere «frist:»")
        if d.get("sendt") and d.get("frist") and d["frist"] <= d["sendt"]
        else None
    ),
)

# File name → (key in the merged content, schema). planbygg.yaml is merged at the top level.
FILES: dict[str, tuple[str | None, Mapping]] = {
    "planbygg.yaml": (None, PROJECT),
    "strategier.yaml": ("tiltaksdel", STRATEGIES),
    "medvirkning.yaml": ("medvirkning", MEDVIRKNING),
    "horing.yaml": ("høring", HORING),
    # After the høring (validate/replies.py): the register of replies and the saksframlegg's own text.
    "høringssvar.yaml": ("høringssvar", REGISTER),
    "saksframlegg.yaml": ("saksframlegg", SAKSFRAMLEGG),
}

# The file that holds each content key.
FILE_OF: dict[str, str] = {key: name for name, (key, _schema) in FILES.items() if key}
