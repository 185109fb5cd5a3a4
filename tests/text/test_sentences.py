"""Sentence and paragraph splitting in bokmål and nynorsk."""

from planbygg.text.sentences import split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_ordinals_and_paragraph_signs_do_not_end_a_sentence():
    text = "Høringsfristen er 10. juni 2024. Send svaret, jf. pbl. § 5-2. Dette gjelder f.eks. Bærum. Kari K. Hansen svarer."
    assert texts(text) == [
        "Høringsfristen er 10. juni 2024.",
        "Send svaret, jf. pbl. § 5-2.",
        "Dette gjelder f.eks. Bærum.",
        "Kari K. Hansen svarer.",
    ]


def test_nynorsk_and_line_breaks():
    text = "Høyringsfristen er 1. mars. Innspel kan sendast t.d. på e-post!\nKva skjer vidare\nKommer."
    assert texts(text) == ["Høyringsfristen er 1. mars.", "Innspel kan sendast t.d. på e-post!", "Kva skjer vidare", "Kommer."]


def test_offsets_point_into_the_text():
    text = "  Første setning. Andre setning?\nTredje"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_paragraphs():
    assert split_paragraphs("Første\nlinje.\n\n\nAndre  avsnitt.\n \nTredje") == ["Første linje.", "Andre avsnitt.", "Tredje"]
