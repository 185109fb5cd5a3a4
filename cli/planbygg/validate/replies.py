"""The schemas of the files that come after the høring: the register høringssvar.yaml and saksframlegg.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .types import Choice, Date, FieldType, ListOf, Mapping, Path_, Report, Spec, Text

MARKDOWN = Text(doc="tekst (Markdown)", markdown=True)

# The administration's conclusion on one innspill; stored in bokmål, nynorsk is accepted.
ASSESSMENTS = ("tatt til følge", "delvis tatt til følge", "ikke tatt til følge", "til orientering")
ASSESSMENTS_NN = {
    "teke til følgje": "tatt til følge",
    "delvis teke til følgje": "delvis tatt til følge",
    "ikkje teke til følgje": "ikke tatt til følge",
}
# Kinds of body that reply; counted in the høringsoppsummering and the saksframlegg.
CATEGORIES = (
    "ungdomsråd",
    "råd for personer med funksjonsnedsettelse",
    "eldreråd",
    "kommunal virksomhet",
    "statlig etat",
    "fylkeskommune",
    "organisasjon",
    "privatperson",
    "annen",
)
CHANNELS = ("e-post", "skjema", "brev", "annet")


@dataclass
class Assessment(Choice):
    """One of the four conclusions, in bokmål or nynorsk (stored in bokmål)."""

    choices: tuple[str, ...] = ASSESSMENTS
    doc: str = "tatt til følge | delvis tatt til følge | ikke tatt til følge | til orientering"

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        """Map nynorsk to bokmål, then check as a choice."""
        if isinstance(value, str):
            value = ASSESSMENTS_NN.get(" ".join(value.lower().split()), " ".join(value.split()))
        return super().check(value, path, report)


@dataclass
class Blank(FieldType):
    """A field that may be written as '' (empty): planbygg svar writes the fields to fill in that way.

    An empty value written as '' rather than nothing keeps the register on the fast YAML reader
    (load/folder.py leaves «key:» with no value to ruamel, which costs about 100 ms per register).
    """

    inner: FieldType = field(default_factory=Text)

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        """'' is no value; anything else is checked by the inner type."""
        if isinstance(value, str) and not value.strip():
            return None
        return self.inner.check(value, path, report)

    def describe(self) -> str:
        """What the inner type accepts."""
        return self.inner.describe()


def _one_target(data: dict[str, Any], path: Path_, report: Report) -> None:
    """«gjelder:» points at one part of the plan."""
    named = [k for k in ("strategi", "tiltak", "kapittel", "tema") if data.get(k)]
    if len(named) > 1:
        report(path, f"«gjelder» peker på flere deler ({', '.join(named)})", "velg én: strategi, tiltak, kapittel eller tema")


GJELDER = Mapping(
    fields={
        "strategi": Spec(Text(), doc="id-en til strategien innspillet gjelder"),
        "tiltak": Spec(Text(), doc="id-en til tiltaket innspillet gjelder"),
        "kapittel": Spec(Text(), doc="kapittelfilen innspillet gjelder, f.eks. kapitler/02-kunnskap.md"),
        "tema": Spec(Text(), doc="et tema, når innspillet ikke gjelder én del av planen"),
    },
    extra=_one_target,
)


INNSPILL = Mapping(
    fields={
        "spørsmål": Spec(Text(), doc="spørsmålet i høringsskjemaet som innspillet svarer på"),
        "tekst": Spec(Text(), required=True, doc="innspillet, eller et kort sammendrag av det"),
        "gjelder": Spec(Blank(GJELDER), doc="delen av planen innspillet gjelder (foreslått av planbygg svar)"),
        "vurdering": Spec(
            Blank(Assessment()), doc="tatt til følge | delvis tatt til følge | ikke tatt til følge | til orientering"
        ),
        "begrunnelse": Spec(Blank(Text()), doc="administrasjonens vurdering av innspillet"),
        "endring": Spec(Blank(Text()), doc="endringen i planen som innspillet fører til"),
    }
)

SVAR = Mapping(
    fields={
        "fil": Spec(Text(), required=True, doc="filen i høringssvar/ som svaret kom i"),
        "avsender": Spec(Blank(Text()), doc="navnet på den som sendte svaret"),
        "organisasjon": Spec(Blank(Text()), doc="organisasjonen eller høringsinstansen (tomt for privatpersoner)"),
        "kategori": Spec(Blank(Choice(choices=CATEGORIES)), doc=" | ".join(CATEGORIES)),
        "dato": Spec(Date(), doc="datoen svaret kom"),
        "kanal": Spec(Choice(choices=CHANNELS), doc=" | ".join(CHANNELS)),
        "personopplysninger": Spec(ListOf(item=Text()), default=[], doc="mulige personopplysninger planbygg fant (maskert)"),
        "innspill": Spec(ListOf(item=INNSPILL), default=[]),
    }
)

REGISTER = Mapping(fields={"svar": Spec(ListOf(item=SVAR), default=[], doc="ett element per høringssvar")})

SAKSFRAMLEGG = Mapping(
    fields={
        "tittel": Spec(Text(), doc="sakens tittel; ellers «<plantittel> <periode> – sluttbehandling»"),
        "sammendrag": Spec(MARKDOWN, doc="mer om hva saken gjelder (Markdown)"),
        "prosess": Spec(MARKDOWN, doc="mer om planprosessen (Markdown)"),
        "vurdering": Spec(MARKDOWN, doc="administrasjonens vurdering (Markdown); ellers en vurdering laget av innholdet"),
        "barnets_beste": Spec(MARKDOWN, doc="vurdering av barnets beste (Markdown); ellers en standardtekst"),
        "økonomi": Spec(MARKDOWN, doc="økonomiske konsekvenser (Markdown); ellers en standardtekst"),
        "vedtakspunkter": Spec(ListOf(item=Text()), default=[], doc="flere punkter i innstillingen, etter de tre faste"),
        "vedlegg": Spec(ListOf(item=Text()), default=[], doc="flere vedlegg, med tittel"),
    }
)


def check_register(data: dict[str, Any], root: Path, report: Report, warn: Report) -> None:
    """Each reply once and every «gjelder» pointing at a part of the plan that exists; a missing file or conclusion is a warning."""
    register = data.get("høringssvar")
    if not isinstance(register, dict):
        return
    strategies = [s for s in (data.get("tiltaksdel") or {}).get("strategier") or [] if isinstance(s, dict)]
    strategy_ids = {str(s.get("id")) for s in strategies}
    measure_ids = {str(t.get("id")) for s in strategies for t in s.get("tiltak") or [] if isinstance(t, dict)}
    seen: set[str] = set()
    for i, entry in enumerate(register.get("svar") or []):
        if not isinstance(entry, dict) or not entry.get("fil"):
            continue
        path: Path_ = ("høringssvar", "svar", i)
        name = str(entry["fil"])
        if name in seen:
            report((*path, "fil"), f"svaret i «{name}» står to ganger i registeret", "slett det ene")
        seen.add(name)
        if not (root / name).is_file():
            warn(
                (*path, "fil"),
                f"finner ikke filen «{name}»",
                "filstien er relativ til kommunemappen, f.eks. høringssvar/svar.eml",
            )
        for j, item in enumerate(entry.get("innspill") or []):
            if not isinstance(item, dict):
                continue
            if not item.get("vurdering") and (item.get("begrunnelse") or item.get("endring")):
                warn(
                    (*path, "innspill", j),
                    "innspillet har begrunnelse eller endring, men ingen vurdering",
                    f"skriv «vurdering:» ({' | '.join(ASSESSMENTS)})",
                )
            target = item.get("gjelder")
            if not target:
                continue
            where = (*path, "innspill", j, "gjelder")
            if target.get("strategi") and strategies and str(target["strategi"]) not in strategy_ids:
                report(
                    (*where, "strategi"),
                    f"det finnes ingen strategi med id «{target['strategi']}»",
                    f"kjente strategier: {', '.join(sorted(strategy_ids))}",
                )
            if target.get("tiltak") and strategies and str(target["tiltak"]) not in measure_ids:
                report(
                    (*where, "tiltak"), f"det finnes ikke noe tiltak med id «{target['tiltak']}»", "sjekk id-en i strategier.yaml"
                )
            if target.get("kapittel") and not (root / str(target["kapittel"])).is_file():
                report(
                    (*where, "kapittel"),
                    f"finner ikke kapittelet «{target['kapittel']}»",
                    "skriv filstien, f.eks. kapitler/02-kunnskap.md",
                )
