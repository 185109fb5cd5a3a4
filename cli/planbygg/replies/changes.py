"""What changed since the høringsutkast: a copy of its content taken by «planbygg svar», compared with the content now.

Measures (or strategies, in a plan without measures) are matched by their text, not their id,
so that a measure inserted in the middle does not make every later one look changed. The share
of measures added, removed or changed, and the share of chapter text rewritten, tell how large
the change is: Sivilombudet asks whether a plan changed this much should go on a new høring.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.folder import Content
from ..write.files import atomic_write

# JSON, not YAML: it is read on every build of the saksframlegg, and the standard library reads it in
# about a millisecond where a pure-Python YAML reader needs about 100 ms for Bergen's chapters.
FILE_NAME = "høringsutkast-innhold.json"
MEASURE_FIELDS = ("tekst", "ansvarlig", "samarbeidspartnere", "nivå", "tidsramme")
SAME_TEXT = 0.6  # two measures with at least this similarity are the same measure, changed


@dataclass
class Change:
    """One part of the plan added, removed or changed since the høringsutkast."""

    what: str  # tiltak | strategi | kapittel
    how: str  # lagt til | fjernet | endret
    ident: str  # the id now (or then, when removed)
    title: str
    fields: list[str] = field(default_factory=list)  # the fields that changed, e.g. ["ansvarlig", "tidsramme"]
    share: float | None = None  # for a chapter: the share of its text that changed


@dataclass
class Comparison:
    """The size of the change and each change; `available` is false when no copy of the høringsutkast was taken."""

    available: bool = False
    taken: str = ""
    unit: str = "tiltak"  # what the share counts: tiltak, or strategi in a plan without measures
    before: int = 0
    after: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    share: float = 0.0  # (added + removed + changed) / before
    text_share: float = 0.0  # share of the chapters' text rewritten, added or removed
    changes: list[Change] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """Content values without their source positions, for the copy."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot(content: Content) -> dict[str, Any]:
    """The parts of the content a later comparison needs: plan, strategies and measures, chapters."""
    plan = content.data["plan"]
    strategies = []
    for s in (content.data.get("tiltaksdel") or {}).get("strategier") or []:
        strategies.append(
            {
                "id": str(s["id"]),
                "tittel": str(s["tittel"]),
                "beskrivelse": str(s.get("beskrivelse") or ""),
                "mål": [str(m) for m in s.get("mål") or []],
                "tiltak": [{"id": str(t["id"]), **{k: _plain(t.get(k)) for k in MEASURE_FIELDS}} for t in s.get("tiltak") or []],
            }
        )
    return {
        "tatt": dt.date.today().isoformat(),
        "plan": {k: _plain(plan.get(k)) for k in ("tittel", "periode", "status", "dato")},
        "strategier": strategies,
        "kapitler": [{"fil": c.relative, "tittel": c.title, "tekst": c.text} for c in content.chapters],
    }


def save_snapshot(content: Content) -> Path | None:
    """Keep a copy of the høringsutkast's content the first time replies are read; None when one exists or the plan is adopted."""
    path = content.root / FILE_NAME
    if path.exists() or content.data["plan"]["status"] == "vedtatt":
        return None
    data = {
        "merknad": "Kopi av innholdet i høringsutkastet, tatt av «planbygg svar» første gang svarene ble lest. "
        "planbygg sammenligner planen med denne kopien og lister endringene etter høringen. Ikke rediger filen.",
        **snapshot(content),
    }
    atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path


def load_snapshot(root: Path) -> dict[str, Any] | None:
    """The copy of the høringsutkast, or None when there is none (or it cannot be read)."""
    path = root / FILE_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a damaged copy means no comparison, not a failed build
        return None
    return data if isinstance(data, dict) else None


def _similarity(a: str, b: str) -> float:
    """How alike two short texts are, 0–1, by characters."""
    return difflib.SequenceMatcher(None, a.lower(), b.lower(), autojunk=False).ratio()


def _text_similarity(a: str, b: str) -> float:
    """How alike two chapters are, 0–1, by words (characters would be slow on long texts)."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def percent(share: float) -> str:
    """A share as Norwegian writes it: «12 %»."""
    return f"{round(share * 100)} %"


def _match(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same item: same text first, then the most similar above SAME_TEXT."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))
    for i in sorted(free_old):
        j = next((j for j in sorted(free_new) if str(new[j].get(key)) == str(old[i].get(key))), None)
        if j is not None:
            pairs.append((i, j))
            free_old.discard(i)
            free_new.discard(j)
    scored = sorted(
        ((_similarity(str(old[i].get(key)), str(new[j].get(key))), i, j) for i in free_old for j in free_new), reverse=True
    )
    for score, i, j in scored:
        if score < SAME_TEXT or i not in free_old or j not in free_new:
            continue
        pairs.append((i, j))
        free_old.discard(i)
        free_new.discard(j)
    return pairs


def _diff_items(
    what: str, old: list[dict[str, Any]], new: list[dict[str, Any]], key: str, fields: tuple[str, ...]
) -> list[Change]:
    """Items changed (matched, with fields that differ), added and removed."""
    changes: list[Change] = []
    pairs = _match(old, new, key)
    for i, j in pairs:
        differ = [f for f in fields if _plain(old[i].get(f)) != _plain(new[j].get(f))]
        if differ:
            changes.append(Change(what, "endret", str(new[j]["id"]), str(new[j][key]), differ))
    matched_old, matched_new = {i for i, _ in pairs}, {j for _, j in pairs}
    changes += [Change(what, "lagt til", str(n["id"]), str(n[key])) for j, n in enumerate(new) if j not in matched_new]
    changes += [Change(what, "fjernet", str(o["id"]), str(o[key])) for i, o in enumerate(old) if i not in matched_old]
    return changes


def compare(before: dict[str, Any] | None, content: Content) -> Comparison:
    """Compare the copy of the høringsutkast with the content now."""
    if not before:
        return Comparison()
    now = snapshot(content)
    old_s, new_s = before.get("strategier") or [], now["strategier"]
    old_t = [t for s in old_s for t in s.get("tiltak") or []]
    new_t = [t for s in new_s for t in s.get("tiltak") or []]
    strategy_changes = _diff_items("strategi", old_s, new_s, "tittel", ("tittel", "beskrivelse", "mål"))
    measure_changes = _diff_items("tiltak", old_t, new_t, "tekst", MEASURE_FIELDS)
    unit, counted, old_n, new_n = (
        ("tiltak", measure_changes, len(old_t), len(new_t))
        if old_t or new_t
        else ("strategi", strategy_changes, len(old_s), len(new_s))
    )
    result = Comparison(True, str(before.get("tatt") or ""), unit, old_n, new_n)
    result.added = sum(c.how == "lagt til" for c in counted)
    result.removed = sum(c.how == "fjernet" for c in counted)
    result.changed = sum(c.how == "endret" for c in counted)
    result.share = (result.added + result.removed + result.changed) / max(old_n, 1)
    chapter_changes, result.text_share = _chapters(before.get("kapitler") or [], now["kapitler"])
    result.changes = strategy_changes + measure_changes + chapter_changes
    return result


def _chapters(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> tuple[list[Change], float]:
    """Chapters added, removed or rewritten (by file), and the share of all chapter text that changed."""
    changes: list[Change] = []
    old_by, new_by = {c["fil"]: c for c in old}, {c["fil"]: c for c in new}
    total = sum(len(c["tekst"]) for c in old) or 1
    changed_chars = 0.0
    for name, chapter in new_by.items():
        if name not in old_by:
            changes.append(Change("kapittel", "lagt til", name, chapter["tittel"]))
            changed_chars += len(chapter["tekst"])
        elif chapter["tekst"] != old_by[name]["tekst"]:
            ratio = _text_similarity(old_by[name]["tekst"], chapter["tekst"])
            changes.append(Change("kapittel", "endret", name, chapter["tittel"], share=1 - ratio))
            changed_chars += (1 - ratio) * len(old_by[name]["tekst"])
    for name, chapter in old_by.items():
        if name not in new_by:
            changes.append(Change("kapittel", "fjernet", name, chapter["tittel"]))
            changed_chars += len(chapter["tekst"])
    return changes, min(1.0, changed_chars / total)
