"""Write docs/innhold.md, docs/maler.md and docs/schema/*.json from the code (run after changing the schema or context)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "cli"))

from planbygg import reference  # noqa: E402


def documents() -> dict[Path, str]:
    """Every generated file and its text."""
    out = {
        ROOT / "docs" / "innhold.md": reference.fields_markdown(),
        ROOT / "docs" / "maler.md": reference.context_markdown(),
    }
    for name, text in reference.json_schemas().items():
        out[ROOT / "docs" / "schema" / name] = text
    return out


def main() -> None:
    for path, text in documents().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"skrev {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
