"""The benchmark's Markdown export (what pandoc is given) keeps up with every object the templates make."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["baerum", "bergen"])
def test_export_covers_every_document(name: str) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from markdown_export import export
    finally:
        sys.path.remove(str(ROOT / "bench"))
    documents = export(ROOT / "examples" / name)
    assert len(documents) >= 3
    for markdown, _meta in documents.values():
        assert "<!--planbygg:" not in markdown  # every object marker was replaced
        assert markdown.count("\n#") >= 3
