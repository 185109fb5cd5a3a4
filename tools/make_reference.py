"""Generate templates/referanse.docx, the library's default graphic profile, from python-docx's default template.

Run from the repository root:  PYTHONPATH=cli python tools/make_reference.py [OUTPUT]
The output is byte-reproducible, so re-running it without changes leaves git clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from lxml import etree

from planbygg.model import Properties
from planbygg.write.docx import package as pkg
from planbygg.write.docx.numbering import abstract_list
from planbygg.write.docx.ooxml import NS, declared_ignorable, qn
from planbygg.write.docx.properties import core_properties_xml
from planbygg.write.docx.reference import BULLET_LIST_NAME, NUMBER_LIST_NAME, REQUIRED_STYLES

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "templates" / "referanse.docx"

# The graphic profile. Arial is metric-compatible with Liberation Sans, which every LibreOffice ships.
FONT = "Arial"
DARK = "1F4E79"  # headings, table header, bullets
ACCENT_LIGHT = "EAF1F8"  # table banding
GREY = "595959"  # header, footer, notes
RULE = "BFBFBF"  # thin lines
MARKING = "B42318"  # "Høringsutkast" on the cover

W = NS["w"]


def _rpr(
    size_pt: float | None = None, color: str | None = None, bold: bool = False, italic: bool = False, caps: bool = False
) -> str:
    parts = []
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if caps:
        parts.append("<w:caps/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size_pt:
        hp = int(size_pt * 2)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>" if parts else ""


def _spacing(before: int = 0, after: int = 0, line: int | None = None) -> str:
    extra = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{extra}/>'


# name, styleId, basedOn, next, pPr inner XML, rPr XML. Ordered as Word lists them.
PARAGRAPH = [
    ("Normal", "Normal", None, None, "", ""),
    ("Title", "Title", "Normal", "Normal", _spacing(0, 240, 240) + "<w:contextualSpacing/>", _rpr(28, DARK, bold=True)),
    ("Subtitle", "Subtitle", "Normal", "Normal", _spacing(0, 360), _rpr(16, GREY)),
    (
        "heading 1",
        "Heading1",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/>" + _spacing(480, 160) + '<w:outlineLvl w:val="0"/>',
        _rpr(18, DARK, bold=True),
    ),
    (
        "heading 2",
        "Heading2",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/>" + _spacing(320, 100) + '<w:outlineLvl w:val="1"/>',
        _rpr(14, DARK, bold=True),
    ),
    (
        "heading 3",
        "Heading3",
        "Normal",
        "Normal",
        "<w:keepNext/><w:keepLines/>" + _spacing(240, 80) + '<w:outlineLvl w:val="2"/>',
        _rpr(11.5, "2F5F8F", bold=True),
    ),
    ("List Bullet", "ListBullet", "Normal", None, "__NUM_BULLET_0__" + _spacing(0, 60), ""),
    ("List Bullet 2", "ListBullet2", "Normal", None, "__NUM_BULLET_1__" + _spacing(0, 60), ""),
    ("List Number", "ListNumber", "Normal", None, "__NUM_NUMBER_0__" + _spacing(0, 60), ""),
    ("List Number 2", "ListNumber2", "Normal", None, "__NUM_NUMBER_1__" + _spacing(0, 60), ""),
    ("caption", "Caption", "Normal", "Normal", _spacing(120, 200), _rpr(9, "404040", italic=True)),
    (
        "Quote",
        "Quote",
        "Normal",
        "Normal",
        f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{DARK}"/></w:pBdr>'
        + _spacing(120, 200)
        + '<w:ind w:left="284" w:right="567"/>',
        _rpr(None, "404040", italic=True),
    ),
    (
        "TOC Heading",
        "TOCHeading",
        "Normal",
        "Normal",
        "<w:keepNext/>" + _spacing(0, 320) + '<w:outlineLvl w:val="9"/>',
        _rpr(18, DARK, bold=True),
    ),
    (
        "toc 1",
        "TOC1",
        "Normal",
        "Normal",
        '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9072"/></w:tabs>' + _spacing(160, 60),
        _rpr(None, None, bold=True),
    ),
    (
        "toc 2",
        "TOC2",
        "Normal",
        "Normal",
        '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9072"/></w:tabs>' + _spacing(0, 60) + '<w:ind w:left="284"/>',
        "",
    ),
    (
        "toc 3",
        "TOC3",
        "Normal",
        "Normal",
        '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9072"/></w:tabs>' + _spacing(0, 40) + '<w:ind w:left="567"/>',
        _rpr(10),
    ),
    (
        "header",
        "Header",
        "Normal",
        None,
        f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
        '<w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" w:pos="9072"/></w:tabs>' + _spacing(0, 0),
        _rpr(8.5, GREY),
    ),
    (
        "footer",
        "Footer",
        "Normal",
        None,
        f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
        '<w:tabs><w:tab w:val="right" w:pos="9072"/></w:tabs>' + _spacing(0, 0),
        _rpr(8.5, GREY),
    ),
    ("Ingress", "Ingress", "Normal", "Normal", _spacing(0, 240, 288), _rpr(13, "262626")),
    ("Merknad", "Merknad", "Normal", "Normal", _spacing(0, 80), _rpr(9, GREY)),
    ("Signatur", "Signatur", "Normal", "Normal", "<w:keepNext/><w:keepLines/>" + _spacing(600, 0), ""),
    (
        "Forside organisasjon",
        "Forsideorganisasjon",
        "Normal",
        "Title",
        f'<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="8" w:color="{DARK}"/></w:pBdr>' + _spacing(240, 3600),
        _rpr(14, DARK, bold=True),
    ),
    ("Forside merking", "Forsidemerking", "Normal", "Normal", _spacing(720, 240), _rpr(22, MARKING, bold=True, caps=True)),
    ("Forside dato", "Forsidedato", "Normal", "Normal", _spacing(240, 0), _rpr(12, "404040")),
    ("Brevhode", "Brevhode", "Normal", None, _spacing(0, 40), _rpr(13, DARK, bold=True)),
    ("Mottaker", "Mottaker", "Normal", None, _spacing(600, 0) + "<w:contextualSpacing/>", ""),
    ("Referanse", "Referanse", "Normal", None, _spacing(0, 0) + "<w:contextualSpacing/>", _rpr(9.5, "262626")),
    ("Svarfelt", "Svarfelt", "Normal", "Normal", "<w:keepNext/>" + _spacing(240, 80), _rpr(None, DARK, bold=True)),
]
CHARACTER = [
    ("Default Paragraph Font", "DefaultParagraphFont", ""),
    ("Hyperlink", "Hyperlink", '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'),
    ("Strong", "Strong", "<w:rPr><w:b/><w:bCs/></w:rPr>"),
    ("Emphasis", "Emphasis", "<w:rPr><w:i/><w:iCs/></w:rPr>"),
]
_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
)
TABLES = [
    (
        "Normal Table",
        "TableNormal",
        None,
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    ),
    (
        "Table Grid",
        "TableGrid",
        "TableNormal",
        f"<w:pPr>{_spacing(0, 0)}</w:pPr><w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr>",
    ),
    (
        "Planbygg tabell",
        "Planbyggtabell",
        "TableNormal",
        f"<w:pPr>{_spacing(0, 0, 252)}</w:pPr>" + _rpr(10) + '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>'
        f'<w:top w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{DARK}"/><w:right w:val="nil"/>'
        f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:insideV w:val="nil"/></w:tblBorders>'
        + _CELL_MARGINS
        + "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
        "<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>"
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{DARK}"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="band2Horz"><w:tblPr/>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT_LIGHT}"/></w:tcPr></w:tblStylePr>',
    ),
]
# Styles kept from python-docx's template besides ours: the list-style default Word expects.
KEEP_FROM_TEMPLATE = {"NoList"}


def build_styles(template: bytes, num_ids: dict[str, int]) -> bytes:
    """Return styles.xml: the template's latent styles, our docDefaults and exactly the styles we define."""
    styles = etree.fromstring(template)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_FROM_TEMPLATE:
            styles.remove(style)
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        etree.fromstring(
            f'<w:docDefaults xmlns:w="{W}"><w:rPrDefault><w:rPr>'
            f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="nb-NO" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/>"
            + _spacing(0, 140, 264)
            + "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for name, style_id, based_on, next_id, ppr, rpr in PARAGRAPH:
        for token, (list_name, level) in {
            "__NUM_BULLET_0__": ("bullet", 0),
            "__NUM_BULLET_1__": ("bullet", 1),
            "__NUM_NUMBER_0__": ("number", 0),
            "__NUM_NUMBER_1__": ("number", 1),
        }.items():
            # Linking the list styles to numbering lets a designer apply them by hand in Word too.
            ppr = ppr.replace(token, f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_ids[list_name]}"/></w:numPr>')
        default = ' w:default="1"' if style_id == "Normal" else ""
        custom = (
            ""
            if name[0].islower()
            or name
            in {
                "Normal",
                "Title",
                "Subtitle",
                "List Bullet",
                "List Bullet 2",
                "List Number",
                "List Number 2",
                "Quote",
                "TOC Heading",
            }
            else ' w:customStyle="1"'
        )
        xml = (
            f'<w:style xmlns:w="{W}" w:type="paragraph"{default}{custom} w:styleId="{style_id}"><w:name w:val="{name}"/>'
            + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + (f'<w:next w:val="{next_id}"/>' if next_id else "")
            + '<w:uiPriority w:val="9"/><w:qFormat/>'
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
            + rpr
            + "</w:style>"
        )
        styles.append(etree.fromstring(xml))
    for name, style_id, body in CHARACTER:
        default = ' w:default="1"' if style_id == "DefaultParagraphFont" else ""
        styles.append(
            etree.fromstring(
                f'<w:style xmlns:w="{W}" w:type="character"{default} w:styleId="{style_id}"><w:name w:val="{name}"/>'
                f'<w:uiPriority w:val="1"/>{body}</w:style>'
            )
        )
    for name, style_id, based_on, body in TABLES:
        default = ' w:default="1"' if style_id == "TableNormal" else ""
        custom = ' w:customStyle="1"' if name == "Planbygg tabell" else ""
        styles.append(
            etree.fromstring(
                f'<w:style xmlns:w="{W}" w:type="table"{default}{custom} w:styleId="{style_id}"><w:name w:val="{name}"/>'
                + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
                + f'<w:uiPriority w:val="59"/>{body}</w:style>'
            )
        )
    etree.cleanup_namespaces(styles)
    declared_ignorable(styles)  # clean-up drops the w14 declaration that the template's mc:Ignorable names
    return etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_numbering() -> tuple[bytes, dict[str, int]]:
    """Return numbering.xml with the two named list definitions the writer instantiates per list."""
    root = etree.Element(qn("w:numbering"), nsmap={"w": W})
    root.append(abstract_list(0, BULLET_LIST_NAME, ordered=False, color=DARK))
    root.append(abstract_list(1, NUMBER_LIST_NAME, ordered=True))
    for num_id, abstract_id in ((1, 0), (2, 1)):
        num = etree.SubElement(root, qn("w:num"), {qn("w:numId"): str(num_id)})
        etree.SubElement(num, qn("w:abstractNumId"), {qn("w:val"): str(abstract_id)})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), {"bullet": 1, "number": 2}


def build_settings(template: bytes) -> bytes:
    """Return settings.xml with Norwegian number separators and theme font language."""
    settings = etree.fromstring(template)
    for tag, attrs in (
        ("w:decimalSymbol", {"w:val": ","}),
        ("w:listSeparator", {"w:val": ";"}),
        ("w:themeFontLang", {"w:val": "nb-NO"}),
    ):
        node = settings.find(qn(tag))
        if node is not None:
            for key in list(node.attrib):
                del node.attrib[key]
            for key, value in attrs.items():
                node.set(qn(key), value)
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.attrib.clear()
        zoom.set(qn("w:percent"), "100")
    default_tab = settings.find(qn("w:defaultTabStop"))
    if default_tab is not None:
        default_tab.set(qn("w:val"), "709")  # 1.25 cm, the usual Norwegian default
    return etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_document() -> bytes:
    """Return a sample body showing every style, so a designer can restyle it in Word; the writer ignores it."""
    paragraphs = []
    for name, style_id, *_ in PARAGRAPH:
        label = {"Header": "Topptekst", "Footer": "Bunntekst"}.get(style_id, "Eksempeltekst")
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{label} i stilen «{name}»</w:t></w:r></w:p>'
        )
    body = "".join(paragraphs)
    sect = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="709" w:footer="709" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{NS["r"]}">'
        f"<w:body>{body}{sect}</w:body></w:document>"
    ).encode()


def build_theme(template: bytes) -> bytes:
    """Return the theme with Arial as heading and body font, so theme-font text matches the styles."""
    return template.replace(b'<a:latin typeface="Calibri"/>', f'<a:latin typeface="{FONT}"/>'.encode()).replace(
        b'<a:latin typeface="Cambria"/>', f'<a:latin typeface="{FONT}"/>'.encode()
    )


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    template = pkg.read_parts(Path(docx.__file__).parent / "templates" / "default.docx")
    numbering, num_ids = build_numbering()
    parts = [
        pkg.Part("word/document.xml", build_document(), pkg.CT_DOCUMENT),
        pkg.Part("word/styles.xml", build_styles(template["word/styles.xml"], num_ids), pkg.CT_STYLES),
        pkg.Part("word/numbering.xml", numbering, pkg.CT_NUMBERING),
        pkg.Part("word/settings.xml", build_settings(template["word/settings.xml"]), pkg.CT_SETTINGS),
        pkg.Part("word/fontTable.xml", template["word/fontTable.xml"], pkg.CT_FONT_TABLE),
        pkg.Part("word/webSettings.xml", template["word/webSettings.xml"], pkg.CT_WEB_SETTINGS),
        pkg.Part("word/theme/theme1.xml", build_theme(template["word/theme/theme1.xml"]), pkg.CT_THEME),
        pkg.Part(
            "docProps/core.xml",
            core_properties_xml(
                Properties(
                    title="planbygg referansedokument", author="planbygg", description="Stiler for dokumenter fra planbygg."
                )
            ),
            pkg.CT_CORE,
        ),
    ]
    doc_rels = [
        pkg.Relationship(f"rId{i}", rel_type, target)
        for i, (rel_type, target) in enumerate(
            (
                (pkg.RT_STYLES, "styles.xml"),
                (pkg.RT_NUMBERING, "numbering.xml"),
                (pkg.RT_SETTINGS, "settings.xml"),
                (pkg.RT_FONT_TABLE, "fontTable.xml"),
                (pkg.RT_WEB_SETTINGS, "webSettings.xml"),
                (pkg.RT_THEME, "theme/theme1.xml"),
            ),
            start=1,
        )
    ]
    parts.append(pkg.Part("word/_rels/document.xml.rels", pkg.rels_xml(doc_rels)))
    parts.append(
        pkg.Part(
            "_rels/.rels",
            pkg.rels_xml(
                [
                    pkg.Relationship("rId1", pkg.RT_OFFICE_DOCUMENT, "word/document.xml"),
                    pkg.Relationship("rId2", pkg.RT_CORE, "docProps/core.xml"),
                ]
            ),
        )
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pkg.write_package(parts, timestamp=0))
    # The writer's style contract must hold for the file we ship.
    from planbygg.write.docx.reference import missing_styles

    missing = missing_styles(output)
    if missing:
        print(f"referanse.docx mangler stiler: {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"wrote {output} ({output.stat().st_size} bytes, {len(REQUIRED_STYLES)} required styles present)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
