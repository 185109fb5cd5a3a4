"""The variables templates see: the content itself plus figures derived from it once, in Python."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..load.folder import Content
from ..load.paths import confine, display
from ..load.yaml import read_yaml
from ..location import SourceLocation, located
from . import wording


def chapter_entries(content: Content) -> list[dict[str, str]]:
    """The chapters as templates see them: {navn, tittel}; a template prints one with kapittel(k)."""
    return [{"navn": c.relative, "tittel": c.title} for c in content.chapters]


ADMINISTRATION = {"kommunedirektør": "Kommunedirektøren", "byråd": "Byrådet"}

# Every variable templates see, and what it holds (docs/maler.md is made from this; a test keeps it complete).
CONTEXT_DOC: dict[str, str] = {
    "kommune": "feltene under `kommune:` i planbygg.yaml (navn, målform, styringsform, logo …)",
    "plan": "feltene under `plan:` i planbygg.yaml (tittel, type, periode, status, formål, ansvar, samarbeid, vedtak …)",
    "tiltaksdel": "strategier.yaml: `betegnelse`, `modell`, `innledning` og `strategier` (hver med `id`, `tittel`, `beskrivelse`, `mål`, `tiltak`)",
    "medvirkning": "medvirkning.yaml: `tittel`, `innledning`, `metode`, `aktiviteter`, `ikke_nådd`, `tilbakemelding`",
    "høring": "horing.yaml: `sendt`, `frist`, `svar`, `kontaktperson`, `signatur`, `spørsmål`, `skjema` …",
    "målform": "«bokmål» eller «nynorsk»",
    "administrasjonen": "«Kommunedirektøren» eller «Byrådet», etter styringsformen",
    "plantype": "plantypen i ord: `navn` («temaplan»), `bestemt` («temaplanen»), `bestemt_stor`",
    "status": "planens status: `navn`, `merking` («Høringsutkast»), `vannmerke`, `bunntekst`, `vedtakstekst`, `vedtatt`, `utkast`, `tittel`",
    "betegnelse": "hva planens deler kalles: `entall`, `flertall`, `bestemt_entall`, `bestemt_flertall`, og de samme med `_stor`",
    "kapitler": "kapitlene i rekkefølge, hver med `navn` (filen) og `tittel`; skrives ut med `kapittel(k)`",
    "filnavn": "{dokumenttype: filnavn} for dokumentene som bygges, f.eks. til vedleggslisten i brevet",
    "har_tiltak": "om planen har tiltak i det hele tatt",
    "alle_tiltak": "alle tiltakene i rekkefølge, hver med `strategi` (delen det hører til) og `nivåer` (liste)",
    "tiltak_med_nivå": "hvor mange tiltak som har oppgitt forebyggingsnivå",
    "tiltak_med_tidsramme": "hvor mange tiltak som har tidsramme",
    "tiltak_per_nivå": "{universell, selektiv, indikert: antall tiltak}; et tiltak på flere nivåer telles på hvert",
    "ansvarlige": "tjenestene som har ansvar, hver med `navn` og `tiltak`",
    "andre_samarbeidspartnere": "samarbeidspartnere som ikke selv har ansvar for et tiltak",
    "aktiviteter": "medvirkningsaktivitetene (uten «tidligere innsikt»)",
    "tidligere_innsikt": "aktiviteter av typen «tidligere innsikt»",
    "medvirkning_tall": "tall: `aktiviteter`, `deltakere`, `barn_og_unge`, `uten_antall`, `innspill`, `per_målgruppe`",
    "sporing": "hvert innspill med `aktivitet`, `innspill` og `oppfølging` (`status`, `tekst`)",
    "høringsinstanser": "høringsinstansene: standardlistene og kommunens egne, uten dubletter",
    "høringsperiode_dager": "antall dager fra `sendt` til `frist`",
    "skjema_finnes": "om høringen har et eget høringsskjema",
    "oppfølging_av": "{«aktivitet|tema»: oppfølging} – hvor i planen hvert innspillstema er fulgt opp",
    "deltakere_per_aktivitet": "hver aktivitet med `navn`, `registrert`, `barn_og_unge`, `voksne` og `alder_ukjent` (til diagrammet)",
    "aktiviteter_med_barn_og_unge": "aktivitetene der barn og unge selv deltok",
    "målgrupper": "hver målgruppe med `aktiviteter`, `deltakere` og `uten_antall`",
    "hovedtema": "temaene deltakerne tok opp, de som gikk igjen i flest aktiviteter først (`tema`, `aktiviteter`, `punkter`)",
    "sporing_gruppert": "sporingen gruppert etter hvor planen følger den opp: én rad per strategi eller tiltak (`tekst`, `innspill`)",
    "sporing_ikke_fulgt_opp": "innspill som ikke er fulgt opp, med begrunnelsen",
    "sporing_ikke_vurdert": "innspill som ikke er vurdert ennå",
    "saksframlegg": "saksframlegg.yaml: tekstene til saksframlegget (vurdering, økonomi, barnets beste …)",
    "økonomikapittel": "tittelen på planens kapittel om ressurser og økonomi, når planen har et",
    "høringssvar": "registeret høringssvar.yaml oppsummert: svarene, innspillene etter vurdering og del av planen, tall per type avsender og rådene",
    "endringer": "hva som er endret siden høringsutkastet: tiltak lagt til, tatt bort og endret, og hvor stor endringen er",
}


def build_context(content: Content, search_path: list[Path], file_names: dict[str, str]) -> dict[str, Any]:
    """Return the template variables for every document of one municipality."""
    data = content.data
    ctx: dict[str, Any] = {k: v for k, v in data.items() if k in ("kommune", "plan", "tiltaksdel", "medvirkning", "høring")}
    lang = content.language
    ctx["målform"] = data["kommune"]["målform"]
    ctx["administrasjonen"] = ADMINISTRATION[data["kommune"]["styringsform"]]
    ctx["plantype"] = wording.plan_type(data["plan"]["type"], lang)
    ctx["status"] = wording.status(data["plan"], lang)
    ctx["betegnelse"] = wording.part_names((data.get("tiltaksdel") or {}).get("betegnelse"), lang)
    ctx["kapitler"] = chapter_entries(content)
    ctx["filnavn"] = file_names
    if "tiltaksdel" in data:
        ctx.update(_measures(data["tiltaksdel"]))
    if "medvirkning" in data:
        ctx.update(_participation(data["medvirkning"], data.get("tiltaksdel")))
    if "høring" in data:
        ctx["høringsinstanser"] = _recipients(content, search_path)
        sendt, frist = data["høring"]["sendt"], data["høring"]["frist"]
        ctx["høringsperiode_dager"] = (frist - sendt).days
        ctx["skjema_finnes"] = bool(data["høring"].get("skjema"))
    _after_hearing(ctx, content)
    return ctx


def _after_hearing(ctx: dict[str, Any], content: Content) -> None:
    """The register of replies, the saksframlegg's own texts and what changed since the høringsutkast (render/replies.py)."""
    import re

    from .replies import changes_context, replies_context

    data = content.data
    ctx["saksframlegg"] = data.get("saksframlegg") or {}
    # The saksframlegg's economy section points to the plan's own chapter on resources, when there is one.
    ctx["økonomikapittel"] = next((c["tittel"] for c in ctx["kapitler"] if re.search(r"økonomi|ressurs", c["tittel"], re.I)), "")
    if "høringssvar" in data:
        ctx["høringssvar"] = replies_context(content, ctx.get("høringsinstanser") or [], ctx["betegnelse"]["entall_stor"])
    if {"saksframlegg", "endringer"} & set(content.documents):
        ctx["endringer"] = changes_context(content, ctx.get("høringssvar"))


def _measures(tiltaksdel: dict[str, Any]) -> dict[str, Any]:
    """Measures flattened, counted per prevention level, and grouped by responsible service.

    A measure may work on several levels (nivå: [universell, selektiv], or «alle»); it is counted
    on each. A plan without measures gets har_tiltak = false and no level figures at all.
    """
    flat = []
    for s in tiltaksdel["strategier"]:
        for t in s.get("tiltak") or []:
            flat.append({**t, "strategi": s, "nivåer": levels_of(t.get("nivå"))})
    levels = Counter(level for t in flat for level in t["nivåer"])
    responsible: dict[str, list[dict[str, Any]]] = {}
    for t in flat:
        responsible.setdefault(t["ansvarlig"], []).append(t)
    partners = sorted({p for t in flat for p in t.get("samarbeidspartnere") or []} - set(responsible))
    return {
        "har_tiltak": bool(flat),
        "alle_tiltak": flat,
        "tiltak_med_nivå": sum(1 for t in flat if t["nivåer"]),
        "tiltak_med_tidsramme": sum(1 for t in flat if t.get("tidsramme")),
        "tiltak_per_nivå": {lvl: levels.get(lvl, 0) for lvl in LEVELS},
        "ansvarlige": [{"navn": name, "tiltak": items} for name, items in sorted(responsible.items())],
        "andre_samarbeidspartnere": partners,
    }


LEVELS = ("universell", "selektiv", "indikert")


def levels_of(value: Any) -> list[str]:
    """A measure's prevention levels as a list: «alle» is all three, a single level is a list of one."""
    if value is None:
        return []
    if value == "alle":
        return list(LEVELS)
    if isinstance(value, list):
        return [v for v in LEVELS if v in value]
    return [str(value)]


def _participation(medvirkning: dict[str, Any], tiltaksdel: dict[str, Any] | None) -> dict[str, Any]:
    """Totals, participants per target group, and each input group traced to the plan."""
    activities = [a for a in medvirkning["aktiviteter"] if a.get("type") != "tidligere innsikt"]
    earlier = [a for a in medvirkning["aktiviteter"] if a.get("type") == "tidligere innsikt"]
    counted = [a for a in activities if a.get("deltakere") is not None]
    per_group: dict[str, int] = {}
    for a in counted:
        per_group[a["målgruppe"]] = per_group.get(a["målgruppe"], 0) + a["deltakere"]
    strategies = {s["id"]: s for s in (tiltaksdel or {}).get("strategier", [])}
    measures = {t["id"]: (t, s) for s in strategies.values() for t in s.get("tiltak") or []}
    tracing = []
    for a in medvirkning["aktiviteter"]:
        for item in a.get("innspill") or []:
            tracing.append(
                {"aktivitet": a, "innspill": item, "oppfølging": _follow_up(item.get("oppfølging"), strategies, measures)}
            )
    return {
        "aktiviteter": activities,
        "tidligere_innsikt": earlier,
        "medvirkning_tall": {
            "aktiviteter": len(activities),
            "deltakere": sum(a["deltakere"] for a in counted),
            "barn_og_unge": sum(a.get("herav_barn_og_unge") or 0 for a in counted),
            "uten_antall": len(activities) - len(counted),
            "innspill": sum(len(i["punkter"]) for a in medvirkning["aktiviteter"] for i in a.get("innspill") or []),
            "per_målgruppe": sorted(per_group.items(), key=lambda kv: (-kv[1], kv[0])),
        },
        "sporing": tracing,
        **_participation_overview(activities, tracing, strategies),
    }


_YOUNG = re.compile(r"\b(barn|unge?|ungdom\w*|elev\w*|skoleelev\w*|barnehagebarn)\b|elevråd|ungdomsråd", re.IGNORECASE)


def _participation_overview(
    activities: list[dict[str, Any]], tracing: list[dict[str, Any]], strategies: dict[str, Any]
) -> dict[str, Any]:
    """Figures for the report's summary, its chart and its compact tracing table.

    Every activity is in the chart, those without a registered count too (as a gap, never as zero),
    and participants are split into children and young people, adults, and «age not registered».
    """
    per_activity = []
    for a in activities:
        total, young = a.get("deltakere"), a.get("herav_barn_og_unge")
        per_activity.append(
            {
                "navn": a["navn"],
                "registrert": total is not None,
                "barn_og_unge": young if total is not None and young is not None else None,
                "voksne": total - young if total is not None and young is not None else None,
                "alder_ukjent": total if total is not None and young is None else None,
            }
        )
    with_young = [a for a in activities if (a.get("herav_barn_og_unge") or 0) > 0 or _YOUNG.search(a["målgruppe"])]
    groups: dict[str, dict[str, Any]] = {}
    for a in activities:
        g = groups.setdefault(a["målgruppe"], {"målgruppe": a["målgruppe"], "aktiviteter": 0, "deltakere": 0, "uten_antall": 0})
        g["aktiviteter"] += 1
        if a.get("deltakere") is None:
            g["uten_antall"] += 1
        else:
            g["deltakere"] += a["deltakere"]
    # What participants spoke most about: themes named in several activities first, then by number of points.
    themes: dict[str, dict[str, Any]] = {}
    for a in activities:
        for item in a.get("innspill") or []:
            t = themes.setdefault(
                item["tema"].strip().rstrip("?").lower(), {"tema": item["tema"], "aktiviteter": set(), "punkter": 0}
            )
            t["aktiviteter"].add(a["navn"])
            t["punkter"] += len(item["punkter"])
    main = sorted(themes.values(), key=lambda t: (-len(t["aktiviteter"]), -t["punkter"], t["tema"]))
    return {
        # The resolved follow-up of each input group, for the activity sections: «aktivitet|tema» → follow-up.
        "oppfølging_av": {f"{t['aktivitet']['navn']}|{t['innspill']['tema']}": t["oppfølging"] for t in tracing},
        "deltakere_per_aktivitet": per_activity,
        "aktiviteter_med_barn_og_unge": with_young,
        "målgrupper": list(groups.values()),
        "hovedtema": [{**t, "aktiviteter": len(t["aktiviteter"])} for t in main],
        **_grouped_tracing(tracing, strategies),
    }


def _grouped_tracing(tracing: list[dict[str, Any]], strategies: dict[str, Any]) -> dict[str, Any]:
    """The tracing grouped by where the plan follows it up: one row per strategy or measure, in plan order."""
    order = {sid: i for i, sid in enumerate(strategies)}
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    not_followed, not_assessed = [], []
    for item in tracing:
        f = item["oppfølging"]
        if f["status"] == "ikke fulgt opp":
            not_followed.append(item)
            continue
        if f["status"] != "fulgt opp":
            not_assessed.append(item)
            continue
        s, t = f["strategi"], f.get("tiltak")
        measures = [m["id"] for m in s["tiltak"]]
        key = (order.get(s["id"], len(order)), -1 if t is None else measures.index(t["id"]))
        row = rows.setdefault(
            key,
            {
                "strategi": s,
                "tiltak": t,
                # Located at the input's follow-up, so the row counts as the municipality's own text in check.
                "tekst": located(
                    f"Tiltak {t['id']}: {t['tekst']}" if t else f"Strategi {s['id']}: {s['tittel']}",
                    *(item["innspill"].get(k) for k in ("oppfølging", "tema")),
                    f.get("tekst"),
                ),
                "innspill": [],
            },
        )
        row["innspill"].append(item)
    return {
        "sporing_gruppert": [rows[k] for k in sorted(rows)],
        "sporing_ikke_fulgt_opp": not_followed,
        "sporing_ikke_vurdert": not_assessed,
    }


def _follow_up(follow: dict[str, Any] | None, strategies: dict[str, Any], measures: dict[str, Any]) -> dict[str, Any]:
    """Resolve a follow-up reference to readable text: «Strategi 2: …», «Tiltak 2.1: …» or the reason."""
    if not follow:
        return {"status": "ikke vurdert", "tekst": ""}
    if follow.get("tiltak") and follow["tiltak"] in measures:
        t, s = measures[follow["tiltak"]]
        text = located(_with_note(f"Tiltak {t['id']}: {t['tekst']}", follow), follow["tiltak"])
        return {"status": "fulgt opp", "tekst": text, "strategi": s, "tiltak": t}
    if follow.get("strategi") and follow["strategi"] in strategies:
        s = strategies[follow["strategi"]]
        text = located(_with_note(f"Strategi {s['id']}: {s['tittel']}", follow), follow["strategi"])
        return {"status": "fulgt opp", "tekst": text, "strategi": s}
    if follow.get("ikke_fulgt_opp"):
        return {"status": "ikke fulgt opp", "tekst": follow["ikke_fulgt_opp"]}
    return {"status": "ikke vurdert", "tekst": follow.get("kommentar") or ""}


def _with_note(text: str, follow: dict[str, Any]) -> str:
    """Add the planner's comment on a follow-up, so partial follow-ups are explained in the report."""
    return f"{text} ({follow['kommentar']})" if follow.get("kommentar") else text


def _recipients(content: Content, search_path: list[Path]) -> list[str]:
    """The consultation bodies: named standard lists from the library first, then the folder's own."""
    horing = content.data["høring"]
    names: list[str] = []
    for index, list_name in enumerate(horing.get("standardlister") or []):
        for folder in search_path:
            path = confine(folder, f"hoeringsinstanser/{list_name}.yaml")  # real path inside this folder, or None
            if path is not None and path.is_file():
                names.extend(_standard_list(path))
                break
        else:
            from ..errors import ContentError, Problem

            raise ContentError(
                [
                    Problem(
                        f"finner ikke standardlisten «{list_name}»",
                        content.where("høring", "standardlister", index),
                        f"listen må ligge som hoeringsinstanser/{list_name}.yaml i content/ i kommunemappen eller biblioteket",
                    )
                ]
            )
    names.extend(horing.get("høringsinstanser") or [])
    return list(dict.fromkeys(names))


@lru_cache(maxsize=256)
def _standard_list(path: Path) -> tuple[str, ...]:
    """Read a library list of consultation bodies once per process (they are shared by every municipality)."""
    loaded = read_yaml(path, display(path), (), {}) or []
    if not isinstance(loaded, list):
        from ..errors import ContentError, Problem

        raise ContentError([Problem("en standardliste må være en liste med «- navn»", SourceLocation(display(path), 1, 1))])
    return tuple(str(x) for x in loaded)


def timestamp(content: Content) -> int:
    """Seconds since the epoch for document properties and zip entries.

    SOURCE_DATE_EPOCH wins (the reproducible-builds convention); otherwise the plan's own
    date, so that the same content always gives the same bytes.
    """
    import os

    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env is not None and env.strip():
        return source_date_epoch(env)
    day: dt.date = content.data["plan"]["dato"]
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())


LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC: the last moment a document date can show


def source_date_epoch(value: str) -> int:
    """Parse SOURCE_DATE_EPOCH (whole seconds since 1970, UTC) or raise a clear usage error."""
    from ..errors import PlanbyggError, Problem

    text = value.strip()
    if not text.isascii() or not text.isdigit():
        raise PlanbyggError(
            [
                Problem(
                    f"SOURCE_DATE_EPOCH={value!r} er ikke et helt antall sekunder siden 1. januar 1970",
                    hint="bruk f.eks. SOURCE_DATE_EPOCH=$(date +%s), eller fjern variabelen",
                )
            ]
        )
    if len(text) > 12 or int(text) > LAST_SECOND:
        raise PlanbyggError(
            [
                Problem(
                    f"SOURCE_DATE_EPOCH={text} ligger etter år 9999",
                    hint="bruk et tidspunkt før år 10000, f.eks. SOURCE_DATE_EPOCH=$(date +%s)",
                )
            ]
        )
    return int(text)
