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
    layers = [root]
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
