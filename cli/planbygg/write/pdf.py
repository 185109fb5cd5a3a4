"""Stage 4, PDF: a tagged PDF/A beside each .docx, from one LibreOffice kept running for the whole run.

LibreOffice is the engine (it lays out the .docx the way Word-like readers do, tags headings, lists,
tables and figures, and writes PDF/A with embedded fonts). Starting soffice costs 1–3 seconds, so
`Office` starts it once per run, early, and converts every document of every folder with it
through office_bridge.py; pdfqueue.py feeds it the documents and pdfa.py finishes each PDF.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import PlanbyggError, Problem
from ..location import SourceLocation

INSTALL = "sudo apt-get install libreoffice-writer-nogui"
INSTALL_HINT = (
    f"installer LibreOffice med «{INSTALL}» (Debian/Ubuntu) eller fra https://www.libreoffice.org/download/, "
    "eller bygg uten --pdf"
)
BRIDGE = Path(__file__).with_name("office_bridge.py")
START_SECONDS = 30.0  # for the bridge to import uno (not for soffice to be ready)
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


def _die_with(signum: int) -> Callable[[], None]:
    """For a child, before exec: ask Linux to send `signum` when its parent dies, even by SIGKILL."""

    def preexec() -> None:
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signum)  # PR_SET_PDEATHSIG

    return preexec


HOME_PREFIX = "planbygg-libreoffice-"


def _remove_orphans() -> None:
    """Remove the folders of earlier runs that were killed before they could (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{HOME_PREFIX}*-*"):
        pid = folder.name.removeprefix(HOME_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: leave it alone
        return True
    return True


class Office:
    """One LibreOffice for the whole run: `convert()` documents one at a time, `close()` at the end.

    soffice is started at once (it needs a second or more before it answers) and then the bridge,
    with LibreOffice's Python, which connects to it. soffice lives in a private folder (profile and
    temporary files) that is removed afterwards, and dies with planbygg however planbygg ends: it is
    killed by close(), by Linux when planbygg dies (PR_SET_PDEATHSIG), and never detached.
    """

    def __init__(self, soffice: Path | None = None, wait: bool = True) -> None:
        found = soffice or find_soffice()
        if found is None:
            raise OfficeMissing([Problem("--pdf trenger LibreOffice, men programmet «soffice» finnes ikke", hint=INSTALL_HINT)])
        self.soffice = found
        _remove_orphans()
        self.home = Path(tempfile.mkdtemp(prefix=f"{HOME_PREFIX}{os.getpid()}-"))
        self.pipe = f"planbygg-{os.getpid()}-{os.urandom(4).hex()}"
        self.office: subprocess.Popen[bytes] | None = None
        self.bridge: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self._closing = False
        self._converted = False
        self._pythons = iter(_pythons(self.soffice))
        self._ready = False
        self._cached_profile = _unpack_profile(self.soffice, self.home / "profil")
        _mark_version_seen(self.soffice, self.home / "profil")
        try:
            self.office = self._spawn_office()
            threading.Thread(target=self._watch, name="planbygg-libreoffice", daemon=True).start()
            self._spawn_bridge()
            if wait:
                self.ready()
        except BaseException:
            self.close()
            raise

    def _spawn_office(self) -> subprocess.Popen[bytes]:
        (self.home / "tmp").mkdir(exist_ok=True)
        args = [
            str(self.soffice),
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            f"-env:UserInstallation={(self.home / 'profil').as_uri()}",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        # Its temporary files go to our folder too: nothing is left behind when it is killed.
        env = {**os.environ, "TMPDIR": str(self.home / "tmp"), "TMP": str(self.home / "tmp"), "TEMP": str(self.home / "tmp")}
        try:
            return subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # Ctrl-C reaches planbygg only, which then stops soffice itself
                preexec_fn=_die_with(signal.SIGKILL) if sys.platform.startswith("linux") else None,
            )
        except OSError as exc:
            raise OfficeMissing([Problem(f"kunne ikke starte LibreOffice ({self.soffice}): {exc}", hint=INSTALL_HINT)]) from exc

    def _watch(self) -> None:
        """Start soffice again when it stops on its own: after setting up a new profile (exit code 81) or a crash.

        This thread lives as long as the soffice it started: a child started from a thread gets
        its parent-death signal when that thread ends.
        """
        restarts = 0
        while True:
            with self._lock:
                proc = self.office
            if proc is None:
                return
            proc.wait()
            with self._lock:
                if self._closing or restarts >= 4:
                    return
                restarts += 1  # 81: a new profile was set up; anything else: a crash
                try:
                    self.office = self._spawn_office()
                except OfficeMissing:
                    return

    def _spawn_bridge(self) -> bool:
        """Start the bridge with the next Python that may have `uno`; False when there is none left to try."""
        for python in self._pythons:
            try:
                self.bridge = subprocess.Popen(
                    [python, str(BRIDGE), self.pipe, str(self.home)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    preexec_fn=_die_with(signal.SIGTERM) if sys.platform.startswith("linux") else None,
                )
            except OSError:
                continue
            self._buffer = b""
            return True
        return False

    def ready(self) -> None:
        """Wait until the bridge has imported `uno` (it starts while planbygg imports the rest of itself).

        Raises OfficeMissing, with how to install it, when no Python here has LibreOffice's bridge.
        """
        while not self._ready:
            if self.bridge is not None and self._reply(START_SECONDS).get("started"):
                self._ready = True
                return
            self._stop_bridge()
            if not self._spawn_bridge():
                raise OfficeMissing(
                    [
                        Problem(
                            "--pdf trenger LibreOffice sin Python-bro (uno), men den er ikke installert",
                            hint="installer den med «sudo apt-get install python3-uno», eller bygg uten --pdf",
                        )
                    ]
                )

    def convert(self, docx: Path, target: Path) -> None:
        """Convert `docx` into `target` as LibreOffice writes it (finish() completes it)."""
        self.ready()
        bridge = self.bridge
        if bridge is None or bridge.stdin is None:
            raise self._failure(docx, "LibreOffice er allerede stoppet")
        request = {"convert": str(docx.resolve()), "to": str(target.resolve())}
        try:
            bridge.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
            bridge.stdin.flush()
        except OSError as exc:
            raise self._failure(docx, "LibreOffice har stoppet") from exc
        reply = self._reply(DOCUMENT_SECONDS)
        if not reply.get("ok") or not target.is_file():
            raise self._failure(docx, str(reply.get("error") or "LibreOffice svarte ikke"))
        self._converted = True

    @staticmethod
    def _failure(docx: Path, why: str) -> PdfError:
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
        assert self.bridge is not None and self.bridge.stdout is not None
        fd = self.bridge.stdout.fileno()
        while b"\n" not in self._buffer:
            if os.name == "nt":  # select() takes sockets only there: wait without a time limit
                chunk = os.read(fd, 65536)
            else:
                ready, _, _ = select.select([fd], [], [], seconds)
                chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                self._stop_bridge()  # a bridge that hangs or has died is of no more use
                return {}
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            reply: dict[str, Any] = json.loads(line)
        except ValueError:
            return {}
        return reply

    def _stop_bridge(self) -> None:
        """Stop the bridge at once: it holds nothing that needs saving."""
        bridge, self.bridge = self.bridge, None
        if bridge is None:
            return
        with contextlib.suppress(OSError):
            bridge.kill()
        bridge.wait()
        for stream in (bridge.stdin, bridge.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()

    def close(self) -> None:
        """Stop soffice and the bridge and remove their folder; safe to call more than once.

        soffice is killed rather than asked to quit: it has no document open, and its profile and
        temporary files are thrown away with the folder, so there is nothing to save. A profile
        that worked is kept in planbygg's cache, so the next run's soffice need not set one up.
        """
        with self._lock:
            self._closing = True
            office, self.office = self.office, None
        if office is not None:
            with contextlib.suppress(OSError):
                office.kill()
            office.wait()
        self._stop_bridge()
        if self._converted and not self._cached_profile:
            _pack_profile(self.soffice, self.home / "profil")
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_early: Office | PlanbyggError | None = None


def start_early(args: list[str]) -> None:
    """Start LibreOffice before the command line is even imported, when the command will need it.

    soffice takes longer to start than planbygg takes to build the .docx files, so every
    millisecond it starts earlier is a millisecond off `build --pdf`. Any error is kept for the
    command to report in its place.
    """
    global _early
    if args[:1] == ["build"] and "--pdf" in args and not {"-h", "--help"} & set(args):
        try:
            _early = Office(wait=False)  # the bridge gets ready while the command line is imported
        except PlanbyggError as exc:
            _early = exc


def office() -> Office:
    """The LibreOffice started early for this command, or a new one."""
    global _early
    early, _early = _early, None
    if isinstance(early, PlanbyggError):
        raise early
    if early is None:
        return Office()
    try:
        early.ready()
    except BaseException:
        early.close()
        raise
    return early


def stop_early() -> None:
    """Stop a LibreOffice started early that the command did not take (it ended with a usage error)."""
    global _early
    early, _early = _early, None
    if isinstance(early, Office):
        early.close()


VERSION_RE = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')
LAST_VERSION = (
    '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
    "<value>{}</value></prop></item>\n"
)
EMPTY_REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n'
)


def _mark_version_seen(soffice: Path, profile: Path) -> None:
    """Tell LibreOffice that this profile has already met its version, so it skips its graphics self-test.

    LibreOffice runs about a hundred drawing tests («GraphicsRenderTests») whenever a profile has
    not recorded the running version, and headless it never records it: every start paid about a
    second, most of it clearing large bitmaps (measured: soffice start and one small conversion
    1,5 s → 0,3 s). The tests only choose a screen backend; a PDF export does not use their result.
    """
    target = profile / "user" / "registrymodifications.xcu"
    try:
        text = target.read_text(encoding="utf-8") if target.is_file() else EMPTY_REGISTRY
        if "ooSetupLastVersion" in text or "</oor:items>" not in text:
            return  # a cached profile already says so: the installation's 2 MB registry is not read
        home = soffice.parent.parent
        registry = next(
            (f for f in (home / "share/registry/main.xcd", home / "Resources/registry/main.xcd") if f.is_file()), None
        )
        found = VERSION_RE.search(registry.read_bytes()) if registry else None
        if found is None:
            return  # an unknown layout: LibreOffice runs its tests, as before
        target.parent.mkdir(parents=True, exist_ok=True)
        item = LAST_VERSION.format(found.group(1).decode("ascii"))
        target.write_text(text.replace("</oor:items>", item + "</oor:items>", 1), encoding="utf-8")
    except OSError:
        return


PROFILE_CACHE = "libreoffice-profil"


def _profile_key(soffice: Path) -> str:
    """One cached profile per LibreOffice installation and version (the program file's identity)."""
    import hashlib

    stat = soffice.stat()
    return hashlib.sha256(f"{soffice}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:32] + ".zip"


def _unpack_profile(soffice: Path, target: Path) -> bool:
    """Put a profile that an earlier run set up in place: saves soffice a start-up round (0,3–0,5 s)."""
    from .. import cache

    data = cache.read(PROFILE_CACHE, _profile_key(soffice))
    if not data:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("/") or ".." in Path(name).parts:
                    return False  # not one we wrote
            z.extractall(target)
    except (OSError, zipfile.BadZipFile):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _pack_profile(soffice: Path, profile: Path) -> None:
    """Keep `profile` in the cache for the next run (the cache only ever saves time)."""
    from .. import cache

    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(profile.rglob("*")):
                if path.is_file() and not path.name.endswith((".lock", ".log")):
                    z.write(path, path.relative_to(profile).as_posix())
    except OSError:
        return
    cache.write(PROFILE_CACHE, _profile_key(soffice), buffer.getvalue())
