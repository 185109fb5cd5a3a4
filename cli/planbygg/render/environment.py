"""Stage 3a: the sandboxed Jinja environment: search path, StrictUndefined, Norwegian filters."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..dates import format_date
from ..load.paths import within


class _MemoryBytecodeCache(BytecodeCache):
    """Share compiled templates between the environments of one process (one per municipality in a batch).

    Nothing is kept on disk: compiling the templates of a build costs about 0.1 s of CPU
    (bench/README.md), too little to pay for a disk cache's stale entries and for loading code
    from a folder. Jinja keys each bucket by template name and file and checks a checksum of the
    source, so a municipality override with different text never picks up the library's code.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class _ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template whose real path (symlinks resolved) is outside its folders."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        # Check the file Jinja would open before it is opened: a symlink out must not even be read.
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                if not within(Path(filename), [Path(p) for p in self.searchpath]):
                    raise OutsideFolderError(
                        f"«{template}» peker ut av kommunemappen og biblioteket (en lenke til en fil utenfor); "
                        "legg filen inne i mappen i stedet for en lenke"
                    )
                break
        return super().get_source(environment, template)


MAX_PRODUCT = 10_000_000  # characters or items one `*` may make in a template; a whole plan is under 1 million
MAX_EXPONENT = 1000


class _BoundedSandbox(SandboxedEnvironment):
    """The sandbox, plus bounds on `*` and `**`, so `"x" * 10**10` or `9**9**9` is an error, not a hang."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"potensen {right} er for stor (høyst {MAX_EXPONENT})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_PRODUCT:
                    raise SecurityError(f"resultatet av * blir for stort (over {MAX_PRODUCT} tegn eller elementer)")
        return super().call_binop(context, operator, left, right)


class OutsideFolderError(JinjaTemplateError):
    """A template or included file lies outside the municipality folder and the libraries."""


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
    library_loader = _ConfinedLoader([str(p) for p in library_path])
    loader: BaseLoader = ChoiceLoader(
        [
            _ConfinedLoader([str(p) for p in search_path]),
            PrefixLoader({"bibliotek": library_loader}),
        ]
    )
    env = _BoundedSandbox(
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
