"""Norwegian dates: «15. juni 2024» in bokmål and nynorsk, public holidays and holiday periods."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def format_date(day: dt.date, lang: str = "nb", weekday: bool = False) -> str:
    """Return «15. juni 2024», or «laurdag 15. juni 2024» with the weekday, using CLDR's Norwegian data.

    >>> format_date(dt.date(2024, 6, 15))
    '15. juni 2024'
    """
    from babel.dates import format_date as cldr_format  # lazy: only documents and reports need it

    pattern = "EEEE d. MMMM y" if weekday else "d. MMMM y"
    return cldr_format(day, pattern, locale="nn" if lang == "nn" else "nb")


def weekday_name(day: dt.date, lang: str = "nb") -> str:
    """Return the weekday in the given målform (nb or nn)."""
    from babel.dates import format_date as cldr_format

    return cldr_format(day, "EEEE", locale="nn" if lang == "nn" else "nb")


def easter_sunday(year: int) -> dt.date:
    """Return Easter Sunday (Gregorian calendar, the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Return Norway's public holidays (lov om helligdager og helligdagsfred § 2, and 1 and 17 May).

    Written out here rather than imported from the `holidays` package, whose import costs
    about 160 ms at start-up; the test suite checks this table against `holidays` for 1990–2100.
    """
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "første nyttårsdag",
        easter - dt.timedelta(days=3): "skjærtorsdag",
        easter - dt.timedelta(days=2): "langfredag",
        easter: "første påskedag",
        easter + dt.timedelta(days=1): "andre påskedag",
        dt.date(year, 5, 1): "arbeidernes dag",
        dt.date(year, 5, 17): "grunnlovsdag",
        easter + dt.timedelta(days=39): "Kristi himmelfartsdag",
        easter + dt.timedelta(days=49): "første pinsedag",
        easter + dt.timedelta(days=50): "andre pinsedag",
        dt.date(year, 12, 25): "første juledag",
        dt.date(year, 12, 26): "andre juledag",
    }
    return dict(sorted(days.items()))


def holiday_name(day: dt.date) -> str | None:
    """Return the name of the public holiday on `day`, or None."""
    return public_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    """True for Monday–Friday that is not a public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """Return `day` if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def holiday_periods(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Return the holiday periods (summer, Easter, Christmas) that overlap start..end.

    Summer is 1 July–15 August (fellesferien and the weeks around it), Easter is
    Palm Sunday–Easter Monday, Christmas is 20 December–2 January, as in the
    Vestfold fylkeskommune guidance on consultation deadlines.
    """
    found: list[tuple[str, dt.date, dt.date]] = []
    for year in range(start.year - 1, end.year + 1):
        easter = easter_sunday(year)
        candidates = [
            ("sommerferien", dt.date(year, 7, 1), dt.date(year, 8, 15)),
            ("påsken", easter - dt.timedelta(days=7), easter + dt.timedelta(days=1)),
            ("julen", dt.date(year, 12, 20), dt.date(year + 1, 1, 2)),
        ]
        for name, a, b in candidates:
            if a <= end and b >= start:
                found.append((name, a, b))
    return found
