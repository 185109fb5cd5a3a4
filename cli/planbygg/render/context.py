"""The variables templates see: the content itself plus figures derived from it once, in Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..load.folder import Content
from . import wording


def chapter_entries(content: Content) -> list[dict[str, str]]:
    """The chapters as templates see them: {navn, tittel}; a template prints one with kapittel(k)."""
    return [{"navn": c.relative, "tittel": c.title} for c in content.chapters]


ADMINISTRATION = {"kommunedirektør": "Kommunedirektøren", "byråd": "Byrådet"}


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
    }


def _follow_up(follow: dict[str, Any] | None, strategies: dict[str, Any], measures: dict[str, Any]) -> dict[str, Any]:
    """Resolve a follow-up reference to readable text: «Strategi 2: …», «Tiltak 2.1: …» or the reason."""
    if not follow:
        return {"status": "ikke vurdert", "tekst": ""}
    if follow.get("tiltak") and follow["tiltak"] in measures:
        t, s = measures[follow["tiltak"]]
        return {"status": "fulgt opp", "tekst": _with_note(f"Tiltak {t['id']}: {t['tekst']}", follow), "strategi": s, "tiltak": t}
    if follow.get("strategi") and follow["strategi"] in strategies:
        s = strategies[follow["strategi"]]
        return {"status": "fulgt opp", "tekst": _with_note(f"Strategi {s['id']}: {s['tittel']}", follow), "strategi": s}
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
            path = folder / "hoeringsinstanser" / f"{list_name}.yaml"
            if path.is_file():
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
    from ..load.folder import read_yaml

    loaded = read_yaml(path, str(path), (), {}) or []
    return tuple(str(x) for x in loaded)


def timestamp(content: Content) -> int:
    """Seconds since the epoch for document properties and zip entries.

    SOURCE_DATE_EPOCH wins (the reproducible-builds convention); otherwise the plan's own
    date, so that the same content always gives the same bytes.
    """
    import os

    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.strip().isdigit():
        return int(env)
    day: dt.date = content.data["plan"]["dato"]
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())
