"""The one disk cache (cache.py) and the compiled templates kept in it (render/environment.py)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from planbygg import cache
from planbygg.render import environment


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANBYGG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_unusable", set())
    return tmp_path / "cache"


@pytest.mark.parametrize("value", ["0", "off", "false", "nei", "NO", " "])
def test_the_cache_is_off_when_asked(monkeypatch, value):
    monkeypatch.setenv("PLANBYGG_CACHE", value)
    assert cache.folder("maler") is None
    cache.write("maler", "x", b"data")  # nothing to write to, and no error
    assert cache.read("maler", "x") is None


@pytest.mark.parametrize("home", ["", "~", "relativ/mappe"])
def test_no_home_folder_means_no_cache_and_never_one_where_the_user_stands(monkeypatch, home):
    monkeypatch.delenv("PLANBYGG_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)
    assert cache.folder("maler") is None


def test_entries_round_trip_and_a_key_changes_with_what_the_result_depends_on(store):
    name = cache.key("a", "b")
    assert name != cache.key("a", "c") and name != cache.key("ab")
    cache.write("orddeling", name, b"hel-se-sta-sjon")
    assert cache.read("orddeling", name) == b"hel-se-sta-sjon"
    assert (store / "orddeling").stat().st_mode & 0o777 == 0o700
    assert not list((store / "orddeling").glob("*.tmp"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="filrettigheter som på Unix")
def test_a_folder_or_file_others_can_write_to_is_never_used(store):
    cache.write("maler", "x", b"code")
    (store / "maler" / "x").chmod(0o666)
    assert cache.read("maler", "x") is None  # the file could have been written by someone else
    (store / "maler" / "x").chmod(0o600)
    assert cache.read("maler", "x") == b"code"
    (store / "maler").chmod(0o777)
    assert cache.read("maler", "x") is None
    cache.write("maler", "y", b"code")  # refused, and the kind is off for the rest of the run
    assert not (store / "maler" / "y").exists() and "maler" in cache._unusable


def _fresh_environment(folder: Path) -> environment.LayeredEnvironment:
    """An environment as a new process would have it: no templates in memory."""
    environment._ENVIRONMENTS.clear()
    environment._BYTECODE._store.clear()
    return environment.make_environment([folder], "nb", lambda value: value)


def test_compiled_templates_are_kept_and_a_changed_template_is_compiled_anew(store, tmp_path, monkeypatch):
    folder = tmp_path / "kommune"
    (folder / "templates").mkdir(parents=True)
    template = folder / "templates" / "brev.md.j2"
    template.write_text("Hei {{ navn }}!\n", encoding="utf-8")
    compiled: list[str] = []
    original = jinja2.Environment._compile

    def counting(self, source, filename):
        compiled.append(filename)
        return original(self, source, filename)

    monkeypatch.setattr(jinja2.Environment, "_compile", counting)
    assert _fresh_environment(folder).get_template("brev.md.j2").render(navn="Ål") == "Hei Ål!\n"
    assert len(compiled) == 1 and len(list((store / "maler").iterdir())) == 1
    assert _fresh_environment(folder).get_template("brev.md.j2").render(navn="Ål") == "Hei Ål!\n"
    assert len(compiled) == 1  # read back from the cache, not compiled again
    template.write_text("Hallo {{ navn }}!\n", encoding="utf-8")
    assert _fresh_environment(folder).get_template("brev.md.j2").render(navn="Ål") == "Hallo Ål!\n"
    assert len(compiled) == 2


def test_a_damaged_cache_entry_is_compiled_anew(store, tmp_path):
    folder = tmp_path / "kommune"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "brev.md.j2").write_text("Hei {{ navn }}!\n", encoding="utf-8")
    _fresh_environment(folder).get_template("brev.md.j2")
    for entry in (store / "maler").iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    assert _fresh_environment(folder).get_template("brev.md.j2").render(navn="Ål") == "Hei Ål!\n"


def test_with_the_cache_off_templates_stay_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANBYGG_CACHE", "0")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    folder = tmp_path / "kommune"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "brev.md.j2").write_text("Hei {{ navn }}!\n", encoding="utf-8")
    assert _fresh_environment(folder).get_template("brev.md.j2").render(navn="Ål") == "Hei Ål!\n"
    assert not (tmp_path / ".cache").exists()
