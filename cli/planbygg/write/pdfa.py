"""Finishing the PDF LibreOffice wrote: what it must keep from the .docx, and what it needs afterwards.

docx_facts() reads from a .docx what LibreOffice's import loses (each chart's alt text) or what the
PDF should carry (the document's own timestamp); finish() stamps that timestamp into the PDF (so
the same document gives the same bytes) and untags layout tables, with pikepdf.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

_DRAWING = re.compile(rb"<w:drawing>.*?</w:drawing>", re.S)
_DOCPR = re.compile(rb"<wp:docPr\b([^>]*)>")
_ATTR = re.compile(rb'\b(descr|title)="([^"]*)"')
_WATERMARK = re.compile(rb'<v:textpath\b[^>]*\bstring="([^"]*)"')
_TABLE = re.compile(rb"<w:tbl>.*?</w:tbl>", re.S)
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


@dataclass(frozen=True)
class DocxFacts:
    """What the PDF of a .docx must keep or needs to know."""

    timestamp: int | None  # the document's own time (docProps/core.xml), for the PDF's dates
    charts: list[list[str]]  # each chart's [title, alt text], in document order
    layout_tables: bool  # a table without a header row (letterhead, answer box) is in the document
    watermark: str = ""  # the text of the draft watermark in the page header, if any


def docx_facts(docx: Path) -> DocxFacts:
    """Read the facts of a .docx that its PDF needs."""
    import datetime as dt

    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml")
        core = z.read("docProps/core.xml") if "docProps/core.xml" in z.namelist() else b""
        headers = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header"))
    charts = []
    for drawing in _DRAWING.findall(body):
        if b"drawingml/2006/chart" not in drawing:
            continue
        docpr = _DOCPR.search(drawing)
        attrs = {k.decode(): unescape(v.decode("utf-8")) for k, v in _ATTR.findall(docpr.group(1))} if docpr else {}
        charts.append([attrs.get("title", ""), attrs.get("descr", "")])
    stamp = None
    found = _MODIFIED.search(core)
    if found:
        with contextlib.suppress(ValueError):
            text = found.group(1).decode().strip().replace("Z", "+00:00")
            stamp = int(dt.datetime.fromisoformat(text).timestamp())
    layout = any(b"<w:tblHeader" not in table for table in _TABLE.findall(body))
    mark = _WATERMARK.search(headers)
    return DocxFacts(stamp, charts, layout, unescape(mark.group(1).decode("utf-8")) if mark else "")


def finish(
    path: Path, timestamp: int | None, layout_tables: bool = True, watermark: str = "", charts: list[str] | None = None
) -> bytes:
    """Return the PDF at `path` with the document's own dates, and layout tables, watermark and charts tagged right.

    LibreOffice stamps the time of conversion into the PDF (information dictionary, XMP, and the
    sRGB output profile's header); the .docx's timestamp goes there instead, so the same document
    gives the same bytes. Tables without a header cell are layout (the letterhead, answer boxes):
    tagged as tables, a screen reader would announce rows and columns that mean nothing. The
    structure tree is only searched for them when the .docx has such a table (`layout_tables`).
    The watermark is tagged as a figure on each page, without alt text: it gets its own text. The
    charts lose their alt text in LibreOffice's .docx import: `charts` gives it back, in order.
    """
    import datetime as dt

    import pikepdf

    with pikepdf.open(path) as pdf:
        if timestamp is not None:
            when = dt.datetime.fromtimestamp(timestamp, dt.UTC)
            _set_dates(pdf, when)
        if layout_tables:
            _untag_layout_tables(pdf)
        if watermark:
            _name_watermarks(pdf, watermark)
        if charts:
            _name_charts(pdf, charts)
        out = io.BytesIO()
        # Object streams halve the size of a tagged PDF (thousands of small structure objects); PDF/A-2 allows them.
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _set_dates(pdf: Any, when: Any) -> None:
    import pikepdf

    stamp = when.strftime("D:%Y%m%d%H%M%SZ")
    pdf.docinfo[pikepdf.Name.CreationDate] = stamp
    if pikepdf.Name.ModDate in pdf.docinfo:
        pdf.docinfo[pikepdf.Name.ModDate] = stamp
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            if key in meta:
                meta[key] = iso
    for key in ("/DocChecksum", "/ID"):  # LibreOffice's checksum and file ID include the time; save() makes the ID anew
        if key in pdf.trailer:
            del pdf.trailer[key]
    for intent in pdf.Root.get("/OutputIntents", []):
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            continue
        data = bytearray(profile.read_bytes())
        # ICC header bytes 24–35: creation date and time (six big-endian 16-bit numbers). The profile
        # ID (bytes 84–99) that would cover them is zero in LibreOffice's profile.
        if len(data) > 100 and not any(data[84:100]):
            fields = (when.year, when.month, when.day, when.hour, when.minute, when.second)
            data[24:36] = b"".join(v.to_bytes(2, "big") for v in fields)
            profile.write(bytes(data))


def _untag_layout_tables(pdf: Any) -> None:
    """Retag tables without any header cell, and their rows and cells, as plain groups (Div)."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack = [root]
    while stack:
        node = stack.pop()
        for kid in _kids(node):
            if kid.get("/S") == pikepdf.Name.Table and not _has(kid, pikepdf.Name.TH):
                _retag(kid, {pikepdf.Name.Table, pikepdf.Name.TR, pikepdf.Name.TD, pikepdf.Name.THead, pikepdf.Name.TBody})
            else:
                stack.append(kid)


def _name_watermarks(pdf: Any, text: str) -> None:
    """Give the watermark's figures (on the document's top level, one per page) `text` as alt text.

    LibreOffice tags the header's text art as a figure directly under the document element; the
    figures of the body (images, charts) sit inside their paragraphs and already have alt text.
    """
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    for top in _kids(root):
        for kid in _kids(top):
            if kid.get("/S") == pikepdf.Name.Figure and not str(kid.get("/Alt", "")).strip():
                kid.Alt = pikepdf.String(text)


def _name_charts(pdf: Any, alts: list[str]) -> None:
    """Give the body's figures without alt text (the charts: images keep theirs) the charts' alt texts, in order.

    Only when there are exactly as many such figures as charts: a guess would put a text on the wrong figure.
    """
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    empty: list[Any] = []
    for top in _kids(root):  # the document element; its direct figures are the watermark's
        stack = list(reversed([k for k in _kids(top) if k.get("/S") != pikepdf.Name.Figure]))
        while stack:
            node = stack.pop()
            if node.get("/S") == pikepdf.Name.Figure and not str(node.get("/Alt", "")).strip():
                empty.append(node)
            stack.extend(reversed(_kids(node)))
    if len(empty) == len(alts):
        for node, alt in zip(empty, alts, strict=True):
            node.Alt = pikepdf.String(alt)


def _kids(node: Any) -> list[Any]:
    import pikepdf

    k = node.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
    return [i for i in items if isinstance(i, pikepdf.Dictionary) and "/S" in i]


def _has(node: Any, tag: Any) -> bool:
    return any(kid.get("/S") == tag or _has(kid, tag) for kid in _kids(node))


def _retag(node: Any, table_tags: set[Any]) -> None:
    import pikepdf

    if node.get("/S") not in table_tags:
        return
    node.S = pikepdf.Name.Div
    if "/A" in node:
        del node.A  # table attributes (scope, spans) mean nothing on a Div
    for kid in _kids(node):
        _retag(kid, table_tags)
