"""Native Word bar-chart parts (DrawingML chartSpace) with cached data and an embedded workbook for «Rediger data»."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planbygg.model import BarChart
from planbygg.write.docx import package as pkg
from planbygg.write.docx.ooxml import EMU_PER_TWIP, clean_text, el, inline_chart
from planbygg.write.docx.package import escape, quoteattr

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LCID = {"nb-NO": "[$-414]", "nn-NO": "[$-814]", "no": "[$-414]"}  # Windows locale ids for number formats
_CAT_AX, _VAL_AX = "500000001", "500000002"  # fixed axis ids: the bytes must not vary between runs
# Series colours: the profile's dark blue, then a light blue that still stands apart from it in grey print.
COLORS = ("1F4E79", "9DC3E6", "C55A11", "7F7F7F")
_LABEL_COLORS = ("FFFFFF", "262626", "FFFFFF", "FFFFFF")

Series = tuple[str, Sequence[float | None]]


def bar_chart(b: Any, block: BarChart, index: int) -> None:
    """Add the chart part, its embedded workbook and the paragraph that shows it to builder `b`."""
    b.charts += 1
    name = f"charts/chart{b.charts}.xml"
    series = [(block.series_name, block.values), *block.more_series]
    # The data also goes into an embedded workbook, so Word's «Rediger data» opens it in Excel.
    workbook = f"embeddings/Microsoft_Excel_Worksheet{b.charts}.xlsx"
    b.parts.append(pkg.Part("word/" + workbook, workbook_xlsx(block.labels, series, b.doc.properties.timestamp)))
    b.parts.append(
        pkg.Part(
            f"word/charts/_rels/chart{b.charts}.xml.rels",
            pkg.rels_xml([pkg.Relationship("rId1", PACKAGE_REL_TYPE, f"../{workbook}")]),
        )
    )
    xml = chart_xml(
        block.title,
        block.labels,
        block.values,
        block.series_name,
        b.doc.properties.language,
        more_series=block.more_series,
        stacked=block.stacked,
        workbook_rid="rId1",
    )
    b.parts.append(pkg.Part("word/" + name, xml, CHART_CONTENT_TYPE))
    rid = b._rel(CHART_REL_TYPE, name)
    cx = b.ref.text_width * EMU_PER_TWIP
    cy = chart_height_emu(block.labels, cx, len(series))
    p = b.body_p(keep_next=bool(block.caption))
    p.append(el("w:r", None, inline_chart(rid, b._next_shape_id(), cx, cy, block.alt, block.title or block.caption)))
    if block.caption:
        b._caption(block.caption, block.caption_source)


def is_horizontal(labels: tuple[str, ...]) -> bool:
    """Return True when bars should run left to right: long labels or many categories read better so."""
    return len(labels) > 6 or max((len(label) for label in labels), default=0) > 14


def _number(value: float) -> str:
    # repr-free, locale-free form: XML caches always use "." as decimal separator.
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


def _text_props(size_hpt: int, color: str, font: str, bold: bool = False) -> str:
    b = ' b="1"' if bold else ""
    return (
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size_hpt}"{b}>'
        f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:latin typeface={quoteattr(font)}/>'
        '</a:defRPr></a:pPr><a:endParaRPr lang="nb-NO"/></a:p></c:txPr>'
    )


def _str_cache(ref: str, values: list[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(clean_text(v))}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{pts}</c:strCache></c:strRef>'


def _column(index: int) -> str:
    """Spreadsheet column letters for a 0-based index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def chart_xml(
    title: str,
    labels: tuple[str, ...],
    values: Sequence[float | None],
    series_name: str,
    language: str = "nb-NO",
    color: str = "1F4E79",
    font: str = "Arial",
    *,
    more_series: Sequence[Series] = (),
    stacked: bool = False,
    workbook_rid: str | None = None,
) -> bytes:
    """Return a `c:chartSpace` part: bar series with value labels, cached data and (optionally) its workbook.

    The cell references (`c:f`) point into Sheet1 of the embedded workbook (`workbook_rid`), laid out
    as `workbook_xlsx` writes it; the caches carry the same data, so the chart renders without it.
    A value of None is a gap (not zero): «not registered» must not look like «none».
    """
    n = len(labels)
    series: list[Series] = [(series_name, list(values)), *more_series]
    series = [(name, [*list(vals)[:n], *[None] * (n - len(vals))]) for name, vals in series]
    horizontal = is_horizontal(labels)
    last = n + 1
    numbers = [v for _, vals in series for v in vals if v is not None]
    integral = all(float(v).is_integer() for v in numbers)
    # The locale prefix makes Word and LibreOffice show Norwegian separators (1 234,5) whatever the system locale;
    # the empty third section hides the label of a zero-width stacked segment.
    locale = _LCID.get(language, "")
    number_format = "#,##0" if integral else "#,##0.0"
    label_fmt = f"{locale}{number_format};-{number_format};" if stacked else f"{locale}{number_format}"
    colors = [color, *COLORS[1:]]
    title_xml = ""
    if title:
        title_xml = (
            "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
            f'<a:defRPr sz="1100" b="1"><a:solidFill><a:srgbClr val="262626"/></a:solidFill>'
            f"<a:latin typeface={quoteattr(font)}/></a:defRPr></a:pPr>"
            f'<a:r><a:rPr lang={quoteattr(language)} sz="1100" b="1"><a:solidFill><a:srgbClr val="262626"/></a:solidFill>'
            f"<a:latin typeface={quoteattr(font)}/></a:rPr><a:t>{escape(clean_text(title))}</a:t></a:r></a:p></c:rich></c:tx>"
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        )
    else:
        title_xml = '<c:autoTitleDeleted val="1"/>'
    axis_line = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="A6A6A6"/></a:solidFill></a:ln></c:spPr>'
    series_xml = []
    for i, (name, vals) in enumerate(series):
        col = _column(i + 1)
        pts = "".join(f'<c:pt idx="{j}"><c:v>{_number(v)}</c:v></c:pt>' for j, v in enumerate(vals) if v is not None)
        label_color = _LABEL_COLORS[i % len(_LABEL_COLORS)] if stacked else "262626"
        series_xml.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
            f"<c:tx>{_str_cache(f'Sheet1!${col}$1', [name])}</c:tx>"
            f'<c:spPr><a:solidFill><a:srgbClr val="{colors[i % len(colors)]}"/></a:solidFill></c:spPr>'
            '<c:invertIfNegative val="0"/>'
            f'<c:dLbls><c:numFmt formatCode="{escape(label_fmt)}" sourceLinked="0"/>'
            "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
            f"{_text_props(900, label_color, font)}"
            f'<c:dLblPos val="{"ctr" if stacked else "outEnd"}"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
            f"<c:cat>{_str_cache(f'Sheet1!$A$2:$A${last}', list(labels))}</c:cat>"
            f"<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${last}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
            f'<c:ptCount val="{n}"/>{pts}</c:numCache></c:numRef></c:val>'
            "</c:ser>"
        )
    legend = (
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_props(900, "404040", font)}</c:legend>'
        if len(series) > 1
        else ""
    )
    external = f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>' if workbook_rid else ""
    grouping = "stacked" if stacked else "clustered"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        f'<c:date1904 val="0"/><c:lang val={quoteattr(language)}/><c:roundedCorners val="0"/>'
        f"<c:chart>{title_xml}<c:plotArea><c:layout/>"
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="{grouping}"/><c:varyColors val="0"/>'
        + "".join(series_xml)
        + '<c:gapWidth val="60"/>'
        + ('<c:overlap val="100"/>' if stacked else "")
        + f'<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/></c:barChart>'
        # Horizontal bars list the first label at the top (maxMin), as a reader expects.
        f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="{"maxMin" if horizontal else "minMax"}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{"l" if horizontal else "b"}"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"{axis_line}{_text_props(900, '404040', font)}"
        f'<c:crossAx val="{_VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        # The value axis is hidden: every bar carries its own value label, so the chart stays uncluttered.
        f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>'
        f'<c:delete val="1"/><c:axPos val="{"b" if horizontal else "l"}"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{_CAT_AX}"/><c:crosses val="{"max" if horizontal else "autoZero"}"/>'
        '<c:crossBetween val="between"/></c:valAx>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text_props(900, '404040', font)}"
        f"{external}"
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")


def chart_height_emu(labels: tuple[str, ...], width_emu: int, series: int = 1) -> int:
    """Return a chart height that gives each bar room: about 0.8 cm per horizontal bar, plus a legend."""
    legend = 0.6 if series > 1 else 0.0
    if is_horizontal(labels):
        return int(360000 * (1.6 + legend + 0.8 * max(1, len(labels))))
    return int(width_emu * 0.5)


# -- the embedded workbook -----------------------------------------------------------------------

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def _cell(ref: str, value: str | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(clean_text(value))}</t></is></c>'
    return f'<c r="{ref}"><v>{_number(value)}</v></c>'


def workbook_xlsx(labels: tuple[str, ...], series: Sequence[Series], timestamp: int = 0) -> bytes:
    """Return a minimal .xlsx whose Sheet1 holds the chart's data: labels in A2…, one series per column from B.

    Hand-written SpreadsheetML (inline strings, no styles) is all Word needs to open «Rediger data»;
    it spares every build the import of a spreadsheet library.
    """
    rows = [f'<row r="1">{"".join(_cell(f"{_column(i + 1)}1", name) for i, (name, _) in enumerate(series))}</row>']
    for j, label in enumerate(labels):
        r = j + 2
        cells = _cell(f"A{r}", label) + "".join(
            _cell(f"{_column(i + 1)}{r}", vals[j] if j < len(vals) else None) for i, (_, vals) in enumerate(series)
        )
        rows.append(f'<row r="{r}">{cells}</row>')
    last = f"{_column(len(series))}{len(labels) + 1}"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_SML}">'
        f'<dimension ref="A1:{last}"/><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_SML}" xmlns:r="{_R}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts = [
        pkg.Part("xl/workbook.xml", workbook.encode(), _XLSX_CT + "sheet.main+xml"),
        pkg.Part("xl/worksheets/sheet1.xml", sheet.encode(), _XLSX_CT + "worksheet+xml"),
        pkg.Part(
            "xl/_rels/workbook.xml.rels",
            pkg.rels_xml([pkg.Relationship("rId1", _R + "/worksheet", "worksheets/sheet1.xml")]),
        ),
        pkg.Part("_rels/.rels", pkg.rels_xml([pkg.Relationship("rId1", pkg.RT_OFFICE_DOCUMENT, "xl/workbook.xml")])),
    ]
    return pkg.write_package(parts, timestamp)
