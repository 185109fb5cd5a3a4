"""Suggest which part of the plan an innspill concerns (a measure, a strategy or a chapter), by the words they share.

Each part of the plan and the innspill become sets of word stems; parts are ranked by cosine
similarity of their TF-IDF weights (words every part uses, such as «barn», weigh nothing). The
best part above a threshold is suggested; the planner corrects «gjelder:» in the register.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..load.folder import Content

WORD_RE = re.compile(r"[a-zæøåéü]{3,}", re.IGNORECASE)
# Common bokmål and nynorsk words that say nothing about which part of a plan is meant.
_STOP_TEXT = """
    og i på til for med som av at det den de er var har ikke ikkje kan skal vil må mer meir enn eller men om
    fra frå ved også òg så seg sin sitt sine vi oss dere dykk dei deg meg jeg eg du han hun ho hans hennes
    deres vår våre vårt alle alt andre annen anna noen nokon noe noko mange mye mykje flere fleire bør blir
    vert være vere vært bli kunne skulle ville gjøre gjere gjør gjer får fått få gi gje gir gjev dette denne
    disse desse her der når kva hva hvordan korleis hvorfor kvifor fordi slik sånn bare berre både heller
    mellom etter under over uten utan inn inne ut ute opp ned hele heile godt gode god bra viktig viktige
    særlig særleg svært veldig gjerne mener meiner tror trur synes syns ønsker ønskjer planen plan planens
    tiltaket tiltak tiltaka tiltakene kommunen kommune eksempel dømes svar svaret send sende
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
SUFFIXES = ("ene", "ane", "ers", "ens", "ets", "er", "ar", "en", "et", "ig", "lig", "leg", "ing", "ingen", "inga", "e", "a", "s")
THRESHOLD = 0.15  # below this, nothing is suggested (a general innspill)


def stem(word: str) -> str:
    """A crude Norwegian stem: lower case without the commonest inflection endings, at least four letters kept."""
    word = word.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> set[str]:
    """The distinct stems of the content words in a text."""
    return {stem(w) for w in WORD_RE.findall(text) if w.lower() not in STOPWORDS}


@dataclass(frozen=True)
class Part:
    """A part of the plan an innspill can concern: what «gjelder:» would say, and a label for the planner."""

    key: str  # tiltak | strategi | kapittel
    value: str  # the id, or the chapter's file
    label: str  # «Tiltak 2.1: …», shown as a comment in the register
    words: frozenset[str]


class Linker:
    """The plan's parts and their word weights, built once per `planbygg svar`."""

    def __init__(self, content: Content) -> None:
        """Index the plan's measures, strategies and chapters."""
        self.parts = _parts(content)
        counts: Counter[str] = Counter(w for p in self.parts for w in p.words)
        n = len(self.parts) or 1
        self.idf = {w: math.log((n + 1) / (df + 0.5)) for w, df in counts.items()}
        self.norms = [math.sqrt(sum(self.idf[w] ** 2 for w in p.words)) or 1.0 for p in self.parts]

    def suggest(self, text: str) -> Part | None:
        """The part with the highest similarity to the text, if it is above the threshold."""
        words = self._expand(stems(text))
        known = [w for w in words if w in self.idf]
        if not known or not self.parts:
            return None
        query_norm = math.sqrt(sum(self.idf[w] ** 2 for w in known)) or 1.0
        best: tuple[float, int] | None = None
        for i, part in enumerate(self.parts):
            shared = part.words & words
            if not shared:
                continue
            score = sum(self.idf[w] ** 2 for w in shared) / (query_norm * self.norms[i])
            if best is None or score > best[0]:
                best = (score, i)
        if best is None or best[0] < THRESHOLD:
            return None
        return self.parts[best[1]]

    def _expand(self, words: set[str]) -> set[str]:
        """Map each word to the plan's words it begins or ends a compound of («kveld» → «kveldstid»)."""
        out = set(words)
        for word in words:
            if len(word) < 5 or word in self.idf:
                continue
            out.update(w for w in self.idf if len(w) >= 5 and (w.startswith(word) or word.startswith(w)))
        return out


def _short(text: Any, n: int = 70) -> str:
    """One line of at most `n` characters, for the register's comments."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _parts(content: Content) -> list[Part]:
    """Every part of the plan an innspill can concern, with its words."""
    parts: list[Part] = []
    for s in (content.data.get("tiltaksdel") or {}).get("strategier") or []:
        about = " ".join([str(s["tittel"]), str(s.get("beskrivelse") or ""), *map(str, s.get("mål") or [])])
        parts.append(Part("strategi", str(s["id"]), f"Strategi {s['id']}: {_short(s['tittel'])}", frozenset(stems(about))))
        for t in s.get("tiltak") or []:
            words = stems(f"{t['tekst']} {t.get('ansvarlig') or ''}")
            parts.append(Part("tiltak", str(t["id"]), f"Tiltak {t['id']}: {_short(t['tekst'])}", frozenset(words)))
    for chapter in content.chapters:
        # A chapter is long: its title and first part say what it is about without drowning the measures.
        words = stems(f"{chapter.title} {chapter.title} {chapter.text[:1500]}")
        parts.append(Part("kapittel", chapter.relative, f"Kapittel: {_short(chapter.title)}", frozenset(words)))
    return parts
