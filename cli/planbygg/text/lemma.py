"""Word keys for matching Norwegian word lists across inflection and bokmål/nynorsk spelling.

A key is the Snowball Norwegian stem of the word after folding nynorsk and variant spellings to
one form («høyringa» → «høringa», «åtferdsvanskar» → «atferdsvanskar») and irregular verb forms to
the infinitive («vedtok», «vedteke» → «vedta»). Snowball (PyStemmer, its C binding, through
snowballstemmer) loads in a few ms and handles unknown compounds, which municipal texts are full
of; simplemma knew more irregular forms but needs 1.5 s to load its dictionaries and left more of
the corpus words apart (see README).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Nynorsk and variant spellings folded to the bokmål form; applied to every part of a compound.
SPELLING = (
    ("høyr", "hør"),
    ("åtferd", "atferd"),
    ("førebygg", "forebygg"),
    ("ggj", "gg"),
    ("tenest", "tjenest"),
    ("ansvarleg", "ansvarlig"),
    ("innspel", "innspill"),
    ("medverknad", "medvirkning"),
    ("deltakar", "deltaker"),
    ("ungdomm", "ungdom"),
    ("skule", "skole"),
    ("ikkje", "ikke"),
    ("born", "barn"),
)
# Irregular forms that no stemmer joins to their infinitive.
IRREGULAR = {
    **dict.fromkeys(
        [
            "vedtok",
            "vedtatt",
            "vedtatte",
            "vedteke",
            "vedtekne",
            "vedteken",
            "vedtaken",
            "vedtakast",
            "vedtas",
            "vedtast",
            "vedtar",
            "vedtek",
        ],
        "vedta",
    ),
    **dict.fromkeys(["deltok", "deltatt", "delteke", "deltek", "deltar"], "delta"),
    **dict.fromkeys(["gjennomførte", "gjennomført", "gjennomførast", "gjennomføres"], "gjennomføre"),
    **dict.fromkeys(["fekk", "fikk"], "få"),
    **dict.fromkeys(["gav", "ga", "gitt", "gjeve", "gjev"], "gi"),
    **dict.fromkeys(["sa", "sagt", "sei", "seier"], "si"),
}
WORD_RE = re.compile(r"[\wÆØÅæøåÄÖÜäöüéèêóò]+(?:-[\wÆØÅæøå]+)*", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A word of a text with its offsets and matching key."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return stem(self.text)

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass(frozen=True)
class TermHit:
    """Where a term of a word list matched."""

    term: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _stemmer():
    # Loaded on first use. snowballstemmer hands over to PyStemmer (a dependency) when it imports;
    # without it, it falls back to pure Python and imports all 36 languages (about 60 ms).
    import snowballstemmer

    return snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case, nynorsk and variant spellings folded to one form."""
    w = word.lower().replace("–", "-")
    for old, new in SPELLING:
        if old in w:
            w = w.replace(old, new)
    return w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The matching key of a word: folded, irregular forms to the infinitive, then the Snowball stem."""
    w = fold(word)
    w = IRREGULAR.get(w, w)
    return _stemmer().stemWord(w)


def tokens(text: str) -> list[Token]:
    """The words of a text (hyphenated compounds stay one word) with offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


@dataclass(frozen=True)
class _Part:
    word: str
    prefix: bool  # «samarbeid*»: any word that starts with it
    gap: bool  # «*» alone: up to three words


@lru_cache(maxsize=4096)
def _compile(term: str) -> tuple[_Part, ...]:
    parts = []
    for raw in term.split():
        if raw == "*":
            parts.append(_Part("", False, True))
        elif raw.endswith("*"):
            parts.append(_Part(fold(raw[:-1]), True, False))
        else:
            parts.append(_Part(stem(raw), False, False))
    return tuple(parts)


def _word_matches(part: _Part, token: Token) -> bool:
    if part.prefix:
        return token.folded.startswith(part.word)
    return token.key == part.word


def find_terms(text: str, terms: Iterable[str], toks: list[Token] | None = None) -> list[TermHit]:
    """Every place a term matches: whole words by stem, «ord*» by prefix, «*» for up to three words between.

    Terms are written as in rules/*.yaml: «samarbeid*», «vedtatt av kommunestyret», «ingen * deltok».
    """
    toks = tokens(text) if toks is None else toks
    hits: list[TermHit] = []
    for term in terms:
        parts = _compile(term)
        if not parts:
            continue
        for i in range(len(toks)):
            end = _match(parts, toks, i)
            if end is not None:
                start, stop = toks[i].start, toks[end].end
                hits.append(TermHit(term, start, stop, text[start:stop]))
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits


def _match(parts: tuple[_Part, ...], toks: list[Token], i: int) -> int | None:
    """Index of the last token when the parts match from token i, else None."""
    if not parts:
        return i - 1
    part, rest = parts[0], parts[1:]
    if part.gap:
        for skip in range(0, 4):
            if i + skip > len(toks):
                break
            end = _match(rest, toks, i + skip)
            if end is not None and end >= i:
                return end
        return None
    if i >= len(toks) or not _word_matches(part, toks[i]):
        return None
    return _match(rest, toks, i + 1) if rest else i


def contains_any(text: str, terms: Iterable[str]) -> bool:
    """True when any of the terms matches the text."""
    return bool(find_terms(text, terms))
