"""What kind of body sent a reply (ungdomsråd, kommunal virksomhet, organisasjon, privatperson …), from its name and address.

The suggestion goes into the register's «kategori:», where the planner can correct it; the
høringsoppsummering counts replies per kategori and says whether the councils of kommuneloven
§ 5-12 replied.
"""

from __future__ import annotations

import re

from ..check.personal import WEBMAIL

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A parents' council speaks for the parents, not for the school it belongs to.
    ("organisasjon", re.compile(r"\bfau\b|foreldreutval|foreldrerådet|samarbeidsutval", re.I)),
    ("ungdomsråd", re.compile(r"ungdomsr[åa]d|ungdommens (by|kommune)styre|ungdomsutval", re.I)),
    ("råd for personer med funksjonsnedsettelse", re.compile(r"funksjonsnedset|funksjonshem|funksjonsnedsetjing", re.I)),
    ("eldreråd", re.compile(r"eldrer[åa]d", re.I)),
    ("fylkeskommune", re.compile(r"fylkeskommune", re.I)),
    (
        "statlig etat",
        re.compile(
            r"statsforvalter|bufetat|bufdir|politi|\bnav\b|helse [\wæøå]+ hf|\bhf\b|helseforetak|direktorat|departement|barneombud|sivilombud|\bbup\b",
            re.I,
        ),
    ),
    (
        "kommunal virksomhet",
        re.compile(
            r"\bkommune\b|\bbydel|\betat\b|etat for|\bskole\b|skolen\b|barnehage|helsestasjon|\bppt\b|pedagogisk-psykologisk|barnevern(s)?tjenest|barnevernvakt|utekontakt|fritidsklubb|kulturskole|\bslt\b",
            re.I,
        ),
    ),
)
# Words that make a name an organisation or a service; the first group also ends compounds («Fosterhjemsforeningen»).
ORGANISATION_RE = re.compile(
    r"(forening|foreningen|forbund|forbundet|organisasjon|organisasjonen|senter|senteret|stiftelse|stiftelsen|tjeneste|tjenesten|"
    r"teneste|tenesta|etat|etaten|skole|skolen|skule|skulen|barnehage|barnehagen|helsestasjon|helsestasjonen|kommune|fylkeskommune|"
    r"klubb|klubben|utvalg|utvalget|utval|menighet|menigheten|kirke|kirken|kyrkje|kyrkja|sokn|universitet|universitetet|høgskole|"
    r"høgskule|råd|rådet|politi|politiet|distrikt|bydel)\b"
    r"|\b(lag|laget|as|sa|ba|fau|nav|hf|redd barna|røde kors|mental helse|statsforvalteren|bufetat)\b",
    re.I,
)


def looks_like_organisation(name: str) -> bool:
    """Whether a name is an organisation or a service rather than a person."""
    return bool(name and ORGANISATION_RE.search(name))


def category(sender: str, organisation: str, address: str = "") -> str:
    """Suggest the kategori of a reply; a reply without an organisation is from a private person."""
    text = f"{organisation} {sender}".strip()
    for name, pattern in RULES:
        if pattern.search(organisation) or (not organisation and pattern.search(sender)):
            return name
    domain = address.rpartition("@")[2].lower()
    if organisation or looks_like_organisation(text):
        if domain.endswith(("kommune.no", "herad.no")):
            return "kommunal virksomhet"
        return "organisasjon"
    if domain.endswith(("kommune.no", "herad.no")) and domain not in WEBMAIL:
        return "kommunal virksomhet"  # a person writing from the municipality's own address speaks for a service
    return "privatperson"
