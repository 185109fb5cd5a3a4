"""Native Word bar-chart parts (DrawingML chartSpace) with the data cached inline, no workbook needed."""

from __future__ import annotations

from planbygg.write.docx.ooxml import clean_text
from planbygg.write.docx.package import escape, quoteattr

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LCID = {"nb-NO": "[$-414]", "nn-NO": "[$-814]", "no": "[$-414]"}  # Windows locale ids for number formats
_CAT_AX, _VAL_AX = "500000001", "500000002"  # fixed axis ids: the bytes must not vary between runs


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


def chart_xml(
    title: str,
    labels: tuple[str, ...],
    values: tuple[float, ...],
    series_name: str,
    language: str = "nb-NO",
    color: str = "1F4E79",
    font: str = "Arial",
) -> bytes:
    """Return a `c:chartSpace` part: one clustered bar series with value labels and cached data.

    The cell references (`c:f`) name a virtual Sheet1 only because the schema requires them; the
    caches carry the data, so Word and LibreOffice render the chart without an embedded workbook.
    """
    n = min(len(labels), len(values))
    labels, values = labels[:n], values[:n]
    horizontal = is_horizontal(labels)
    last = n + 1
    integral = all(float(v).is_integer() for v in values)
    # The locale prefix makes Word and LibreOffice show Norwegian separators (1 234,5) whatever the system locale.
    locale = _LCID.get(language, "")
    label_fmt = f"{locale}#,##0" if integral else f"{locale}#,##0.0"
    nums = "".join(f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>' for i, v in enumerate(values))
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
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        f'<c:date1904 val="0"/><c:lang val={quoteattr(language)}/><c:roundedCorners val="0"/>'
        f"<c:chart>{title_xml}<c:plotArea><c:layout/>"
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f"<c:tx>{_str_cache('Sheet1!$B$1', [series_name])}</c:tx>"
        f'<c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
        f'<c:dLbls><c:numFmt formatCode="{label_fmt}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f"{_text_props(900, '262626', font)}"
        '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        f"<c:cat>{_str_cache(f'Sheet1!$A$2:$A${last}', list(labels))}</c:cat>"
        f"<c:val><c:numRef><c:f>Sheet1!$B$2:$B${last}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{n}"/>{nums}</c:numCache></c:numRef></c:val>'
        "</c:ser>"
        f'<c:gapWidth val="60"/><c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/></c:barChart>'
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
        '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text_props(900, '404040', font)}"
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")


def chart_height_emu(labels: tuple[str, ...], width_emu: int) -> int:
    """Return a chart height that gives each bar room: about 0.8 cm per horizontal bar."""
    if is_horizontal(labels):
        return int(360000 * (1.6 + 0.8 * max(1, len(labels))))
    return int(width_emu * 0.5)
