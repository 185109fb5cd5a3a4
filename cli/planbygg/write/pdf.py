"""Stage 4, PDF: a tagged PDF/A beside each .docx, from one LibreOffice kept running for the whole run.

LibreOffice is the engine (it lays out the .docx the way Word-like readers do, tags headings, lists,
tables and figures, and writes PDF/A with embedded fonts). Starting soffice costs 1–3 seconds, so
`Office` starts it once per run, early, through office_bridge.py, and converts every document of
every folder with it. The PDF is then finished here with pikepdf: dates from the document (the
same .docx gives the same PDF bytes) and layout tables untagged as tables.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from html import unescape
from pathlib import Path
from typing import IO, Any

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation

INSTALL = "sudo apt-get install libreoffice-writer-nogui"
INSTALL_HINT = (
    f"installer LibreOffice med «{INSTALL}» (Debian/Ubuntu) eller fra https://www.libreoffice.org/download/, "
    "eller bygg uten --pdf"
)
BRIDGE = Path(__file__).with_name("office_bridge.py")
START_SECONDS = 30.0  # for the bridge to import uno and launch soffice (not for soffice to be ready)
DOCUMENT_SECONDS = 300.0  # one document, including LibreOffice's own start-up for the first one


class OfficeMissing(PlanbyggError):
    """LibreOffice (or its Python bridge) is not installed: --pdf cannot work."""


class PdfError(PlanbyggError):
    """LibreOffice could not convert a document."""


def find_soffice() -> Path | None:
    """Return the LibreOffice program to start: $PLANBYGG_SOFFICE if set, else soffice on PATH or in a usual place."""
    named = os.environ.get("PLANBYGG_SOFFICE")
    candidates: list[str | None] = (
        [named]
        if named
        else [
            shutil.which("soffice"),
            shutil.which("libreoffice"),
            "/usr/lib/libreoffice/program/soffice",
            "/opt/libreoffice/program/soffice",
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
            r"C:\Program Files\LibreOffice\program\soffice.exe",
        ]
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            path = Path(candidate).resolve()
            # Debian's soffice is a shell script that forks soffice.bin: start the binary itself,
            # so it is our bridge's own child and dies with it.
            binary = path.with_name("soffice.bin")
            return binary if binary.is_file() else path
    return None


def _pythons(soffice: Path) -> list[str]:
    """Interpreters that may have LibreOffice's `uno` module, most likely first."""
    named = os.environ.get("PLANBYGG_UNO_PYTHON")
    if named:
        return [named]
    found = [str(soffice.with_name(n)) for n in ("python", "python.exe") if soffice.with_name(n).is_file()]
    found += [p for p in ("/usr/bin/python3", shutil.which("python3"), sys.executable) if p]
    return list(dict.fromkeys(found))


def _die_with_parent() -> None:
    """In the bridge before exec: ask Linux to send SIGTERM when planbygg dies, even by SIGKILL."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Office:
    """One LibreOffice for the whole run; `convert()` documents one at a time, `close()` at the end."""

    def __init__(self, soffice: Path | None = None) -> None:
        found = soffice or find_soffice()
        if found is None:
            raise OfficeMissing([Problem("--pdf trenger LibreOffice, men programmet «soffice» finnes ikke", hint=INSTALL_HINT)])
        self.soffice = found
        self.profile = tempfile.mkdtemp(prefix="planbygg-libreoffice-")
        self.proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        pipe = f"planbygg-{os.getpid()}-{secrets.token_hex(4)}"
        for python in _pythons(self.soffice):
            try:
                proc = subprocess.Popen(
                    [python, str(BRIDGE), str(self.soffice), self.profile, pipe],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,  # Ctrl-C reaches planbygg, which stops LibreOffice in order
                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                )
            except OSError:
                continue
            self.proc, self._buffer = proc, b""
            reply = self._reply(START_SECONDS)
            if reply.get("started"):
                return
            self._end(proc)
            self.proc = None
            if reply.get("error") not in ("uno", None):
                raise OfficeMissing([Problem(f"kunne ikke starte LibreOffice: {reply['error']}", hint=INSTALL_HINT)])
        raise OfficeMissing(
            [
                Problem(
                    "--pdf trenger LibreOffice sin Python-bro (uno), men den er ikke installert",
                    hint="installer den med «sudo apt-get install python3-uno», eller bygg uten --pdf",
                )
            ]
        )

    def convert(self, docx: Path, pdf: Path) -> bytes:
        """Convert `docx` and return the finished PDF's bytes (the caller writes them to `pdf` safely)."""
        if self.proc is None or self.proc.stdin is None:
            raise PdfError("LibreOffice er allerede stoppet")
        timestamp, charts = docx_facts(docx)
        with tempfile.TemporaryDirectory(prefix=".planbygg-pdf-", dir=pdf.parent) as tmp:
            target = Path(tmp) / pdf.name
            request = {"convert": str(docx.resolve()), "to": str(target.resolve()), "charts": charts}
            try:
                self.proc.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
                self.proc.stdin.flush()
            except OSError as exc:
                raise self._failure(docx, "LibreOffice har stoppet") from exc
            reply = self._reply(DOCUMENT_SECONDS)
            if not reply.get("ok") or not target.is_file():
                raise self._failure(docx, str(reply.get("error") or "LibreOffice svarte ikke"))
            return finish(target, timestamp)

    def _failure(self, docx: Path, why: str) -> PdfError:
        return PdfError(
            [
                Problem(
                    f"kunne ikke lage PDF: {why}",
                    SourceLocation(str(docx)),
                    "åpne .docx-filen i LibreOffice for å se om den kan leses, og bygg på nytt",
                )
            ]
        )

    def _reply(self, seconds: float) -> dict[str, Any]:
        """Read one JSON line from the bridge, or {} when it ends or takes longer than `seconds`."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], seconds)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                self._end(self.proc)  # a bridge that hangs or has died is of no more use
                return {}
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            reply: dict[str, Any] = json.loads(line)
        except ValueError:
            return {}
        return reply

    def close(self) -> None:
        """Stop LibreOffice and remove its private profile; safe to call more than once."""
        proc, self.proc = self.proc, None
        if proc is not None:
            with contextlib.suppress(OSError, ValueError):
                _send(proc.stdin, b'{"quit": true}\n')
            self._end(proc)
        shutil.rmtree(self.profile, ignore_errors=True)

    @staticmethod
    def _end(proc: subprocess.Popen[bytes]) -> None:
        """Let the bridge stop soffice (it has 15 s), else stop the bridge, which stops soffice."""
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _send(stream: IO[bytes] | None, data: bytes) -> None:
    if stream is not None:
        stream.write(data)
        stream.flush()


_DRAWING = re.compile(rb"<w:drawing>.*?</w:drawing>", re.S)
_DOCPR = re.compile(rb"<wp:docPr\b([^>]*)>")
_ATTR = re.compile(rb'\b(descr|title)="([^"]*)"')
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


def docx_facts(docx: Path) -> tuple[int | None, list[list[str]]]:
    """Read what the PDF must keep from a .docx: its timestamp and each chart's [title, alt text]."""
    import datetime as dt

    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml")
        core = z.read("docProps/core.xml") if "docProps/core.xml" in z.namelist() else b""
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
    return stamp, charts


def finish(path: Path, timestamp: int | None) -> bytes:
    """Return the PDF at `path` with the document's own dates and layout tables tagged as such.

    LibreOffice stamps the time of conversion into the PDF (information dictionary, XMP, and the
    sRGB output profile's header); the .docx's timestamp goes there instead, so the same document
    gives the same bytes. Tables without a header cell are layout (the letterhead, answer boxes):
    tagged as tables, a screen reader would announce rows and columns that mean nothing.
    """
    import datetime as dt

    import pikepdf

    with pikepdf.open(path) as pdf:
        if timestamp is not None:
            when = dt.datetime.fromtimestamp(timestamp, dt.UTC)
            _set_dates(pdf, when)
        _untag_layout_tables(pdf)
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
