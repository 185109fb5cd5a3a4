"""Stage 2: check the raw content against the schema and cross-references, collecting every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..documents import BY_ID
from ..errors import Problem
from ..location import SourceLocation
from .replies import check_register
from .schema import FILE_OF, FILES
from .types import Path_


def validate(raw: dict[str, Any], locs: dict[Path_, SourceLocation], root: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Return the cleaned content and all problems found, each with its location."""
    problems: list[Problem] = []

    def where(path: Path_) -> SourceLocation | None:
        key = tuple(path)
        while key:
            if key in locs:
                return locs[key]
            key = key[:-1]
        return None

    def report(path: Path_, message: str, hint: str | None) -> None:
        problems.append(Problem(message, where(path), hint))

    def warn(path: Path_, message: str, hint: str | None) -> None:
        problems.append(Problem(message, where(path), hint, level="advarsel"))

    data: dict[str, Any] = {}
    for _name, (key, schema) in FILES.items():
        if key is None:
            data.update(schema.check({k: v for k, v in raw.items() if k not in _file_keys()}, (), report))
        elif key in raw:
            data[key] = schema.check(raw[key], (key,), report)
    _number(data)
    _cross_references(data, report)
    _files(data, root, report)
    check_register(data, root, report, warn)
    for kind in data.get("dokumenter") or []:
        needed = FILE_OF[BY_ID[kind].needs]
        if BY_ID[kind].needs not in data:
            report(("dokumenter",), f"dokumentet «{kind}» trenger filen {needed}, som mangler", f"lag {needed} i kommunemappen")
    return data, problems


def _file_keys() -> set[str]:
    return {key for key, _ in FILES.values() if key}


def _number(data: dict[str, Any]) -> None:
    """Give strategies and measures without an id the numbers 1, 1.1, 1.2 … in order."""
    for s_index, strategy in enumerate((data.get("tiltaksdel") or {}).get("strategier") or [], start=1):
        if not isinstance(strategy, dict):
            continue
        strategy["id"] = strategy.get("id") or str(s_index)
        for t_index, measure in enumerate(strategy.get("tiltak") or [], start=1):
            if isinstance(measure, dict):
                measure["id"] = measure.get("id") or f"{strategy['id']}.{t_index}"
    for a_index, activity in enumerate((data.get("medvirkning") or {}).get("aktiviteter") or [], start=1):
        if isinstance(activity, dict):
            activity["id"] = activity.get("id") or f"A{a_index}"


def _cross_references(data: dict[str, Any], report: Any) -> None:
    """Unique ids, and every follow-up pointing at a strategy or measure that exists."""
    strategies = [s for s in (data.get("tiltaksdel") or {}).get("strategier") or [] if isinstance(s, dict)]
    strategy_ids: set[str] = set()
    measure_ids: set[str] = set()
    for si, s in enumerate(strategies):
        if s["id"] in strategy_ids:
            report(
                ("tiltaksdel", "strategier", si, "id"), f"strategi-id-en «{s['id']}» er brukt før", "gi hver strategi en egen id"
            )
        strategy_ids.add(s["id"])
        for ti, t in enumerate(s.get("tiltak") or []):
            if isinstance(t, dict):
                if t["id"] in measure_ids:
                    report(
                        ("tiltaksdel", "strategier", si, "tiltak", ti, "id"),
                        f"tiltaks-id-en «{t['id']}» er brukt før",
                        "gi hvert tiltak en egen id",
                    )
                measure_ids.add(t["id"])
    activities = (data.get("medvirkning") or {}).get("aktiviteter") or []
    for ai, activity in enumerate(activities):
        if not isinstance(activity, dict):
            continue
        for ii, item in enumerate(activity.get("innspill") or []):
            follow = (item or {}).get("oppfølging") if isinstance(item, dict) else None
            if not follow:
                continue
            path = ("medvirkning", "aktiviteter", ai, "innspill", ii, "oppfølging")
            if follow.get("strategi") and strategies and follow["strategi"] not in strategy_ids:
                report(
                    (*path, "strategi"),
                    f"det finnes ingen strategi med id «{follow['strategi']}»",
                    f"kjente strategier: {', '.join(sorted(strategy_ids))}",
                )
            if follow.get("tiltak") and strategies and follow["tiltak"] not in measure_ids:
                report(
                    (*path, "tiltak"), f"det finnes ikke noe tiltak med id «{follow['tiltak']}»", "sjekk id-en i strategier.yaml"
                )
            if not (follow.get("strategi") or follow.get("tiltak") or follow.get("ikke_fulgt_opp")):
                report(
                    path,
                    "oppfølgingen sier ikke hvor innspillet følges opp",
                    "legg til «strategi:», «tiltak:» eller «ikke_fulgt_opp:» med en begrunnelse",
                )


def _files(data: dict[str, Any], root: Path, report: Any) -> None:
    """Files named in the content must exist inside the municipality folder."""
    from ..load.paths import allowed_roots, confine

    kommune = data.get("kommune") or {}
    libraries = [str(x) for x in data.get("bibliotek") or () if isinstance(x, str)]
    for key in ("logo", "referansedokument"):
        name = kommune.get(key)
        if not name:
            continue
        path = confine(root, name, allowed_roots(root, libraries))
        if path is None:
            report(
                ("kommune", key),
                f"«{name}» peker ut av kommunemappen og bibliotekene (en sti eller lenke som går ut av mappen)",
                "legg filen i kommunemappen (ikke som snarvei/lenke) og bruk en relativ sti",
            )
        elif not path.is_file():
            report(("kommune", key), f"finner ikke filen «{name}»", "filstien er relativ til kommunemappen")
        elif key == "referansedokument" and path.suffix.lower() != ".docx":
            report(("kommune", key), "referansedokumentet må være en .docx-fil", None)
    if kommune.get("logo") and not kommune.get("logo_alt"):
        report(("kommune", "logo"), "logoen mangler alternativ tekst", "legg til «logo_alt:», f.eks. «Bærum kommunes logo»")
