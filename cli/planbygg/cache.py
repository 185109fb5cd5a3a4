"""planbygg's one disk cache: results that are slow to make (hyphenation points, compiled templates).

Every key includes planbygg's version and what the result depends on, so a stale entry is simply a
miss and the folder is always safe to delete. Compiled templates are code, kept the way Python keeps
`__pycache__`: only in a folder that is the user's own and that no one else can write to. The cache
lives in $PLANBYGG_CACHE, else $XDG_CACHE_HOME/planbygg or ~/.cache/planbygg.
PLANBYGG_CACHE=0 (or off, false, nei, no) turns it off; so does a missing home folder. A folder
that is not the user's own, or that others can write to, is not used. Any error only means the
work is done again: the cache never changes a result.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

OFF = ("0", "off", "false", "nei", "no")
_unusable: set[str] = set()  # kinds whose folder turned out unusable in this process


def folder(kind: str) -> Path | None:
    """The folder for one kind of entry, or None when the cache is off."""
    setting = os.environ.get("PLANBYGG_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in OFF or not setting.strip() else Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.environ.get("HOME") or os.path.expanduser("~")
        if not home or home == "~" or not os.path.isabs(home):
            return None  # no home folder: no cache, and never one relative to where the user stands
        base = os.path.join(home, ".cache")
    return Path(base) / "planbygg" / kind


def key(*parts: str) -> str:
    """A file name for an entry: a hash of planbygg's version and everything the result depends on."""
    from . import __version__

    return hashlib.sha256("\0".join((__version__, *parts)).encode("utf-8")).hexdigest()[:40]


def _safe(path: Path) -> bool:
    """Only a folder owned by this user, that no one else can write to, is used."""
    try:
        return _own(path.stat())
    except OSError:
        return False


def _own(info: os.stat_result) -> bool:
    """Owned by this user, and no one else can write to it."""
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, name: str) -> bytes | None:
    """The stored bytes, or None."""
    where = folder(kind)
    if where is None or kind in _unusable or not _safe(where):
        return None
    try:
        with open(where / name, "rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                return None  # a file someone else could have written is never used
            return handle.read()
    except OSError:
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Store `data` atomically (a parallel build never reads half a file); any failure turns the kind off."""
    where = folder(kind)
    if where is None or kind in _unusable:
        return
    temp = where / f"{name}.{os.getpid()}.tmp"
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _safe(where):
            raise OSError("the cache folder is not the user's own")
        temp.write_bytes(data)
        os.replace(temp, where / name)
    except OSError:
        _unusable.add(kind)
        with contextlib.suppress(OSError):
            temp.unlink()
