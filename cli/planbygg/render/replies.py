"""Template variables for the documents after the høring: replies counted and grouped, assessments, and the changes.

Cells keep the position of the register line they come from (Located), so `check` can point a
missing assessment to its line in høringssvar.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..load.folder import Content
from ..location import Located
from ..validate.replies import CATEGORIES

CATEGORY_NAMES = {
    "nb": dict(zip(CATEGORIES, CATEGORIES, strict=True)),
    "nn": dict(
        zip(
            CATEGORIES,
            (
                "ungdomsråd",
                "råd for personar med funksjonsnedsetjing",
                "eldreråd",
                "kommunal verksemd",
                "statleg etat",
                "fylkeskommune",
                "organisasjon",
                "privatperson",
                "anna",
            ),
            strict=True,
        )
    ),
}
ASSESSMENT_NAMES = {
    "nb": {
        "tatt til følge": "Tatt til følge",
        "delvis tatt til følge": "Delvis tatt til følge",
        "ikke tatt til følge": "Ikke tatt til følge",
        "til orientering": "Til orientering",
    },
    "nn": {
        "tatt til følge": "Teke til følgje",
        "delvis tatt til følge": "Delvis teke til følgje",
        "ikke tatt til følge": "Ikkje teke til følgje",
        "til orientering": "Til orientering",
    },
}
# How a sentence names each kind of sender, counted: «organisasjoner (2)».
CATEGORY_GROUPS = {
    "nb": dict(
        zip(
            CATEGORIES,
            (
                "ungdomsrådet",
                "rådet for personer med funksjonsnedsettelse",
                "eldrerådet",
                "kommunale virksomheter",
                "statlige etater",
                "fylkeskommunen",
                "organisasjoner",
                "privatpersoner",
                "andre avsendere",
            ),
            strict=True,
        )
    ),
    "nn": dict(
        zip(
            CATEGORIES,
            (
                "ungdomsrådet",
                "rådet for personar med funksjonsnedsetjing",
                "eldrerådet",
                "kommunale verksemder",
                "statlege etatar",
                "fylkeskommunen",
                "organisasjonar",
                "privatpersonar",
                "andre avsendarar",
            ),
            strict=True,
        )
    ),
}
CHANNEL_NAMES = {"nb": {"annet": "annet"}, "nn": {"annet": "anna", "brev": "brev"}}
WORDS = {
    "nb": {"ingen_endring": "Ingen endring.", "generelt": "Generelle innspill", "tiltak": "tiltak", "kapittel": "Kapittel"},
    "nn": {"ingen_endring": "Inga endring.", "generelt": "Generelle innspel", "tiltak": "tiltak", "kapittel": "Kapittel"},
}
CHANGING = ("tatt til følge", "delvis tatt til følge")
# What changed in a measure, strategy or chapter, as the list of changes says it.
HOW = {
    "nb": {"lagt til": "Lagt til", "fjernet": "Fjernet", "endret": "Endret"},
    "nn": {"lagt til": "Lagt til", "fjernet": "Fjerna", "endret": "Endra"},
}
FIELD_NAMES = {
    "nb": {
        "tekst": "teksten",
        "ansvarlig": "ansvarlig",
        "samarbeidspartnere": "samarbeidspartnere",
        "nivå": "nivå",
        "tidsramme": "tidsramme",
        "tittel": "tittelen",
        "beskrivelse": "beskrivelsen",
        "mål": "målene",
        "andel": "av teksten",
    },
    "nn": {
        "tekst": "teksten",
        "ansvarlig": "ansvarleg",
        "samarbeidspartnere": "samarbeidspartnarar",
        "nivå": "nivå",
        "tidsramme": "tidsramme",
        "tittel": "tittelen",
        "beskrivelse": "skildringa",
        "mål": "måla",
        "andel": "av teksten",
    },
}
MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]<>])")


def _escape(text: Any) -> str:
    """A reply's own text in a table cell: Markdown characters are text, not formatting."""
    return MARKDOWN_CHARS.sub(r"\\\1", " ".join(str(text).split()))


def _at(text: str, *values: Any) -> Located:
    """The text, located where the first located value was written."""
    source = next((v.source for v in values if isinstance(v, Located) and v.source is not None), None)
    return Located(text, source)


def _capital(text: str) -> str:
    """The text with its first letter in upper case («Ungdomsråd»)."""
    return text[:1].upper() + text[1:]


def who(entry: dict[str, Any]) -> str:
    """How a reply's sender is named in the documents: the organisation, else the person."""
    return str(entry.get("organisasjon") or entry.get("avsender") or entry.get("fil"))


def replies_context(content: Content, recipients: list[str], part_name: str) -> dict[str, Any]:
    """Everything the høringsoppsummering and the saksframlegg say about the replies."""
    lang = content.language
    words, assessments, categories = WORDS[lang], ASSESSMENT_NAMES[lang], CATEGORY_NAMES[lang]
    entries = [e for e in (content.data.get("høringssvar") or {}).get("svar") or [] if isinstance(e, dict)]
    strategies = (content.data.get("tiltaksdel") or {}).get("strategier") or []
    strategy_of = {str(t["id"]): str(s["id"]) for s in strategies for t in s.get("tiltak") or []}
    chapters = {c.relative: c.title for c in content.chapters}
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for index, s in enumerate(strategies):
        groups[(0, str(s["id"]))] = {"tittel": f"{part_name} {s['id']}: {s['tittel']}", "rader": [], "order": index}
    rows, changes = [], []
    for number, entry in enumerate(entries, start=1):
        for item in entry.get("innspill") or []:
            target = item.get("gjelder") or {}
            label = ""
            if target.get("tiltak") and str(target["tiltak"]) in strategy_of:
                key: tuple[int, str] = (0, strategy_of[str(target["tiltak"])])
                label = f" ({words['tiltak']} {target['tiltak']})"
            elif target.get("strategi") and (0, str(target["strategi"])) in groups:
                key = (0, str(target["strategi"]))
            elif target.get("kapittel"):
                name = str(target["kapittel"])
                key = (1, name)
                groups.setdefault(
                    key,
                    {
                        "tittel": f"{words['kapittel']}: {chapters.get(name, name)}",
                        "rader": [],
                        "order": list(chapters).index(name) if name in chapters else 99,
                    },
                )
            elif target.get("tema"):
                key = (2, str(target["tema"]))
                groups.setdefault(key, {"tittel": str(target["tema"]), "rader": [], "order": 0})
            else:
                key = (3, "")
                groups.setdefault(key, {"tittel": words["generelt"], "rader": [], "order": 0})
            conclusion = item.get("vurdering")
            assessed = ""
            if conclusion:
                reason = f" {_escape(item['begrunnelse'])}" if item.get("begrunnelse") else ""
                assessed = f"**{assessments[conclusion]}.**{reason}"
            change = (
                _escape(item["endring"])
                if item.get("endring")
                else ("" if conclusion in CHANGING or not conclusion else words["ingen_endring"])
            )
            question = f" *{_escape(item['spørsmål'])}*" if item.get("spørsmål") else ""
            row = {
                "nr": number,
                "fra": who(entry),
                "innspill": _at(f"**{_escape(who(entry))}**{label}:{question} {_escape(item['tekst'])}", item.get("tekst")),
                "vurdering": _at(assessed, item.get("vurdering"), item.get("tekst")),
                "endring": _at(change, item.get("endring"), item.get("tekst")),
                "konklusjon": conclusion or "",
            }
            row["celler"] = [row["innspill"], row["vurdering"], row["endring"]]
            row["endringsrad"] = [row["innspill"], row["endring"]]
            groups[key]["rader"].append(row)
            rows.append(row)
            if item.get("endring"):
                changes.append(row)
    counted = Counter(str(e.get("kategori") or "annen") for e in entries)
    conclusions = Counter(r["konklusjon"] for r in rows)
    heard = {c: counted.get(c, 0) > 0 for c in ("ungdomsråd", "råd for personer med funksjonsnedsettelse", "eldreråd")}
    asked = _councils_asked(recipients)
    return {
        "antall": len(entries),
        "innspill": len(rows),
        "svar": [
            {
                **e,
                "nr": n,
                "navn": who(e),
                "kategori_navn": _capital(categories.get(str(e.get("kategori") or "annen"), str(e.get("kategori") or ""))),
                "kanal_navn": CHANNEL_NAMES[lang].get(str(e.get("kanal") or "annet"), str(e.get("kanal") or "")),
            }
            for n, e in enumerate(entries, start=1)
        ],
        "per_kategori": [(categories[c], counted[c]) for c in CATEGORIES if counted.get(c)],
        "per_kategori_tekst": [f"{CATEGORY_GROUPS[lang][c]} ({counted[c]})" for c in CATEGORIES if counted.get(c)],
        "kategoritabell": [[_capital(categories[c]), counted[c]] for c in CATEGORIES if counted.get(c)],
        "ungdomsråd": heard["ungdomsråd"],
        "funksjonsråd": heard["råd for personer med funksjonsnedsettelse"],
        "eldreråd": heard["eldreråd"],
        "spurt": asked,
        "vurderinger": [(assessments[c], conclusions[c]) for c in assessments if conclusions.get(c)],
        "ikke_vurdert": conclusions.get("", 0),
        "tatt_til_følge": conclusions.get("tatt til følge", 0) + conclusions.get("delvis tatt til følge", 0),
        "grupper": [g for _, g in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[1]["order"], kv[0][1])) if g["rader"]],
        "endringer": changes,
    }


def _councils_asked(recipients: list[str]) -> dict[str, bool]:
    """Whether the høringsinstanser named the councils of kommuneloven § 5-12."""
    text = " ".join(recipients).lower()
    return {
        "ungdomsråd": "ungdomsråd" in text,
        "funksjonsråd": bool(re.search(r"funksjonsnedset|funksjonshem", text)),
        "eldreråd": "eldreråd" in text,
    }


def changes_context(content: Content, replies: dict[str, Any] | None) -> dict[str, Any]:
    """What changed since the høringsutkast: the comparison with the copy, and the size of the change."""
    from ..replies.changes import compare, load_snapshot, percent

    result = compare(load_snapshot(content.root), content)
    names, how = FIELD_NAMES[content.language], HOW[content.language]
    listed = []
    for c in result.changes:
        detail = [names.get(f, f) for f in c.fields] + ([f"{percent(c.share)} {names['andel']}"] if c.share is not None else [])
        listed.append(
            {
                "what": c.what,
                "ident": c.ident,
                "title": c.title,
                "endring": how[c.how] + (f" ({', '.join(detail)})" if detail else ""),
            }
        )
    return {
        "sammenligning": result.available,
        "uendret": result.available and not result.changes,
        "kopi_tatt": result.taken,
        "enhet": result.unit,
        "før": result.before,
        "nå": result.after,
        "lagt_til": result.added,
        "fjernet": result.removed,
        "endret": result.changed,
        "andel": result.share,
        "andel_tekst": percent(result.share),
        "tekstandel": result.text_share,
        "tekstandel_tekst": percent(result.text_share),
        "endringer": listed,
        "fra_registeret": (replies or {}).get("endringer", []),
    }
