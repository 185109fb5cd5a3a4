"""Stage 3a: the sandboxed Jinja environment: layered search path, StrictUndefined, Norwegian filters."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, StrictUndefined, TemplateNotFound
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..dates import format_date

LIBRARY_PREFIX = "bibliotek/"  # «the same template in the next layer below this one»
_LAYER_MARK = "@lag"  # internal names: «@lag2/hoeringsbrev.md.j2» = search from layer 2 down


class _CompiledTemplates(BytecodeCache):
    """Compiled templates: shared between the environments of one process, and kept in planbygg's cache.

    Compiling the three templates of a build costs 0.18–0.25 s of CPU, most of a build's own work
    (bench/README.md), so the compiled code is also stored on disk, the way Python keeps
    `__pycache__`: in planbygg's cache folder, used only when it is the user's own and no one
    else can write to it (cache.py), and named by a key of planbygg's, Jinja's and Python's
    versions and the environment's settings. Jinja keys each bucket by template name and file and
    checks a checksum of the source, so an edited template, or a municipality override with
    different text, is simply a miss and never picks up other code. PLANBYGG_CACHE=0 keeps it in
    memory only.
    """

    KIND = "maler"

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is None:
            from .. import cache

            code = cache.read(self.KIND, _disk_name(bucket))
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # a stale entry leaves the bucket empty: compiled anew
        except Exception:  # a damaged entry (cut short, another format) is only a miss
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        from .. import cache

        code = bucket.bytecode_to_string()
        self._store[bucket.key] = code
        cache.write(self.KIND, _disk_name(bucket), code)


def _disk_name(bucket: Bucket) -> str:
    """The cache file for a bucket: everything the compiled code depends on besides the source."""
    import sys

    import jinja2

    from .. import cache

    env = bucket.environment
    settings = repr(
        (
            type(env).__qualname__,
            sorted(getattr(env, "intercepted_binops", ())),
            env.trim_blocks,
            env.lstrip_blocks,
            env.keep_trailing_newline,
            env.newline_sequence,
            bool(env.autoescape),
            env.finalize is not None,
        )
    )
    return cache.key(jinja2.__version__, sys.version, settings, bucket.key)


MAX_PRODUCT = 10_000_000  # characters or items one `*` may make in a template; a whole plan is under 1 million
MAX_EXPONENT = 1000


class OutsideFolderError(JinjaTemplateError):
    """A template or included file lies outside the municipality folder and the libraries."""


_BYTECODE = _CompiledTemplates()
_ENVIRONMENTS: dict[tuple[Any, ...], LayeredEnvironment] = {}


class LayeredLoader(BaseLoader):
    """Find templates layer by layer: the municipality, then each shared library, then the built-in one.

    A plain name is searched from the first layer. «bibliotek/NAME» is resolved by the environment
    (see LayeredEnvironment.join_path) to «@lagN/NAME»: the same name searched from the layer below
    the one the asking template came from, so an override in any layer can extend the one beneath
    it without ever reaching itself again. Every file must really lie inside its folder: symlinks
    or «..» out of a layer are refused.
    """

    def __init__(self, layers: list[list[Path]]) -> None:
        self.layers = [[p.resolve() for p in folders] for folders in layers]

    def find(self, name: str) -> tuple[int, Path] | None:
        """Return (layer index, file) for a template name, or None."""
        start, plain = split_layer(name)
        parts = [p for p in plain.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return None
        for index in range(start, len(self.layers)):
            for folder in self.layers[index]:
                path = folder.joinpath(*parts)
                if path.is_file():
                    real = path.resolve()
                    if real == folder or folder in real.parents:
                        return index, real
                    # A link out of the folder is refused before the file is read, not searched past.
                    raise OutsideFolderError(
                        f"«{plain}» peker ut av kommunemappen og biblioteket (en lenke til en fil utenfor); "
                        "legg filen inne i mappen i stedet for en lenke"
                    )
        return None

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        found = self.find(template)
        if found is None:
            raise TemplateNotFound(split_layer(template)[1])
        _index, path = found
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateNotFound(f"{split_layer(template)[1]} (filen er ikke lagret som UTF-8)") from exc
        mtime = os.path.getmtime(path)
        return source, str(path), lambda: os.path.getmtime(path) == mtime


def split_layer(name: str) -> tuple[int, str]:
    """«@lag2/x.md» → (2, "x.md"); a plain name starts at layer 0."""
    if name.startswith(_LAYER_MARK):
        head, _, rest = name.partition("/")
        digits = head[len(_LAYER_MARK) :]
        if digits.isdigit():
            return int(digits), rest
    return 0, name


class LayeredEnvironment(SandboxedEnvironment):
    """The sandbox, where «bibliotek/NAME» means NAME one layer below the asking template, and `*`/`**` are bounded.

    Bounds on `*` and `**` make `"x" * 10**10` or `9**9**9` an error, not a hang.
    """

    loader: LayeredLoader
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"potensen {right} er for stor (høyst {MAX_EXPONENT})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_PRODUCT:
                    raise SecurityError(f"resultatet av * blir for stort (over {MAX_PRODUCT} tegn eller elementer)")
        return super().call_binop(context, operator, left, right)

    def join_path(self, template: str, parent: str) -> str:
        if not template.startswith(LIBRARY_PREFIX):
            return template
        name = template[len(LIBRARY_PREFIX) :]
        found = self.loader.find(parent)
        below = found[0] + 1 if found else 1
        return f"{_LAYER_MARK}{below}/{name}"


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
    """Return 12 345 with a non-breaking space as the Norwegian thousands separator."""
    return f"{int(value):,}".replace(",", "\u00a0")


def layer_folders(layers: list[Path], lang: str) -> list[list[Path]]:
    """The template folders of each layer; the målform folder (nb/nn) wins within a layer.

    The municipality folder itself comes last in its layer, so its own Markdown files can be
    included by their path, e.g. «kapitler/felles.md».
    """
    out: list[list[Path]] = []
    for index, layer in enumerate(layers):
        folders = [layer / sub for sub in (f"templates/{lang}", "templates", f"content/{lang}", "content")]
        folders = [f for f in folders if f.is_dir()]
        if index == 0:
            folders.append(layer)
        out.append(folders)
    return out


# The filters templates can use, and what they do (docs/maler.md is made from this).
FILTER_DOC: dict[str, str] = {
    "dato": "en dato som «15. juni 2024»; `dato(ukedag=true)` gir «lørdag 15. juni 2024» (nynorsk: «laurdag»)",
    "kortdato": "en dato som «15.06.2024»",
    "liste": "[a, b, c] som «a, b og c»",
    "tall": "et tall med mellomrom som tusenskille: «12 345»",
}


def make_environment(layers: list[Path], lang: str, finalize: Callable[[Any], Any]) -> LayeredEnvironment:
    """Return the (cached) environment for one set of layers and målform.

    The sandbox keeps templates from reaching Python internals, StrictUndefined makes a
    misspelt field an error instead of an empty paragraph in a legal document, and `finalize`
    lets the renderer see every value a template prints (to keep track of where text came from).
    """
    folders = layer_folders(layers, lang)
    key = (lang, finalize, *(tuple(map(str, f)) for f in folders))  # a new override folder gives a new environment
    env = _ENVIRONMENTS.get(key)
    if env is not None:
        return env
    env = LayeredEnvironment(
        loader=LayeredLoader(folders),
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_BYTECODE,
        auto_reload=False,
        finalize=finalize,
    )
    env.filters["dato"] = lambda d, ukedag=False: format_date(d, lang, weekday=ukedag)
    env.filters["kortdato"] = short_date
    env.filters["liste"] = lambda items: norwegian_list(items, lang)
    env.filters["tall"] = number
    env.globals["språk"] = lang
    _ENVIRONMENTS[key] = env
    return env
