"""Where things are: the built-in library, shared libraries and a municipality's override folders."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import ContentError, Problem
from .location import SourceLocation


@lru_cache(maxsize=1)
def builtin_library() -> Path:
    """Return the folder holding the built-in templates/, content/ and rules/.

    An installed wheel carries them as package data in planbygg/_library; a source
    checkout (editable install, tests run from the repository) has them at the top level.
    """
    from importlib.resources import files

    packaged = Path(str(files("planbygg"))) / "_library"
    if (packaged / "templates").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "templates").is_dir():
        return checkout
    raise ContentError(
        [Problem("fant ikke malbiblioteket som følger med planbygg", hint="installer planbygg på nytt med «pip install .»")]
    )


def library_layers(root: Path, libraries: list[str] | None, where: SourceLocation | None = None) -> list[Path]:
    """Return the layers searched for templates and content, most specific first.

    The municipality folder comes first, then each shared library named in planbygg.yaml
    (a consultant's library, relative to the folder), then the built-in library.
    """
    layers = [Path(root).resolve()]
    problems = []
    for name in libraries or []:
        path = (root / name).resolve()
        if not path.is_dir():
            problems.append(Problem(f"finner ikke biblioteket «{name}»", where, "stien er relativ til kommunemappen"))
            continue
        layers.append(path)
    if problems:
        raise ContentError(problems)
    layers.append(builtin_library())
    return layers


def search_path(layers: list[Path], lang: str) -> list[Path]:
    """Expand layers into Jinja search folders; the målform folder (nb/nn) wins within a layer."""
    folders: list[Path] = []
    for layer in layers:
        for sub in (f"templates/{lang}", "templates", f"content/{lang}", "content"):
            path = layer / sub
            if path.is_dir():
                folders.append(path)
    # The municipality root last: chapters are included by their path, e.g. «kapitler/01-innledning.md».
    folders.append(layers[0])
    return folders


def shown(path: Path | str) -> str:
    """A path as the user should see it: relative to the working folder, and never an installation path.

    Files of the built-in library are shown relative to the library («content/nb/lovgrunnlag.md»),
    the same on every machine.
    """
    real = Path(path).resolve()
    library = builtin_library().resolve()
    if library in real.parents:
        return real.relative_to(library).as_posix()
    try:
        return str(real.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def layer_of(path: Path, layers: list[Path]) -> int:
    """The index of the layer a file lies in (0 = the municipality); -1 when it lies in none."""
    real = Path(path).resolve()
    best, depth = -1, -1
    for index, layer in enumerate(layers):
        base = layer.resolve()
        # A library kept inside the municipality folder is its own layer: the deepest match wins.
        if (real == base or base in real.parents) and len(base.parts) > depth:
            best, depth = index, len(base.parts)
    return best


def schema_folder() -> Path:
    """The JSON Schemas of the content files (package data when installed, docs/schema in a checkout)."""
    library = builtin_library()
    packaged = library / "schema"
    return packaged if packaged.is_dir() else library / "docs" / "schema"
