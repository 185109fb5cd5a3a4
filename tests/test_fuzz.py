"""Fuzzing the inputs a careless user or a hostile folder can give: YAML, Markdown chapters, templates, images, .docx.

Every run must end in exit 0, 1 or 2 with no traceback, read no file outside the folder (a canary file
beside it is never opened), and leave either no documents or a whole set that matches the manifest.
The examples are derandomized so CI is stable; `python tools/fuzz.py` runs many more with fresh seeds.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import hypothesis
import pytest
from conftest import write_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robustness import png

from planbygg import cli
from planbygg.errors import ContentError
from planbygg.load import yaml as reader
from planbygg.write import files as output

SCALE = int(os.environ.get("PLANBYGG_FUZZ_SCALE", "1"))  # tools/fuzz.py raises this for a long run
RANDOM = os.environ.get("PLANBYGG_FUZZ_RANDOM") == "1"


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- who opened what --------------------------------------------------------------------------------

_opened: list[str] = []
_watching = [False]


def _audit(event: str, args: tuple) -> None:
    if _watching[0] and event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def arena(tmp_path_factory) -> Path:
    """A folder with a canary file beside the municipality folders that no run may open."""
    base = tmp_path_factory.mktemp("fuzz")
    (base / "hemmelig").mkdir()
    (base / "hemmelig" / "passord.md").write_text("# Hemmelig\n\nKANARI\n", encoding="utf-8")
    (base / "hemmelig" / "bilde.png").write_bytes(png())
    (base / "hemmelig" / "liste.yaml").write_text("- KANARI\n", encoding="utf-8")
    return base


def run_cli(*args: str) -> tuple[int, str]:
    """Run the CLI in this process and return (exit code, everything printed)."""
    old_argv, old_out, old_err = sys.argv, sys.stdout, sys.stderr
    sys.argv = ["planbygg", *args]
    sys.stdout = sys.stderr = buffer = io.StringIO()
    _opened.clear()
    _watching[0] = True
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        _watching[0] = False
        sys.argv, sys.stdout, sys.stderr = old_argv, old_out, old_err
    return code, buffer.getvalue()


def assert_sane(code: int, text: str, arena: Path, out: Path | None = None) -> None:
    """The properties every run must have."""
    hypothesis.event(f"exit {code}")
    assert "Traceback" not in text, text
    assert code in (0, 1, 2), text
    secrets = str(arena / "hemmelig")
    assert not [p for p in _opened if os.path.realpath(p).startswith(secrets)], text
    assert "KANARI" not in text
    if out is not None and out.is_dir():
        names = {p.name for p in out.iterdir()}
        assert not [n for n in names if n.endswith(output.TEMP_SUFFIX)], names
        assert output.JOURNAL not in names
        manifest = output.read_manifest(out)
        documents = {n for n in names if n.endswith(".docx")}
        assert documents == set(manifest), (documents, manifest)
        for name in documents:
            assert output.sha256((out / name).read_bytes()) == manifest[name]


_count = [0]


def fresh_folder(arena: Path, files: dict[str, str | None]) -> Path:
    """A new folder per example: the process keeps one Jinja environment (and its templates) per folder."""
    _count[0] += 1
    shutil.rmtree(arena / f"kommune{_count[0] - 1}", ignore_errors=True)
    root = arena / f"kommune{_count[0]}"
    write_folder(root, files)
    (root / "lenke.md").symlink_to(arena / "hemmelig" / "passord.md")
    (root / "lenke.png").symlink_to(arena / "hemmelig" / "bilde.png")
    return root


# -- YAML -------------------------------------------------------------------------------------------

YAML_TOKENS = st.sampled_from(
    [
        "a", "b", "navn", "æ", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "'", '"', "\\", "#", "&x ", "*x", "&y ",
        "*y", "<<: ", "!!str ", "!!int ", "!!float ", "!egen ", "!!binary ", "? ", "|", ">", "---\n", "...\n", "%YAML 1.2\n",
        "\n", "\n  ", "\n    ", "\t", " ", "0x1F", "0o17", ".5e3", "1_000", "~", "null", "true", "no", ".inf", ".nan",
        "2024-02-30", "\\ud800", "\\x00", "\x00", "\x07", "\ufeff", "\u2028", "1e400", "9" * 30,
    ]
)  # fmt: skip


@fuzz(300)
@given(st.one_of(st.lists(YAML_TOKENS, max_size=60).map("".join), st.text(max_size=200)))
def test_yaml_reader_never_fails_unlocated(text: str) -> None:
    locs: dict = {}
    try:
        reader.parse_yaml(text, "f.yaml", (), locs)
    except ContentError as exc:
        for problem in exc.problems:
            assert problem.where is not None and problem.where.path == "f.yaml"
            assert problem.message
    for where in locs.values():
        assert where.path == "f.yaml" and where.line >= 1 and where.column >= 1


@fuzz(60)
@given(st.binary(max_size=300))
def test_yaml_bytes_decode_or_are_located(data: bytes) -> None:
    try:
        reader.parse_yaml(reader.decode(data, "f.yaml"), "f.yaml", (), {})
    except ContentError as exc:
        assert exc.problems[0].where is not None


# -- Markdown chapters and templates -------------------------------------------------------------------

MARKDOWN = st.sampled_from(
    [
        "# ", "## ", "####### ", "Tekst ", "æøå ", "*", "**", "_", "`", "```", "~~~", "<!--", "-->", "<!--planbygg:0-->",
        "<!--planbygg:7-->", "[lenke](", ")", "![bilde](lenke.png)", "![x](../hemmelig/bilde.png)", "![y](/etc/passwd)",
        "| a | b |\n|---|---|\n| 1 | 2 |\n", "- ", "  - ", "1. ", "> ", "\n", "\n\n", "    ", "\t", "\\", "&amp;",
        "{{ ", " }}", "{% ", " %}", "{# ", " #}", "{{ kommune.navn }}", "{{ 1/0 }}", "{{ x }}", "{% if %}",
        '{% include "lenke.md" %}', '{% include "../hemmelig/passord.md" %}', '{{ bilde("lenke.png", "a") }}',
        '{{ bilde("logo.png", "a", bredde=1e308) }}', '{{ svarfelt("a", -1) }}', "{{ range(10**9) | list }}",
        "{% for i in range(3) %}- {{ i }}\n{% endfor %}", "{{ '%s' % 1 }}", "{{ ''.__class__ }}", "\x00", "\ud7ff",
    ]
)  # fmt: skip


@fuzz(25)
@given(st.lists(MARKDOWN, max_size=25).map("".join))
@hypothesis.example('{% include "lenke.md" %}')  # found by tools/fuzz.py: Jinja opened the symlink before refusing it
@hypothesis.example("![x](lenke.png)")
def test_chapters_and_templates_end_cleanly(arena: Path, text: str) -> None:
    root = fresh_folder(arena, {"kapitler/01-innledning.md": "# Innledning\n\n" + text + "\n"})
    code, printed = run_cli("build", str(root), "--ignorer-krav")
    assert_sane(code, printed, arena, root / "build")


FIELD = st.sampled_from(["Tekst", "**fet**", "```", "<!--", "[a](", "{{ 1/0 }}", "# Overskrift", "- a\n  - b", "\x00", ""])


@fuzz(15)
@given(st.lists(FIELD, min_size=1, max_size=6).map("".join))
def test_markdown_fields_end_cleanly(arena: Path, text: str) -> None:
    planbygg_yaml = json.dumps(text, ensure_ascii=False)
    from conftest import MINIMAL

    base = MINIMAL["planbygg.yaml"].replace(
        "formål: Planen skal forebygge omsorgssvikt og atferdsvansker.", f"formål: {planbygg_yaml}"
    )
    root = fresh_folder(arena, {"planbygg.yaml": base})
    code, printed = run_cli("build", str(root), "--ignorer-krav")
    assert_sane(code, printed, arena, root / "build")


# -- images -------------------------------------------------------------------------------------------


@fuzz(20)
@given(st.data())
def test_damaged_logos_are_refused_or_whole(arena: Path, data: st.DataObject) -> None:
    image = bytearray(png(3, 2))
    cut = data.draw(st.integers(0, len(image)), label="cut")
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(0, cut - 1)), st.integers(0, 255)), max_size=3), label="flips")
    image = image[:cut]
    for where, value in flips:
        if where < len(image):
            image[where] = value
    root = fresh_folder(arena, {})
    text = (root / "planbygg.yaml").read_text(encoding="utf-8")
    (root / "planbygg.yaml").write_text(
        text.replace("  målform: bokmål", "  målform: bokmål\n  logo: logo.png\n  logo_alt: Logo")
    )
    (root / "logo.png").write_bytes(bytes(image))
    code, printed = run_cli("build", str(root), "--ignorer-krav")
    assert_sane(code, printed, arena, root / "build")
    if code == 0:
        from planbygg.render.files import image_problem

        assert image_problem(bytes(image)) is None


# -- check on .docx garbage ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_docx(arena: Path) -> bytes:
    root = fresh_folder(arena, {})
    code, printed = run_cli("build", str(root), "--ignorer-krav")
    assert code == 0, printed
    return (root / "build" / "provestad-hoeringsutkast.docx").read_bytes()


@fuzz(30)
@given(st.data())
def test_check_on_damaged_docx(arena: Path, sample_docx: bytes, data: st.DataObject) -> None:
    mode = data.draw(st.sampled_from(["bytes", "part"]), label="mode")
    if mode == "bytes":
        blob = bytearray(sample_docx[: data.draw(st.integers(0, len(sample_docx)), label="cut")])
        for _ in range(data.draw(st.integers(0, 4), label="flips")):
            if blob:
                blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
        document = bytes(blob)
    else:  # a whole zip whose one part is replaced by garbage or dropped
        with zipfile.ZipFile(io.BytesIO(sample_docx)) as zf:
            parts = {info.filename: zf.read(info) for info in zf.infolist()}
        victim = data.draw(st.sampled_from(sorted(parts)), label="part")
        garbage = data.draw(st.sampled_from([None, b"", b"<w:document/>", b"\xff\xfe<", parts[victim][:50]]), label="garbage")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, body in parts.items():
                if name != victim:
                    zf.writestr(name, body)
                elif garbage is not None:
                    zf.writestr(name, garbage)
        document = buffer.getvalue()
    path = arena / "fuzz.docx"
    path.write_bytes(document)
    code, printed = run_cli("check", str(path))
    assert_sane(code, printed, arena)
    code, printed = run_cli("omriss", str(path))
    assert_sane(code, printed, arena)
