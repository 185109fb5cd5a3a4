"""The registry of detection kinds that rule files name with `kind:`; their parameters are data.

Each kind is a function (view, params, ctx) -> Outcome. A kind used under `innhold:` reads the
content folder's structured fields (and its text); under `docx:` it reads headings, table
columns, paragraphs, properties and images. Kinds marked `package=True` look at every document
checked together (consistency) and get the list of views instead of one view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .views import Para, TableV, View

if TYPE_CHECKING:
    pass

# ------------------------------------------------------------------ framework


@dataclass(frozen=True)
class Evidence:
    """Where the evidence (or the problem) is, with a short quote."""

    where: str
    snippet: str = ""


@dataclass
class Outcome:
    """The result of one detection: met, not met or not relevant, with evidence and an explanation."""

    status: str  # oppfylt | mangler | ikke relevant
    evidence: list[Evidence] = field(default_factory=list)
    detail: str = ""  # what was found or missing, in Norwegian
    downgrade: bool = False  # a krav that only counts as a warning here (e.g. six weeks outside pbl)

    @property
    def ok(self) -> bool:
        return self.status == "oppfylt"


def met(evidence: list[Evidence] | None = None, detail: str = "") -> Outcome:
    return Outcome("oppfylt", evidence or [], detail)


def missing(detail: str, evidence: list[Evidence] | None = None, downgrade: bool = False) -> Outcome:
    return Outcome("mangler", evidence or [], detail, downgrade)


def not_relevant(detail: str) -> Outcome:
    return Outcome("ikke relevant", [], detail)


@dataclass
class Context:
    """What a kind may need beyond its own view: every view checked together, and today's date."""

    views: list[View] = field(default_factory=list)
    package: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Kind:
    name: str
    func: Callable[..., Outcome]
    params: dict[str, str]
    required: frozenset[str]
    package: bool = False


KINDS: dict[str, Kind] = {}

SCOPE = "texts"  # the «i:» parameter: tittel, alt, overskrifter, tabeller, felt:a.b, seksjon:x|y


def kind(
    name: str,
    params: dict[str, str],
    required: tuple[str, ...] = (),
    package: bool = False,
) -> Callable[[Callable[..., Outcome]], Callable[..., Outcome]]:
    def register(func: Callable[..., Outcome]) -> Callable[..., Outcome]:
        KINDS[name] = Kind(name, func, params, frozenset(required), package)
        return func

    return register


def evaluate(spec: dict[str, Any], view: View | None, ctx: Context) -> Outcome:
    """Run one detection (a kind, or «alle:» / «en_av:» of several)."""
    if "alle" in spec:
        outcomes = [evaluate(s, view, ctx) for s in spec["alle"]]
        relevant = [o for o in outcomes if o.status != "ikke relevant"]
        if not relevant:
            return outcomes[0]
        failed = [o for o in relevant if not o.ok]
        evidence = [e for o in (failed or relevant) for e in o.evidence]
        if failed:
            return missing("; ".join(o.detail for o in failed if o.detail), evidence, any(o.downgrade for o in failed))
        return met(evidence, "; ".join(o.detail for o in relevant if o.detail))
    if "en_av" in spec:
        outcomes = []
        for s in spec["en_av"]:
            o = evaluate(s, view, ctx)
            if o.ok:
                return o
            outcomes.append(o)
        relevant = [o for o in outcomes if o.status != "ikke relevant"]
        if not relevant:
            return outcomes[0]
        return missing(
            "; ".join(dict.fromkeys(o.detail for o in relevant if o.detail)),
            [e for o in relevant for e in o.evidence],
            all(o.downgrade for o in relevant),
        )
    k = KINDS[spec["kind"]]
    params = {key: v for key, v in spec.items() if key != "kind"}
    if k.package:
        return k.func(ctx.views, params, ctx)
    return k.func(view, params, ctx)


# ------------------------------------------------------------------ helpers


def word_list(value: Any) -> tuple[str, ...]:
    """Both målformer's stems: a document in bokmål that quotes nynorsk input still counts."""
    if isinstance(value, dict):
        return tuple(dict.fromkeys([*value.get("bm", []), *value.get("nn", [])]))
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


@lru_cache(maxsize=512)
def compile_words(stems: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive pattern for stems, where * is a wildcard for the rest of a word."""
    parts = []
    for stem in stems:
        body = ""
        for i, w in enumerate(stem.split()):
            if w == "*":  # a lone * stands for up to three words: «ingen * deltok»
                body += (r"\s+" if body else "") + r"(?:[\w-]+\s+){0,3}"
                continue
            body += (r"\s+" if i and not body.endswith(r"\s+){0,3}") else "") + re.escape(w).replace(r"\*", r"[\w-]*")
        parts.append(rf"(?<![\w]){body}(?![\w])")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def snippet(text: str, match: re.Match[str] | None = None, width: int = 70) -> str:
    """A short quote around a match (or the start of the text)."""
    text = " ".join(text.split())
    if match is None:
        return text if len(text) <= width else text[: width - 1] + "…"
    m = compile_words((match.group(0),)).search(text)
    start = max(0, (m.start() if m else 0) - width // 3)
    out = text[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def filled(value: Any) -> bool:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value == 0):
        return False
    if isinstance(value, str | list | dict):
        return bool(value if not isinstance(value, str) else value.strip())
    return True


def scope_paras(view: View, scopes: Any) -> list[Para]:
    """The paragraphs a text kind looks in; see SCOPE."""
    if isinstance(scopes, str):
        scopes = [scopes]
    scopes = scopes or ["alt"]
    out: list[Para] = []
    for scope in scopes:
        if scope == "alt":
            out.extend(view.all_text_items())
            if view.extra_text:
                out.append(Para(view.extra_text, f"{view.name} › topptekst/bunntekst"))
        elif scope == "tittel":
            if view.title:
                out.append(Para(view.title, view.title_where or view.name))
            first = next((s for s in view.sections if s.heading), None)
            if first is not None and first.level <= 1:
                out.append(Para(first.heading, first.where, first.heading))  # many documents use Heading 1 as the title
            if view.properties.get("title"):
                out.append(Para(view.properties["title"], f"{view.name} › dokumentegenskaper"))
        elif scope == "overskrifter":
            out.extend(Para(s.heading, s.where, s.heading, s.standard) for s in view.sections if s.heading)
        elif scope == "tabeller":
            for t in view.tables:
                for i, row in enumerate([t.header, *t.rows]):
                    where = t.row_where[i - 1] if i and i - 1 < len(t.row_where) else t.where
                    out.extend(Para(c, where, t.heading) for c in row if c)
        elif scope.startswith("seksjon:"):
            pattern = compile_words(tuple(scope[8:].split("|")))
            for i, s in enumerate(view.sections):
                if s.heading and pattern.search(s.heading):
                    out.append(Para(s.heading, s.where, s.heading, s.standard))
                    out.extend(s.paras)
                    # Include deeper subsections until the next heading at the same or a higher level.
                    for sub in view.sections[i + 1 :]:
                        if sub.level <= s.level:
                            break
                        out.append(Para(sub.heading, sub.where, sub.heading, sub.standard))
                        out.extend(sub.paras)
    return out


def find_words(paras: list[Para], stems: tuple[str, ...], limit: int = 3) -> tuple[int, list[Evidence]]:
    """Count paragraphs that contain a stem; return the count and the first few as evidence."""
    pattern = compile_words(stems)
    count = 0
    evidence: list[Evidence] = []
    seen: set[str] = set()
    for p in paras:
        m = pattern.search(p.text)
        if m:
            count += len(pattern.findall(p.text))
            if len(evidence) < limit and p.where not in seen:
                evidence.append(Evidence(p.where, snippet(p.text, m)))
                seen.add(p.where)
    return count, evidence


def find_groups(paras: list[Para], groups: list[dict[str, Any]]) -> tuple[list[Evidence], list[str]]:
    """Evidence for each word group found, and the names of the groups not found."""
    evidence: list[Evidence] = []
    lacking: list[str] = []
    for group in groups:
        count, ev = find_words(paras, word_list(group["ord"]), limit=1)
        if count:
            evidence.extend(ev)
        else:
            lacking.append(group["navn"])
    return evidence, lacking


def stems_text(stems: tuple[str, ...], n: int = 4) -> str:
    shown = [s.replace("*", "…") for s in stems[:n]]
    return ", ".join(f"«{s}»" for s in shown) + (" …" if len(stems) > n else "")


# ------------------------------------------------------------------ structured fields (innhold)


@kind("heading_any", {"ord": "words", "min": "int"}, ("ord",))
def heading_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A heading contains one of the words."""
    stems = word_list(p["ord"])
    pattern = compile_words(stems)
    hits = [Evidence(s.where, s.heading) for s in view.sections if s.heading and pattern.search(s.heading)]
    if len(hits) >= p.get("min", 1):
        return met(hits[:3])
    return missing(f"ingen overskrift med {stems_text(stems)}")


@kind("keyword_any", {"ord": "words", "i": SCOPE, "minst": "int"}, ("ord",))
def keyword_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """At least `minst` paragraphs in the scope contain one of the words."""
    stems = word_list(p["ord"])
    count, ev = find_words(scope_paras(view, p.get("i")), stems)
    need = p.get("minst", 1)
    if count >= need:
        return met(ev)
    return missing(f"fant {stems_text(stems)} {count} ganger (krever {need})" if count else f"fant ikke {stems_text(stems)}", ev)


@kind("keyword_all", {"grupper": "groups", "i": SCOPE}, ("grupper",))
def keyword_all(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every group of words is found in the scope (e.g. both omsorgssvikt and atferdsvansker)."""
    paras = scope_paras(view, p.get("i"))
    evidence, lacking = find_groups(paras, p["grupper"])
    if not lacking:
        return met(evidence)
    return missing(f"mangler {' og '.join(f'«{x}»' for x in lacking)}", evidence)


@kind("pattern_any", {"mønster": "text", "i": SCOPE, "navn": "text"}, ("mønster",))
def pattern_any(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A regular expression matches in the scope."""
    pattern = re.compile(p["mønster"], re.IGNORECASE)
    for para in scope_paras(view, p.get("i")):
        m = pattern.search(para.text)
        if m:
            return met([Evidence(para.where, snippet(para.text, m))])
    return missing(f"fant ikke {p.get('navn') or 'mønsteret'}")


def _matching_columns(view: View, stems: tuple[str, ...]) -> list[tuple[Any, int]]:
    pattern = compile_words(stems)
    return [(t, i) for t in view.tables for i, h in enumerate(t.header) if pattern.search(h)]


@kind("pattern_none", {"mønster": "text", "i": SCOPE, "navn": "text", "vis": "int"}, ("mønster",))
def pattern_none(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A regular expression must not match anywhere in the scope (e.g. [PLASSHOLDERE] left from a template)."""
    pattern = re.compile(p["mønster"])
    found = []
    for para in scope_paras(view, p.get("i")):
        for m in pattern.finditer(para.text):
            found.append(Evidence(para.where, snippet(para.text, m)))
    if not found:
        return met([Evidence(view.name, f"ingen {p.get('navn') or 'treff'}")])
    return missing(f"{len(found)} {p.get('navn') or 'treff'}", found[: p.get("vis", 10)])


@kind(
    "table_column_filled",
    {"kolonner": "words", "distinkte_min": "int", "andel": "number", "ellers_overskrift": "words"},
    ("kolonner",),
)
def table_column_filled(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A table has a column with one of the names, filled in every row (or `andel` of rows).

    With `ellers_overskrift`, a document without such a column may instead have a heading with
    one of those words; when the column exists, the column decides.
    """
    stems = word_list(p["kolonner"])
    columns = _matching_columns(view, stems)
    if not columns:
        if p.get("ellers_overskrift"):
            found = heading_any(view, {"ord": p["ellers_overskrift"]}, ctx)
            if found.ok:
                return found
            return missing(f"ingen tabell med kolonnen {stems_text(stems)} og {found.detail}")
        return missing(f"ingen tabell med kolonnen {stems_text(stems)}")
    need_distinct = p.get("distinkte_min", 0)
    share = p.get("andel", 1.0)
    best: tuple[TableV, int, list[str], set[str], list[str]] | None = None
    for table, col in columns:
        rows = [r for r in table.rows if any(c.strip() for c in r)]
        values = [r[col].strip() if col < len(r) else "" for r in rows]
        empty = [table.row_where[i] if i < len(table.row_where) else table.where for i, v in enumerate(values) if not v]
        distinct = {v.lower() for v in values if v}
        ok_rows = rows and (len(values) - len(empty)) / len(values) >= share
        if ok_rows and len(distinct) >= need_distinct:
            return met(
                [
                    Evidence(
                        table.where,
                        f"kolonnen «{table.header[col]}»: {len(values) - len(empty)} av {len(values)} rader fylt, {len(distinct)} ulike",
                    )
                ]
            )
        best = best or (table, col, empty, distinct, values)
    assert best is not None  # columns is non-empty and every pass either returns or sets best
    table, col, empty, distinct, values = best
    if not values:
        return missing(f"tabellen med kolonnen «{table.header[col]}» har ingen rader", [Evidence(table.where)])
    if empty and (len(values) - len(empty)) / len(values) < share:
        return missing(f"{len(empty)} av {len(values)} rader mangler «{table.header[col]}»", [Evidence(w) for w in empty[:5]])
    return missing(
        f"bare {len(distinct)} ulike i kolonnen «{table.header[col]}» (krever minst {need_distinct})", [Evidence(table.where)]
    )


@kind("levels_covered", {"nivåer": "levels", "felt": "text", "kolonner": "words", "min": "int"}, ("nivåer",))
def levels_covered(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Measures on every prevention level: from a field (content), a table column, or else the text."""
    levels = {name: compile_words(word_list(words)) for name, words in p["nivåer"].items()}
    counts = dict.fromkeys(levels, 0)
    evidence: dict[str, Evidence] = {}
    columns = _matching_columns(view, word_list(p.get("kolonner") or ["nivå", "forebyggingsnivå", "innsatsnivå"]))
    for table, col in columns:
        for i, row in enumerate(table.rows):
            cell = row[col] if col < len(row) else ""
            for name, pat in levels.items():
                if pat.search(cell):
                    counts[name] += 1
                    evidence.setdefault(name, Evidence(table.row_where[i] if i < len(table.row_where) else table.where, cell))
    source = "tabellkolonnen for nivå"
    if not any(counts.values()):
        for para in view.all_text_items():
            for name, pat in levels.items():
                m = pat.search(para.text)
                if m:
                    counts[name] += 1
                    evidence.setdefault(name, Evidence(para.where, snippet(para.text, m)))
        source = "teksten (ingen nivåkolonne)"
    need = p.get("min", 1)
    lacking = [name for name, n in counts.items() if n < need]
    ev = list(evidence.values())
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    if not lacking:
        return met(ev, f"{summary} (fra {source})")
    return missing(f"ingen tiltak på nivået {' og '.join(lacking)} ({summary}, fra {source})", ev)


@kind("adoption_body", {"godkjent": "words", "feil": "words", "verb": "words"}, ("godkjent", "verb"))
def adoption_body(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The text says the plan is (to be) adopted by the council itself, not by a delegated body."""
    verb = compile_words(word_list(p["verb"]))
    good = compile_words(word_list(p["godkjent"]))
    wrong = compile_words(word_list(p.get("feil") or []))
    from ..language import sentences

    bad_ev = []
    for para in scope_paras(view, "alt"):
        if not verb.search(para.text):
            continue
        for s in sentences(para.text):
            if not verb.search(s):
                continue
            m = good.search(s)
            if m:
                return met([Evidence(para.where, snippet(s, m))])
            w = wrong.search(s) if p.get("feil") else None
            if w:
                bad_ev.append(Evidence(para.where, snippet(s, w)))
    if bad_ev:
        return missing("planen ser ut til å vedtas av et annet organ enn kommunestyret", bad_ev[:3])
    return missing("fant ikke at kommunestyret (bystyret, heradsstyret) skal vedta planen")


# ------------------------------------------------------------------ deadlines


MONTHS = {
    m: i
    for i, m in enumerate(
        ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
        start=1,
    )
}
DATE_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.\s*(?:(?P<mon>januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)(?:\s+(?P<y>\d{4}))?|(?P<m>\d{1,2})\.(?P<y2>\d{4}))(?!\d)"
    r"|(?<!\d)(?P<iso>\d{4}-\d{2}-\d{2})(?!\d)",
    re.IGNORECASE,
)
DEADLINE_RE = re.compile(r"\bfrist|\bsvarfrist|\bh[øo]y?ringsfrist|\bsenest\b|\binnan\b|\binnen\b", re.IGNORECASE)
SENT_RE = re.compile(
    r"\bv[åa]r dato\b|\bdato:|\bannonseringsdato|\bsendt\b|\bkunngjort|\bkunngjord|\bpublisert|\blagt ut\b|\bdatert\b",
    re.IGNORECASE,
)


def parse_dates(text: str, default_year: int | None = None) -> list[tuple[dt.date, int]]:
    """Dates written «15. juni 2024», «15.06.2024» or «2024-06-15», with their position in the text."""
    out = []
    for m in DATE_RE.finditer(text):
        try:
            if m.group("iso"):
                day = dt.date.fromisoformat(m.group("iso"))
            elif m.group("mon"):
                year = int(m.group("y")) if m.group("y") else default_year
                if year is None:
                    continue
                day = dt.date(year, MONTHS[m.group("mon").lower()], int(m.group("d")))
            else:
                day = dt.date(int(m.group("y2")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        out.append((day, m.start()))
    return out


@dataclass
class Deadline:
    sent: dt.date | None = None
    sent_where: str = ""
    due: dt.date | None = None
    due_where: str = ""
    due_text: str = ""
    plan_type: str | None = None


def deadline_of(view: View, ctx: Context) -> Deadline:
    """The høring's sent date and deadline: from the content fields, or from dates in the letter's text."""
    result = Deadline()
    items = scope_paras(view, "alt")
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", " ".join(p.text for p in items))]
    default_year = max(set(years), key=years.count) if years else None
    sent_candidates: list[tuple[dt.date, str]] = []
    # Letterheads are often tables: «Vår dato» / «Høringsfrist» as a header or a row label.
    for t in view.tables:
        pairs = [
            (h, c, t.row_where[i] if i < len(t.row_where) else t.where)
            for i, r in enumerate(t.rows)
            for h, c in zip(t.header, r, strict=False)
        ]
        pairs += [
            (r[0], " ".join(r[1:]), t.row_where[i] if i < len(t.row_where) else t.where)
            for i, r in enumerate(t.rows)
            if len(r) >= 2
        ]
        for label, cell, where in pairs:
            dates = parse_dates(cell, default_year)
            if not dates:
                continue
            if DEADLINE_RE.search(label) and result.due is None:
                result.due, result.due_where, result.due_text = dates[0][0], where, f"{label}: {cell}"
            elif SENT_RE.search(label + ":"):
                sent_candidates.append((dates[0][0], where))
    for para in items:
        dates = parse_dates(para.text, default_year)
        for day, pos in dates:
            before = para.text[max(0, pos - 60) : pos]
            if DEADLINE_RE.search(before) and result.due is None:
                result.due, result.due_where, result.due_text = day, para.where, snippet(para.text[max(0, pos - 40) : pos + 25])
            elif SENT_RE.search(before):
                sent_candidates.append((day, para.where))
    if result.due is None:
        # «Høringsfristen er … » may put the date first: take a date in a paragraph that mentions a deadline.
        for para in items:
            if DEADLINE_RE.search(para.text):
                dates = parse_dates(para.text, default_year)
                if dates:
                    result.due, result.due_where, result.due_text = dates[-1][0], para.where, snippet(para.text)
                    break
    if not sent_candidates and result.due:
        # A letter's own date usually stands alone near the top («Sandvika, 2. mai 2024»).
        for para in items[:8]:
            dates = parse_dates(para.text, default_year)
            if dates and len(para.text) < 60 and dates[0][0] < result.due:
                sent_candidates.append((dates[0][0], para.where))
                break
    if sent_candidates:
        result.sent, result.sent_where = sent_candidates[0]
    text = " ".join(p.text for v in (ctx.views or [view]) for p in scope_paras(v, "alt")).lower()
    result.plan_type = "kommunedelplan" if "kommunedelplan" in text else None
    return result


def _fmt(day: dt.date) -> str:
    months = list(MONTHS)
    return f"{day.day}. {months[day.month - 1]} {day.year}"


@kind("deadline_present", {}, ())
def deadline_present(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The letter states a deadline (a date)."""
    d = deadline_of(view, ctx)
    if d.due:
        return met([Evidence(d.due_where, f"frist {_fmt(d.due)}")])
    return missing("fant ingen høringsfrist med dato")


@kind("deadline_min_days", {"dager": "int", "krav_for_plantyper": "texts"}, ("dager",))
def deadline_min_days(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """At least `dager` days from sending to the deadline; only a warning unless the plan type is listed."""
    d = deadline_of(view, ctx)
    if not d.due:
        return not_relevant("fant ingen frist å regne fra")
    if not d.sent:
        return not_relevant("fant ikke når høringen ble sendt ut (dato i brevet)")
    days = (d.due - d.sent).days
    ev = [Evidence(d.sent_where, f"sendt {_fmt(d.sent)}"), Evidence(d.due_where, f"frist {_fmt(d.due)}")]
    detail = f"{days} dager fra {_fmt(d.sent)} til {_fmt(d.due)}"
    if days >= p["dager"]:
        return met(ev, detail)
    strict = word_list(p.get("krav_for_plantyper") or [])
    downgrade = (d.plan_type or "").lower() not in [s.lower() for s in strict]
    kind_text = f"plantype {d.plan_type}" if d.plan_type else "plantypen er ikke kommunedelplan"
    return missing(f"{detail}, mindre enn {p['dager']} dager ({kind_text})", ev, downgrade=downgrade)


@kind("holiday_extension", {"sommer": "int", "påske": "int", "jul": "int"}, ())
def holiday_extension(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A longer period when it covers the summer holiday, Easter or Christmas."""
    from ..dates import holiday_periods

    d = deadline_of(view, ctx)
    if not (d.due and d.sent):
        return not_relevant("fant ikke både utsendingsdato og frist")
    need = {"sommerferien": p.get("sommer", 63), "påsken": p.get("påske", 49), "julen": p.get("jul", 49)}
    days = (d.due - d.sent).days
    periods = holiday_periods(d.sent, d.due)
    ev = [Evidence(d.due_where, f"{_fmt(d.sent)}–{_fmt(d.due)}, {days} dager")]
    if not periods:
        return met(ev, "perioden dekker ingen ferie")
    required = max(need[name] for name, _, _ in periods)
    names = " og ".join(dict.fromkeys(name for name, _, _ in periods))
    if days >= required:
        return met(ev, f"dekker {names}, {days} ≥ {required} dager")
    return missing(
        f"perioden dekker {names}, men er bare {days} dager (anbefalt minst {required} dager, {required // 7} uker)", ev
    )


WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_NN = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag")


@kind("deadline_not_holiday", {}, ())
def deadline_not_holiday(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The deadline is a working day, not a weekend or a public holiday."""
    from ..dates import holiday_name

    d = deadline_of(view, ctx)
    if not d.due:
        return not_relevant("fant ingen frist")
    names = WEEKDAYS_NN if view.language == "nn" else WEEKDAYS
    weekday = names[d.due.weekday()]
    holiday = holiday_name(d.due)
    ev = [Evidence(d.due_where, f"frist {weekday} {_fmt(d.due)}")]
    if holiday:
        return missing(f"fristen er {holiday} ({weekday} {_fmt(d.due)})", ev)
    if d.due.weekday() >= 5:
        return missing(f"fristen er en {weekday} ({_fmt(d.due)})", ev)
    return met(ev, f"{weekday}")


# ------------------------------------------------------------------ recipients


@kind("recipients_include", {"grupper": "groups", "seksjoner": "words"}, ("grupper",))
def recipients_include(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The list of høringsinstanser names every group (e.g. ungdomsråd, råd for personer med funksjonsnedsettelse)."""
    paras: list[Para] = []
    where_note = ""
    heads = word_list(
        p.get("seksjoner")
        or ["høringsinstans*", "høyringsinstans*", "mottaker*", "mottakar*", "adresseliste", "kopi til", "distribusjon*"]
    )
    paras = scope_paras(view, ["seksjon:" + "|".join(heads)])
    for t, _ in _matching_columns(view, heads):
        paras.extend(Para(" ".join(r), t.where) for r in t.rows)
    if not paras:
        paras = scope_paras(view, "alt")
        where_note = " (ingen egen mottakerliste; søkte i hele dokumentet)"
    evidence, lacking = find_groups(paras, p["grupper"])
    if not paras:
        return missing("høringen har ingen liste over høringsinstanser")
    if not lacking:
        return met(evidence, where_note.strip(" ()"))
    return missing(f"mottakerlisten mangler {' og '.join(f'«{x}»' for x in lacking)}{where_note}", evidence)


# ------------------------------------------------------------------ language


@kind("lix", {"terskler": "numbers", "vis": "int"}, ("terskler",))
def lix_kind(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """LIX of the document and of each section, against the threshold for the document type."""
    from ..language import lix_of

    limit = p["terskler"].get(view.doc_type, p["terskler"].get("standard", 55))
    whole = lix_of([x.text for x in view.all_text_items()])
    if whole.words < 20:
        return not_relevant(f"for lite tekst til å måle LIX ({whole.words} ord)")
    sections = []
    for s in view.sections:
        score = lix_of([x.text for x in s.paras])
        if score.words >= 40:
            sections.append((score, s))
    worst = sorted((x for x in sections if x[0].score > limit), key=lambda x: -x[0].score)[: p.get("vis", 5)]
    ev = [
        Evidence(
            view.name,
            f"hele dokumentet: LIX {whole.score:.0f} ({whole.band}), {whole.words} ord, {whole.words / max(whole.sentences, 1):.1f} ord per setning",
        )
    ]
    ev += [Evidence(s.where, f"LIX {sc.score:.0f} ({sc.band})") for sc, s in worst]
    detail = f"LIX {whole.score:.1f} ({whole.band}); grense {limit:g}"
    if worst:
        detail += f"; {len(worst)} avsnitt over grensen"
    if whole.score > limit:
        return missing(detail, ev)
    return met(ev, detail)


@kind("long_sentences", {"ord": "int", "maks_andel": "number", "vis": "int"}, ())
def long_sentences_kind(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Sentences longer than `ord` words; warns when they are more than `maks_andel` of all sentences."""
    from ..language import stats

    limit = p.get("ord", 30)
    total = 0
    found: list[tuple[int, str, str]] = []
    for para in view.all_text_items():
        st = stats(para.text)
        total += st.sentences
        found.extend((n, s, para.where) for n, s in st.sentence_lengths if n > limit)
    if total == 0:
        return not_relevant("ingen setninger")
    share = len(found) / total
    found.sort(key=lambda x: -x[0])
    ev = [Evidence(w, f"{n} ord: {snippet(s, None, 80)}") for n, s, w in found[: p.get("vis", 10)]]
    detail = f"{len(found)} av {total} setninger har mer enn {limit} ord ({share:.0%})"
    if share > p.get("maks_andel", 0.05):
        return missing(detail, ev)
    return met(ev, detail)


@kind("mixed_malform", {"andel": "number", "minst": "int"}, ())
def mixed_malform_kind(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Bokmål and nynorsk mixed: the minority målform's marker words exceed `andel`."""
    from ..language import malform_counts, mixed_malform

    texts = [x.text for x in view.all_text_items()]
    counts = malform_counts(texts)
    if counts.dominant is None:
        return not_relevant("ingen kjennetegn på målform i teksten")
    mixed = mixed_malform(texts, p.get("andel", 0.05), p.get("minst", 3))
    summary = f"bokmål {counts.bokmal}, nynorsk {counts.nynorsk} kjenneord"
    expected = view.language
    if mixed:
        minority = "nynorsk" if counts.nynorsk < counts.bokmal else "bokmål"
        examples = counts.nynorsk_examples if minority == "nynorsk" else counts.bokmal_examples
        where = _first_with(view, examples)
        return missing(f"blandet målform: {summary}; {minority} f.eks. {', '.join(examples[:4])}", where)
    if expected and counts.dominant != expected and (counts.bokmal + counts.nynorsk) >= 10:
        want = "nynorsk" if expected == "nn" else "bokmål"
        return missing(
            f"teksten er skrevet på {'nynorsk' if counts.dominant == 'nn' else 'bokmål'}, men målformen er {want} ({summary})"
        )
    return met([Evidence(view.name, summary)])


def _first_with(view: View, words: tuple[str, ...]) -> list[Evidence]:
    if not words:
        return []
    _, ev = find_words(view.all_text_items(), words, limit=3)
    return ev


# ------------------------------------------------------------------ accessibility


@kind("heading_order", {}, ())
def heading_order(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Headings do not skip levels (a heading 3 right after a heading 1)."""
    previous = 0
    skips = []
    headings = [s for s in view.sections if s.heading]
    if not headings:
        return missing("dokumentet har ingen overskrifter (bruk stilene Overskrift 1, 2, 3)")
    for s in headings:
        if s.level > previous + 1:
            skips.append(Evidence(s.where, f"nivå {s.level} etter nivå {previous}"))
        previous = s.level
    if skips:
        return missing(f"{len(skips)} overskrifter hopper over et nivå", skips[:5])
    return met([Evidence(view.name, f"{len(headings)} overskrifter i riktig rekkefølge")])


@kind("alt_text", {}, ())
def alt_text(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every image has alternative text (or is marked as decorative)."""
    images = list(view.images)
    if not images:
        return not_relevant("dokumentet har ingen bilder")
    lacking = [Evidence(i.where) for i in images if not i.alt.strip() and not i.decorative]
    if lacking:
        return missing(f"{len(lacking)} av {len(images)} bilder mangler alternativ tekst", lacking[:5])
    return met([Evidence(images[0].where, f"{len(images)} bilder med alternativ tekst")])


@kind("table_header", {}, ())
def table_header(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every table marks its first row as a header row (repeated, read by screen readers)."""
    if not view.tables:
        return not_relevant("dokumentet har ingen tabeller")
    # Layout tables are skipped: the letterhead (a small table before the first heading) and
    # answer boxes (a table without body rows).
    tables = [t for t in view.tables if t.rows and not (t.heading is None and len(t.rows) <= 1)]
    if not tables:
        return not_relevant("dokumentet har bare layouttabeller (brevhode, svarfelt)")
    lacking = [Evidence(t.where, " | ".join(t.header)[:60]) for t in tables if not t.header_flag]
    if lacking:
        return missing(f"{len(lacking)} av {len(tables)} tabeller har ikke merket første rad som overskriftsrad", lacking[:5])
    return met([Evidence(tables[0].where, f"{len(tables)} tabeller med overskriftsrad")])


@kind("property_set", {"egenskap": "choice:tittel|språk"}, ("egenskap",))
def property_set(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A document property is set: the title, or the language (nb-NO / nn-NO)."""
    if p["egenskap"] == "tittel":
        title = view.properties.get("title", "")
        if title.strip():
            return met([Evidence(f"{view.name} › dokumentegenskaper", title)])
        return missing("dokumentegenskapen «Tittel» er tom")
    lang = view.properties.get("language", "")
    if view.language:
        return met([Evidence(f"{view.name} › dokumentegenskaper", lang)])
    if lang:
        return missing(f"dokumentets språk er satt til «{lang}», ikke norsk (nb-NO eller nn-NO)")
    return missing("dokumentets språk er ikke satt")


# ------------------------------------------------------------------ personal data


@kind("personal_data", {"type": "choice:fødselsnummer|telefon|epost"}, ("type",))
def personal_data(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """No fødselsnummer, and no private persons' phone numbers or e-mail addresses (see personvern.yaml)."""
    from . import personal

    finder = {"fødselsnummer": personal.find_fnr, "telefon": personal.find_phones, "epost": personal.find_private_emails}[
        p["type"]
    ]
    allowed = set().union(*(personal.allowed_contacts(v) for v in (ctx.views or [view])))
    items = view.all_text_items()
    pattern = {"fødselsnummer": personal.FNR_RE, "telefon": personal.PHONE_RE, "epost": personal.EMAIL_RE}[p["type"]]
    hits = []
    # One search over all the text first: most documents have no candidate at all, and scanning
    # each paragraph separately cost more than the rest of the content checks together.
    joined = "\n".join(para.text for para in items)
    if "@" in joined if p["type"] == "epost" else pattern.search(joined):
        for para in items:
            for value in finder(para.text, allowed):
                hits.append(Evidence(para.where, personal.mask(value)))
    if hits:
        return missing(f"fant {len(hits)} mulige personopplysninger", hits[:8])
    return met([], "fant ingen")


# ------------------------------------------------------------------ consistency across documents


@kind("consistent_across", {"felt": "choice:tittel|kommune|periode|frist|referanse"}, ("felt",), package=True)
def consistent_across(views: list[View], p: dict[str, Any], ctx: Context) -> Outcome:
    """The same title, municipality, period, deadline or reference in every document checked together."""
    from . import consistency

    return consistency.check(views, p["felt"], ctx)


# The kinds for assessed input and the size of the change after the høring live in their own module.
from . import columns as _columns  # noqa: E402,F401
