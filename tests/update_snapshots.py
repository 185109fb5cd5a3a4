"""Regenerate tests/snapshots/*.outline.txt from the examples (run deliberately, then review the diff)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "cli"))

from planbygg import pipeline as api  # noqa: E402
from planbygg.read.outline import outline  # noqa: E402


def main() -> None:
    target = Path(__file__).parent / "snapshots"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("baerum", "bergen"):
            copy = Path(tmp) / name
            shutil.copytree(ROOT / "examples" / name, copy, ignore=shutil.ignore_patterns("build"))
            result = api.build(copy)
            if result.error or result.blocked:
                raise SystemExit(f"{name}: build failed")
            for written in result.written:
                (target / written.path.name.replace(".docx", ".outline.txt")).write_text(outline(written.path), encoding="utf-8")
                print("skrev", written.path.name)


if __name__ == "__main__":
    main()
