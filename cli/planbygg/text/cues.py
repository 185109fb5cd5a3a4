"""Cues that weaken evidence: negation, delegation, quotation or attribution of the law, and sections without substance.

A keyword next to one of these is not a statement that the document itself meets a requirement:
«planen omtalar ikkje samarbeid» (negation), «vedtatt av formannskapet etter delegert fullmakt»
(delegation), «Kommunestyret selv skal vedta en plan» inside quotes or after «ifølge
barnevernsloven» (the law, not this plan), a heading over «Kommer.» (no substance).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEGATION_RE = re.compile(
    r"(?i)(?<![\wæøå])(?:ikke|ikkje|ingen|inga|intet|ingenting|aldri|verken|hverken|korkje|mangler|manglar|"
    r"mangel på|uten|utan|ikke lenger|ikkje lenger|ennå ikke|enno ikkje|ikke ennå|ikkje enno)(?![\wæøå])"
)
CLAUSE_BREAK_RE = re.compile(r"[,;:–—()]|\s(?:men|og|eller|mens|medan|fordi|som)\s", re.IGNORECASE)
DELEGATION_RE = re.compile(
    r"(?i)(?<![\wæøå])(?:delegert\w*|delegasjon\w*|delegering\w*|etter\s+(?:delegert\s+)?fullmakt|"
    r"i\s+medhold\s+av\s+(?:delegert\s+)?fullmakt|på\s+vegne\s+av\s+kommunestyret|"
    r"(?:formannskapet|hovedutvalg\w*|hovudutval\w*|utvalg\w*|utval\w*|kommunedirektør\w*|rådmann\w*|byrådet|"
    r"kommunalsjef\w*|administrasjonen)\s+(?:har\s+)?(?:vedtok|vedtatt|vedteke|vedtek|godkjent|godkjende|godkjente|fattet|fatta)|"
    r"(?:vedtatt|vedteke|vedteken|godkjent|godkjend|godkjent)\s+(?:av|i)\s+(?:formannskapet|hovedutvalg\w*|hovudutval\w*|"
    r"utvalg\w*|utval\w*|kommunedirektør\w*|rådmann\w*|byrådet|administrasjonen))"
)
QUOTE_RE = re.compile(r"«[^»]{3,}»|“[^”]{3,}”|\"[^\"]{3,}\"|„[^“”]{3,}[“”]")
LAW_NAME = (
    r"(?:barnevern\w*lov\w*|plan-\s*og\s*bygningslov\w*|pbl\.?|bvl\.?|kommunelov\w*|folkehelselov\w*|"
    r"offentleglov\w*|offentlighetslov\w*|grunnlov\w*|barnekonvensjon\w*|lov\w*|lova|forskrift\w*|rundskriv\w*)"
)
ATTRIBUTION_RE = re.compile(
    rf"(?i)(?<![\wæøå])(?:ifølge|ifølgje|i\s+følge|etter|jf\.?|jfr\.?|i\s+henhold\s+til|iht\.?|i\s+samsvar\s+med|"
    rf"som\s+det\s+står\s+i|det\s+står\s+i|slik\s+det\s+står\s+i)\s+(?:\w+\s+){{0,2}}{LAW_NAME}(?:\s+§+\s*[\d-]+\w*)?"
    rf"|(?<![\wæøå]){LAW_NAME}\s*(?:§+\s*[\d-]+\w*\s*)?(?:\w+\s+ledd\s+)?(?:,?\s*som\s+)?(?:krever|krev|sier|seier|slår\s+fast|"
    rf"bestemmer|fastset|fastsetter|pålegger|pålegg|lyder|har\s+krav|stiller\s+krav|er\s+tydelig\s+på)"
    rf"|(?<![\wæøå])(?:loven|lova|lovkravet|lovteksten|bestemmelsen|føresegna|paragrafen)\s+(?:krever|krev|sier|seier|lyder)"
)
PLACEHOLDER_RE = re.compile(
    r"(?i)^\W*(?:kommer(?:\s+senere)?|kjem(?:\s+seinare)?|tbd|tba|todo|xx+|\.\.\.|…|under\s+arbeid|i\s+arbeid|"
    r"skrives\s+senere|vert\s+skrive(?:n)?\s+seinare|fylles\s+ut|fyllast\s+ut|lorem\s+ipsum.*|tekst\s+her|"
    r"ikke\s+klar|ikkje\s+klar|utkast\s+følger|mer\s+informasjon\s+kommer|meir\s+informasjon\s+kjem)\W*$"
)
WORD_RE = re.compile(r"[\wæøåÆØÅ]+")


@dataclass(frozen=True)
class Cue:
    """A cue found in a text, with its offsets."""

    kind: str  # negasjon | delegering | sitat | lovhenvisning | plassholder
    start: int
    end: int
    text: str


def negations(text: str) -> list[Cue]:
    """Every negation word («ikke», «ikkje», «ingen», «mangler» …)."""
    return [Cue("negasjon", m.start(), m.end(), m.group()) for m in NEGATION_RE.finditer(text)]


def negated(sentence: str, start: int = 0, end: int | None = None) -> Cue | None:
    """The negation that governs the span [start, end) of a sentence: one in the same clause, before or just after it.

    «Planen omtalar ikkje korleis tenestene skal samarbeide» → «ikkje» governs «samarbeide»;
    «Skolen samarbeider tett, men ikke med NAV» → the span «samarbeider» is not negated.
    """
    end = len(sentence) if end is None else end
    clause_start, clause_end = clause(sentence, start, end)
    for m in NEGATION_RE.finditer(sentence, clause_start, clause_end):
        if m.start() < start or m.start() - end <= 12:  # «deltok ikke» puts the negation right after the verb
            return Cue("negasjon", m.start(), m.end(), m.group())
    return None


def clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause the span [start, end) stands in; a list of short items is one clause with its verb."""
    before = list(CLAUSE_BREAK_RE.finditer(sentence[:start]))
    clause_start = before[-1].end() if before else 0
    after = CLAUSE_BREAK_RE.search(sentence, end)
    clause_end = after.start() if after else len(sentence)
    if before and _short_item(sentence[clause_start:clause_end]):
        clause_start = _list_start(sentence, before, clause_start)
    return clause_start, clause_end


def _short_item(text: str) -> bool:
    """One to three words: an item of a list («et utvalg»), not a clause of its own."""
    return 1 <= len(text.split()) <= 3


def _list_start(sentence: str, breaks: list[re.Match[str]], clause_start: int) -> int:
    """Where a list that the span is an item of begins: «kan ikke delegeres til formannskapet, et utvalg
    eller administrasjonen» is one clause, so «ikke» governs every item."""
    for i in range(len(breaks) - 1, -1, -1):
        if breaks[i].group().strip().lower() not in (",", "og", "eller"):
            break
        previous = breaks[i - 1].end() if i > 0 else 0
        item = sentence[previous : breaks[i].start()]
        if not item.strip():
            break  # «deltok ikke, og skolen deltok»: «, og» joins two clauses
        clause_start = previous
        if not _short_item(item):
            break  # the first item, with the verb that governs the list
    return clause_start


def delegations(text: str) -> list[Cue]:
    """Delegation cues: «delegert», «etter fullmakt», «formannskapet vedtok», «kommunedirektøren har godkjent» …"""
    return [Cue("delegering", m.start(), m.end(), m.group()) for m in DELEGATION_RE.finditer(text)]


def quotations(text: str) -> list[Cue]:
    """Text inside quotation marks («…», “…”, "…")."""
    return [Cue("sitat", m.start(), m.end(), m.group()) for m in QUOTE_RE.finditer(text)]


def law_attributions(text: str) -> list[Cue]:
    """Statements about the law: «Ifølge barnevernsloven § 15-1 skal …», «loven krever at …», «pbl. § 5-2 sier …»."""
    return [Cue("lovhenvisning", m.start(), m.end(), m.group()) for m in ATTRIBUTION_RE.finditer(text)]


def about_the_law(sentence: str, start: int = 0, end: int | None = None) -> Cue | None:
    """The cue that makes the span a statement about the law rather than about this document, if any.

    The span is inside quotation marks, or the sentence attributes what it says to a statute.
    """
    end = len(sentence) if end is None else end
    for cue in quotations(sentence):
        if cue.start <= start and end <= cue.end:
            return cue
    attributions = law_attributions(sentence)
    return attributions[0] if attributions else None


def is_quoted(text: str, start: int, end: int) -> bool:
    """True when [start, end) lies inside quotation marks."""
    return any(c.start <= start and end <= c.end for c in quotations(text))


def substance(body: str, min_words: int = 6) -> str | None:
    """Why a section's text lacks substance, or None when it has some.

    «tom» (no text), «plassholder» («Kommer.», «TBD», «Under arbeid»), «kort» (one sentence of fewer
    than `min_words` words, e.g. «Samarbeid er viktig.»).
    """
    text = body.strip()
    if not text:
        return "tom"
    if PLACEHOLDER_RE.match(text):
        return "plassholder"
    from .sentences import split_sentences

    sentences = split_sentences(text)
    if len(sentences) <= 1 and len(WORD_RE.findall(text)) < min_words:
        return "kort"
    return None
