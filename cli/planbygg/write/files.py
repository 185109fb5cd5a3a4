"""Writing results safely: one transaction per build, a manifest of what was built, and the hand-edit guard.

A build writes every document to a temp file in the target folder, then records a small journal
(the commit point) and renames the temp files into place. Killed before the journal: the old set
stands and the next run removes the stale temp files. Killed after it: the next run finishes the
renames from the journal. The manifest is renamed with the documents, so it always describes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import OutputError, Problem
from ..location import SourceLocation

MANIFEST = ".planbygg-manifest.json"
JOURNAL = ".planbygg-transaksjon.json"
BACKUP_DIR = ".sikkerhetskopi"
TEMP_SUFFIX = ".planbygg-tmp"


@dataclass(frozen=True)
class Written:
    """One file the build wrote, and whether it changed or kept a backup of a hand edit."""

    path: Path
    size: int
    changed: bool
    backup: Path | None = None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _temp_name(name: str) -> str:
    """A hidden temp name that tells which process made it (so only a dead process's leftovers are removed)."""
    return f".{name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"


def _temp_for(name: str) -> str:
    """The temp name for an output that may lie in a subfolder («nett/index.html» → «nett/.index.html.…»)."""
    parent, _, leaf = name.rpartition("/")
    return f"{parent}/{_temp_name(leaf)}" if parent else _temp_name(leaf)


def _inside(out_dir: Path, name: str) -> bool:
    """A journal entry names a file inside the output folder (never «..» or an absolute path)."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (it must not exist) with the user's umask, write and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / _temp_name(path.name)
    try:
        _write_new(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask (read once: reading it means setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_manifest(out_dir: Path) -> dict[str, str]:
    """Return {file name: sha256} of the files the last build wrote (empty if none)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("filer", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def recover(out_dir: Path) -> None:
    """Finish a build that was killed after its commit point, then remove dead processes' temp files."""
    journal = out_dir / JOURNAL
    try:
        pending = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pending = None
    except (OSError, ValueError):
        pending = {}  # a journal cut short was never committed (it is written atomically): drop it
    if pending is not None:
        for name, temp in dict(pending.get("filer") or {}).items():
            source = out_dir / str(temp)
            if source.is_file() and _inside(out_dir, str(name)) and _inside(out_dir, str(temp)):
                os.replace(source, out_dir / str(name))
        journal.unlink(missing_ok=True)
    for folder in (out_dir, out_dir / BACKUP_DIR, *(d for d in out_dir.iterdir() if d.is_dir() and not d.name.startswith("."))):
        _remove_stale(folder)


def _remove_stale(folder: Path) -> None:
    """Remove temp files left by a process that no longer runs (a killed build)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        parts = entry.name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
        pid = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0
        if pid and pid != os.getpid() and _alive(pid, entry):
            continue  # another build is writing into this folder right now
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _alive(pid: int, entry: os.DirEntry[str]) -> bool:
    """Whether the process that made a temp file may still be writing it."""
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C on Windows: go by the file's age instead
        import time

        try:
            return time.time() - entry.stat().st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or we cannot tell: leave its files alone
    return True


def hand_edited(out_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Return the names of existing files that differ from what the last build wrote.

    A file that is in the way but was never written by planbygg counts as hand-made too:
    the build must not silently replace someone's document.
    """
    manifest = read_manifest(out_dir)
    edited = []
    for name, data in files.items():
        path = out_dir / name
        if not path.exists():
            continue
        current = sha256(path.read_bytes())
        if current == sha256(data):
            continue  # identical to what we would write: nothing to lose
        if manifest.get(name) != current:
            edited.append(name)
    return edited


def backup_path(out_dir: Path, name: str, stamp: str) -> Path:
    """Claim a backup name that no earlier backup has (two --force builds in one second keep both)."""
    folder = out_dir / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(1, 10_000):
        candidate = folder / (f"{stem}.{stamp}{suffix}" if n == 1 else f"{stem}.{stamp}-{n}{suffix}")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise OutputError(f"for mange sikkerhetskopier av «{name}» i {folder}")


def write_outputs(out_dir: Path, files: dict[str, bytes], force: bool, stamp: str) -> list[Written]:
    """Write every file in one transaction, refusing to overwrite hand-edited ones unless `force`.

    With `force`, the hand-edited file is first copied to .sikkerhetskopi/ so nothing is lost.
    On any failure no document is replaced and the temp files are removed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    edited = hand_edited(out_dir, files)
    if edited and not force:
        raise OutputError(
            [
                Problem(
                    "filen er endret etter forrige bygging og blir ikke overskrevet",
                    SourceLocation(str(out_dir / name)),
                    "lagre endringene dine under et annet navn, eller bygg med --tving (da tas det en sikkerhetskopi)",
                )
                for name in edited
            ]
        )
    manifest = read_manifest(out_dir)
    written: list[Written] = []
    temps: dict[str, str] = {}
    try:
        for name, data in files.items():
            path = out_dir / name
            changed = not path.exists() or sha256(path.read_bytes()) != sha256(data)
            backup = None
            if changed:
                temps[name] = _temp_for(name)
                (out_dir / temps[name]).parent.mkdir(parents=True, exist_ok=True)
                _write_new(out_dir / temps[name], data)
                if name in edited:
                    backup = backup_path(out_dir, name, stamp)
                    atomic_write(backup, path.read_bytes())
            manifest[name] = sha256(data)
            written.append(Written(path, len(data), changed, backup))
        payload = {"generator": "planbygg", "filer": dict(sorted(manifest.items()))}
        temps[MANIFEST] = _temp_name(MANIFEST)
        _write_new(out_dir / temps[MANIFEST], (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        # The commit point: once the journal is in place, the next run completes these renames.
        atomic_write(out_dir / JOURNAL, json.dumps({"filer": temps}, ensure_ascii=False).encode("utf-8"))
    except BaseException:
        for temp in temps.values():
            (out_dir / temp).unlink(missing_ok=True)
        raise
    for name, temp in temps.items():
        os.replace(out_dir / temp, out_dir / name)
    (out_dir / JOURNAL).unlink(missing_ok=True)
    return written


def is_planbygg_report(path: Path) -> bool:
    """True when `path` is a checklist that `planbygg check --rapport` wrote (so it may be replaced)."""
    try:
        if path.suffix.lower() == ".md":
            with open(path, "rb") as handle:
                return b"**Kontrollert med:** planbygg" in handle.read(4096)
        with zipfile.ZipFile(path) as zf:
            app = zf.read("docProps/app.xml")
            core = zf.read("docProps/core.xml")
        return b"<Application>planbygg</Application>" in app and b">Sjekkliste</dc:subject>" in core
    except (OSError, KeyError, ValueError, RuntimeError, EOFError, zipfile.BadZipFile):
        return False


def guard_report(path: Path, inputs: list[Path], force: bool = False) -> None:
    """Refuse to write a report over a checked document, or over a file that is not an earlier report."""
    from ..load.paths import real

    target = real(path)
    if any(real(Path(p)) == target for p in inputs):
        raise OutputError(
            [
                Problem(
                    "rapporten ville overskrive dokumentet som kontrolleres", SourceLocation(str(path)), "velg et annet filnavn"
                )
            ]
        )
    if path.exists() and not force and not is_planbygg_report(path):
        raise OutputError(
            [
                Problem(
                    "filen finnes og er ikke en rapport fra planbygg; den blir ikke overskrevet",
                    SourceLocation(str(path)),
                    "velg et annet filnavn, eller skriv over filen med --tving",
                )
            ]
        )
