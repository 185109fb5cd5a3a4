"""Negation, delegation, statements about the law and sections without substance, in bokmål and nynorsk."""

import pytest

from planbygg.text.cues import about_the_law, delegations, is_quoted, negated, substance


def span(sentence: str, word: str) -> tuple[int, int]:
    i = sentence.index(word)
    return i, i + len(word)


@pytest.mark.parametrize(
    ("sentence", "word", "negation"),
    [
        ("Planen omtalar ikkje korleis tenestene skal samarbeide.", "samarbeide", "ikkje"),
        ("Planen beskriver ikke hvordan tjenestene samarbeider.", "samarbeider", "ikke"),
        ("Ungdomsrådet deltok ikke på verkstedet.", "deltok", "ikke"),
        ("Det finst inga evaluering av tiltaka.", "evaluering", "inga"),
        ("Planen mangler en del om evaluering.", "evaluering", "mangler"),
        ("Vedtaket kan ikke delegeres til formannskapet, et utvalg eller administrasjonen.", "utvalg", "ikke"),
        ("Vedtaket kan ikkje delegerast til formannskapet, eit utval eller administrasjonen.", "administrasjonen", "ikkje"),
    ],
)
def test_negated(sentence, word, negation):
    cue = negated(sentence, *span(sentence, word))
    assert cue is not None and cue.text == negation


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Skolen samarbeider tett med helsestasjonen, men ikke med NAV.", "samarbeider"),
        ("Tenestene samarbeider kvar veke.", "samarbeider"),
        ("Ingen barn skal stå utenfor, og alle tjenestene samarbeider.", "samarbeider"),
        ("Barnevernet deltok ikke, men skolen, helsestasjonen og NAV deltok.", "NAV"),
        ("Barnevernet deltok ikke, og skolen deltok.", "skolen"),
        ("Planen er ikke ferdig, kommunestyret vedtar den i juni.", "kommunestyret"),
    ],
)
def test_not_negated(sentence, word):
    assert negated(sentence, *span(sentence, word)) is None


@pytest.mark.parametrize(
    "text",
    [
        "Planen ble vedtatt av formannskapet 12. mars 2024 etter delegert fullmakt fra kommunestyret.",
        "Planen vart godkjend av kommunedirektøren i medhald av delegert fullmakt.",
        "Formannskapet vedtok planen 3. mai.",
        "Planen ble vedtatt av formannskapet.",
    ],
)
def test_delegation(text):
    assert delegations(text)


def test_no_delegation_when_the_council_decides():
    assert delegations("Kommunestyret vedtok planen 14. desember 2023 (PS 123/23).") == []
    assert delegations("Planen vart vedteken i heradsstyret 20. juni 2024.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Barnevernsloven § 15-1 andre ledd lyder: «Kommunestyret selv skal vedta en plan for arbeidet.»",
        "Ifølge barnevernsloven § 15-1 skal kommunestyret vedta planen.",
        "Etter barnevernslova § 15-1 skal kommunestyret vedta ein plan.",
        "Loven krever at kommunestyret selv vedtar planen.",
        "Lova seier at kommunestyret skal vedta planen.",
    ],
)
def test_statements_about_the_law(sentence):
    assert about_the_law(sentence, *span(sentence, "ommunestyret")) is not None


def test_the_document_itself_is_not_about_the_law():
    for sentence in ("Kommunestyret vedtok planen 14. desember 2023.", "Planen vart vedteken i K-sak 12/24."):
        assert about_the_law(sentence) is None
    assert is_quoted("Hun sa «kommunestyret vedtar» i går.", 8, 21)
    assert not is_quoted("Kommunestyret vedtar planen.", 0, 13)


@pytest.mark.parametrize(
    ("body", "reason"),
    [("", "tom"), ("Kommer.", "plassholder"), ("Kjem seinare.", "plassholder"), ("TBD", "plassholder"),
     ("Under arbeid.", "plassholder"), ("Samarbeid er viktig.", "kort"), ("Dette er viktig for oss.", "kort")],
)  # fmt: skip
def test_sections_without_substance(body, reason):
    assert substance(body) == reason


def test_sections_with_substance():
    assert substance("Barnehage, skole og helsestasjon møtes hver måned i et tverrfaglig team.") is None
    assert substance("Vi møtes ofte. Teamet følger opp.") is None
