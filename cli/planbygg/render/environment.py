"""Stage 3a: the sandboxed Jinja environment: search path, StrictUndefined, Norwegian filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment

from .. import cache as disk_cache
from ..dates import format_date


class _MemoryBytecodeCache(BytecodeCache):
    """Share compiled templates between environments of one process (one per municipality),
    and between processes through a small on-disk cache (compiling the templates is the
    largest cost of a cold build; loading the compiled code takes under a millisecond).

    Jinja keys the bucket by template name and a checksum of the source, and checks the
    Python and Jinja versions when loading, so a municipality override with different text
    never picks up the library's code. The disk cache lives in $PLANBYGG_CACHE (or
    $XDG_CACHE_HOME/planbygg, ~/.cache/planbygg); PLANBYGG_CACHE=0 turns it off, and a
    directory that cannot be written is silently skipped.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is None:
            code = disk_cache.read(_CACHE_KIND, bucket.key)
            if code is not None:
                self._store[bucket.key] = code
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._store[bucket.key] = bucket.bytecode_to_string()
        disk_cache.write(_CACHE_KIND, bucket.key, code)


# Bump when the environment's options (trim_blocks, lstrip_blocks, ...) change: they shape the code.
_CACHE_KIND = "jinja-1"

_BYTECODE = _MemoryBytecodeCache()
_ENVIRONMENTS: dict[tuple[str, ...], SandboxedEnvironment] = {}


def norwegian_list(items: Any, lang: str = "nb") -> str:
    """Join ["a", "b", "c"] as «a, b og c» (the same in bokmål and nynorsk)."""
    words = [str(i) for i in items if i not in (None, "")]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " og " + words[-1]


def short_date(day: dt.date) -> str:
    """Return 15.06.2024."""
    return day.strftime("%d.%m.%Y")


def number(value: Any) -> str:
    """Return 12 345 with a thin-space-free Norwegian thousands separator."""
    return f"{int(value):,}".replace(",", "\u00a0")


def make_environment(search_path: list[Path], library_path: list[Path], lang: str) -> SandboxedEnvironment:
    """Return the (cached) environment for one search path.

    The sandbox keeps templates from reaching Python internals, StrictUndefined makes a
    misspelt field an error instead of an empty paragraph in a legal document, and the
    «bibliotek/» prefix lets an override extend the library's version of the same template.
    """
    key = (lang, *map(str, search_path))
    env = _ENVIRONMENTS.get(key)
    if env is not None:
        return env
    library_loader = FileSystemLoader([str(p) for p in library_path])
    loader: BaseLoader = ChoiceLoader(
        [
            FileSystemLoader([str(p) for p in search_path]),
            PrefixLoader({"bibliotek": library_loader}),
        ]
    )
    env = SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_BYTECODE,
        auto_reload=False,
    )
    env.filters["dato"] = lambda d, ukedag=False: format_date(d, lang, weekday=ukedag)
    env.filters["kortdato"] = short_date
    env.filters["liste"] = lambda items: norwegian_list(items, lang)
    env.filters["tall"] = number
    env.globals["språk"] = lang
    _ENVIRONMENTS[key] = env
    return env
