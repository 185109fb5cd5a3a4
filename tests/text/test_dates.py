"""Dates, periods and deadlines in every usual Norwegian form, with the year inferred when missing."""

import datetime as dt

import pytest

from planbygg.text.dates import find_dates, find_deadlines, find_periods

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fristen er 10. juni 2024.", D(2024, 6, 10)),
        ("Fristen er 10 juni 2024.", D(2024, 6, 10)),
        ("Fristen er 10.06.2024.", D(2024, 6, 10)),
        ("Fristen er 10.06.24.", D(2024, 6, 10)),
        ("Fristen er 10/6-24.", D(2024, 6, 10)),
        ("Fristen er 10/6 2024.", D(2024, 6, 10)),
        ("Fristen er 2024-06-10.", D(2024, 6, 10)),
        ("Fristen er 10. okt. 2024.", D(2024, 10, 10)),
        ("Fristen er måndag 14. oktober 2024.", D(2024, 10, 14)),
        ("Frist er sett til 20.februar 2018.", D(2018, 2, 20)),
    ],
)
def test_date_forms(text, expected):
    assert [h.date for h in find_dates(text)] == [expected]


def test_year_from_reference_context_and_weekday():
    (hit,) = find_dates("Send svaret innan 1. mars.", reference=D(2025, 1, 10))
    assert (hit.date, hit.year_source) == (D(2025, 3, 1), "reference")
    (hit,) = find_dates("Svar innen 5. januar.", reference=D(2024, 12, 1))
    assert hit.date == D(2025, 1, 5)  # the first 5 January after the letter
    _dated, hit = find_dates("Dato: 10.01.2025. Send høyringssvaret innan 1. mars.")
    assert (hit.date, hit.year_source) == (D(2025, 3, 1), "context")
    (hit,) = find_dates("Svar innen fredag 14. juni.")
    assert hit.date.weekday() == 4 and hit.year_source == "weekday"
    (hit,) = find_dates("Høyringsfristen er 1. mars.")
    assert hit.year_source == "unknown"


def test_numbers_that_are_not_dates():
    assert find_dates("Planen gjelder 2024 - 2027 og har 12/24 tiltak, versjon 1.2.") == []
    assert find_dates("Sak 18/24 og § 15-1.") == []


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Høyringsperioden varer frå 2. september til 14. oktober 2024.", D(2024, 9, 2), D(2024, 10, 14)),
        ("Høringsperiode: 14. oktober – 25. november 2025.", D(2025, 10, 14), D(2025, 11, 25)),
        ("Høring i perioden 14.–25. november 2025.", D(2025, 11, 14), D(2025, 11, 25)),
        ("Perioden er fra 15. desember til 31. januar 2025.", D(2024, 12, 15), D(2025, 1, 31)),
    ],
)
def test_periods(text, first, last):
    (period,) = find_periods(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize(
    ("text", "expected", "cue"),
    [
        ("Høyringsperioden varer frå 2. september til 14. oktober 2024.", D(2024, 10, 14), "periode"),
        ("Høringsfrist: 21. april 2024", D(2024, 4, 21), "Høringsfrist"),
        ("Eventuelle merknader bes sendt innen 03.05.24 til kommunen.", D(2024, 5, 3), "innen"),
        ("Høyringsutkastet er lagt ut med merknadsfrist 21. desember 2016.", D(2016, 12, 21), "merknadsfrist"),
        ("Uttalefristen er altså måndag 14. oktober 2024.", D(2024, 10, 14), "Uttalefristen"),
        ("Planene legges ut til høring frem til 1. mai 2024.", D(2024, 5, 1), "frem til"),
    ],
)
def test_deadlines(text, expected, cue):
    deadlines = find_deadlines(text)
    assert [(d.date, d.cue) for d in deadlines] == [(expected, cue)]


def test_a_date_without_a_deadline_word_is_not_a_deadline():
    assert find_deadlines("Vedtatt i kommunestyret 29.05.2024 (sak 18/24).") == []
    assert find_deadlines("Annonseringsdato: 1. juni 2023") == []
