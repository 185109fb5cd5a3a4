"""planbygg's one on-disk cache: compiled Jinja templates (see bench/README.md for what it saves).

Entries are keyed by planbygg's version, the Jinja environment's options and the template's
name, file and exact text, so anything that changes the result is simply a miss. The cache lives
in $PLANBYGG_CACHE (or $XDG_CACHE_HOME/planbygg, ~/.cache/planbygg); PLANBYGG_CACHE=0, off, false,
nei or no turns it off. It is safe to delete at any time. Because an entry is code that gets
executed, a folder is used only when it belongs to the current user and no one else can write to
it; a missing or read-only HOME, a foreign or shared folder, or a full disk all mean «no cache»,
never an error: the cache only ever saves time, it never changes a result.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

OFF = ("", "0", "off", "false", "nei", "no")
KEEP = 512  # entries per kind; a compiled template is 10–100 kB
_unusable: set[str] = set()  # kinds whose folder turned out to be unusable in this process


def cache_dir(kind: str) -> Path | None:
    """Return the folder for one kind of entry, or None when the cache is off or has no home."""
    setting = os.environ.get("PLANBYGG_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in OFF else Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.environ.get("HOME") or ""
        if not home or not os.path.isabs(home):
            with contextlib.suppress(KeyError, ImportError, OSError):
                import pwd

                home = pwd.getpwuid(os.getuid()).pw_dir
        if not home or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "planbygg" / kind


def private(folder: Path) -> bool:
    """True when `folder` is a real folder owned by this user that no other user can write to."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: the per-user profile folder is private by default
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, key: str) -> bytes | None:
    """Return the cached bytes for `key`, or None (also when the folder is not private)."""
    folder = cache_dir(kind)
    if folder is None or kind in _unusable:
        return None
    if not os.path.lexists(folder):
        return None  # not made yet: the first write makes it
    if not private(folder):
        _unusable.add(kind)
        return None
    try:
        return (folder / key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    """Store `data` under `key` atomically (a parallel build never reads half a file)."""
    folder = cache_dir(kind)
    if folder is None or kind in _unusable:
        return
    temp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private(folder):
            _unusable.add(kind)
            return
        temp.write_bytes(data)
        os.replace(temp, folder / key)
    except OSError:
        _unusable.add(kind)  # read-only or full disk: carry on without the cache
        with contextlib.suppress(OSError):
            temp.unlink()
        return
    if os.urandom(1)[0] < 8:  # now and then (1 in 32 writes): keep the newest entries only
        _prune(folder)


def _prune(folder: Path) -> None:
    with contextlib.suppress(OSError):
        entries = sorted(os.scandir(folder), key=lambda e: e.stat().st_mtime, reverse=True)
        for entry in entries[KEEP:]:
            os.unlink(entry.path)
