"""Word keys and word-list matching across inflection and bokmål/nynorsk spelling."""

import pytest

from planbygg.text.lemma import find_terms, fold, stem


@pytest.mark.parametrize(
    ("forms", "base"),
    [
        ("vedtar vedtok vedtatt vedtas vedteke vedtekne vedteken", "vedta"),
        ("samarbeidet samarbeida samarbeide samarbeider", "samarbeid"),
        ("atferdsvansker atferdsvanskene åtferdsvanskar åtferdsvanskane", "atferdsvanske"),
        ("høringen høringa høyring høyringa høyringar", "høring"),
        ("høringsfristen høyringsfrist høyringsfristen", "høringsfrist"),
        ("tjenesten tjenestene teneste tenestene", "tjeneste"),
        ("innspillene innspel innspela", "innspill"),
        ("ansvarleg ansvarlige", "ansvarlig"),
    ],
)
def test_inflected_and_nynorsk_forms_share_a_key(forms, base):
    assert {stem(w) for w in forms.split()} == {stem(base)}


def test_different_words_keep_different_keys():
    assert stem("vedtak") != stem("samarbeid")
    assert stem("frist") != stem("fri")
    assert stem("tiltak") != stem("tilstand")
    assert fold("Åtferd") == "atferd"


def test_find_terms_by_stem_prefix_and_gap():
    text = "Planen vart vedteken av heradsstyret. Ingen av elevane deltok. Kommunestyret vedtok planen."
    hits = {(h.term, h.text) for h in find_terms(text, ["vedta", "ingen * deltok", "kommunestyre*", "vedtatt av heradsstyret"])}
    assert ("vedtatt av heradsstyret", "vedteken av heradsstyret") in hits
    assert ("ingen * deltok", "Ingen av elevane deltok") in hits
    assert ("kommunestyre*", "Kommunestyret") in hits
    assert ("vedta", "vedtok") in hits


def test_find_terms_does_not_match_inside_other_words():
    assert find_terms("Planleggingen er i gang.", ["plan"]) == []
    assert find_terms("Samarbeidsavtalen er signert.", ["samarbeid"]) == []
    assert find_terms("Samarbeidsavtalen er signert.", ["samarbeid*"]) != []
