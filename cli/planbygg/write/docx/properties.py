"""Document properties: docProps/core.xml, app.xml and custom.xml."""

from __future__ import annotations

import datetime as _dt

from planbygg.model import (
    Properties,
)
from planbygg.write.docx.ooxml import (
    clean_text,
)
from planbygg.write.docx.package import escape, quoteattr

# -- document properties -------------------------------------------------------------------------


def _w3cdtf(timestamp: int) -> str:
    return _dt.datetime.fromtimestamp(max(0, timestamp), tz=_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_properties_xml(props: Properties) -> bytes:
    """Return docProps/core.xml for `props` (creator and last editor = the author)."""
    when = _w3cdtf(props.timestamp)

    def text(tag: str, value: str) -> str:
        return f"<{tag}>{escape(clean_text(value))}</{tag}>" if value else f"<{tag}/>"

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + text("dc:title", props.title)
        + text("dc:subject", props.subject)
        + text("dc:creator", props.author)
        + text("cp:keywords", ", ".join(props.keywords))
        + text("dc:description", props.description)
        + text("cp:lastModifiedBy", props.author)
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        + text("cp:category", props.category)
        + text("dc:language", props.language)
        + "</cp:coreProperties>"
    ).encode("utf-8")


def app_properties_xml(props: Properties, pages: int, template: str = "referanse.docx") -> bytes:
    """Return docProps/app.xml naming the generator and the organisation."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>{escape(template)}</Template><Pages>{pages}</Pages><Application>planbygg</Application>"
        f"<DocSecurity>0</DocSecurity><Company>{escape(clean_text(props.author))}</Company>"
        "</Properties>"
    ).encode()


def custom_properties_xml(custom: tuple[tuple[str, str], ...]) -> bytes:
    """Return docProps/custom.xml with one text property per (name, value) pair."""
    items = "".join(
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        f"pid={quoteattr(str(pid))} name={quoteattr(clean_text(name))}>"
        f"<vt:lpwstr>{escape(clean_text(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(custom, start=2)  # pid 0 and 1 are reserved
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}</Properties>'
    ).encode()
