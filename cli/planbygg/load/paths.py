"""Confinement by real paths: every file read for the content must lie in the municipality folder or a library."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def real(path: Path) -> Path:
    """Return the real path (symlinks resolved, .. removed) without requiring it to exist."""
    return Path(os.path.realpath(path))


def within(path: Path, roots: Iterable[Path]) -> bool:
    """True when the real path of `path` is one of `roots` or lies inside one (roots are resolved too)."""
    target = real(path)
    for root in roots:
        base = real(root)
        if target == base or base in target.parents:
            return True
    return False


def confine(root: Path, name: str | os.PathLike[str], also: Iterable[Path] = ()) -> Path | None:
    """Resolve `name` relative to `root`; None when its real path is outside `root` and the folders in `also`.

    Absolute paths, «../» and symlinks that lead out are all refused the same way.
    """
    path = real(Path(root) / name)
    return path if within(path, [root, *also]) else None


def allowed_roots(root: Path, libraries: Iterable[str] | None = None) -> list[Path]:
    """The folders content may read from: the municipality folder, its shared libraries and the built-in library."""
    from ..library import builtin_library

    roots = [real(root)]
    roots.extend(real(Path(root) / name) for name in libraries or ())
    roots.append(real(builtin_library()))
    return roots


def display(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when it is below it."""
    try:
        return str(real(path).relative_to(real(Path.cwd())))
    except (ValueError, OSError):
        return str(path)
