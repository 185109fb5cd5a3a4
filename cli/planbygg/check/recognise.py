"""What kind of document a text is, from its structure and wording, with a confidence and the signals that decided it.

- **brev**: a letter or a public notice (a web page) that announces a høring: a deadline, how to
  reply, a call for input («sendes på høring», «gi innspill»), an addressee, a letterhead, a
  signature. A notice about a plan is a letter, not a plan.
- **skjema**: a form: its title says so, or it asks questions and leaves room for the answers.
- **medvirkning**: a report from participation: who took part, in which activities, what they said,
  told in the past tense; or an invitation to take part (a survey, a workshop).
- **plan**: the plan: a plan's headings (formål, mål, tiltak, ansvar …), a table of measures with
  who is responsible, a planning period, adoption by the council, the plan speaking of its own aims, length.

- **oppsummering**, **saksframlegg**, **endringer** (the documents after the høring): the title
  says so («Høringsoppsummering», «Endringer etter høringen»), a table of input with its
  assessment, or a council case's headings («innstilling», «saksopplysninger», «vurdering»).

Each signal has a weight; the kind with the highest score wins, and the confidence is its share of
the two highest scores. Documents written by planbygg carry their kind in a document property and
are not guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .kinds.base import Context
from .kinds.evidence import TextIndex
from .signals import PARTICIPATION_ACTS, PAST_TENSE, PLAN_SELF, WORDS
from .views import View

Adder = Callable[..., None]  # add(kind, signal name, weight, what was seen)
PERIOD_RE = re.compile(r"\b(19|20)\d\d\s*[–-]\s*((19|20)\d\d|\d\d)\b")
QUESTION_RE = re.compile(r"\?\s*$")
BLANK_RE = re.compile(r"_{4,}|\.{8,}")
# The prompt Word and planbygg put in an empty answer field («Klikk eller trykk her for å skrive inn tekst.»)
ANSWER_PROMPT_RE = re.compile(r"(?i)^(?:klikk|trykk|click|tap)\b.{0,40}\b(?:skriv|skrive|tekst|text)\b.{0,20}$")
# A høring that is over («var på høring», «sendte planen på høring 1. juni»): its deadline is not a letter's.
PAST_HEARING_RE = re.compile(
    r"(?i)\bvar på h[øo]y?ring\b|\bhar vore på høyring|\bhar vært på høring|\b(?:sendte|la|sende)\b[^.]{0,60}\b(?:ut )?på h[øo]y?ring"
    r"|\b(?:ble|blei|vart|vert) (?:sendt|lagt ut|lagd ut) på h[øo]y?ring"
)


@dataclass
class Recognition:
    """The kind found, how sure, and the signals behind it (for the report and the JSON)."""

    kind: str
    confidence: float
    signals: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        shown = "; ".join(self.signals[:5]) if self.signals else "ingen tydelige kjennetegn"
        return f"gjenkjent som {self.kind} ({round(self.confidence * 100)} % sikker): {shown}"


def recognise(view: View) -> Recognition:
    """The kind of a document that does not say what it is, from its headings, words, tables and dates."""
    ctx = Context(views=[view])
    index = ctx.index(view)
    scores = {k: 0.0 for k in ("plan", "medvirkning", "brev", "skjema", "oppsummering", "saksframlegg", "endringer")}
    signals: dict[str, list[str]] = {k: [] for k in scores}
    seen: set[str] = set()  # the names of the signals found
    words = sum(len(u.words) for u in index.units if u.kind in ("avsnitt", "celle"))

    def add(kind: str, name: str, weight: float, shown: str = "") -> None:
        scores[kind] += weight
        signals[kind].append(f"{name} ({shown})" if shown else name)
        seen.add(name)

    for kind, name, weight, terms, where in WORDS:
        kinds = {
            "tittel": ("tittel", "overskrift"),
            "dokumenttittel": ("tittel", "overskrift"),
            "overskrift": ("tittel", "overskrift"),
            "alt": ("tittel", "overskrift", "avsnitt", "celle", "topptekst"),
        }.get(where, ("avsnitt", "celle", "topptekst"))
        if where in ("tittel", "dokumenttittel"):
            units = _title_units(index) if where == "tittel" else _document_title(index)
            found = index.find(terms, units, kinds)
        else:
            found = index.find(terms, kinds=kinds)
        if where == "overskrift":
            distinct = {m.text.lower() for m in found}
            if len(distinct) >= 2:
                add(kind, name, weight * min(len(distinct), 6), ", ".join(sorted(distinct)[:4]))
        elif name == "medvirkning og innspill":
            share = len(found) / max(words, 1) * 100  # mentions per hundred words
            # a few words in a short page are not a density: at least three mentions
            if share >= 1 and len(found) >= 3:
                add(kind, name, min(share, 8) * weight * 2, f"{len(found)} ganger")
        elif found:
            once = where in ("tittel", "dokumenttittel")
            add(kind, name, weight * (1 if once else min(len({m.n for m in found}), 3)), f"«{found[0].text}»")
    _dates(view, ctx, add)
    _form(view, index, add)
    _plan_structure(view, index, words, add)
    _told(index, add)
    _assessed_input(view, add)
    # A notice about a plan is not the plan: a høring announced by a short text is a letter.
    if scores["brev"] >= 4 and words < 1500 and scores["plan"] < scores["brev"] * 2:
        scores["plan"] *= 0.5
    # Nor is it a participation report when it gives a deadline for replies: it tells of the participation behind the plan.
    if {"høringsfrist", "en høring kunngjøres"} <= seen and words < 1500:
        scores["medvirkning"] *= 0.5
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 3:
        return Recognition("plan", 0.5, ["ingen tydelige kjennetegn på brev, rapport eller skjema"], scores)
    confidence = ranked[0] / (ranked[0] + ranked[1]) if ranked[0] + ranked[1] else 1.0
    return Recognition(best, round(confidence, 2), signals[best], scores)


def _short(text: str, limit: int = 60) -> str:
    """`text` cut at a word before `limit` characters, with «…» when cut (a signal shows a piece of the sentence)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut} …"


def _title_units(index: TextIndex) -> set[int]:
    return {n for n, u in enumerate(index.units) if u.kind in ("tittel", "overskrift")}


def _document_title(index: TextIndex) -> set[int]:
    """The document's own title: the title unit, or the first heading when there is none."""
    titles = [n for n, u in enumerate(index.units) if u.kind == "tittel"]
    first = next((n for n, u in enumerate(index.units) if u.kind == "overskrift"), None)
    return set(titles) or ({first} if first is not None else set())


def _dates(view: View, ctx: Context, add: Adder) -> None:
    """A deadline in the future tense of a høring (not «var på høring med høringsfrist …»)."""
    from .kinds.deadlines import dates_of

    d = dates_of(view, ctx)
    if d.due and not PAST_HEARING_RE.search(d.due_text):
        add("brev", "høringsfrist", 4, _short(d.due_text))


def _form(view: View, index: TextIndex, add: Adder) -> None:
    """Questions with room for the answers: empty table cells, «____», or questions with nothing written under them."""
    questions = [u for u in index.units if QUESTION_RE.search(u.text)]
    # a one-row answer box is read as a table with only a header row
    cells = [c for t in view.tables for r in (t.rows or [t.header]) for c in r]
    empty = sum(1 for c in cells if not c.strip() or ANSWER_PROMPT_RE.match(c.strip()))
    blanks = sum(1 for u in index.units if BLANK_RE.search(u.text))
    unanswered = sum(
        1 for u in questions if u.kind == "overskrift" and u.section >= 0 and not index.section_body(u.section).strip()
    )
    if len(questions) >= 2 and (empty >= 2 or blanks >= 2 or unanswered >= 2):
        add("skjema", "spørsmål med plass til svar", 5, f"{len(questions)} spørsmål")


def _plan_structure(view: View, index: TextIndex, words: int, add: Adder) -> None:
    """A table of measures with who is responsible, a planning period in the title, length, a table of contents."""
    from .kinds.evidence import has_terms

    for t in view.tables:
        header = " ".join(t.header)
        if has_terms(header, ("tiltak*",)) and has_terms(header, ("ansvar*", "hvem", "kven", "utføres av", "utførast av")):
            add("plan", "tiltakstabell med ansvar", 5, _short(" | ".join(t.header), 50))
            break
    titles = [u.text for u in index.units if u.kind in ("tittel", "overskrift")][:3]
    if any(PERIOD_RE.search(t) for t in titles):
        add("plan", "planperiode i tittelen", 2)
    if any(u.kind == "innhold" for u in index.units):
        add("plan", "innholdsfortegnelse", 2)
    if words > 2000:
        add("plan", "langt dokument", 2 if words < 5000 else 4, f"{words} ord")


def _told(index: TextIndex, add: Adder) -> None:
    """Participation told in the past tense, and a plan's statements about its own aims: one point per sentence, at most 4."""
    kinds = ("tittel", "overskrift", "avsnitt")
    acts = {m.n: m for m in index.find(PARTICIPATION_ACTS, kinds=kinds)}
    told = sorted({m.n for m in index.find(PAST_TENSE, kinds=kinds)} & acts.keys())
    if told:
        add("medvirkning", "medvirkning fortalt i fortid", min(len(told), 4), f"«{_short(index.units[told[0]].text)}»")
    aims = sorted({m.n for m in index.find(PLAN_SELF, kinds=kinds)})
    if aims:
        add("plan", "planen om sine egne mål", min(len(aims), 4), f"«{_short(index.units[aims[0]].text)}»")


def _assessed_input(view: View, add: Adder) -> None:
    """A table of input with its assessment (a høringsoppsummering), or of input with the change it led to."""
    from .kinds.evidence import has_terms

    for t in view.tables:
        header = " ".join(t.header)
        if has_terms(header, ("innspill*", "innspel*", "merknad*", "uttale*")):
            if has_terms(header, ("vurdering*", "kommentar*", "kommunedirektør*", "svar fra*", "svar frå*")):
                add("oppsummering", "tabell med innspill og vurdering", 5, _short(" | ".join(t.header), 50))
                return
            if has_terms(header, ("endring*",)):
                add("endringer", "tabell med innspill og endring", 4, _short(" | ".join(t.header), 50))
                return
