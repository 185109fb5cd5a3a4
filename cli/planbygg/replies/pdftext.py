"""The text of a PDF reply, page by page (a minimal reader until read/pdf.py, which gives the document model, is on main)."""

from __future__ import annotations

import itertools
from pathlib import Path

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation


def pdf_text(path: Path) -> str:
    """Return the text of every page; an unreadable or encrypted PDF raises PlanbyggError.

    pdfplumber (on pdfminer.six) is the library read/pdf.py uses too; when that reader is merged,
    this function can return the text of its Document instead.
    """
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = [_page_text(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises its own types for damaged or encrypted files
        raise PlanbyggError(
            [
                Problem(
                    f"kan ikke lese «{path.name}» som PDF ({exc.__class__.__name__})",
                    SourceLocation(str(path)),
                    "lagre PDF-en på nytt uten passord, eller legg svaret inn som .txt",
                )
            ]
        ) from exc
    return "\n\n".join(page.strip() for page in pages if page.strip())


def _page_text(page: object) -> str:
    """A page's lines, with a blank line where the gap to the next line is wider than the usual line spacing.

    Paragraphs matter: a letter is split into one innspill per paragraph.
    """
    lines = [line for line in page.extract_text_lines() if line["text"].strip()]  # type: ignore[attr-defined]
    if not lines:
        return ""
    steps = sorted(b["top"] - a["top"] for a, b in itertools.pairwise(lines) if b["top"] > a["top"])
    usual = steps[len(steps) // 4] if steps else 0.0  # the tighter steps are lines inside a paragraph
    out = [lines[0]["text"].strip()]
    for previous, line in itertools.pairwise(lines):
        if usual and line["top"] - previous["top"] > usual * 1.4:
            out.append("")
        out.append(line["text"].strip())
    return "\n".join(out)
