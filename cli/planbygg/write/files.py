"""Writing results safely: atomic replaces, a manifest of what was built, and the hand-edit guard."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import OutputError, Problem
from ..location import SourceLocation

MANIFEST = ".planbygg-manifest.json"
BACKUP_DIR = ".sikkerhetskopi"


@dataclass(frozen=True)
class Written:
    """One file the build wrote, and whether it changed or kept a backup of a hand edit."""

    path: Path
    size: int
    changed: bool
    backup: Path | None = None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file readable by its owner only; a built document (or web page) is
        # meant to be shared, so it gets the permissions any new file would get.
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
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


def write_outputs(out_dir: Path, files: dict[str, bytes], force: bool, stamp: str) -> list[Written]:
    """Write every file atomically, refusing to overwrite hand-edited ones unless `force`.

    With `force`, the hand-edited file is first copied to .sikkerhetskopi/ so nothing is lost.
    All documents were rendered before this is called, so a failing template never leaves a
    half-updated set behind.
    """
    edited = hand_edited(out_dir, files)
    if edited and not force:
        raise OutputError(
            [
                Problem(
                    "filen er endret etter forrige bygging og blir ikke overskrevet",
                    SourceLocation(str(out_dir / name)),
                    "lagre endringene dine under et annet navn, eller bygg med --force (da tas det en sikkerhetskopi)",
                )
                for name in edited
            ]
        )
    written: list[Written] = []
    manifest = read_manifest(out_dir)
    for name, data in files.items():
        path = out_dir / name
        backup = None
        if name in edited:
            backup = out_dir / BACKUP_DIR / f"{path.stem}.{stamp}{path.suffix}"
            atomic_write(backup, path.read_bytes())
        changed = not path.exists() or sha256(path.read_bytes()) != sha256(data)
        if changed:
            atomic_write(path, data)
        manifest[name] = sha256(data)
        written.append(Written(path, len(data), changed, backup))
    payload = {"generator": "planbygg", "filer": dict(sorted(manifest.items()))}
    atomic_write(out_dir / MANIFEST, (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return written
