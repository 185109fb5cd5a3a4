"""A small UNO bridge run by LibreOffice's Python: one soffice for a whole run, converting .docx to PDF/A.

planbygg's own Python usually cannot import LibreOffice's `uno` module (it belongs to the system's
or LibreOffice's own Python), so write/pdf.py starts this file with that interpreter and talks to it
in JSON lines over stdin/stdout. This module must import nothing from planbygg.

    → {"convert": "/abs/in.docx", "to": "/abs/out.pdf", "charts": [["title", "alt"], …]}
    ← {"ok": true}  or  {"ok": false, "error": "…"}
    → {"quit": true}   (or end of input)

The bridge starts soffice itself (so it can restart it after a first-start restart or a crash) and
never lets it outlive the bridge: soffice gets SIGKILL when the bridge dies (Linux), and the bridge
stops it on end of input, on SIGTERM and on SIGINT.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
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
RESTART = 81  # soffice's exit code after creating a fresh profile: start it again
CONNECT_SECONDS = 90.0


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to kill it when the bridge dies, however the bridge dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the bridge's own clean-up has to do
        pass


class Office:
    """One soffice process with a private profile, reached through a named UNO pipe."""

    def __init__(self, soffice: str, profile: str, pipe: str) -> None:
        self.args = [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            f"-env:UserInstallation={_file_url(profile)}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
        self.url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
        self.proc: subprocess.Popen[bytes] | None = None
        self.desktop: Any = None

    def spawn(self) -> None:
        """Start soffice (it needs a moment before it answers; connect() waits for it)."""
        self.proc = subprocess.Popen(
            self.args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    def connect(self) -> None:
        """Wait until soffice answers on its pipe; restart it once after a first-start restart."""
        import uno

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            assert self.proc is not None
            code = self.proc.poll()
            if code is not None:
                if code != RESTART:
                    raise RuntimeError(f"LibreOffice stoppet med kode {code} under oppstart")
                self.spawn()
            try:
                context = resolver.resolve(self.url)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice svarte ikke innen 90 sekunder") from None
                time.sleep(0.02)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def convert(self, source: str, target: str, charts: list[list[str]]) -> None:
        """Open `source` hidden, refresh its tables of contents, fix lost alt texts, export a tagged PDF/A."""
        import uno

        if self.desktop is None:
            self.connect()
        doc = self.desktop.loadComponentFromURL(_file_url(source), "_blank", 0, (_prop("Hidden", True),))
        if doc is None:
            raise RuntimeError("LibreOffice kunne ikke åpne dokumentet")
        try:
            _update_indexes(doc)
            _restore_alt_texts(doc, charts)
            data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(_prop(k, v) for k, v in PDF_OPTIONS.items()))
            args = (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", data))
            uno.invoke(doc, "storeToURL", (_file_url(target), args))
        finally:
            doc.close(True)

    def stop(self) -> None:
        """Ask soffice to quit, then make sure it has."""
        if self.desktop is not None:
            with contextlib.suppress(Exception):  # the connection drops as soffice quits
                self.desktop.terminate()
            self.desktop = None
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _update_indexes(doc: Any) -> None:
    """Refresh every table of contents, so the PDF shows the page numbers of this very layout."""
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()


def _restore_alt_texts(doc: Any, charts: list[list[str]]) -> None:
    """Give back the alt texts LibreOffice's .docx import drops, so the PDF's figures keep theirs.

    Charts arrive as embedded objects without the description Word's docPr carried: `charts` lists
    them, in document order, as read from the .docx. Text art (the draft watermark) arrives as a
    shape without description: its own text is what it says.
    """
    objects = doc.getEmbeddedObjects()
    names = sorted(objects.getElementNames(), key=_natural)
    if charts and len(names) == len(charts):
        for name, (title, alt) in zip(names, charts):  # noqa: B905 (LibreOffice's own Python may be older than 3.10)
            obj = objects.getByName(name)
            if not obj.Description:
                obj.Description = alt
            if title and not obj.Title:
                obj.Title = title
    page = doc.getDrawPage()
    for i in range(page.getCount()):
        shape = page.getByIndex(i)
        info = shape.getPropertySetInfo()
        if not info.hasPropertyByName("Description") or shape.Description:
            continue
        text = shape.getString().strip() if hasattr(shape, "getString") else ""
        if text:
            shape.Description = text


def _natural(name: str) -> tuple[str, int]:
    digits = "".join(c for c in name if c.isdigit())
    return (name.rstrip("0123456789"), int(digits) if digits else 0)


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


def main(argv: list[str]) -> int:
    """Serve conversion requests until end of input; return the exit code."""
    soffice, profile, pipe = argv[1:4]
    try:
        import uno  # noqa: F401
    except ImportError:
        _emit({"error": "uno"})
        return 3
    office = Office(soffice, profile, pipe)

    def stop(signum: int, frame: Any) -> None:
        office.stop()
        shutil.rmtree(profile, ignore_errors=True)  # planbygg is gone and cannot remove it
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        office.spawn()
    except OSError as exc:
        _emit({"error": f"kunne ikke starte LibreOffice: {exc}"})
        return 3
    _emit({"started": True})
    failure = None
    try:
        office.connect()  # while planbygg renders its documents
    except Exception as exc:
        failure = _describe(exc)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            if failure:
                _emit({"ok": False, "error": failure})
                continue
            try:
                office.convert(request["convert"], request["to"], request.get("charts") or [])
                _emit({"ok": True})
            except Exception as exc:  # report and carry on with the next document
                _emit({"ok": False, "error": _describe(exc)})
                if _lost(office):
                    office.desktop = None
                    office.spawn()
    finally:
        office.stop()
    return 0


def _describe(exc: Exception) -> str:
    message = getattr(exc, "Message", "") or str(exc)
    return f"{type(exc).__name__}: {message}".strip()


def _lost(office: Office) -> bool:
    """True when soffice has died (a crash on one document): the next request gets a new one."""
    return office.proc is None or office.proc.poll() is not None


if __name__ == "__main__":
    sys.exit(main(sys.argv))
