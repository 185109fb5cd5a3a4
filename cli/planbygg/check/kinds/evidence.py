"""Evidence in the running text: every sentence, heading and table cell of a view, searched by word keys, weighed by cues.

A document is cut into units: its title, each heading, each sentence of each paragraph and list
item, and each table cell. Words are matched by their key (text/lemma.py: Snowball stem after
folding nynorsk and variant spellings), so «samarbeider», «samarbeidet» and «samarbeida» all
match «samarbeid». A mention counts as evidence unless a cue says otherwise (text/cues.py): it is
negated («omtalar ikkje korleis tenestene skal samarbeide»), inside quotation marks or a statement
about the law («Ifølge barnevernsloven § 15-1 skal …»), or its section has no substance (a heading
over «Kommer.», or one short sentence such as «Samarbeid er viktig.»).

Word lists are written as in rules/*.yaml: «samarbeid» (any inflection), «samarbeid*» (words that
begin so), «*samarbeid*» (words that contain it), «*» alone (up to three words), several words for
a phrase.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ...text import cues
from ...text.lemma import WORD_RE, fold, stem, tokens
from ...text.sentences import split_sentences
from ..views import Para, View

# Words that do not make a sentence say anything: a mention with fewer other words is filler («Samarbeid er viktig.»).
FILLER = frozenset(
    [
        "og",
        "i",
        "på",
        "er",
        "det",
        "som",
        "en",
        "ei",
        "et",
        "å",
        "til",
        "av",
        "for",
        "med",
        "at",
        "har",
        "vi",
        "de",
        "den",
        "kan",
        "skal",
        "vil",
        "ikke",
        "ikkje",
        "seg",
        "sin",
        "sitt",
        "sine",
        "om",
        "fra",
        "frå",
        "så",
        "men",
        "eller",
        "også",
        "òg",
        "vere",
        "være",
        "være",
        "blir",
        "vert",
        "bli",
        "vil",
        "ha",
        "hadde",
        "var",
        "her",
        "der",
        "dette",
        "denne",
        "dei",
        "ein",
        "eit",
        "eg",
        "jeg",
        "du",
        "me",
        "oss",
        "vår",
        "våre",
        "vårt",
        "viktig",
        "viktige",
        "godt",
        "god",
        "gode",
        "bra",
        "veldig",
        "mykje",
        "mye",
        "alle",
        "alt",
    ]
)
ALL_CUES = ("nektelse", "sitat", "lovhenvisning", "uten_innhold")
SUBSTANCE_WORDS = 3  # other words a sentence needs besides the matched term to say something
UNIT_KINDS = ("tittel", "overskrift", "innhold", "avsnitt", "celle", "kolonnenavn", "topptekst")
TEXT_KINDS = ("tittel", "overskrift", "innhold", "avsnitt", "celle", "topptekst")
# A table of contents copied into the text: «Innhold 1.0 Innleiing …», or entries with dot leaders and page numbers.
TOC_RE = re.compile(r"(?i)^\W*(?:innhold\w*|innhald\w*|table of contents)\b|(?:\.{4,}|…{2,})\s*\d+")


@dataclass
class Unit:
    """A piece of text the search looks at: a sentence, a heading, a table cell or the title."""

    text: str
    where: str
    kind: str  # tittel | overskrift | innhold (a table of contents) | avsnitt | celle (a table row) | kolonnenavn | topptekst
    section: int  # index of the section in view.sections; -1 for the title and the page header
    standard: bool = False
    keys: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # folded words
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """One place a word of a list was found, with why it does not count (empty when it does)."""

    unit: Unit
    start: int
    end: int
    term: str
    weak: str = ""  # nektelse | sitat | lovhenvisning | uten_innhold:<tom|plassholder|kort|fyll>
    n: int = (
        0  # the unit's index, for document order  # nektelse | sitat | lovhenvisning | uten_innhold:<tom|plassholder|kort|fyll>
    )

    @property
    def text(self) -> str:
        return self.unit.text[self.start : self.end]


@dataclass(frozen=True)
class _Part:
    word: str
    mode: str  # key | prefix | suffix | infix | gap


class TextIndex:
    """Every unit of a view with its word keys, and where each key and word occurs."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.units: list[Unit] = []
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        self._by_word: dict[str, list[tuple[int, int]]] = {}
        self._substance: dict[int, str | None] = {}
        self._section_of_table: list[int] = []
        self._vocab: list[str] | None = None
        self._reversed: list[str] = []
        self._undoubled: dict[str, list[str]] = {}
        self._undoubled_sorted: list[str] = []
        self._build()

    # -------------------------------------------------------------- building

    def _add(self, text: str, where: str, kind: str, section: int, standard: bool = False) -> None:
        text = " ".join(text.split())
        if not text:
            return
        unit = make_unit(text, where, kind, section, standard)
        n = len(self.units)
        for i, (key, word) in enumerate(zip(unit.keys, unit.words, strict=True)):
            self._by_key.setdefault(key, []).append((n, i))
            self._by_word.setdefault(word, []).append((n, i))
        self.units.append(unit)

    def _build(self) -> None:
        view = self.view
        if view.title:
            self._add(view.title, view.title_where or view.name, "tittel", -1)
        if view.properties.get("title") and view.properties["title"] != view.title:
            self._add(view.properties["title"], f"{view.name} › dokumentegenskaper", "tittel", -1)
        headings: dict[str, int] = {}
        for index, s in enumerate(view.sections):
            if s.heading:
                self._add(s.heading, s.where, "overskrift", index, s.standard)
                headings.setdefault(s.heading, index)
            for para in s.paras:
                self._add_para(para, index)
        for t in view.tables:
            section = headings.get(t.heading or "", -1)
            self._section_of_table.append(section)
            self._add(" | ".join(c for c in t.header if c.strip()), t.where, "kolonnenavn", section, t.standard)
            for i, row in enumerate(t.rows):
                # a row is read as one sentence: «30. november 2023 | Verksted | Elever i 8. klasse»
                where = t.row_where[i] if i < len(t.row_where) else t.where
                self._add(row_text(row), where, "celle", section, t.standard)
        if view.extra_text:
            self._add(view.extra_text, f"{view.name} › topptekst/bunntekst", "topptekst", -1)

    def _add_para(self, para: Para, section: int) -> None:
        if TOC_RE.search(para.text):
            self._add(para.text, para.where, "innhold", section, para.standard)  # its entries name the chapters
            return
        for sentence in split_sentences(para.text):
            self._add(sentence.text, para.where, "avsnitt", section, para.standard)

    # -------------------------------------------------------------- sections

    def section_body(self, index: int) -> str:
        """The text under a heading and its subsections (tables included) up to the next heading at its level."""
        sections = self.view.sections
        level = sections[index].level
        parts = [p.text for p in sections[index].paras]
        parts += [" ".join(" ".join(r) for r in t.rows) for t in self._tables_in(index)]
        for i in range(index + 1, len(sections)):
            if sections[i].level <= level:
                break
            parts.append(sections[i].heading)
            parts += [p.text for p in sections[i].paras]
            parts += [" ".join(" ".join(r) for r in t.rows) for t in self._tables_in(i)]
        return "\n\n".join(x for x in parts if x)

    def _tables_in(self, index: int) -> list:
        return [t for t, s in zip(self.view.tables, self._section_of_table, strict=True) if s == index]

    def substance(self, index: int) -> str | None:
        """Why a section has no substance («tom», «plassholder», «kort»), or None.

        One short sentence has substance when it says something beyond the heading: «Ungdata viser
        mye» under «Utfordringsbilde» does, «Samarbeid er viktig» under «Samarbeid» does not.
        """
        if index not in self._substance:
            reason = cues.substance(self.section_body(index)) if index >= 0 else None
            if reason == "kort":
                heading = {stem(t.text) for t in tokens(self.view.sections[index].heading)}
                content = [
                    t.text for t in tokens(self.section_body(index)) if fold(t.text) not in FILLER and stem(t.text) not in heading
                ]
                if len(content) >= SUBSTANCE_WORDS - 1:
                    reason = None
            self._substance[index] = reason
        return self._substance[index]

    # -------------------------------------------------------------- search

    def units_in(self, scopes: Iterable[str] | str | None) -> set[int]:
        """The indexes of the units a scope covers (see base.SCOPE)."""
        if isinstance(scopes, str):
            scopes = [scopes]
        chosen: set[int] = set()
        for scope in list(scopes or ["alt"]):
            if scope == "alt":
                return set(range(len(self.units)))
            if scope == "tittel":
                first = next((i for i, s in enumerate(self.view.sections) if s.heading), None)
                top = first if first is not None and self.view.sections[first].level <= 1 else None
                chosen |= {
                    n for n, u in enumerate(self.units) if u.kind == "tittel" or (u.kind == "overskrift" and u.section == top)
                }
            elif scope == "overskrifter":
                chosen |= {n for n, u in enumerate(self.units) if u.kind in ("overskrift", "tittel")}
            elif scope == "avsnitt":
                chosen |= {n for n, u in enumerate(self.units) if u.kind == "avsnitt"}
            elif scope == "tabeller":
                chosen |= {n for n, u in enumerate(self.units) if u.kind in ("celle", "kolonnenavn")}
            elif scope.startswith("seksjon:"):
                sections = self._sections_named(tuple(scope[8:].split("|")))
                chosen |= {n for n, u in enumerate(self.units) if u.section in sections}
        return chosen

    def _sections_named(self, words: tuple[str, ...]) -> set[int]:
        """Sections whose heading has one of the words, with their subsections."""
        found: set[int] = set()
        sections = self.view.sections
        heads = {m.unit.section for m in self.find(words, kinds=("overskrift",))}
        for index in heads:
            found.add(index)
            for i in range(index + 1, len(sections)):
                if sections[i].level <= sections[index].level:
                    break
                found.add(i)
        return found

    def find(
        self,
        terms: Iterable[str],
        units: set[int] | None = None,
        kinds: tuple[str, ...] | None = None,
    ) -> list[Mention]:
        """Every mention of the terms in the chosen units (all by default), in document order, without cues weighed.

        Column names are labels, not statements: they are searched only when `kinds` names them.
        """
        kinds = kinds or TEXT_KINDS
        out: list[Mention] = []
        seen: set[tuple[int, int, int]] = set()
        for term in terms:
            parts = _compile(term)
            if not parts or parts[0].mode == "gap":
                continue
            for n, i in self._starts(parts[0]):
                if units is not None and n not in units:
                    continue
                unit = self.units[n]
                if unit.kind not in kinds:
                    continue
                last = _match(parts, unit, i)
                if last is None:
                    continue
                start, end = unit.spans[i][0], unit.spans[last][1]
                if (n, start, end) in seen:
                    continue
                seen.add((n, start, end))
                out.append(Mention(unit, start, end, term, n=n))
        out.sort(key=lambda m: (m.n, m.start))
        return out

    def _starts(self, part: _Part) -> list[tuple[int, int]]:
        """Where the first word of a term can match: by key, or by a search in the sorted vocabulary."""
        if part.mode == "key":
            return self._by_key.get(part.word, [])
        if self._vocab is None:
            self._vocab = sorted(self._by_word)
            self._reversed = sorted(w[::-1] for w in self._by_word)
            self._undoubled = {}
            for w in self._by_word:
                self._undoubled.setdefault(_undouble(w), []).append(w)
            self._undoubled_sorted = sorted(self._undoubled)
        if part.mode == "prefix":
            words = _with_prefix(self._vocab, part.word)
            if len(part.word) >= 8:
                short = _undouble(part.word)
                words += [w for u in _with_prefix(self._undoubled_sorted, short) for w in self._undoubled[u]]
        elif part.mode == "suffix":
            words = [w[::-1] for w in _with_prefix(self._reversed, part.word[::-1]) if w != part.word[::-1]]
        else:
            words = [w for w in self._vocab if part.word in w]
        return sorted({pos for w in words for pos in self._by_word[w]})

    # -------------------------------------------------------------- weighing

    def weigh(self, mention: Mention, ignore: Iterable[str] = ALL_CUES) -> Mention:
        """The mention with the first cue that keeps it from counting («nektelse», «sitat», …), if any."""
        ignore = set(ignore)
        unit = mention.unit
        if "nektelse" in ignore and unit.kind in ("avsnitt", "celle") and negated(unit.text, mention.start, mention.end):
            return _weak(mention, "nektelse")
        if "sitat" in ignore and unit.kind == "avsnitt" and cues.is_quoted(unit.text, mention.start, mention.end):
            return _weak(mention, "sitat")
        if "lovhenvisning" in ignore and unit.kind == "avsnitt" and cues.law_attributions(unit.text):
            return _weak(mention, "lovhenvisning")
        if "uten_innhold" in ignore:
            if unit.kind == "overskrift" and unit.section >= 0:
                reason = self.substance(unit.section)
                if reason:
                    return _weak(mention, f"uten_innhold:{reason}")
            elif unit.kind == "avsnitt":
                reason = self.substance(unit.section) if unit.section >= 0 else None
                if reason == "plassholder" or _filler(unit, mention):
                    return _weak(mention, f"uten_innhold:{reason or 'fyll'}")
        return mention


def negated(text: str, start: int, end: int) -> bool:
    """Whether a negation governs [start, end): one in the same clause before it, or just after it (not one inside the words).

    «ikke unntatt offentlighet» or «ingen * deltok» carry their negation inside the matched words.
    """
    clause_start, clause_end = cues.clause(text, start, end)
    for m in cues.NEGATION_RE.finditer(text, clause_start, clause_end):
        if start <= m.start() < end:
            continue
        if m.start() < start or m.start() - end <= 12:
            return True
    return False


def row_text(row: list[str]) -> str:
    """A table row as one line of text, its cells apart by «|»."""
    return " | ".join(" ".join(c.split()) for c in row if c.strip())


def _with_prefix(words: list[str], prefix: str) -> list[str]:
    """The words of a sorted list that begin with `prefix`."""
    start = bisect.bisect_left(words, prefix)
    end = bisect.bisect_left(words, prefix + "\uffff")
    return words[start:end]


def make_unit(text: str, where: str = "", kind: str = "avsnitt", section: int = -1, standard: bool = False) -> Unit:
    """A unit with its word keys and folded words."""
    unit = Unit(text, where, kind, section, standard)
    keys, words, spans = unit.keys, unit.words, unit.spans
    # WORD_RE directly rather than tokens(): a check makes tens of thousands of units
    for m in WORD_RE.finditer(text):
        word = m.group()
        keys.append(stem(word))
        words.append(fold(word))
        spans.append(m.span())
    return unit


def has_terms(text: str, terms: Iterable[str]) -> bool:
    """Whether any of the terms occurs in a short text (a body named by a case reference, a table header)."""
    unit = make_unit(" ".join(text.split()))
    for term in terms:
        parts = _compile(term)
        if parts and parts[0].mode != "gap" and any(_match(parts, unit, i) is not None for i in range(len(unit.words))):
            return True
    return False


def _weak(mention: Mention, why: str) -> Mention:
    return Mention(mention.unit, mention.start, mention.end, mention.term, why, mention.n)


def _filler(unit: Unit, mention: Mention) -> bool:
    """A sentence that says nothing beyond one matched word («Samarbeid er viktig.»); a phrase says something itself."""
    if " " in mention.text.strip():
        return False
    others = [
        w
        for w, (a, b) in zip(unit.words, unit.spans, strict=True)
        if not (a >= mention.start and b <= mention.end) and w not in FILLER
    ]
    return len(others) < SUBSTANCE_WORDS - 1 and len(unit.words) < 8


@lru_cache(maxsize=16384)
def _undouble(word: str) -> str:
    """Doubled letters made single («omsorgssvikt» and the common «omsorgsvikt» meet)."""
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=4096)
def _compile(term: str) -> tuple[_Part, ...]:
    parts: list[_Part] = []
    for raw in term.split():
        if raw == "*":
            parts.append(_Part("", "gap"))
            continue
        infix = raw.startswith("*") and len(raw) > 1
        prefix = raw.endswith("*")
        word = raw.strip("*")
        if not word:
            continue
        inner = [t.text for t in tokens(word)]
        if not inner:
            continue
        for j, piece in enumerate(inner):
            first, last = j == 0, j == len(inner) - 1
            if infix and first and prefix and last:
                parts.append(_Part(fold(piece), "infix"))  # «*samarbeid*»: words that contain it
            elif prefix and last:
                parts.append(_Part(fold(piece), "prefix"))  # «samarbeid*»: words that begin so
            elif infix and first:
                parts.append(_Part(fold(piece), "suffix"))  # «*tjenesten»: longer words that end so (barneverntjenesten)
            else:
                parts.append(_Part(stem(piece), "key"))  # «samarbeid»: any inflection
    return tuple(parts)


def _word_ok(part: _Part, unit: Unit, i: int) -> bool:
    if part.mode == "key":
        return unit.keys[i] == part.word
    if part.mode == "prefix":
        word = unit.words[i]
        return word.startswith(part.word) or (len(part.word) >= 8 and _undouble(word).startswith(_undouble(part.word)))
    if part.mode == "suffix":
        return unit.words[i].endswith(part.word) and unit.words[i] != part.word
    return part.word in unit.words[i]


def _match(parts: tuple[_Part, ...], unit: Unit, i: int) -> int | None:
    """Index of the last word when the parts match from word i, else None."""
    part, rest = parts[0], parts[1:]
    if part.mode == "gap":
        for skip in range(4):
            if i + skip >= len(unit.words):
                break
            end = _match(rest, unit, i + skip) if rest else None
            if end is not None:
                return end
        return None
    if i >= len(unit.words) or not _word_ok(part, unit, i):
        return None
    return _match(rest, unit, i + 1) if rest else i


def cue_names(value: object) -> tuple[str, ...]:
    """The cues a rule names in «teller_ikke:» (all of them by default)."""
    if value is None:
        return ALL_CUES
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


WEAK_TEXT = {
    "nektelse": "nektende setning",
    "sitat": "i anførselstegn (et sitat)",
    "lovhenvisning": "sier hva loven krever, ikke hva planen gjør",
    "uten_innhold:tom": "overskrift uten tekst under",
    "uten_innhold:plassholder": "bare en plassholder under overskriften",
    "uten_innhold:kort": "bare én kort setning under overskriften",
    "uten_innhold:fyll": "setningen sier ikke noe mer enn ordet",
    "annet_tema": "handler om noe annet (f.eks. arbeidet med å lage planen)",
    "svakt_ord": "nevner bare ordet, ikke hvordan",
}


def weak_text(why: str) -> str:
    """Why a mention does not count, in Norwegian."""
    return WEAK_TEXT.get(why, why)
