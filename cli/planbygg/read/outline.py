"""A stable text outline of a .docx (properties, headings, tables, images) for snapshots and `omriss`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def outline(path: Path) -> str:
    """Return the outline as text: one line per property, heading, table, list and figure.

    A file that is not a readable .docx, or whose parts are damaged, is an input error (exit code 2).
    """
    from ..errors import PlanbyggError, Problem
    from ..location import SourceLocation
    from .docx import refuse_zip_bomb

    refuse_zip_bomb(Path(path))
    try:
        return _outline(path)
    except PlanbyggError:
        raise
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, LookupError) as exc:
        raise PlanbyggError(
            [
                Problem(
                    f"dokumentet er skadet ({type(exc).__name__})", SourceLocation(str(path)), "åpne og lagre det på nytt i Word"
                )
            ]
        ) from exc


def _outline(path: Path) -> str:
    """The outline of a .docx that python-docx can open."""
    import docx

    from ..errors import PlanbyggError, Problem
    from ..location import SourceLocation

    try:
        document = docx.Document(str(path))
        styles = {s.style_id: s.name for s in document.styles}
        props = document.core_properties
        body = document.element.body
    except Exception as exc:  # not a zip, not a Word package, a part missing or broken XML
        raise PlanbyggError(
            [
                Problem(
                    f"kan ikke lese «{Path(path).name}» som .docx ({type(exc).__name__})",
                    SourceLocation(str(path)),
                    "lagre filen som Word-dokument (.docx)",
                )
            ]
        ) from exc
    if body is None:
        raise PlanbyggError([Problem("dokumentet har ingen brødtekst (w:body mangler)", SourceLocation(str(path)))])
    lines = [
        f"tittel: {props.title}",
        f"forfatter: {props.author}",
        f"emne: {props.subject}",
        f"nøkkelord: {props.keywords}",
        f"språk: {props.language}",
        f"opprettet: {props.created.isoformat() if props.created else ''}",
    ]
    pending_list: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal pending_list
        if pending_list:
            lines.append(f"[{pending_list[0]}] × {pending_list[1]}")
            pending_list = None

    for element in body.iterchildren():
        tag = element.tag
        if tag == f"{W}p":
            style_el = element.find(f"{W}pPr/{W}pStyle")
            style = styles.get(style_el.get(f"{W}val"), "Normal") if style_el is not None else "Normal"
            text = "".join(t.text or "" for t in element.iter(f"{W}t")).strip()
            for doc_pr in element.iter(f"{WP}docPr"):
                flush()
                kind = (
                    "diagram"
                    if any(
                        g.get("uri") == CHART_URI
                        for g in element.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData")
                    )
                    else "bilde"
                )
                lines.append(f"[{kind}] alt={doc_pr.get('descr', '')!r}")
            if style.lower().startswith(("heading", "title", "toc heading", "caption")) and text:
                flush()
                lines.append(f"[{style}] {text}")
            elif style.lower().startswith("list"):
                if pending_list and pending_list[0] == style:
                    pending_list = (style, pending_list[1] + 1)
                else:
                    flush()
                    pending_list = (style, 1)
            elif style.lower().startswith("toc") and text:
                # All TOC levels count as one entry list: the outline should not churn with levels.
                if pending_list and pending_list[0] == "innholdsfortegnelse":
                    pending_list = ("innholdsfortegnelse", pending_list[1] + 1)
                else:
                    flush()
                    pending_list = ("innholdsfortegnelse", 1)
        elif tag == f"{W}tbl":
            flush()
            lines.extend(_table(element, styles))
    flush()
    return "\n".join(lines) + "\n"


def _table(tbl: Any, styles: dict[str, str]) -> list[str]:  # an lxml w:tbl element (lxml ships no type stubs)
    rows = tbl.findall(f"{W}tr")
    style_el = tbl.find(f"{W}tblPr/{W}tblStyle")
    style = styles.get(style_el.get(f"{W}val"), "?") if style_el is not None else "ingen stil"
    cells = [["".join(t.text or "" for t in tc.iter(f"{W}t")).strip() for tc in tr.findall(f"{W}tc")] for tr in rows]
    header = rows[0].find(f"{W}trPr/{W}tblHeader") is not None if rows else False
    out = [f"[tabell {style}{', topprad gjentas' if header else ''}] {len(rows)} rader"]
    for row in cells:
        out.append("  | " + " | ".join(c[:60] for c in row))
    return out
