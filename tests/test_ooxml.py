"""Unit tests for the OOXML helpers, the chart part and the reproducible zip writer."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from planbygg.write.docx import chart, ooxml
from planbygg.write.docx import package as pkg
from planbygg.write.docx.ooxml import qn


def xpath(node, expr: str):
    return node.xpath(expr, namespaces=ooxml.NS)


def test_qn_expands_prefixes():
    assert qn("w:p") == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
    assert qn("c:chart").startswith("{http://schemas.openxmlformats.org/drawingml/2006/chart}")


def test_text_run_maps_tabs_newlines_and_keeps_edge_spaces():
    run = ooxml.text_run(" a\tb\nc\x01")
    assert [etree.QName(c).localname for c in run] == ["t", "tab", "t", "br", "t"]
    assert run[0].get(qn("xml:space")) == "preserve"
    assert run[-1].text == "c"  # control character removed, XML stays valid


def test_field_is_a_complex_field_with_cached_result():
    runs = ooxml.field("PAGE", "7")
    p = ooxml.el("w:p", None, *runs)
    kinds = xpath(p, ".//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"]
    assert xpath(p, "string(.//w:instrText)") == " PAGE "
    assert xpath(p, "string(.//w:t)") == "7"


def test_field_start_can_mark_field_dirty():
    begin = ooxml.field_start('TOC \\o "1-2"', dirty=True)[0]
    assert xpath(begin, "string(w:fldChar/@w:dirty)") == "true"


def test_bookmark_pair_shares_id():
    start, end = ooxml.bookmark(4, "_Toc00000001")
    assert start.get(qn("w:id")) == end.get(qn("w:id")) == "4"
    assert start.get(qn("w:name")) == "_Toc00000001"


def test_hyperlink_external_and_internal():
    assert ooxml.hyperlink(rid="rId9").get(qn("r:id")) == "rId9"
    assert ooxml.hyperlink(anchor="_Toc1").get(qn("w:anchor")) == "_Toc1"


def test_num_instance_restarts_each_level():
    num = ooxml.num_instance(7, 1, restart_levels=3)
    assert num.get(qn("w:numId")) == "7"
    assert xpath(num, "string(w:abstractNumId/@w:val)") == "1"
    assert xpath(num, "w:lvlOverride/@w:ilvl") == ["0", "1", "2"]
    assert xpath(num, "w:lvlOverride/w:startOverride/@w:val") == ["1", "1", "1"]
    assert ooxml.num_instance(8, 0).find(qn("w:lvlOverride")) is None


def test_mark_header_row_orders_children_and_is_idempotent():
    tr = ooxml.el("w:tr", None, ooxml.el("w:tc"))
    ooxml.mark_header_row(tr)
    ooxml.mark_header_row(tr)
    tr_pr = tr[0]
    assert [etree.QName(c).localname for c in tr_pr] == ["cantSplit", "tblHeader"]


def test_table_look_has_hex_and_attribute_forms():
    look = ooxml.table_look(first_row=True, banded_rows=True)
    assert look.get(qn("w:firstRow")) == "1"
    assert look.get(qn("w:val")) == "0420"
    assert ooxml.table_look(first_row=False, banded_rows=False).get(qn("w:noHBand")) == "1"


def test_doc_pr_carries_alt_text():
    pr = ooxml.doc_pr(3, "Bilde 3", "Et kart over kommunen", "Kart")
    assert (pr.get("id"), pr.get("descr"), pr.get("title")) == ("3", "Et kart over kommunen", "Kart")


def test_inline_picture_references_image_and_alt():
    drawing = ooxml.inline_picture("rId7", 2, 360000, 180000, "Logo")
    assert xpath(drawing, "string(.//wp:docPr/@descr)") == "Logo"
    assert xpath(drawing, "string(.//a:blip/@r:embed)") == "rId7"
    assert xpath(drawing, "string(.//wp:extent/@cy)") == "180000"


def test_inline_chart_uses_chart_graphic_data():
    drawing = ooxml.inline_chart("rId9", 5, 100, 50, "Diagram over meldinger")
    assert xpath(drawing, "string(.//a:graphicData/@uri)") == ooxml.CHART_URI
    assert xpath(drawing, "string(.//c:chart/@r:id)") == "rId9"
    assert xpath(drawing, "string(.//wp:docPr/@descr)") == "Diagram over meldinger"


def test_watermark_run_is_rotated_textpath_behind_text():
    run = ooxml.watermark_run("HØRINGSUTKAST", 1)
    shape = xpath(run, ".//v:shape")[0]
    assert "rotation:315" in shape.get("style")
    assert "z-index:-" in shape.get("style")  # behind the text
    assert xpath(shape, "string(v:textpath/@string)") == "HØRINGSUTKAST"


def test_chart_xml_caches_labels_and_values():
    xml = etree.fromstring(chart.chart_xml("Meldinger", ("Skole", "Politi"), (42, 3.5), "Antall"))
    assert xpath(xml, "string(.//c:barDir/@val)") == "col"
    assert xpath(xml, ".//c:cat//c:pt/c:v/text()") == ["Skole", "Politi"]
    assert xpath(xml, ".//c:val//c:pt/c:v/text()") == ["42", "3.5"]
    assert xpath(xml, "string(.//c:ser/c:dLbls/c:showVal/@val)") == "1"
    assert xpath(xml, "string(.//c:title//a:t)") == "Meldinger"


def test_chart_with_long_labels_is_horizontal():
    xml = etree.fromstring(chart.chart_xml("", ("Helsestasjon og skolehelsetjeneste", "Skole"), (1, 2), "Antall"))
    assert xpath(xml, "string(.//c:barDir/@val)") == "bar"
    assert xpath(xml, "string(.//c:autoTitleDeleted/@val)") == "1"


def test_stacked_chart_has_a_legend_gaps_and_a_workbook_reference():
    xml = etree.fromstring(
        chart.chart_xml(
            "Deltakere",
            ("Elevråd", "Foreldremøte", "Verksted"),
            (12, 0, None),
            "Barn og unge",
            more_series=(("Voksne", (2, 40, None)),),
            stacked=True,
            workbook_rid="rId1",
        )
    )
    assert xpath(xml, "string(.//c:grouping/@val)") == "stacked"
    assert xpath(xml, "string(.//c:overlap/@val)") == "100"
    assert xpath(xml, ".//c:ser/c:tx//c:v/text()") == ["Barn og unge", "Voksne"]
    # A missing value is left out of the cache (a gap), never written as zero.
    assert xpath(xml, "count(.//c:ser[1]/c:val//c:pt)") == 2
    assert xpath(xml, "string(.//c:ser[2]/c:val//c:f)") == "Sheet1!$C$2:$C$4"
    assert xpath(xml, "string(c:chart/c:legend/c:legendPos/@val)") == "b"
    assert xpath(xml, "string(c:externalData/@r:id)") == "rId1"


def test_workbook_holds_the_chart_data_where_the_chart_points():
    import io
    import zipfile

    data = chart.workbook_xlsx(("Elevråd", "Verksted"), [("Barn og unge", (12, None)), ("Voksne", (2, 5))], 0)
    assert data == chart.workbook_xlsx(("Elevråd", "Verksted"), [("Barn og unge", (12, None)), ("Voksne", (2, 5))], 0)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        types = z.read("[Content_Types].xml").decode()
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = {c.get("r"): "".join(c.itertext()) for c in sheet.iterfind(".//s:c", ns)}
    assert cells == {"B1": "Barn og unge", "C1": "Voksne", "A2": "Elevråd", "B2": "12", "C2": "2", "A3": "Verksted", "C3": "5"}
    assert workbook.find(".//s:sheet", ns).get("name") == "Sheet1"
    assert "spreadsheetml.sheet.main+xml" in types and "worksheet+xml" in types


def test_zip_date_time_clamps_to_1980():
    assert pkg.zip_date_time(0) == (1980, 1, 1, 0, 0, 0)
    assert pkg.zip_date_time(1714608001) == (2024, 5, 2, 0, 0, 0)


def test_write_package_is_reproducible_and_ordered():
    parts = [
        pkg.Part("word/b.xml", b"<b/>", "application/x-b"),
        pkg.Part("_rels/.rels", b"<r/>"),
        pkg.Part("word/media/i.png", b"png"),
    ]
    first, second = pkg.write_package(parts, 1714608000), pkg.write_package(list(reversed(parts)), 1714608000)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        names = zf.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert {i.date_time for i in zf.infolist()} == {(2024, 5, 2, 0, 0, 0)}
        types = zf.read("[Content_Types].xml").decode()
    assert 'Extension="png" ContentType="image/png"' in types
    assert 'PartName="/word/b.xml" ContentType="application/x-b"' in types


def test_rels_xml_marks_external_targets():
    xml = pkg.rels_xml([pkg.Relationship("rId1", pkg.RT_HYPERLINK, "https://lovdata.no", external=True)])
    rel = etree.fromstring(xml)[0]
    assert rel.get("TargetMode") == "External"
    assert rel.get("Target") == "https://lovdata.no"
