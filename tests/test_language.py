"""Unit tests for the plain-language helpers, fødselsnummer, deadlines and the holiday table."""

from __future__ import annotations

import datetime as dt

import pytest

from planbygg.check.personal import find_phones, find_private_emails, valid_fnr
from planbygg.dates import holiday_name, holiday_periods, public_holidays
from planbygg.language import lix, lix_band, long_sentences, malform_counts, mixed_malform, sentences


def test_lix_formula() -> None:
    # 10 words, 2 sentences, 2 long words (> 6 letters): 10/2 + 100*2/10 = 25
    result = lix("Vi har laget en plan. Kommunen vil forebygge omsorgssvikt nå.")
    assert (result.words, result.sentences) == (10, 2)
    assert result.long_words == 3  # kommunen, forebygge, omsorgssvikt
    assert result.score == pytest.approx(10 / 2 + 100 * 3 / 10, abs=0.1)


@pytest.mark.parametrize(
    ("score", "band"),
    [(29.9, "svært lett"), (30, "lett"), (45, "middels"), (55, "vanskelig"), (60, "svært vanskelig"), (75, "svært vanskelig")],
)
def test_lix_bands(score: float, band: str) -> None:
    assert lix_band(score) == band


def test_sentences_keep_dates_and_abbreviations() -> None:
    text = "Fristen er 15. juni 2024, f.eks. for skolene. Neste setning!\n\n• Et punkt"
    assert sentences(text) == ["Fristen er 15. juni 2024, f.eks. for skolene.", "Neste setning!", "Et punkt"]
    assert lix("").score == 0


def test_long_sentences() -> None:
    long = " ".join(["ord"] * 31) + "."
    assert [n for n, _ in long_sentences(long + " Kort setning.")] == [31]


def test_malform() -> None:
    nn = "Vi veit ikkje kva som skjer, men berre eg kan seie korleis det går frå no."
    bm = "Vi vet ikke hva som skjer, men bare jeg kan si hvordan det går fra nå."
    assert malform_counts(nn).dominant == "nn"
    assert malform_counts(bm).dominant == "nb"
    assert mixed_malform(bm * 3) is None
    mixed = mixed_malform(bm * 5 + nn)
    assert mixed is not None and mixed.nynorsk >= 3
    assert mixed_malform(bm * 20 + "ikkje") is None  # one word is a quote, not mixing


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("15069012377", True),
        ("150690 12377", True),
        ("15069012378", False),  # wrong second check digit
        ("41019012393", True),  # D-number: day + 40
        ("31029012345", False),  # 31 February
        ("01010100565", True),
        ("1234567890", False),
    ],
)
def test_fodselsnummer(number: str, valid: bool) -> None:
    assert valid_fnr(number) is valid


def test_private_contacts() -> None:
    assert find_phones("Ring Per på 912 34 567.") == ["912 34 567"]
    assert find_phones("Sentralbord 67 50 40 50") == []
    assert find_phones("Saken ble behandlet 2023-11-30 og 2024 2027") == []
    assert find_private_emails("per@gmail.com og post@baerum.kommune.no og kari.nordmann@firma.no") == [
        "per@gmail.com",
        "kari.nordmann@firma.no",
    ]
    assert find_private_emails("info@redcross.no") == []


def test_deadline_arithmetic() -> None:
    sent = dt.date(2023, 6, 1)
    assert (dt.date(2023, 6, 30) - sent).days == 29  # Bergen: less than six weeks
    assert (dt.date(2024, 6, 15) - dt.date(2024, 5, 2)).days == 44  # Bærum
    assert holiday_name(dt.date(2024, 3, 28)) == "skjærtorsdag"
    assert holiday_name(dt.date(2024, 5, 17)) == "grunnlovsdag"
    assert [name for name, _, _ in holiday_periods(dt.date(2024, 6, 14), dt.date(2024, 8, 2))] == ["sommerferien"]
    assert [name for name, _, _ in holiday_periods(dt.date(2023, 12, 1), dt.date(2024, 1, 12))] == ["julen"]
    assert "påsken" in [name for name, _, _ in holiday_periods(dt.date(2024, 3, 1), dt.date(2024, 4, 12))]


def test_public_holidays_match_the_holidays_package() -> None:
    holidays = pytest.importorskip("holidays")
    for year in range(1990, 2101):
        theirs = {d for d, name in holidays.Norway(years=year, include_sundays=False).items()}
        assert set(public_holidays(year)) == theirs, year
