"""The run's PDF queue: each .docx goes to LibreOffice as soon as its bytes exist, and is taken when written.

A build writes its .docx files in memory before it checks them; the queue starts converting them
then, so LibreOffice works while planbygg checks, and the PDFs are ready, or nearly, when the
files are written. Documents are converted one at a time, in the order they were given, by one
worker thread (the bridge to LibreOffice takes one request at a time), while a second thread
finishes the one before (pikepdf). A document is known by its bytes: the PDF of a .docx that the
build did not write after all (it was stopped by the check) is never taken, and is thrown away
with LibreOffice's folder.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..location import SourceLocation
from .pdf import Office, PdfError
from .pdfa import docx_facts, finish


class PdfQueue:
    """PDFs made in the background by one LibreOffice, in order: `submit()` early, `result()` when needed."""

    def __init__(self, office: Office) -> None:
        self.office = office
        # In LibreOffice's own folder: whoever removes that (close(), the bridge, the next run) removes these too.
        self._folder = Path(tempfile.mkdtemp(prefix="pdf-", dir=office.home))
        self._converter = ThreadPoolExecutor(1, thread_name_prefix="planbygg-pdf")
        self._finisher = ThreadPoolExecutor(1, thread_name_prefix="planbygg-pdf-finish")
        self._jobs: dict[str, Future[Any]] = {}
        self._numbers = itertools.count()  # temporary file names; never reused, also after discard()

    def submit(self, data: bytes) -> str:
        """Queue the .docx `data` for conversion (once: the same bytes are converted once); return its key."""
        key = hashlib.sha256(data).hexdigest()
        if key not in self._jobs:
            self._jobs[key] = self._converter.submit(self._convert, data, next(self._numbers))
        return key

    def result(self, data: bytes, docx: Path) -> bytes | PdfError:
        """The finished PDF of the .docx `data` (written as `docx`), or the error that says why there is none."""
        job = self._jobs.pop(self.submit(data))  # taken: the queue keeps no PDF it has handed out
        try:
            made = job.result()
            pdf: bytes = made.result() if isinstance(made, Future) else made
        except PdfError as exc:  # the message names our temporary copy: name the user's file instead
            return PdfError([replace(p, where=SourceLocation(str(docx))) for p in exc.problems])
        except Exception as exc:  # pikepdf could not read what LibreOffice wrote, or LibreOffice was stopped
            return Office._failure(docx, f"PDF-en kunne ikke ferdigstilles: {exc}")
        return pdf

    def _convert(self, data: bytes, number: int) -> Future[bytes]:
        """In the worker thread: convert one document, and hand the PDF to the finisher."""
        source = self._folder / f"{number}.docx"
        target = self._folder / f"{number}.pdf"
        source.write_bytes(data)
        try:
            try:
                facts = docx_facts(source)
            except Exception as exc:  # zipfile and the XML reading raise many kinds
                raise Office._failure(source, f"filen er ikke en lesbar .docx ({type(exc).__name__})") from exc
            try:
                self.office.convert(source, target)
            except PdfError:
                raise
            except Exception as exc:  # the bridge was stopped under us (Ctrl-C, or the run is over)
                raise Office._failure(source, f"LibreOffice ble stoppet ({type(exc).__name__})") from exc
        except PdfError:
            source.unlink(missing_ok=True)
            raise
        charts = [alt for _, alt in facts.charts]
        return self._finisher.submit(_finish, source, target, facts.timestamp, facts.layout_tables, facts.watermark, charts)

    def discard(self) -> None:
        """Forget every PDF not yet taken (the build they were for stopped): those not started are never made."""
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()

    def close(self) -> None:
        """Drop what nobody will take, without waiting for a conversion under way (LibreOffice is stopped next)."""
        self.discard()
        self._converter.shutdown(wait=False, cancel_futures=True)
        self._finisher.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self._folder, ignore_errors=True)


def _finish(source: Path, target: Path, *facts: Any) -> bytes:
    """Finish the PDF (pdfa.finish) and remove both files: a long batch keeps nothing it has handed over."""
    try:
        return finish(target, *facts)
    finally:
        source.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
