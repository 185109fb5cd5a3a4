"""Paths read on behalf of the content: resolved (links too) and kept inside the folders they belong to."""

from __future__ import annotations

from pathlib import Path


def confine(root: Path, name: str) -> Path | None:
    """Resolve `name` inside `root`; None when it points outside (no ../ escapes, no absolute paths)."""
    root = root.resolve()
    path = (root / name).resolve()
    if path != root and root not in path.parents:
        return None
    return path
