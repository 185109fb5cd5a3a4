"""Generate synthetic municipality folders from the examples (for the scale and batch measurements).

`scaled(src, dst, k)` multiplies the activities (with their input), strategies (with their measures)
and chapters k times; every copy gets new, unique ids, and the follow-up references of a copied
activity point at the copied strategies and measures, so the folder is as valid as the original.
`varied(src, dst, i)` makes municipality number i: another name and short name, and a random
(seeded) selection of activities and input points, sometimes doubled.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path
from typing import Any


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def _read(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as f:
        _yaml().dump(data, f)


def _numbers(ids: list[str]) -> int:
    """The largest leading number among ids like «3», «3.2» or «A7» (0 when there is none)."""
    found = [int(m.group(1)) for i in ids if (m := re.search(r"(\d+)", str(i)))]
    return max(found, default=0)


def _shift(value: Any, offset: int, copy_no: int) -> Any:
    """«3» → «3+offset», «3.2» → «(3+offset).2», «A7» → «A(7+offset)», anything else gets a suffix."""
    if value is None:
        return None
    text = str(value)
    m = re.fullmatch(r"([A-Za-z]*)(\d+)(.*)", text)
    if m:
        return f"{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}"
    return f"{text}-k{copy_no}"


def _scale_strategies(data: Any, k: int) -> int:
    strategies = data["strategier"]
    offset = _numbers([s.get("id") for s in strategies] + [t.get("id") for s in strategies for t in s["tiltak"]])
    base = list(strategies)
    for n in range(1, k):
        for s in base:
            c = copy.deepcopy(s)
            if c.get("id") is not None:
                c["id"] = _shift(c["id"], offset * n, n)
            for t in c["tiltak"]:
                if t.get("id") is not None:
                    t["id"] = _shift(t["id"], offset * n, n)
            strategies.append(c)
    return offset


def _scale_activities(data: Any, k: int, strategy_offset: int) -> None:
    activities = data["aktiviteter"]
    offset = _numbers([a.get("id") for a in activities])
    base = list(activities)
    for n in range(1, k):
        for a in base:
            c = copy.deepcopy(a)
            if c.get("id") is not None:
                c["id"] = _shift(c["id"], offset * n, n)
            for item in c.get("innspill") or []:
                follow = item.get("oppfølging")
                if follow:
                    for key in ("strategi", "tiltak"):
                        if follow.get(key) is not None:
                            follow[key] = _shift(follow[key], strategy_offset * n, n)
            activities.append(c)


def _scale_chapters(root: Path, project: Any, k: int) -> None:
    plan = project["plan"]
    names = list(plan.get("kapitler") or [])
    paths = [root / n for n in names] if names else sorted((root / "kapitler").glob("*.md"))
    extra = []
    for n in range(1, k):
        for p in paths:
            target = p.with_name(f"{p.stem}-k{n}{p.suffix}")
            shutil.copyfile(p, target)
            extra.append(target.relative_to(root).as_posix())
    if names:
        plan["kapitler"] = names + extra


def scaled(src: Path, dst: Path, k: int) -> Path:
    """Copy `src` to `dst` with k× the activities, input, strategies, measures and chapters."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("build"))
    if k == 1:
        return dst
    project = _read(dst / "planbygg.yaml")
    strategies = _read(dst / "strategier.yaml")
    participation = _read(dst / "medvirkning.yaml")
    offset = _scale_strategies(strategies, k)
    _scale_activities(participation, k, offset)
    _scale_chapters(dst, project, k)
    _write(dst / "planbygg.yaml", project)
    _write(dst / "strategier.yaml", strategies)
    _write(dst / "medvirkning.yaml", participation)
    return dst


def varied(src: Path, dst: Path, i: int) -> Path:
    """Municipality number i, made from `src` with another name and a seeded variation of the content."""
    rnd = random.Random(i)
    factor = 2 if rnd.random() < 0.25 else 1
    scaled(src, dst, factor)
    project = _read(dst / "planbygg.yaml")
    kommune = project["kommune"]
    short = f"{kommune.get('kortnavn') or 'kommune'}-{i:03d}"
    kommune["kortnavn"] = short
    navn = str(kommune["navn"])
    kommune["navn"] = navn.replace(" kommune", f" {i} kommune") if " kommune" in navn else f"{navn} {i}"
    _write(dst / "planbygg.yaml", project)
    participation = _read(dst / "medvirkning.yaml")
    activities = participation["aktiviteter"]
    keep = max(1, round(len(activities) * rnd.uniform(0.5, 1.0)))
    drop = rnd.sample(range(len(activities)), len(activities) - keep)
    for index in sorted(drop, reverse=True):
        del activities[index]
    for a in activities:
        for item in a.get("innspill") or []:
            points = item["punkter"]
            while len(points) > 1 and rnd.random() < 0.3:
                del points[rnd.randrange(len(points))]
    _write(dst / "medvirkning.yaml", participation)
    return dst
