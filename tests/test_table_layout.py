"""Table layout: column widths measured from the content, and Norwegian hyphenation only where a word must break."""

from __future__ import annotations

from planbygg.write.docx import layout

SOFT = layout.SOFT_HYPHEN


def test_text_width_uses_arial_metrics():
    # «Deltakere» in Arial 10 pt: D 722 + 4 × e 556 + l 222 + t 278 + a 556 + k 500 + r 333 = 4.279 em.
    assert layout.text_width("Deltakere") == round(4279 * 10 * 20 / 1000)
    assert layout.text_width("Deltakere", bold=True) > layout.text_width("Deltakere")
    assert layout.text_width("Sam" + SOFT + "arbeid") == layout.text_width("Samarbeid")  # soft hyphens take no room


def test_every_column_gets_its_longest_word_when_the_page_allows():
    header = [("Dato", True), ("Aktivitet", True), ("Målgruppe", True), ("Deltakere", True)]
    row = [("30. november 2023", False), ("Arbeidsverksted med utvalgene", False), ("Politiske utvalg", False), ("–", False)]
    widths = layout.column_widths([header, row], 9072)
    assert sum(widths) == 9072
    for i, width in enumerate(widths):
        assert width >= max(layout.longest_word(t, bold=b) for t, b in (header[i], row[i])) + layout.CELL_MARGINS


def test_the_column_with_most_text_gets_the_spare_width():
    header = [("Nr", True), ("Tiltak", True), ("År", True)]
    rows = [[("1.1", False), ("Lavterskeltilbud om psykisk helse i ungdomsskolen med faste tider " * 3, False), ("2025", False)]]
    widths = layout.column_widths([header, *rows], 9072)
    assert widths[1] > 6000 and widths[0] < 1200 and widths[2] < 1200


def test_a_table_that_fits_on_one_line_shares_the_width_in_proportion():
    widths = layout.column_widths([[("Sum", True), ("Antall", True)], [("Innspill", False), ("240", False)]], 9000)
    assert sum(widths) == 9000 and widths[0] > widths[1]


def test_short_words_are_never_touched():
    assert layout.fit_words("Helse og omsorg", 3000, "nb-NO") == "Helse og omsorg"


def test_long_words_get_soft_hyphens_at_norwegian_syllables_only():
    fitted = layout.fit_words("PPT og Samarbeidspartnere", 1500, "nb-NO")
    assert fitted.startswith("PPT og Sam")
    assert fitted.replace(SOFT, "") == "PPT og Samarbeidspartnere"
    assert f"beids{SOFT}part" in fitted and f"Samarbeidspar{SOFT}" not in fitted
    assert layout.fit_words("diskrimineringsloven", 1200, "nn-NO").replace(SOFT, "-") == "dis-kri-mi-ne-rings-lo-ven"


def test_paths_break_after_slashes_not_mid_name():
    fitted = layout.fit_words("examples/baerum/horing.yaml:14:8", 1500, "nb-NO")
    assert fitted.replace(layout.ZERO_WIDTH_SPACE, "|") == "examples/|baerum/|horing.|yaml:|14:|8"


def test_lines_wraps_greedily():
    assert layout.lines("kort", 2000) == 1
    one_line = layout.text_width("aaaa bbbb") + layout.CELL_MARGINS
    assert layout.lines("aaaa bbbb", one_line + 2) == 1  # + rounding of the words measured one by one
    assert layout.lines("aaaa bbbb", one_line - 20) == 2
    assert layout.lines("første\nandre", 5000) == 2


def test_preferred_widths_steer_but_never_below_the_longest_word():
    header = [("Nr", True), ("Samarbeidspartnere", True)]
    widths = layout.column_widths([header], 9000, preferred=(9, 1))
    assert widths[0] > widths[1] >= layout.longest_word("Samarbeidspartnere", bold=True) + layout.CELL_MARGINS


def test_hyphenated_compounds_count_by_their_parts():
    assert layout.longest_word("CHK-FRIST-HELLIGDAG") == layout.text_width("HELLIGDAG")
    assert layout.fit_words("CHK-FRIST-HELLIGDAG", layout.text_width("HELLIGDAG") + 10, "nb-NO") == "CHK-FRIST-HELLIGDAG"


def test_header_words_are_never_given_up_for_hyphenation():
    header = [("Tiltak", True), ("Ansvarlig", True), ("Samarbeidspartnere", True), ("Nivå", True), ("Tidsramme", True)]
    text = "Videreutvikle lavterskeltilbudet i skolehelsetjenesten med faste tider for åpen dør " * 2
    rows = [
        [(text, False), ("Helsestasjon og skolehelsetjenesten", False), ("Skole", False), ("Universell", False), ("2025", False)]
    ] * 6
    widths = layout.column_widths([header, *rows], 9072, preferred=(28, 17, 23, 13, 19), header=True)
    assert widths[2] >= layout.longest_word("Samarbeidspartnere", bold=True) + layout.CELL_MARGINS


def test_long_paths_with_hyphens_still_get_breaks_after_slashes():
    path = "/tmp/pytest-of-root/pytest-137/publiserbar0/baerum/horing.yaml:38:9"
    fitted = layout.fit_words(path, 3000, "nb-NO")
    assert f"publiserbar0/{layout.ZERO_WIDTH_SPACE}baerum" in fitted
