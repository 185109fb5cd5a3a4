"""Find dates and periods in Norwegian text (bokmål and nynorsk), inferring the year when it is left out.

Forms: «10. juni 2024», «10 juni 2024», «10.juni 2024», «fredag 14. juni», «10.06.2024», «10.06.24», «10/6-24»,
«10/6 2024», «2024-06-10»; periods «2. september – 14. oktober 2024», «14.–25. november»,
«frå 2. september til 14. oktober», «i perioden 1.–30. juni»; deadlines «innen 1. mars», «innan
fredag 14. juni», «frist 30.06.2023», «merknadsfrist», «uttalefrist».
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "desember": 12, "des": 12,
}  # fmt: skip
FULL_MONTHS = frozenset(
    ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"]
)
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_RE = r"(?:mandag|måndag|tirsdag|tysdag|onsdag|torsdag|fredag|lørdag|laurdag|søndag|sundag)"
WEEKDAYS = {
    "mandag": 0,
    "måndag": 0,
    "tirsdag": 1,
    "tysdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "laurdag": 5,
    "søndag": 6,
    "sundag": 6,
}
DASH = r"\s*(?:[–—-]|til)\s*"
# «14. oktober 2024», «14 okt. 2024», «fredag 14. juni». Every pattern starts at a digit so the
# regex engine can skip ahead to the next digit; a weekday in front is looked for afterwards
# (WEEKDAY_BEFORE), which made finding dates about seven times faster than a pattern that tried
# the weekday alternation at every position of the text.
WORD_DATE = rf"(?P<d>\d{{1,2}})(?:\.\s*|\s+)(?P<m>{MONTH_RE})\.?(?:\s+(?P<y>(?:19|20)\d\d))?(?![\wæøå])"
NUMERIC_DATE = r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})(?:[./-]\s?|\s)(?P<y>(?:19|20)?\d\d)(?!\d|[./]\d)"
ISO_DATE = r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"
DATE_RES = (
    (re.compile(rf"(?i)(?<![\d.]){WORD_DATE}"), True),  # (pattern, whether «fredag den» may come before)
    (re.compile(rf"(?<![\d.]){NUMERIC_DATE}"), True),
    (re.compile(rf"(?<!\d){ISO_DATE}"), False),
)
WEEKDAY_BEFORE = re.compile(rf"(?i)(?<![\wæøå])(?P<wd>{WEEKDAY_RE})\s+(?:den\s+)?$")
# «14.–25. november 2025» (day range inside one month)
DAY_RANGE_RE = re.compile(
    rf"(?i)(?<![\d.])(?P<d1>\d{{1,2}})\.?\s*[–—-]\s*(?P<d2>\d{{1,2}})\.?\s+(?P<m>{MONTH_RE})\.?(?:\s+(?P<y>(?:19|20)\d\d))?"
)
DEADLINE_CUE_RE = re.compile(
    r"(?i)\b(?:\w*frist\w*|innen|innan|senest|seinast|til og med|t\.o\.m\.?|sendes\s+\w*\s*innen|varer\s+(?:fram\s+)?til|"
    r"fram\s+til|frem\s+til|på høring til|ut\s+\d+\.\s*\w+)"
)
FROM_RE = re.compile(r"(?i)\b(?:fra|frå|fom\.?|f\.o\.m\.?|mellom|i perioden|perioden)\s*$")
DASH_RE = re.compile(DASH, re.IGNORECASE)
HOERING_RE = re.compile(r"(?i)h[øo]y?ring|periode|ettersyn|frist")
# Every date form has a digit: a text without one (most sentences) is not searched with the date patterns.
DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True)
class DateHit:
    """A date found in a text; `year_source` says where the year came from.

    «text»: written with the date; «reference»: the first such date on or after the reference date
    (a letter's date); «context»: the most common year among the text's other dates; «unknown»: no
    year anywhere, the current year stands in and weekdays must not be judged from it.
    """

    start: int
    end: int
    text: str
    date: dt.date
    year_source: str = "text"

    @property
    def year_inferred(self) -> bool:
        return self.year_source != "text"


@dataclass(frozen=True)
class Period:
    """A period «fra … til …» / «2. september – 14. oktober 2024»."""

    start: int
    end: int
    text: str
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Deadline:
    """A date that a deadline word or a period points at, with the words that say so."""

    date: dt.date
    text: str  # the date as written
    cue: str  # «høyringsfrist», «innen», «periode» …
    start: int
    end: int
    year_source: str = "text"  # as DateHit.year_source
    period_start: dt.date | None = None


def find_dates(text: str, reference: dt.date | None = None, context_year: int | None = None) -> list[DateHit]:
    """Every date in the text; a missing year comes from the reference date, a weekday, or the text's other dates.

    `context_year` stands in for the text's own years when only a part of a document is searched.
    """
    if not DIGIT_RE.search(text):
        return []
    # A check reads the same text several times (the sent date, the deadlines, a decision before
    # them); today's date is part of the key because a year nothing names is taken from it.
    return list(_find_dates(text, reference, context_year, dt.date.today()))


@lru_cache(maxsize=256)
def _find_dates(text: str, reference: dt.date | None, context_year: int | None, today: dt.date) -> tuple[DateHit, ...]:
    raw: list[tuple[int, int, int, int, int | None]] = []  # start, end, day, month, year or None
    weekdays: dict[int, int] = {}
    for date_re, after_weekday in DATE_RES:
        for m in date_re.finditer(text):
            day, month, year = _parts(m)
            if day is None or month is None:
                continue
            start, end = m.start(), m.end()
            if m.group().endswith(".") and m.group("m").lower() in FULL_MONTHS:
                end -= 1  # «1. mars.»: the period ends the sentence
            weekday = WEEKDAY_BEFORE.search(text, max(0, start - 20), start) if after_weekday else None
            if weekday:
                start = weekday.start()
                weekdays[start] = WEEKDAYS[weekday.group("wd").lower()]
            raw.append((start, end, day, month, year))
    for m in DAY_RANGE_RE.finditer(text):
        month = MONTHS[m.group("m").lower().rstrip(".")]
        year = int(m.group("y")) if m.group("y") else None
        # the first day of «14.–25. november» is its own date
        raw.append((m.start("d1"), m.end("d1") + 1, int(m.group("d1")), month, year))
    years = [y for *_, y in raw if y]
    if years:
        context_year = Counter(years).most_common(1)[0][0]
    hits: list[DateHit] = []
    for start, end, day, month, year in sorted(set(raw)):
        source = "text"
        if year is None and start in weekdays and reference is None:
            year = _year_of_weekday(day, month, weekdays[start], context_year)
            source = "weekday"
        if year is None:
            year, source = _infer_year(day, month, reference, context_year)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        hits.append(DateHit(start, end, text[start:end].strip(), date, source))
    return tuple(_dedupe(hits))


def find_periods(text: str, reference: dt.date | None = None, context_year: int | None = None) -> list[Period]:
    """Periods: two dates joined by a dash or «til», or «fra/frå … til …»; the year of the end applies to the start."""
    return _periods(text, find_dates(text, reference, context_year), reference, context_year)


def _periods(text: str, dates: list[DateHit], reference: dt.date | None, context_year: int | None) -> list[Period]:
    """The periods of a text whose dates are already found (see find_periods)."""
    periods: list[Period] = []
    for m in DAY_RANGE_RE.finditer(text):
        month = MONTHS[m.group("m").lower().rstrip(".")]
        year = int(m.group("y")) if m.group("y") else (reference.year if reference else context_year or _common_year(dates))
        if year is None:
            year = dt.date.today().year
        try:
            periods.append(
                Period(
                    m.start(),
                    m.end(),
                    m.group(),
                    dt.date(year, month, int(m.group("d1"))),
                    dt.date(year, month, int(m.group("d2"))),
                )
            )
        except ValueError:
            continue
    for a, b in itertools.pairwise(dates):
        between = text[a.end : b.start]
        if not DASH_RE.fullmatch(between):
            continue
        if any(p.start <= a.start < p.end for p in periods):
            continue
        first = a.date
        if a.year_inferred and not b.year_inferred:
            first = _same_or_previous_year(first, b.date)
        if first > b.date:
            continue
        prefix = text[max(0, a.start - 20) : a.start]
        lead = FROM_RE.search(prefix)
        start = a.start - (len(prefix) - lead.start()) if lead else a.start
        periods.append(Period(start, b.end, text[start : b.end], first, b.date))
    return sorted(periods, key=lambda p: p.start)


def find_deadlines(text: str, reference: dt.date | None = None) -> list[Deadline]:
    """Dates a deadline word points at («høringsfrist 15. juni», «innan 1. mars»), and the ends of periods.

    A date counts when a deadline word stands in the same sentence before it, at most 80 characters
    away, or when it ends a period in a sentence about the høring («høyringsperioden varer frå … til …»).
    """
    from .sentences import split_sentences

    out: list[Deadline] = []
    context = _common_year(find_dates(text, reference))
    for sentence in split_sentences(text):
        s_text = sentence.text
        if not DIGIT_RE.search(s_text):
            continue  # no date, so no deadline
        dates = find_dates(s_text, reference, context)
        periods = _periods(s_text, dates, reference, context)
        for hit in dates:
            window = s_text[max(0, hit.start - 80) : hit.start]
            cues = list(DEADLINE_CUE_RE.finditer(window))
            period = next((p for p in periods if p.start <= hit.start < p.end), None)
            if period is not None and hit.date == period.last and (cues or HOERING_RE.search(s_text)):
                cue = cues[-1].group() if cues else "periode"
                out.append(
                    Deadline(
                        hit.date,
                        hit.text,
                        cue,
                        sentence.start + hit.start,
                        sentence.start + hit.end,
                        hit.year_source,
                        period.first,
                    )
                )
            elif cues and period is None:
                out.append(
                    Deadline(
                        hit.date,
                        hit.text,
                        cues[-1].group(),
                        sentence.start + hit.start,
                        sentence.start + hit.end,
                        hit.year_source,
                    )
                )
    return out


def _parts(m: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    day = int(m.group("d")) if m.group("d") else None
    month_text = m.group("m")
    if month_text is None:
        return None, None, None
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    if month is None or not 1 <= month <= 12 or day is None or not 1 <= day <= 31:
        return None, None, None
    year_text = m.group("y")
    year = None
    if year_text:
        year = int(year_text)
        if year < 100:
            year += 2000
    return day, month, year


def _infer_year(day: int, month: int, reference: dt.date | None, context: int | None) -> tuple[int, str]:
    """The year of a date written without one, and where it came from (see DateHit)."""
    if reference is not None:
        for year in (reference.year, reference.year + 1):
            try:
                if dt.date(year, month, day) >= reference:
                    return year, "reference"
            except ValueError:
                break
        return reference.year, "reference"
    if context is not None:
        return context, "context"
    return dt.date.today().year, "unknown"


def _year_of_weekday(day: int, month: int, weekday: int, near: int | None) -> int | None:
    """The year nearest `near` (or this year) in which the date falls on the weekday, within five years."""
    centre = near or dt.date.today().year
    for delta in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5):
        try:
            if dt.date(centre + delta, month, day).weekday() == weekday:
                return centre + delta
        except ValueError:
            return None
    return None


def _same_or_previous_year(first: dt.date, last: dt.date) -> dt.date:
    try:
        candidate = first.replace(year=last.year)
        return candidate if candidate <= last else candidate.replace(year=last.year - 1)
    except ValueError:
        return first


def _common_year(dates: list[DateHit]) -> int | None:
    years = [d.date.year for d in dates if d.year_source == "text"]
    return Counter(years).most_common(1)[0][0] if years else None


def _dedupe(hits: list[DateHit]) -> list[DateHit]:
    """Drop a hit that lies inside a longer one (a weekday form and the plain form of the same date)."""
    out: list[DateHit] = []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out
