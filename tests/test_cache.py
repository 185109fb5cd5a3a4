"""The one on-disk cache (compiled templates): off switches, no HOME, read-only and foreign folders, versioned keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planbygg import cache
from planbygg.render import environment


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(cache, "_unusable", set())


@pytest.mark.parametrize("value", ["0", "off", "false", "FALSE", "nei", "no", " Off "])
def test_off_switches(monkeypatch, tmp_path, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANBYGG_CACHE", value)
    assert cache.cache_dir("jinja") is None
    cache.write("jinja", "k", b"data")
    assert list(tmp_path.iterdir()) == []  # nothing like ./false/ is made


def test_missing_or_relative_home_means_no_cache_or_the_password_database(monkeypatch):
    monkeypatch.delenv("PLANBYGG_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    folder = cache.cache_dir("jinja")
    assert folder is None or folder.is_absolute()
    cache.write("jinja", "k", b"x") if folder is None else None  # must not raise


def test_round_trip_and_private_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANBYGG_CACHE", str(tmp_path / "c"))
    assert cache.read("jinja", "k") is None
    cache.write("jinja", "k", b"kode")
    assert cache.read("jinja", "k") == b"kode"
    assert (tmp_path / "c" / "jinja").stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_never_read(monkeypatch, tmp_path):
    shared = tmp_path / "c" / "jinja"
    shared.mkdir(parents=True)
    (shared / "k").write_bytes(b"fremmed kode")
    shared.chmod(0o777)
    monkeypatch.setenv("PLANBYGG_CACHE", str(tmp_path / "c"))
    assert cache.read("jinja", "k") is None
    cache.write("jinja", "k2", b"x")
    assert not (shared / "k2").exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root can write anywhere")
def test_read_only_folder_is_skipped(monkeypatch, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("PLANBYGG_CACHE", str(ro))
    cache.write("jinja", "k", b"x")
    assert cache.read("jinja", "k") is None


def test_key_holds_version_options_name_and_file(monkeypatch):
    bcc = environment._MemoryBytecodeCache()
    key = bcc.get_cache_key("plan.md.j2", "/a/plan.md.j2")
    assert key != bcc.get_cache_key("plan.md.j2", "/b/plan.md.j2")
    monkeypatch.setattr("planbygg.__version__", "99.0")
    assert key != bcc.get_cache_key("plan.md.j2", "/a/plan.md.j2")
    monkeypatch.setattr(environment, "_OPTIONS", "trim_blocks=0")
    assert key != bcc.get_cache_key("plan.md.j2", "/a/plan.md.j2")


def test_deleting_the_cache_is_safe(monkeypatch, tmp_path, folder):
    from planbygg import pipeline

    monkeypatch.setenv("PLANBYGG_CACHE", str(tmp_path / "c"))
    root = folder()
    first = pipeline.build(root, tmp_path / "a", ignore_requirements=True)
    for path in sorted((tmp_path / "c").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    second = pipeline.build(root, tmp_path / "b", ignore_requirements=True)
    names = [w.path.name for w in first.written]
    assert names == [w.path.name for w in second.written]
    for name in names:
        assert Path(tmp_path / "a" / name).read_bytes() == Path(tmp_path / "b" / name).read_bytes()
