"""Kinds about the høring deadline: present, long enough, longer over holidays, on a working day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, kind, met, missing, not_relevant, scope_paras, snippet, word_list

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
    from ...dates import holiday_periods

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
    from ...dates import holiday_name

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
