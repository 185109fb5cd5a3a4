"""The web edition (write/html.py, write/web.py) and `build --html`: structure, language, files, colours."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from pathlib import Path

import pytest
from writer_sample import plan_document, write_logo

from planbygg import pipeline
from planbygg.errors import ContentError
from planbygg.model import BarChart, Document, Heading, ListBlock, ListItem, Paragraph, Properties, Run
from planbygg.write.html import Page, document_html
from planbygg.write.palette import Palette, contrast, palette, readable
from planbygg.write.svg import bar_chart_svg

VOID = {"meta", "link", "img", "br", "col", "rect", "input", "hr"}


class Tree(HTMLParser):
    """Collects tags with attributes and text, and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert not tree.errors, tree.errors[:5]
    assert not tree.stack, f"unclosed: {tree.stack}"
    return tree


@pytest.fixture
def plan(tmp_path: Path) -> tuple[Document, Path]:
    logo = write_logo(tmp_path)
    return plan_document(logo), logo


def test_plan_page_has_one_h1_headings_in_order_and_a_contents_list(plan):
    doc, logo = plan
    html = document_html(doc, Page(images={logo: "logo.png"}, home="index.html"))
    tree = parse(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="nb">')
    levels = [int(t[1]) for t, _ in tree.tags if t in ("h1", "h2", "h3", "h4")]
    assert levels.count(1) == 2  # the cover's title, and the letter part's level-0 title
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    toc = html[html.index('<nav class="innhold"') : html.index("</nav>", html.index('<nav class="innhold"'))]
    assert 'href="#innledning"' in toc and 'href="#formal-med-planen"' in toc
    assert "detaljer-om-medvirkningen" not in toc  # a heading left out of the TOC stays out
    assert '<a class="hopp" href="#innhold">Hopp til innholdet</a>' in html
    assert '<main id="innhold"' in html
    assert '<a href="index.html">Til høringssiden</a>' in html


def test_tables_have_caption_header_cells_with_scope_and_column_widths(plan):
    doc, logo = plan
    tree = parse(document_html(doc, Page(images={logo: "logo.png"})))
    ths = tree.all("th")
    assert [a.get("scope") for a in ths[:3]] == ["col", "col", "col"]
    assert [a["style"] for a in tree.all("col")] == ["width: 50%", "width: 33%", "width: 17%"]
    assert "Tabell 1: Tiltak i planperioden" in tree.text
    region = next(a for a in tree.all("div") if a.get("class") == "tabell")
    assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-labelledby"]


def test_images_and_charts_keep_their_alt_text(plan):
    doc, logo = plan
    html = document_html(doc, Page(images={logo: "logo.png"}))
    tree = parse(html)
    image = next(a for a in tree.all("img") if a.get("src") == "logo.png")
    assert image["alt"] == "Kommunevåpenet: hvitt kors på blått skjold"
    svg = tree.all("svg")[0]
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert f'<desc id="{desc_id}">Stolpediagram: skole sendte 42' in html
    assert f'<title id="{title_id}">Bekymringsmeldinger etter kilde (2023)</title>' in html
    # The numbers are there as a table too, each label a row header.
    assert '<th scope="row">Skole</th><td>42</td>' in html


def test_an_image_with_no_file_is_left_out_and_text_is_escaped(tmp_path):
    doc = Document(
        kind="",
        properties=Properties(title="A & B <c>", author="X kommune", language="nn-NO"),
        blocks=(Heading(1, "Fyrste <kapittel>"), Paragraph((Run("1 < 2 & «sitat»", link='https://x.no/?a=1&b="2"'),))),
    )
    html = document_html(doc, Page())
    parse(html)
    assert '<html lang="nn">' in html and "Hopp til innhaldet" in html
    assert "<title>A &amp; B &lt;c&gt;</title>" in html
    assert '<h1 id="fyrste-kapittel">Fyrste &lt;kapittel&gt;</h1>' in html  # no cover: the first level is h1
    assert 'href="https://x.no/?a=1&amp;b=&quot;2&quot;"' in html


def test_nested_lists_nest_inside_their_item():
    items = (ListItem((Run("a"),)), ListItem((Run("b"),), 1), ListItem((Run("c"),), 2), ListItem((Run("d"),)))
    doc = Document("", Properties(title="t", author="x"), (ListBlock(items),))
    html = document_html(doc, Page())
    parse(html)
    assert "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>" in html


def test_chart_svg_scales_bars_to_the_largest_value():
    chart = BarChart("Deltakere", ("A", "B"), (50, 100), alt="A 50, B 100")
    svg = bar_chart_svg(chart, "f")
    widths = [float(part.split('"')[0]) for part in svg.split('width="')[1:]]
    assert widths == [210.0, 420.0]


def test_palette_comes_from_the_reference_and_stays_readable(tmp_path):
    from planbygg.write.docx.reference import default_reference

    colours = palette(default_reference())
    assert colours == Palette(primary="#1F4E79", light="#EAF1F8", marking="#B42318", muted="#595959", font="Arial")
    assert readable("#1F4E79") == "#1F4E79"
    pale = readable("#FFD700")  # gold on white cannot be read: darkened until it can
    assert contrast(pale, "#FFFFFF") >= 4.5 and pale != "#FFD700"


def build_web(path: Path, pdf: bool = False) -> pipeline.BuildResult:
    result = pipeline.build(path, ignore_requirements=True, web=True, pdf=pdf)
    assert result.error is None and not result.blocked, result
    return result


def test_build_html_writes_the_hoering_page_editions_stylesheet_and_files(folder):
    path = folder()
    build_web(path)
    nett = path / "build" / "nett"
    names = sorted(p.name for p in nett.iterdir())
    assert names == [
        "index.html",
        "provestad-hoeringsbrev.docx",
        "provestad-hoeringsutkast.docx",
        "provestad-hoeringsutkast.html",
        "provestad-medvirkningsrapport.docx",
        "provestad-medvirkningsrapport.html",
        "stil.css",
    ]
    index = (nett / "index.html").read_text(encoding="utf-8")
    tree = parse(index)
    text = " ".join(" ".join(tree.text).split())
    assert "Høring: Plan for forebygging 2025–2028" in text
    assert "Høringsfrist: onsdag 30. april 2025" in text
    assert "offentleglova" in text  # replies are public
    assert "post@provestad.kommune.no" in text and "Ola Nordmann" in text
    links = [a["href"] for a in tree.all("a")]
    assert "provestad-hoeringsutkast.html" in links and "provestad-hoeringsutkast.docx" in links
    assert "last ned som Word-fil" in text
    css = (nett / "stil.css").read_text(encoding="utf-8")
    assert "--hoved: #1F4E79;" in css
    for page in ("provestad-hoeringsutkast.html", "provestad-medvirkningsrapport.html"):
        parse((nett / page).read_text(encoding="utf-8"))


def test_build_html_links_the_pdfs_when_they_are_made_too(folder):
    path = folder()
    build_web(path, pdf=True)
    nett = path / "build" / "nett"
    assert not list(nett.glob("*.docx"))
    index = (nett / "index.html").read_text(encoding="utf-8")
    assert 'href="provestad-hoeringsutkast.pdf">last ned som PDF</a>' in index


def test_build_html_in_nynorsk_copies_the_logo_beside_the_pages(folder, tmp_path):
    from conftest import MINIMAL

    indent = " " * 10  # MINIMAL is dedented when written
    project = MINIMAL["planbygg.yaml"].replace("målform: bokmål", "målform: nynorsk")
    project = project.replace("kommunedirektør\n", f"kommunedirektør\n{indent}logo: logo.png\n{indent}logo_alt: Kommunevåpenet\n")
    path = folder({"planbygg.yaml": project})
    write_logo(path)
    build_web(path)
    nett = path / "build" / "nett"
    assert (nett / "logo.png").read_bytes() == (path / "logo.png").read_bytes()
    index = (nett / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nn">' in index and "Høyring: Plan for forebygging" in index and "Hopp til innhaldet" in index
    assert '<img src="logo.png" alt="Kommunevåpenet"' in index
    assert str(tmp_path) not in index  # no absolute paths anywhere
    plan = (nett / "provestad-hoeringsutkast.html").read_text(encoding="utf-8")
    assert "Samandrag" in plan and "Til høyringssida" in plan


def test_build_html_needs_the_hoering(folder):
    path = folder({"horing.yaml": None})
    with pytest.raises(ContentError) as caught:
        pipeline.build(path, ignore_requirements=True, web=True)
    assert "horing.yaml" in caught.value.problems[0].message


def test_a_municipality_can_override_the_stylesheet(folder):
    path = folder({"templates/nettside.css.j2": "body { color: {{ farger.hoved }}; }\n"})
    build_web(path)
    assert (path / "build" / "nett" / "stil.css").read_text(encoding="utf-8") == "body { color: #1F4E79; }\n"


def test_images_in_chapters_are_copied_beside_the_web_edition(folder):
    path = folder(
        {
            "kapitler/01-innledning.md": '# Innledning\n\n{{ bilde("figur.png", "Kart over skolekretsene", figurtekst="Figur 1: Skolekretsene") }}\n'
        }
    )
    write_logo(path).rename(path / "figur.png")
    build_web(path)
    nett = path / "build" / "nett"
    assert (nett / "figur.png").read_bytes() == (path / "figur.png").read_bytes()
    plan = (nett / "provestad-hoeringsutkast.html").read_text(encoding="utf-8")
    assert '<img src="figur.png" alt="Kart over skolekretsene"' in plan
    assert "<figcaption>Figur 1: Skolekretsene</figcaption>" in plan


def test_numbered_chapters_are_not_numbered_twice_in_the_contents_list():
    from planbygg.model import TableOfContents

    blocks = [TableOfContents("Innhold", 2), Heading(1, "1 Innledning"), Heading(2, "1.1 Bakgrunn"), Heading(1, "2 Mål")]
    html = document_html(Document("hoeringsutkast", Properties(title="Plan", author="Bærum kommune"), tuple(blocks)), Page())
    assert '<nav class="innhold nummerert"' in html
    plain = [TableOfContents("Innhold", 2), Heading(1, "Innledning"), Heading(1, "Mål")]
    html = document_html(Document("hoeringsutkast", Properties(title="Plan", author="Bærum kommune"), tuple(plain)), Page())
    assert '<nav class="innhold"' in html and "nummerert" not in html
