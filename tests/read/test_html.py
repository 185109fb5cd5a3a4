"""The HTML reader: content of municipal web pages without their chrome, in the document model."""

from __future__ import annotations

from planbygg.check.views import document_view
from planbygg.model import Heading, Image, ListBlock, Paragraph, Table
from planbygg.read.html import parse_html, read_html

PAGE = """<!DOCTYPE html><html lang="nn"><head><meta charset="utf-8"><title>Høyring – Fjordvik kommune</title>
<meta name="author" content="Fjordvik kommune"></head><body>
<div class="cookie-consent">Vi brukar informasjonskapslar. <button>Godta</button></div>
<header><a href="/">Fjordvik kommune</a><nav><a href="/a">Tenester</a></nav></header>
<div class="breadcrumb">Heim › Kunngjeringar</div>
<main>
<h1>Høyring: plan for førebygging</h1>
<p>Høyringsperioden varer frå 2. september<br>til 14. oktober 2024.</p>
<h2>Høyringsinstansar</h2>
<ul><li>Ungdomsrådet<ul><li>Elevråda</li></ul></li><li>Rådet for personar med funksjonsnedsetjing</li></ul>
<blockquote><p>«Kommunestyret skal sjølv vedta ein plan …»</p></blockquote>
<table><thead><tr><th>Tiltak</th><th>Ansvarleg</th></tr></thead><tbody><tr><td>Heimebesøk</td><td>Helsestasjonen</td></tr></tbody></table>
<img src="a.png" alt="Born som leikar"><img src="pynt.png" alt="">
<div>Laus tekst i ein div.<p>Avsnitt inni.</p></div>
</main>
<footer>Fjordvik kommune · Personvern</footer>
<script>var x = "ikkje tekst";</script>
</body></html>"""


def kinds(doc):
    return [(type(b).__name__, getattr(b, "level", None), getattr(b, "text", None)) for b in doc.blocks]


def test_main_content_without_chrome():
    doc = parse_html(PAGE, "side.html")
    texts = " ".join(str(b) for b in doc.blocks)
    for chrome in ("informasjonskapslar", "Tenester", "Kunngjeringar", "Personvern", "ikkje tekst"):
        assert chrome not in texts
    assert doc.properties.title == "Høyring – Fjordvik kommune"
    assert doc.properties.language == "nn-NO"
    assert doc.properties.author == "Fjordvik kommune"
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].level == 1
    para = doc.blocks[1]
    assert isinstance(para, Paragraph) and para.text == "Høyringsperioden varer frå 2. september til 14. oktober 2024."


def test_lists_quotes_tables_images_and_loose_text():
    doc = parse_html(PAGE, "side.html")
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert [(i.text, i.level) for i in lists[0].items] == [
        ("Ungdomsrådet", 0),
        ("Elevråda", 1),
        ("Rådet for personar med funksjonsnedsetjing", 0),
    ]
    quote = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.style == "Quote")
    assert quote.text.startswith("«Kommunestyret skal sjølv")
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert table.header == ("Tiltak", "Ansvarleg") and table.header_marked
    assert [[c[0].text for c in row] for row in table.rows] == [["Heimebesøk", "Helsestasjonen"]]
    images = [b for b in doc.blocks if isinstance(b, Image)]
    assert [(i.alt, i.decorative) for i in images] == [("Born som leikar", False), ("", True)]
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "Laus tekst i ein div." in texts and "Avsnitt inni." in texts


def test_table_without_th_is_not_marked_and_article_is_used_without_main():
    doc = parse_html(
        "<html><body><div class='menu'>Meny</div><article><h2>Tittel</h2><table><tr><td>A</td><td>B</td></tr>"
        "<tr><td>1</td><td>2</td></tr></table></article><article>Kort</article></body></html>",
        "x.html",
    )
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert not table.header_marked and table.header == ("A", "B")
    assert "Meny" not in " ".join(str(b) for b in doc.blocks)


def test_encodings(tmp_path):
    text = "<html><head><meta charset='windows-1252'></head><body><p>Høring på nynorsk: høyring</p></body></html>"
    path = tmp_path / "gammel.htm"
    path.write_bytes(text.encode("cp1252"))
    (para,) = read_html(path).blocks
    assert isinstance(para, Paragraph) and para.text == "Høring på nynorsk: høyring"
    path.write_bytes("<p>Utan deklarasjon: æøå</p>".encode())
    (para,) = read_html(path).blocks
    assert isinstance(para, Paragraph) and para.text == "Utan deklarasjon: æøå"


def test_view_locates_evidence_by_heading_and_paragraph():
    view = document_view(parse_html(PAGE, "side.html"), "side.html", "html")
    assert view.language == "nn"
    para = view.paras()[0]
    assert para.where == "side.html › «Høyring: plan for førebygging» › avsnitt 1"
