"""A cache of loaded content folders for `planbygg check`, so a repeated check skips YAML parsing.

The key covers every file in the folder (path, size, modification time; build/ and hidden files
excepted) and the loader's own source files, so any edit gives a fresh, fully validated load.
Warnings found by the loader are kept in the cached object; folders with errors are never cached.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.loader import Content

VERSION = b"content-cache-v1"


def _key(root: Path) -> str:
    digest = hashlib.sha1(VERSION)
    digest.update(str(root.resolve()).encode())
    digest.update(str(Path.cwd()).encode())  # locations are shown relative to the working directory
    loader_dir = Path(__file__).resolve().parent.parent / "content"
    for base, skip_build in ((root, True), (loader_dir, False)):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and not (skip_build and d in ("build", "__pycache__"))
            )
            for name in sorted(filenames):
                if name.startswith(".") or name.endswith(".pyc"):
                    continue
                st = os.stat(os.path.join(dirpath, name))
                digest.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def load_cached(root: Path) -> Content:
    """Like content.loader.load, but reuse a pickled result when nothing in the folder changed."""
    from ..content.loader import load
    from .rules import cache_dir

    root = Path(root)
    if not (root / "planbygg.yaml").is_file() or os.environ.get("PLANBYGG_NO_CACHE"):
        return load(root)
    folder = cache_dir()
    if folder is None:
        return load(root)
    try:
        path = folder / f"content-{_key(root)}.pickle"
    except OSError:
        return load(root)
    try:
        with path.open("rb") as fh:
            content = pickle.load(fh)
        return content  # type: ignore[no-any-return]
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    content = load(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(content, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except (OSError, pickle.PickleError, TypeError, AttributeError):
        pass
    return content
