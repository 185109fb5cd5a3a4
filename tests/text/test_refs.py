"""Case references with the deciding body the prefix names."""

import pytest

from planbygg.text.refs import find_case_refs


@pytest.mark.parametrize(
    ("text", "kind", "number", "body", "year"),
    [
        ("Planen vart vedteken i K-sak 12/24.", "kommunestyresak", "12/24", "kommunestyret", 2024),
        ("Vedtatt i KST-sak 45/2024.", "kommunestyresak", "45/2024", "kommunestyret", 2024),
        ("Kommunestyret vedtok planen (PS 123/23).", "politisk sak", "123/23", None, 2023),
        ("Bystyresak 12/23 gjelder planen.", "bystyresak", "12/23", "bystyret", 2023),
        ("byrådets beslutning i byrådssak 1016/23", "byrådssak", "1016/23", "byrådet", 2023),
        ("Heradsstyresak 7/25", "heradsstyresak", "7/25", "heradsstyret", 2025),
        ("Formannskapssak 12/24", "formannskapssak", "12/24", "formannskapet", 2024),
        ("merk svaret med saksnummer 24/1234", "saksnummer", "24/1234", None, 2024),
        ("Arkivsak: 12/00449", "arkivsak", "12/00449", None, 2012),
        ("Vår ref.: 24/877-3", "saksnummer", "24/877-3", None, 2024),
        ("innspel skal merkast sak 23/658", "sak", "23/658", None, 2023),
    ],
)
def test_case_references(text, kind, number, body, year):
    (ref,) = find_case_refs(text)
    assert (ref.kind, ref.number, ref.body, ref.year) == (kind, number, body, year)


def test_dates_and_periods_are_not_case_references():
    assert find_case_refs("Frist 10/6-24, planperiode 2024–2027, § 15-1.") == []
