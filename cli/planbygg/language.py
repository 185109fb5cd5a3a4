"""Plain-language measures for Norwegian text: LIX, long sentences and mixed bokmål/nynorsk.

Pure functions without heavy imports, so `planbygg check` can call them on every section.
LIX (Björnsson) = words / sentences + 100 × long words / words, where a long word has more
than six letters. The bands follow klartsagt.no and tansa.com (see legal-requirements.md § 4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A sentence ends at . ! ? or : followed by space and a capital letter, a digit-free quote or a
# bullet, or at the end of the text. «15. juni» and «f.eks. når» are therefore not split.
SENTENCE_END_RE = re.compile(r"(?<=[.!?:])[\"»”)]*\s+(?=[«\"(]?[A-ZÆØÅÉ•\-–])")
LINE_BREAK_RE = re.compile(r"\n\s*\n|\n(?=\s*[•\-–*]\s)")

# Bands from the LIX literature; the upper bound of each band is exclusive.
BANDS: tuple[tuple[float, str], ...] = (
    (30, "svært lett"),
    (40, "lett"),
    (50, "middels"),
    (60, "vanskelig"),
    (float("inf"), "svært vanskelig"),
)

# Marker words that occur in one målform and (almost) never in the other.
NYNORSK_MARKERS = frozenset(
    [
        "ikkje",
        "kva",
        "korleis",
        "kvifor",
        "kven",
        "frå",
        "berre",
        "eg",
        "eit",
        "ein",
        "noko",
        "nokon",
        "mykje",
        "heile",
        "vere",
        "vore",
        "sjølv",
        "teneste",
        "tenester",
        "tenesta",
        "tenestene",
        "dei",
        "ho",
        "òg",
        "saman",
    ]
)
BOKMAL_MARKERS = frozenset(
    [
        "ikke",
        "hva",
        "hvordan",
        "hvorfor",
        "hvem",
        "fra",
        "bare",
        "jeg",
        "et",
        "noe",
        "noen",
        "mye",
        "hele",
        "være",
        "vært",
        "selv",
        "tjeneste",
        "tjenester",
        "tjenesten",
        "tjenestene",
        "de",
        "hun",
        "sammen",
    ]
)


@dataclass(frozen=True)
class Lix:
    """A LIX score with the counts behind it."""

    score: float
    words: int
    sentences: int
    long_words: int

    @property
    def band(self) -> str:
        return lix_band(self.score)


def words(text: str) -> list[str]:
    """Return the words of `text` (letters only; numbers and punctuation are skipped)."""
    return WORD_RE.findall(text)


def sentences(text: str) -> list[str]:
    """Split `text` into sentences; blank lines and bullet lines always end a sentence."""
    out: list[str] = []
    for block in LINE_BREAK_RE.split(text):
        block = " ".join(block.split())
        if not block:
            continue
        for part in SENTENCE_END_RE.split(block):
            part = part.strip(" •-–*")
            if words(part):
                out.append(part)
    return out


def lix(text: str) -> Lix:
    """Return the LIX of `text`; an empty text scores 0."""
    ws = words(text)
    ss = sentences(text)
    if not ws or not ss:
        return Lix(0.0, len(ws), len(ss), 0)
    long_words = sum(1 for w in ws if len(w.replace("-", "").replace("'", "")) > 6)
    score = len(ws) / len(ss) + 100 * long_words / len(ws)
    return Lix(round(score, 1), len(ws), len(ss), long_words)


@dataclass(frozen=True)
class Stats:
    """Counts for one paragraph, computed once and summed for sections and documents."""

    words: int
    sentences: int
    long_words: int
    sentence_lengths: tuple[tuple[int, str], ...]  # (word count, sentence) for each sentence
    bokmal: tuple[str, ...] = ()  # bokmål marker words found, in order
    nynorsk: tuple[str, ...] = ()


@lru_cache(maxsize=8192)
def stats(text: str) -> Stats:
    """Word, sentence and long-word counts of a paragraph (cached: rules ask for the same text often)."""
    ss = sentences(text)
    lengths = tuple((len(words(s)), s) for s in ss)
    ws = words(text)
    long_words = sum(1 for w in ws if len(w.replace("-", "").replace("'", "")) > 6)
    low = [w.lower() for w in ws]
    return Stats(
        len(ws),
        len(ss),
        long_words,
        lengths,
        tuple(w for w in low if w in BOKMAL_MARKERS),
        tuple(w for w in low if w in NYNORSK_MARKERS),
    )


def lix_of(texts: list[str]) -> Lix:
    """LIX of several paragraphs together, from their cached counts."""
    n_words = n_sent = n_long = 0
    for t in texts:
        st = stats(t)
        n_words += st.words
        n_sent += st.sentences
        n_long += st.long_words
    if not n_words or not n_sent:
        return Lix(0.0, n_words, n_sent, 0)
    return Lix(round(n_words / n_sent + 100 * n_long / n_words, 1), n_words, n_sent, n_long)


def lix_band(score: float) -> str:
    """Return the Norwegian name of the band a LIX score falls in."""
    for upper, name in BANDS:
        if score < upper:
            return name
    return BANDS[-1][1]


def long_sentences(text: str, limit: int = 30) -> list[tuple[int, str]]:
    """Return (word count, sentence) for every sentence with more than `limit` words."""
    return [(n, s) for n, s in stats(text).sentence_lengths if n > limit]


@dataclass(frozen=True)
class Malform:
    """Counts of bokmål and nynorsk marker words in a text."""

    bokmal: int
    nynorsk: int
    bokmal_examples: tuple[str, ...] = ()
    nynorsk_examples: tuple[str, ...] = ()

    @property
    def dominant(self) -> str | None:
        """nb, nn or None when no marker word was found."""
        if not self.bokmal and not self.nynorsk:
            return None
        return "nn" if self.nynorsk > self.bokmal else "nb"

    @property
    def minority_share(self) -> float:
        total = self.bokmal + self.nynorsk
        return min(self.bokmal, self.nynorsk) / total if total else 0.0


def malform_counts(text: str | list[str]) -> Malform:
    """Count the marker words of each målform (case-insensitive) in a text or paragraphs, keeping a few examples."""
    bm: list[str] = []
    nn: list[str] = []
    for part in [text] if isinstance(text, str) else text:
        st = stats(part)
        bm.extend(st.bokmal)
        nn.extend(st.nynorsk)
    return Malform(len(bm), len(nn), tuple(dict.fromkeys(bm))[:5], tuple(dict.fromkeys(nn))[:5])


def mixed_malform(text: str | list[str], threshold: float = 0.05, min_minority: int = 3) -> Malform | None:
    """Return the counts when the minority målform exceeds `threshold` of all markers, else None.

    At least `min_minority` minority markers are needed, so one quoted phrase does not count.
    """
    counts = malform_counts(text)
    minority = min(counts.bokmal, counts.nynorsk)
    if minority >= min_minority and counts.minority_share > threshold:
        return counts
    return None
