"""The text of a PDF reply, page by page (a minimal reader until read/pdf.py, which gives the document model, is on main)."""

from __future__ import annotations

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
            pages = [page.extract_text() or "" for page in pdf.pages]
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
