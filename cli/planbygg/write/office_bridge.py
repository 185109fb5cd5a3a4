"""A small UNO bridge run by LibreOffice's Python: converts .docx to tagged PDF/A in a running soffice.

planbygg's own Python usually cannot import LibreOffice's `uno` module (it belongs to the system's
or LibreOffice's own Python), so write/pdf.py starts soffice and then this file with that
interpreter, and talks to it in JSON lines over stdin/stdout. This module imports nothing from planbygg.

    ← {"started": true}            once `uno` is imported (or {"error": "uno"} and exit code 3)
    → {"convert": "/abs/in.docx", "to": "/abs/out.pdf"}
    ← {"ok": true}  or  {"ok": false, "error": "…"}
    → {"quit": true}               (or end of input)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from typing import Any

# LibreOffice's PDF export options (filter data for writer_pdf_Export).
PDF_OPTIONS = {
    "SelectPdfVersion": 2,  # PDF/A-2b: LibreOffice 7.x can declare no «a» conformance level
    "PDFUACompliance": True,  # PDF/UA-1: tagged, with alt texts, document title shown
    "UseTaggedPDF": True,
    "ExportBookmarks": True,  # the headings as the PDF outline
    "DisplayPDFDocumentTitle": True,
    "EmbedStandardFonts": True,
    "ExportFormFields": False,
    "ExportNotes": False,
    "UseLosslessCompression": True,  # logos and charts stay sharp
}
CONNECT_SECONDS = 90.0


class Office:
    """The connection to one soffice, reached through its named UNO pipe (connected on first use)."""

    def __init__(self, pipe: str) -> None:
        self.url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
        self.desktop: Any = None

    def connect(self) -> None:
        """Wait until soffice answers on its pipe (planbygg has just started it, or restarted it)."""
        import uno

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                context = resolver.resolve(self.url)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice svarte ikke innen 90 sekunder") from None
                time.sleep(0.05)  # each failed attempt costs CPU that soffice needs to start
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def convert(self, source: str, target: str) -> None:
        """Open `source` hidden, refresh its tables of contents, export a tagged PDF/A.

        (The charts' alt texts, which LibreOffice's .docx import drops, are put back in the PDF by
        planbygg afterwards: listing the embedded objects here cost a tenth of a second per chart document.)
        """
        import uno

        if self.desktop is None:
            self.connect()
        # Naming the import filter spares LibreOffice its type detection.
        load = (_prop("Hidden", True), _prop("FilterName", "MS Word 2007 XML"))
        doc = self.desktop.loadComponentFromURL(_file_url(source), "_blank", 0, load)
        if doc is None:
            raise RuntimeError("LibreOffice kunne ikke åpne dokumentet")
        try:
            _update_indexes(doc)
            data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(_prop(k, v) for k, v in PDF_OPTIONS.items()))
            args = (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", data))
            uno.invoke(doc, "storeToURL", (_file_url(target), args))
        finally:
            with contextlib.suppress(Exception):
                doc.close(True)


def _update_indexes(doc: Any) -> None:
    """Refresh every table of contents, so the PDF shows the page numbers of this very layout."""
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()


def _prop(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _file_url(path: str) -> str:
    import uno

    return str(uno.systemPathToFileUrl(os.path.abspath(path)))


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _describe(exc: Exception) -> str:
    message = getattr(exc, "Message", "") or str(exc)
    return f"{type(exc).__name__}: {message}".strip()


def main(argv: list[str]) -> int:
    """Serve conversion requests until end of input; return the exit code.

    argv: the UNO pipe name, and the folder of soffice's profile and temporary files, which the
    bridge removes if planbygg dies without doing so itself (Linux then sends SIGTERM here).
    """

    def orphaned(signum: int, frame: Any) -> None:
        time.sleep(0.5)  # soffice got SIGKILL when planbygg died; let it go before its folder does
        shutil.rmtree(argv[2], ignore_errors=True)
        os._exit(128 + signum)

    if len(argv) > 2:
        signal.signal(signal.SIGTERM, orphaned)
    try:
        import uno  # noqa: F401
    except ImportError:
        _emit({"error": "uno"})
        return 3
    _emit({"started": True})
    office = Office(argv[1])
    failure = None
    try:
        office.connect()  # while planbygg renders its documents
    except Exception as exc:
        failure = _describe(exc)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            break
        if failure:
            _emit({"ok": False, "error": failure})
            continue
        try:
            office.convert(request["convert"], request["to"])
            _emit({"ok": True})
        except Exception as exc:  # report, and connect again for the next document (soffice may have restarted)
            _emit({"ok": False, "error": _describe(exc)})
            office.desktop = None
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
