"""A small on-disk cache for work that depends only on a file's text (parsed YAML, compiled templates).

Entries are keyed by a hash of everything the result depends on, so a changed file is simply a
miss. The cache lives in $PLANBYGG_CACHE (or $XDG_CACHE_HOME/planbygg, ~/.cache/planbygg);
PLANBYGG_CACHE=0 turns it off. A directory that cannot be written is skipped without a word:
the cache only ever saves time, it never changes a result.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_OFF = ("", "0", "off", "nei", "no")
_disabled: set[str] = set()  # kinds whose directory turned out to be unwritable in this process


def cache_dir(kind: str) -> Path | None:
    """Return the directory for one kind of entry, or None when the disk cache is off."""
    setting = os.environ.get("PLANBYGG_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in _OFF else Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planbygg" / kind


def read(kind: str, key: str) -> bytes | None:
    """Return the cached bytes for `key`, or None."""
    folder = cache_dir(kind)
    if folder is None or kind in _disabled:
        return None
    try:
        return (folder / key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    """Store `data` under `key` atomically (a parallel build never reads half a file)."""
    folder = cache_dir(kind)
    if folder is None or kind in _disabled:
        return
    target = folder / key
    temp = folder / f"{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError:
        _disabled.add(kind)  # read-only or full disk: carry on without the cache
        with contextlib.suppress(OSError):
            temp.unlink()
        return
    if int.from_bytes(os.urandom(1), "little") < 8:  # now and then (1 in 32 writes): keep the newest entries only
        _prune(folder)


KEEP = 512  # entries per kind; a parsed YAML file is 10–200 kB


def _prune(folder: Path) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.stat().st_mtime, reverse=True)
        for entry in entries[KEEP:]:
            os.unlink(entry.path)
    except OSError:
        pass
