"""Issue 9's cases: every bad input and fault ends in exit 0/1/2 (or 3 for a bug) with a clear message, nothing leaked."""

from __future__ import annotations

import json
import os
import stat
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from planbygg import cli
from planbygg.write import files as output


def png(width: int = 2, height: int = 2) -> bytes:
    """A valid, whole PNG (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


PNG = png()


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the CLI in this process; return (exit code, stdout, stderr)."""

    def call(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(sys, "argv", ["planbygg", *args])
        with pytest.raises(SystemExit) as info:
            cli.main()
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return int(info.value.code or 0), out, err

    return call


@pytest.fixture
def good(folder):
    """A buildable folder (with a logo) and its output folder."""
    root = folder()
    text = (root / "planbygg.yaml").read_text(encoding="utf-8")
    text = text.replace("  målform: bokmål", "  målform: bokmål\n  logo: logo.png\n  logo_alt: Logo")
    (root / "planbygg.yaml").write_text(text, encoding="utf-8")
    (root / "logo.png").write_bytes(PNG)
    return root


def build(run, root: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    return run("build", str(root), "--ignorer-krav", *extra, env=env)


def chapter(root: Path, text: str, name: str = "01-innledning.md") -> None:
    (root / "kapitler" / name).write_text("# Innledning\n\n" + text + "\n", encoding="utf-8")


# -- leaks ------------------------------------------------------------------------------------------


def test_markdown_image_outside_the_folder_is_refused(run, good, tmp_path):
    secret = tmp_path / "hemmelig.png"
    secret.write_bytes(PNG)
    chapter(good, f"![Hemmelig]({secret})")
    code, _, err = build(run, good)
    assert code == 2 and "utenfor kommunemappen" in err
    assert not (good / "build").exists()


def test_standard_list_path_cannot_leave_the_library(run, good, tmp_path):
    (tmp_path / "lekk.yaml").write_text("- Hemmelig mottaker\n", encoding="utf-8")
    horing = (good / "horing.yaml").read_text(encoding="utf-8")
    (good / "horing.yaml").write_text(horing + "standardlister: [../../lekk]\n", encoding="utf-8")
    code, _, err = build(run, good)
    assert code == 2 and "standardlisten" in err and "horing.yaml:" in err


def test_symlinked_template_outside_the_folder_is_not_included(run, good, tmp_path):
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (good / "templates").mkdir()
    (good / "templates" / "lekk.txt").symlink_to(tmp_path / "passwd")
    chapter(good, '{% include "lekk.txt" %}')
    code, _, err = build(run, good)
    assert code == 2 and "peker ut av kommunemappen" in err
    assert not (good / "build").exists()


def test_symlinked_chapter_outside_the_folder_is_a_located_error(run, good, tmp_path):
    outside = tmp_path / "utenfor.md"
    outside.write_text("# Utenfor\n\nroot:x:0:0\n", encoding="utf-8")
    (good / "kapitler" / "02-lenke.md").symlink_to(outside)
    code, _, err = build(run, good)
    assert code == 2 and "02-lenke.md" in err and "peker ut av kommunemappen" in err


def test_reference_document_outside_the_folder_is_refused(run, good, tmp_path):
    text = (good / "planbygg.yaml").read_text(encoding="utf-8")
    (good / "planbygg.yaml").write_text(text.replace("  logo: logo.png", "  referansedokument: /etc/hostname\n  logo: logo.png"))
    code, _, err = build(run, good)
    assert code == 2 and "planbygg.yaml:" in err and "peker ut" in err


# -- faults -----------------------------------------------------------------------------------------


def test_failed_write_keeps_the_old_set_and_the_next_build_works(run, good, monkeypatch):
    assert build(run, good)[0] == 0
    out = good / "build"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    chapter(good, "Ny tekst i planen.")
    calls = {"n": 0}
    real_write = output._write_new

    def full_disk(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr(output, "_write_new", full_disk)
    code, _, err = build(run, good)
    assert code == 2 and "disken er full" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # no temp files, nothing replaced
    monkeypatch.setattr(output, "_write_new", real_write)
    assert build(run, good)[0] == 0


def test_stale_temp_files_and_journal_are_cleaned_or_finished(run, good):
    assert build(run, good)[0] == 0
    out = good / "build"
    stale = out / ".provestad-hoeringsutkast.docx.999999999.abcd.planbygg-tmp"
    stale.write_bytes(b"halv")
    assert build(run, good)[0] == 0
    assert not stale.exists()
    # Killed after the commit point: the journal's renames are finished by the next run.
    plan = out / "provestad-hoeringsutkast.docx"
    newer = plan.read_bytes()
    temp = out / ".provestad-hoeringsutkast.docx.999999999.beef.planbygg-tmp"
    temp.write_bytes(newer)
    plan.write_bytes(b"gammel")
    (out / output.JOURNAL).write_text(json.dumps({"filer": {plan.name: temp.name}}), encoding="utf-8")
    output.recover(out)
    assert plan.read_bytes() == newer and not temp.exists() and not (out / output.JOURNAL).exists()


def test_two_forced_builds_in_one_second_keep_both_backups(run, good):
    assert build(run, good)[0] == 0
    plan = good / "build" / "provestad-hoeringsutkast.docx"
    for edit in (b"forste", b"andre"):
        plan.write_bytes(edit)
        output.write_outputs(good / "build", {plan.name: b"ny"}, force=True, stamp="20250101-120000")
    backups = sorted((good / "build" / output.BACKUP_DIR).iterdir())
    assert [p.read_bytes() for p in backups] == [b"andre", b"forste"] or {p.read_bytes() for p in backups} == {
        b"forste",
        b"andre",
    }


def test_documents_follow_the_umask(run, good):
    old = os.umask(0o022)
    try:
        assert build(run, good)[0] == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((good / "build" / "provestad-hoeringsutkast.docx").stat().st_mode)
    assert mode == 0o644


def test_report_never_overwrites_a_foreign_file_or_the_checked_document(run, good, tmp_path):
    assert build(run, good)[0] == 0
    plan = good / "build" / "provestad-hoeringsutkast.docx"
    original = plan.read_bytes()
    code, _, err = run("check", str(plan), "--rapport", str(plan))
    assert code == 2 and "dokumentet som kontrolleres" in err and plan.read_bytes() == original
    notes = tmp_path / "notater.md"
    notes.write_text("Mine notater\n", encoding="utf-8")
    code, _, err = run("check", str(plan), "--rapport", str(notes))
    assert code == 2 and "ikke en rapport fra planbygg" in err and notes.read_text(encoding="utf-8") == "Mine notater\n"
    report = tmp_path / "rapport.md"
    assert run("check", str(plan), "--rapport", str(report))[0] in (0, 1)
    assert run("check", str(plan), "--rapport", str(report))[0] in (0, 1)  # its own report may be replaced
    assert "--tving" in err  # the refusal names the way out
    assert run("check", str(plan), "--rapport", str(notes), "--tving")[0] in (0, 1)
    assert "**Kontrollert med:** planbygg" in notes.read_text(encoding="utf-8")
    # Even --tving never writes the report over the document being checked.
    code, _, err = run("check", str(plan), "--rapport", str(plan), "--tving")
    assert code == 2 and plan.read_bytes() == original


# -- denial of service ------------------------------------------------------------------------------


def test_alias_bomb_is_refused(run, good):
    rows = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    (good / "strategier.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = build(run, good)
    assert code == 2 and "strategier.yaml:" in err and "10000" in err


@pytest.mark.parametrize(
    "call",
    [
        '{{ bilde("logo.png", "Logo", bredde="inf") }}',
        '{{ bilde("logo.png", "Logo", bredde=-3) }}',
        '{{ svarfelt("Innspill", 10**12) }}',
        '{{ tabell(["a", "b"], [["1", "2"]], bredder=["nan", 1]) }}',
    ],
)
def test_hostile_numbers_are_located_errors(run, good, call):
    chapter(good, call)
    code, _, err = build(run, good)
    assert code == 2 and "feil:" in err


@pytest.mark.parametrize("text", ['{{ "x" * 10**10 }}', "{{ 9**999999 }}", "{{ [1] * 10**9 }}"])
def test_huge_values_in_templates_are_refused(run, good, text):
    chapter(good, text)
    code, _, err = build(run, good)
    assert code == 2 and "for stor" in err


def test_endless_template_loops_are_stopped(run, good, monkeypatch):

    from planbygg.render import documents

    monkeypatch.setattr(documents, "RENDER_SECONDS", 1)
    chapter(good, "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    code, _, err = build(run, good)
    assert code == 2 and "mer enn 1 sekunder" in err


# -- former tracebacks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ 1/0 }}", "deling på null"),
        ('{{ "x" | tall }}', "malen"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "uendelig"),
        ("{% for i in range(10**10) %}{% endfor %}", "for stort"),
        ("<!--planbygg:99-->", "interne merke"),
    ],
)
def test_jinja_runtime_errors_in_chapters_are_input_errors(run, good, text, words):
    chapter(good, text)
    code, _, err = build(run, good)
    assert code == 2 and words in err


def _paragraphs(out: Path) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph of every document built into `out`."""
    import docx

    return [
        ((para.style.name or "") if para.style is not None else "", para.text)
        for path in out.glob("*.docx")
        for para in docx.Document(str(path)).paragraphs
    ]


def _headings(out: Path) -> set[str]:
    """The heading texts of every document built into `out`."""
    return {text for style, text in _paragraphs(out) if style.startswith("Heading")}


def test_an_unclosed_fence_is_a_located_warning_and_swallows_nothing(run, good):
    chapter(good, "Før koden.\n\n```\nkode som aldri lukkes")
    (good / "kapitler" / "02-etter.md").write_text("# Kapittelet etter\n\nTekst.\n", encoding="utf-8")
    code, out, err = build(run, good)
    assert code == 0, err
    assert "01-innledning.md:" in out + err and "kodeblokken (```) lukkes aldri" in out + err
    assert any(h.endswith("Kapittelet etter") for h in _headings(good / "build"))


def test_an_unclosed_comment_is_a_located_error(run, good):
    chapter(good, "Før kommentaren.\n\n<!-- en kommentar som aldri lukkes\n\n## Skjult?\n\nMer tekst.")
    code, _, err = build(run, good)
    assert code == 2
    assert "01-innledning.md:" in err and "kommentaren (<!--) lukkes aldri" in err and "avslutt kommentaren med -->" in err
    assert not (good / "build").exists() or not list((good / "build").glob("*.docx"))


def test_a_list_ten_levels_deep_is_kept_whole_with_a_warning(run, good):
    # CommonMark parsers stop at 20 nested blocks and drop the rest: here that was the heading after the list
    items = "\n".join("  " * depth + f"- nivå {depth + 1}" for depth in range(10))
    chapter(good, "Liste:\n\n" + items + "\n\n## Under listen\n\nTekst.")
    code, out, err = build(run, good)
    assert code == 0, err
    assert "01-innledning.md:" in out + err and "listen har flere enn 3 nivåer" in out + err
    paragraphs = _paragraphs(good / "build")
    assert any(style.startswith("Heading") and text.endswith("Under listen") for style, text in paragraphs)
    assert "nivå 10" in {text for _, text in paragraphs}  # the deepest items are shown, at the third level


@pytest.mark.parametrize("text", ["- a\n" + "\n".join("  " * d + f"- {d}" for d in range(1, 25)), "> " * 45 + "dypt"])
def test_nesting_the_parser_cannot_read_is_a_located_error(run, good, text):
    chapter(good, "Før.\n\n" + text + "\n\n## Etter\n\nTekst.")
    code, _, err = build(run, good)
    assert code == 2
    assert "01-innledning.md:" in err and "nestet i 19 nivåer eller flere" in err


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_chapter_in_another_encoding_names_the_file(run, good, encoding):
    (good / "kapitler" / "01-innledning.md").write_bytes("# Innledning\n\nBærum og Ås\n".encode(encoding))
    code, _, err = build(run, good)
    assert code == 2 and "01-innledning.md" in err and "lagre filen som UTF-8" in err


def test_yaml_merge_keys_and_surrogates(run, good):
    text = (good / "horing.yaml").read_text(encoding="utf-8")
    (good / "horing.yaml").write_text("felles: &f {epost: post@provestad.kommune.no}\n" + text, encoding="utf-8")
    code, _, err = build(run, good)
    assert code == 2 and "felles" in err  # merge syntax read; the unknown field is reported, located
    (good / "horing.yaml").write_text(text.replace("Ola Nordmann", '"Ola \\ud800"'), encoding="utf-8")
    code, _, err = build(run, good)
    assert code == 2 and "horing.yaml:" in err


def test_omriss_on_unreadable_files(run, tmp_path):
    garbage = tmp_path / "tull.docx"
    garbage.write_bytes(b"ikke en zip")
    no_body = tmp_path / "tom.docx"
    with zipfile.ZipFile(no_body, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
            ' Target="word/document.xml"/></Relationships>',
        )
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    for path in (garbage, no_body):
        code, _, err = run("omriss", str(path))
        assert code == 2 and path.name in err
        code, _, err = run("check", str(path))
        assert code == 2 and path.name in err


def test_zip_bombs_are_refused_before_unpacking(run, tmp_path, monkeypatch):
    from planbygg.read import docx as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 1024 * 1024)
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    for command in ("check", "omriss"):
        code, _, err = run(command, str(bomb))
        assert code == 2 and "for stort" in err


def test_broken_reference_document(run, good):
    (good / "ref.docx").write_bytes(b"PK\x03\x04 ikke helt")
    text = (good / "planbygg.yaml").read_text(encoding="utf-8")
    (good / "planbygg.yaml").write_text(text.replace("  logo: logo.png", "  referansedokument: ref.docx\n  logo: logo.png"))
    code, _, err = build(run, good)
    assert code == 2 and "Referansedokumentet" in err


@pytest.mark.parametrize(("value", "words"), [("99999999999999", "etter år 9999"), ("i går", "sekunder siden")])
def test_source_date_epoch(run, good, value, words):
    code, _, err = build(run, good, env={"SOURCE_DATE_EPOCH": value})
    assert code == 2 and words in err and "SOURCE_DATE_EPOCH" in err


def test_damaged_images_are_refused(run, good):
    (good / "logo.png").write_bytes(PNG[:40])
    code, _, err = build(run, good)
    assert code == 2 and "logo.png" in err and "avkuttet" in err
    (good / "logo.png").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50)
    code, _, err = build(run, good)
    assert code == 2 and "JPEG" in err


def test_batch_builds_every_good_folder_and_reports_every_bad_one(run, folder):
    good_one = folder(name="en")
    bad = folder({"strategier.yaml": "strategier: [\n"}, name="to")
    good_two = folder(name="tre")
    code, _, err = run("build", str(good_one), str(bad), str(good_two), "--ignorer-krav", "-j", "1")
    assert code == 2 and "to" in err
    assert (good_one / "build").is_dir() and (good_two / "build").is_dir() and not (bad / "build").exists()


def test_internal_error_is_logged_not_shown(run, good, monkeypatch):
    from planbygg import pipeline

    def bug(*args, **kwargs):
        raise RuntimeError("en feil i planbygg")

    monkeypatch.setattr(pipeline, "build", bug)
    monkeypatch.setattr(pipeline, "build_safely", lambda *args: bug())
    code, _, err = build(run, good)
    assert code == 3 and "intern feil i planbygg" in err and "0.1" in err
    log = Path(err.split("skrevet til ")[1].split(";")[0].strip())
    assert "RuntimeError: en feil i planbygg" in log.read_text(encoding="utf-8")
    log.unlink()


def test_new_folder_quotes_a_name_with_a_colon(run, tmp_path):
    target = tmp_path / "ny"
    assert run("ny", str(target), "--navn", "Ål: kommune #1", "--kommunenummer", "3328")[0] == 0
    code, _, _ = run("check", str(target))
    assert code in (0, 1)
