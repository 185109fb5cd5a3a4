"""The fast libyaml reader gives exactly what the ruamel round-trip reader gives: values and positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from planbygg.load import folder as loader

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p
    for pattern in ("examples/*/*.yaml", "content/*/hoeringsinstanser/*.yaml", "rules/*.yaml", "tests/cases/rules/*.yaml")
    for p in ROOT.glob(pattern)
)

yaml = pytest.importorskip("yaml")
if not getattr(yaml, "CSafeLoader", None):
    pytest.skip("PyYAML without libyaml", allow_module_level=True)


def reference(text: str) -> tuple[object, dict]:
    locs: dict = {}
    return loader._plain(loader._yaml().load(text), ("x",), "f.yaml", locs), locs


def fast(text: str) -> tuple[object, dict]:
    locs: dict = {}
    return loader._parse_libyaml(text, "f.yaml", ("x",), locs), locs


def chain(text: str) -> tuple[object, dict]:
    locs: dict = {}
    return loader._parse_yaml(text, "f.yaml", ("x",), locs), locs


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files_read_identically(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert chain(text) == reference(text)


@pytest.mark.parametrize("path", [p for p in FILES if p.parts[-3] == "examples"], ids=lambda p: str(p.relative_to(ROOT)))
def test_example_content_takes_the_fast_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert fast(text) == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 1.5\nc: true\nd: ~\nj: no\nf: '007'\ng: \"x: y\"\nh: 2024-06-15\n",
        "tekst: |\n  linje én\n  linje to\nfoldet: >\n  æ ø\n  å\n",
        "liste:\n  - en\n  - {navn: Ål, tall: -3}\n  - [1, 2.0e3, false]\n",
        "flerlinje: dette er\n  en lang tekst\n  over linjer\n",
        "æøå: «sitat» – tankestrek\nnøkkel: verdi med æ\n",
    ],
)
def test_plain_yaml_reads_identically(text: str) -> None:
    assert fast(text) == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 0755\n",
        "e:\n",
        "a: 1_000\n",
        "a: 1:20\n",
        "a: &x 1\nb: *x\n",
        "a: !egen 1\n",
        "a: 1\na: 2\n",
        "<<: {a: 1}\n",
        "a: .inf\n",
    ],
)
def test_doubtful_yaml_is_left_to_ruamel(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 - any refusal sends the text to ruamel
        fast(text)
