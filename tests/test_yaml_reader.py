"""The one YAML reader (load/yaml.py): the values and positions ruamel's round-trip reader gave, YAML 1.2 rules,
and a located Norwegian error for everything else."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pytest

from planbygg.errors import ContentError
from planbygg.load import yaml as reader
from planbygg.location import SourceLocation

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p
    for pattern in ("examples/*/*.yaml", "content/*/hoeringsinstanser/*.yaml", "rules/*.yaml", "tests/cases/rules/*.yaml")
    for p in ROOT.glob(pattern)
)


def reference(text: str) -> tuple[object, dict]:
    """What the replaced reader gave: ruamel's round-trip loader, converted with positions (the old _plain)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    locs: dict = {}

    def plain(node: Any, path: tuple) -> Any:
        if isinstance(node, CommentedMap):
            out = {}
            for key, value in node.items():
                kline, kcol = node.lc.key(key)
                locs[(*path, str(key), "@key")] = SourceLocation("f.yaml", kline + 1, kcol + 1)
                vline, vcol = node.lc.value(key)
                if isinstance(value, CommentedMap | CommentedSeq):
                    locs[(*path, str(key))] = SourceLocation("f.yaml", kline + 1, kcol + 1)
                else:
                    locs[(*path, str(key))] = SourceLocation("f.yaml", vline + 1, vcol + 1)
                out[str(key)] = plain(value, (*path, str(key)))
            return out
        if isinstance(node, CommentedSeq):
            items = []
            for i, value in enumerate(node):
                line, col = node.lc.item(i)
                locs[(*path, i)] = SourceLocation("f.yaml", line + 1, col + 1)
                items.append(plain(value, (*path, i)))
            return items
        for kind in (bool, str, int, float):
            if isinstance(node, kind):
                return kind(node)
        return node

    return plain(yaml.load(text), ("x",)), locs


def read(text: str) -> tuple[object, dict]:
    locs: dict = {}
    return reader.parse_yaml(text, "f.yaml", ("x",), locs), locs


def problem(text: str) -> str:
    with pytest.raises(ContentError) as info:
        read(text)
    (p,) = info.value.problems
    return p.format()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files_read_as_the_round_trip_reader_did(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert read(text) == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 1.5\nc: true\nd: ~\nj: no\nf: '007'\ng: \"x: y\"\nh: 2024-06-15\n",
        "tekst: |\n  linje én\n  linje to\nfoldet: >\n  æ ø\n  å\n",
        "liste:\n  - en\n  - {navn: Ål, tall: -3}\n  - [1, 2.0e3, false]\n",
        "flerlinje: dette er\n  en lang tekst\n  over linjer\n",
        "æøå: «sitat» – tankestrek\nnøkkel: verdi med æ\n",
        "a: 0o17\nb: 0x1F\nc: .inf\nd: -.inf\ne: +1\n",
    ],
)
def test_plain_yaml_reads_as_the_round_trip_reader_did(text: str) -> None:
    assert read(text) == reference(text)


def test_yaml_1_2_core_schema_where_the_readers_disagreed() -> None:
    value, _ = read("a: .5e3\nb: 0755\nc: no\nd: 1_000\ne: 1:20\nf: .nan\ng: on\nh: 0b11\n")
    assert value == {"a": 500.0, "b": 755, "c": "no", "d": "1_000", "e": "1:20", "f": value["f"], "g": "on", "h": "0b11"}
    assert math.isnan(value["f"])


def test_standard_tags() -> None:
    value, _ = read("a: !!str 12\nb: !!int '0x1F'\nc: !!float 2\nd: !!bool 'true'\ne: !!null ''\nf: !!timestamp 2024-06-15\n")
    assert value == {"a": "12", "b": 31, "c": 2.0, "d": True, "e": None, "f": "2024-06-15"}
    assert "!!int" in problem("a: !!int tolv\n")


@pytest.mark.parametrize("text", ["a: !egen 1\n", "a: !!python/object:os.system ls\n", "a: !!binary aGk=\n", "a: !!set {b}\n"])
def test_custom_and_unsupported_tags_are_located_errors(text: str) -> None:
    message = problem(text)
    assert message.startswith("f.yaml:1:4: feil: ukjent YAML-merke")


def test_merge_keys_explicit_keys_win_and_keep_their_positions() -> None:
    value, locs = read("felles: &f {x: 1, y: 2}\nz:\n  <<: *f\n  y: 3\nw:\n  <<: [{p: 1}, {p: 2, q: 3}]\n")
    assert value == {"felles": {"x": 1, "y": 2}, "z": {"y": 3, "x": 1}, "w": {"p": 1, "q": 3}}
    assert locs[("x", "z", "y")] == SourceLocation("f.yaml", 4, 6)
    assert locs[("x", "z", "x")] == SourceLocation("f.yaml", 1, 16)
    assert "«<<:»" in problem("a:\n  <<: 1\n")


def test_aliases_are_expanded_but_bounded() -> None:
    value, _ = read("a: &a [1, 2]\nb: *a\n")
    assert value == {"a": [1, 2], "b": [1, 2]}
    rows = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    bomb = "\n".join(rows) + "\n" + "# fyll\n" * 900  # a billion-laughs bomb (9⁹ values), 6.5 kB
    assert len(bomb) > 6500
    started = time.process_time()
    assert "mer enn 10000 verdier" in problem(bomb)
    assert time.process_time() - started < 2
    assert "viser til verdien det står i" in problem("a: &a [*a]\n")
    assert "finnes" in problem("a: *ukjent\n")


def test_duplicate_keys_name_both_lines() -> None:
    assert problem("a: 1\nb: 2\na: 3\n") == (
        "f.yaml:3:1: feil: feltet «a» står to ganger (første gang på linje 1)\n    → slett det ene, eller gi det et annet navn"
    )


def test_surrogate_escapes_are_refused() -> None:
    assert problem('a: "\\ud800"\n').startswith("f.yaml:1:")
    assert "ugyldig tegn" in problem('a: "\\udc80x"\n')


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: [1\n", "f.yaml:2:1", "ikke lukket"),
        ("a:\n\tb: 1\n", "f.yaml:2:1", "tabulator"),
        ("a: b: c\n", "f.yaml:1:5", "kolon"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1", "mer enn ett YAML-dokument"),
        ("? [a]\n: b\n", "f.yaml:1:3", "feltnavn"),
        ("a: \x07\n", "f.yaml:1:4", "kontrolltegn"),
    ],
)
def test_syntax_errors_are_located_and_norwegian(text: str, where: str, words: str) -> None:
    message = problem(text)
    assert message.startswith(where) and words in message


@pytest.mark.parametrize(
    "text",
    ["- " * 200_000 + "x\n", "[" * 1_000_000, "{a: " * 300_000, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 2000))],
)
def test_deep_nesting_is_refused_quickly(text: str) -> None:
    started = time.process_time()
    assert "nestet dypere enn 64" in problem(text)
    assert time.process_time() - started < 2


def test_encodings(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("navn: Bærum\nsted: Ås\n".encode("latin-1"))
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes("navn: Bærum\n".encode("utf-16"))
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("navn: Bærum\n".encode("utf-8-sig"))
    with pytest.raises(ContentError) as info:
        reader.read_yaml(latin, "latin.yaml", (), {})
    assert info.value.problems[0].where == SourceLocation("latin.yaml", 1, 8)
    assert "lagre filen som UTF-8" in info.value.problems[0].format()
    with pytest.raises(ContentError) as info:
        reader.read_yaml(utf16, "utf16.yaml", (), {})
    assert "UTF-16" in info.value.problems[0].message and "lagre filen som UTF-8" in info.value.problems[0].format()
    assert reader.read_yaml(bom, "bom.yaml", (), {}) == {"navn": "Bærum"}


def test_pure_python_parser_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "examples/baerum/medvirkning.yaml").read_text(encoding="utf-8")
    fast = read(text)
    import builtins

    real_import = builtins.__import__

    def no_clib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ruamel.yaml.cyaml":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_clib)
    assert read(text) == fast
    assert problem("a: 1\na: 2\n").startswith("f.yaml:2:1")
