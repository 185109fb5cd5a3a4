"""The variables templates see: the content itself plus figures derived from it once, in Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..load.folder import Content
from ..load.paths import confine, display
from ..load.yaml import read_yaml
from ..location import SourceLocation

ADMINISTRATION = {"kommunedirektør": "Kommunedirektøren", "byråd": "Byrådet"}


def build_context(content: Content, search_path: list[Path], file_names: dict[str, str]) -> dict[str, Any]:
    """Return the template variables for every document of one municipality."""
    data = content.data
    ctx: dict[str, Any] = {k: v for k, v in data.items() if k in ("kommune", "plan", "tiltaksdel", "medvirkning", "høring")}
    ctx["målform"] = data["kommune"]["målform"]
    ctx["administrasjonen"] = ADMINISTRATION[data["kommune"]["styringsform"]]
    ctx["kapitler"] = [{"navn": ch.name_in_folder, "tittel": ch.title} for ch in _chapters(content)]
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
    return ctx


class _Chapter:
    def __init__(self, name: str, title: str) -> None:
        self.name_in_folder = name
        self.title = title


def _chapters(content: Content) -> list[_Chapter]:
    out = []
    for ch in content.chapters:
        rel = ch.path.resolve().relative_to(content.root.resolve()).as_posix()
        out.append(_Chapter(rel, ch.title))
    return out


def _measures(tiltaksdel: dict[str, Any]) -> dict[str, Any]:
    """Measures flattened, counted per prevention level, and grouped by responsible service."""
    flat = []
    for s in tiltaksdel["strategier"]:
        for t in s["tiltak"]:
            flat.append({**t, "strategi": s})
    levels = Counter(t["nivå"] for t in flat)
    responsible: dict[str, list[dict[str, Any]]] = {}
    for t in flat:
        responsible.setdefault(t["ansvarlig"], []).append(t)
    partners = sorted({p for t in flat for p in t.get("samarbeidspartnere") or []} - set(responsible))
    return {
        "alle_tiltak": flat,
        "tiltak_per_nivå": {lvl: levels.get(lvl, 0) for lvl in ("universell", "selektiv", "indikert")},
        "ansvarlige": [{"navn": name, "tiltak": items} for name, items in sorted(responsible.items())],
        "andre_samarbeidspartnere": partners,
    }


def _participation(medvirkning: dict[str, Any], tiltaksdel: dict[str, Any] | None) -> dict[str, Any]:
    """Totals, participants per target group, and each input group traced to the plan."""
    activities = [a for a in medvirkning["aktiviteter"] if a.get("type") != "tidligere innsikt"]
    earlier = [a for a in medvirkning["aktiviteter"] if a.get("type") == "tidligere innsikt"]
    counted = [a for a in activities if a.get("deltakere") is not None]
    per_group: dict[str, int] = {}
    for a in counted:
        per_group[a["målgruppe"]] = per_group.get(a["målgruppe"], 0) + a["deltakere"]
    strategies = {s["id"]: s for s in (tiltaksdel or {}).get("strategier", [])}
    measures = {t["id"]: (t, s) for s in strategies.values() for t in s["tiltak"]}
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
