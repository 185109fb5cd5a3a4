"""Kinds about the høring deadline: present, long enough, longer over holidays, on a working day.

Dates are read with text/dates.py in every usual form («15. juni 2024», «15.06.24», «fredag 14.
juni»), as periods («høyringsperioden varer frå 2. september til 14. oktober», «14. oktober – 25.
november 2025») and after deadline words («høringsfrist», «merknadsfrist», «uttalefrist», «innan
1. mars», «bes sendt innen»). A year left out comes from the letter's date or the text's other
dates; when no year is found anywhere, the weekday of the deadline is not judged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ...text.dates import Deadline, find_dates, find_deadlines
from ..views import View
from .base import Context, Evidence, Outcome, kind, met, missing, not_relevant, quote, uncertain, word_list

SENT_RE = re.compile(
    r"(?i)\b(?:v[åa]r dato|dato|annonseringsdato|publisert|publisert dato|kunngjort|kunngjord|kunngjering|"
    r"sendt ut|sendes ut|sender\b|sendt\b|lagt ut|lagt fram|datert|utsendt|dagsett|dagsatt)"
)
LETTERHEAD_RE = re.compile(r"(?i)^\W*v[åa]r dato\b")
EXTENDED_RE = re.compile(r"(?i)\b(?:ny|nye|utsatt|utsett|forlenget|forlenga|forlengd|utvida|utvidet)\b")
DECISION_RE = re.compile(r"(?i)\b(?:vedtak|vedtok|vedteke|vedtatt|fatta|fattet|besluttet|bestemte)\b")
WEEKS_RE = re.compile(r"(?i)\b(\d{1,2}|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv)\s+(?:uker|veker|ukers|vekers|veke|uke)\b")
NUMBERS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "tolv": 12}
HOERING_RE = re.compile(r"(?i)h[øo]y?ring|ettersyn|frist|periode|innspel|innspill|uttal|merknad")
FRIST_CUE = re.compile(r"(?i)frist")
CUE_RE = re.compile(r"(?i)frist|\binnen\b|\binnan\b|\bsenest\b|\bseinast\b|\btil\b")
UNTIL_RE = re.compile(r"(?i)\b(?:til|fram til|frem til)\s+$")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_NN = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag")
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember")
# A høring «goes over» a holiday when it covers a good part of it: 7 days, or half of a shorter holiday (Easter).
OVERLAP_DAYS = 7


@dataclass
class Dates:
    """The høring's dates as the letter gives them, with where each was found."""

    due: dt.date | None = None
    due_where: str = ""
    due_text: str = ""
    due_year: str = "text"  # text | reference | context | weekday | unknown (see text.dates.DateHit)
    sent: dt.date | None = None
    sent_where: str = ""
    sent_text: str = ""
    started_by: dt.date | None = None  # the høring was running on this date (a decision to extend it)
    started_by_text: str = ""
    weeks: int | None = None  # a stated length («i 6 uker»)
    weeks_where: str = ""
    weeks_text: str = ""
    plan_type: str | None = None


@dataclass
class _Line:
    text: str
    where: str
    start: int


def _lines(view: View) -> list[_Line]:
    """The document's text as lines with where each is; a short «Høyringsperiode:» line is joined to the next."""
    raw: list[tuple[str, str]] = []
    if view.title:
        raw.append((view.title, view.title_where or view.name))
    for s in view.sections:
        if s.heading:
            raw.append((s.heading, s.where))
        raw.extend((p.text, p.where) for p in s.paras)
    for t in view.tables:
        for i, row in enumerate(t.rows):
            where = t.row_where[i] if i < len(t.row_where) else t.where
            raw.extend((f"{h}: {c}", where) for h, c in zip(t.header, row, strict=False) if c.strip() and h.strip())
            if len(row) >= 2 and row[0].strip():
                raw.append((f"{row[0]}: {' '.join(row[1:])}", where))
    if view.extra_text:
        raw.append((view.extra_text, f"{view.name} › topptekst/bunntekst"))
    lines: list[_Line] = []
    offset = 0
    pending = ""
    for text, where in raw:
        text = " ".join(text.split())
        if not text:
            continue
        if pending:
            text = f"{pending} {text}"
            pending = ""
        elif text.endswith(":") and len(text) < 60 and HOERING_RE.search(text):
            pending = text
            continue
        lines.append(_Line(text, where, offset))
        offset += len(text) + 2
    return lines


def dates_of(view: View, ctx: Context) -> Dates:
    """The høring's sent date, deadline and stated length for one letter (once per check run)."""
    return ctx.cached("dates", view, lambda: _dates(view, ctx))


def _dates(view: View, ctx: Context) -> Dates:
    lines = _lines(view)
    text = "\n\n".join(line.text for line in lines)
    result = Dates()
    starts = [line.start for line in lines]

    def where(pos: int) -> _Line:
        """The line that position `pos` of the joined text is in."""
        i = bisect.bisect_right(starts, pos) - 1
        return lines[i] if i >= 0 else lines[0]

    # The sent date: a date after «Vår dato», «Publisert», «sendt» …, or a date alone on a short line near the top.
    first_in_line: set[int] = set()
    for hit in find_dates(text):
        line = where(hit.start)
        before = text[max(line.start, hit.start - 40) : hit.start]
        # a letterhead read as one line: «Vår dato Vår referanse Høringsfrist 1. juni 2023 … 30. juni 2023»
        letterhead = line.start not in first_in_line and LETTERHEAD_RE.search(text[line.start : hit.start])
        first_in_line.add(line.start)
        if SENT_RE.search(before) or letterhead or _letter_date(lines, line, hit.text):
            result.sent, result.sent_where, result.sent_text = hit.date, line.where, quote(line.text)
            break
    deadlines = find_deadlines(text, result.sent) or _until(text, result.sent, where)
    if deadlines:
        best = _best(deadlines, text)
        line = where(best.start)
        result.due, result.due_where, result.due_year = best.date, line.where, best.year_source
        result.due_text = quote(line.text)
        period = next((d for d in deadlines if d.date == best.date and d.period_start), None)
        if period and period.period_start and (result.sent is None or result.sent > period.period_start):
            # «Høyringsperioden varer frå 2. september til 14. oktober»: the høring starts with the period
            result.sent, result.sent_where, result.sent_text = (
                period.period_start,
                where(period.start).where,
                quote(where(period.start).text),
            )
        if result.sent and result.sent >= best.date:
            result.sent = None  # a «Dato:» after the deadline is not when the høring was sent
        if EXTENDED_RE.search(best.cue + " " + text[max(0, best.start - 60) : best.start]):
            result.started_by, result.started_by_text = _decision_before(text, best.date, where)
    for m in WEEKS_RE.finditer(text):
        line = where(m.start())
        if HOERING_RE.search(line.text):
            value = m.group(1).lower()
            result.weeks = int(value) if value.isdigit() else NUMBERS[value]
            result.weeks_where, result.weeks_text = line.where, quote(line.text)
            break
    result.plan_type = "kommunedelplan" if _names_kommunedelplan(ctx.views or [view], ctx) else None
    return result


def _names_kommunedelplan(views: list[View], ctx: Context) -> bool:
    """Whether any of the documents checked together says «kommunedelplan» (once per check run)."""
    return ctx.cached(
        "kommunedelplan", views, lambda: any("kommunedelplan" in p.text.lower() for v in views for p in ctx.items(v))
    )


def _letter_date(lines: list[_Line], line: _Line, date_text: str) -> bool:
    """A date alone on a line near the top, perhaps after the place («Sandvika, 2. mai 2024»): the letter's date."""
    if line not in lines[:5] or CUE_RE.search(line.text):
        return False
    rest = line.text.replace(date_text, " ")
    return len(re.findall(r"[\wæøåÆØÅ]+", rest)) <= 2


def _until(text: str, sent: dt.date | None, where: Any) -> list[Deadline]:
    """«… ut til offentlig ettersyn i 6 uker til 03.05.2024»: a date after «til» in a line about the høring."""
    found = []
    for hit in find_dates(text, sent):
        line = where(hit.start)
        if HOERING_RE.search(line.text) and UNTIL_RE.search(text[max(line.start, hit.start - 12) : hit.start]):
            found.append(Deadline(hit.date, hit.text, "til", hit.start, hit.end, hit.year_source))
    return found


def _best(deadlines: list[Any], text: str) -> Any:
    """The deadline the letter means: a new or extended one, then one called «frist», then a period's end, then the rest."""

    def rank(d: Any) -> int:
        around = d.cue + " " + text[max(0, d.start - 60) : d.start]
        if EXTENDED_RE.search(around) and FRIST_CUE.search(around):
            return 0
        if FRIST_CUE.search(d.cue):
            return 1
        if d.period_start:
            return 2
        return 3

    top = min(rank(d) for d in deadlines)
    chosen = [d for d in deadlines if rank(d) == top]
    counts: dict[dt.date, int] = {}
    for d in chosen:
        counts[d.date] = counts.get(d.date, 0) + 1
    most = max(counts.values())
    return next(d for d in chosen if counts[d.date] == most)


def _decision_before(text: str, due: dt.date, where: Any) -> tuple[dt.date | None, str]:
    """The date of a decision (to extend the deadline) before the deadline: the høring was running then."""
    for hit in find_dates(text):
        line = where(hit.start)
        if hit.date < due and DECISION_RE.search(line.text):
            return hit.date, quote(line.text)
    return None, ""


def fmt(day: dt.date) -> str:
    """«15. juni 2024»."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


@kind("deadline_present", {}, ())
def deadline_present(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The letter states a deadline (a date)."""
    d = dates_of(view, ctx)
    if d.due:
        shown = fmt(d.due) if d.due_year != "unknown" else f"{d.due.day}. {MONTHS[d.due.month - 1]} (uten årstall)"
        return met([Evidence(d.due_where, d.due_text, quoted=True)], f"frist {shown}")
    return missing("fant ingen dato etter et fristord («høringsfrist», «frist for innspill», «innen») eller i en høringsperiode")


def _length(d: Dates) -> tuple[int | None, int, list[Evidence], str]:
    """(exact days, at least days, evidence, how) for the høring period."""
    assert d.due is not None
    if d.sent:
        days = (d.due - d.sent).days
        ev = [Evidence(d.sent_where, d.sent_text, quoted=True), Evidence(d.due_where, d.due_text, quoted=True)]
        return days, days, ev, f"{days} dager fra {fmt(d.sent)} til {fmt(d.due)}"
    if d.weeks:
        return d.weeks * 7, d.weeks * 7, [Evidence(d.weeks_where, d.weeks_text, quoted=True)], f"teksten sier {d.weeks} uker"
    if d.started_by:
        least = (d.due - d.started_by).days
        ev = [Evidence(d.due_where, d.due_text, quoted=True), Evidence(d.due_where, d.started_by_text, quoted=True)]
        return None, least, ev, f"høringen var i gang {fmt(d.started_by)} og varer til {fmt(d.due)}, minst {least} dager"
    return None, 0, [Evidence(d.due_where, d.due_text, quoted=True)], ""


@kind("deadline_min_days", {"dager": "int", "krav_for_plantyper": "texts"}, ("dager",))
def deadline_min_days(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """At least `dager` days from sending to the deadline; only a warning unless the plan type is listed."""
    d = dates_of(view, ctx)
    if not d.due:
        return not_relevant("fant ingen frist å regne fra")
    exact, least, ev, how = _length(d)
    if least >= p["dager"]:
        return met(ev, how)
    if exact is None:
        return uncertain(f"fant ikke når høringen ble sendt ut, så lengden kan ikke regnes ut (fristen er {fmt(d.due)})", ev)
    strict = [s.lower() for s in word_list(p.get("krav_for_plantyper") or [])]
    downgrade = (d.plan_type or "").lower() not in strict
    kind_text = f"plantype {d.plan_type}" if d.plan_type else "plantypen er ikke kommunedelplan"
    return missing(f"{how}, mindre enn {p['dager']} dager ({kind_text})", ev, downgrade=downgrade)


@kind("holiday_extension", {"sommer": "int", "påske": "int", "jul": "int"}, ())
def holiday_extension(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A longer period when it goes over the summer holiday, Easter or Christmas.

    Without a sent date the rule can still be met: a holiday that lies outside the last N days
    before the deadline (N the length it would require) cannot make the period too short.
    """
    from ...dates import holiday_periods

    d = dates_of(view, ctx)
    if not d.due:
        return not_relevant("fant ingen frist")
    need = {"sommerferien": p.get("sommer", 63), "påsken": p.get("påske", 49), "julen": p.get("jul", 49)}
    exact, least, ev, how = _length(d)
    if d.due_year == "unknown":
        return _without_year(d, need, ev)
    start = d.due - dt.timedelta(days=exact if exact is not None else max(need.values()))
    covered = [(name, a, b) for name, a, b in holiday_periods(start, d.due) if _goes_over(start, d.due, a, b, need[name])]
    if exact is not None:
        if not covered:
            return met(ev, f"{how}; perioden går ikke over noen ferie")
        required = max(need[name] for name, _, _ in covered)
        names = " og ".join(dict.fromkeys(name for name, _, _ in covered))
        if exact >= required:
            return met(ev, f"{how}; går over {names}, {exact} ≥ {required} dager")
        return missing(f"{how}; perioden går over {names}, men er kortere enn {required} dager ({required // 7} uker)", ev)
    risky = [
        name
        for name, a, b in covered
        if least < need[name] and _goes_over(d.due - dt.timedelta(days=need[name]), d.due, a, b, need[name])
    ]
    if not risky:
        reason = how or f"ingen ferie de siste {max(need.values())} dagene før fristen {fmt(d.due)}"
        return met(ev, f"{reason}; perioden kan ikke ha vært for kort over en ferie")
    return uncertain(
        f"fant ikke når høringen ble sendt ut; en frist {fmt(d.due)} kan bety en kort periode over {' og '.join(risky)}", ev
    )


def _without_year(d: Dates, need: dict[str, int], ev: list[Evidence]) -> Outcome:
    """A deadline written without a year: summer and Christmas are fixed, Easter falls between 15 March and 26 April.

    When no holiday can lie within the days before the deadline that it would require, the rule
    holds whatever the year; otherwise the year is needed.
    """
    assert d.due is not None
    risky = []
    for year in (d.due.year - 1, d.due.year):
        for name, a, b in (
            ("sommerferien", dt.date(year, 7, 1), dt.date(year, 8, 15)),
            ("påsken", dt.date(year, 3, 15), dt.date(year, 4, 26)),  # every possible Easter, Palm Sunday to Easter Monday
            ("julen", dt.date(year, 12, 20), dt.date(year + 1, 1, 2)),
        ):
            if _goes_over(d.due - dt.timedelta(days=need[name]), d.due, a, b, need[name]):
                risky.append(name)
    day = f"{d.due.day}. {MONTHS[d.due.month - 1]}"
    if not risky:
        return met(ev, f"fristen {day} står uten årstall, men ingen ferie ligger så nær før den at perioden kan bli for kort")
    return uncertain(f"fristen {day} står uten årstall; en periode før den kan gå over {' og '.join(dict.fromkeys(risky))}", ev)


def _goes_over(start: dt.date, end: dt.date, a: dt.date, b: dt.date, need: int) -> bool:
    """Whether the period start..end covers a good part of the holiday a..b."""
    overlap = (min(end, b) - max(start, a)).days + 1
    return overlap >= min(OVERLAP_DAYS, ((b - a).days + 1) / 2)


@kind("deadline_not_holiday", {}, ())
def deadline_not_holiday(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """The deadline is a working day, not a weekend or a public holiday."""
    from ...dates import holiday_name

    d = dates_of(view, ctx)
    if not d.due:
        return not_relevant("fant ingen frist")
    ev = [Evidence(d.due_where, d.due_text, quoted=True)]
    if d.due_year == "unknown":
        return uncertain("fristen står uten årstall, så ukedagen kan ikke regnes ut", ev)
    names = WEEKDAYS_NN if view.language == "nn" else WEEKDAYS
    weekday = names[d.due.weekday()]
    holiday = holiday_name(d.due)
    if holiday:
        return missing(f"fristen er {holiday} ({weekday} {fmt(d.due)})", ev)
    if d.due.weekday() >= 5:
        return missing(f"fristen er en {weekday} ({fmt(d.due)})", ev)
    return met(ev, f"{weekday} {fmt(d.due)}")
