"""`planbygg ny`: start a municipality folder from the library's skeleton (templates/ny-kommune/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .errors import ContentError, Problem
from .location import SourceLocation


def new_folder(
    target: Path, name: str, number: str, nynorsk: bool = False, council: bool = False, today: dt.date | None = None
) -> list[Path]:
    """Write a complete, buildable skeleton into `target`; refuse to touch a folder that has files."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from .library import builtin_library
    from .load.folder import slugify
    from .write.files import atomic_write

    if target.exists() and any(target.iterdir()):
        raise ContentError(
            [
                Problem(
                    "mappen finnes og er ikke tom",
                    SourceLocation(str(target)),
                    "velg en ny mappe; planbygg ny overskriver aldri filer",
                )
            ]
        )
    if not name.strip() or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise ContentError([Problem(f"«{name!r}» er ikke et kommunenavn", hint="skriv navnet på én linje, f.eks. «Ål kommune»")])
    if not (len(number) == 4 and number.isdigit()):
        raise ContentError([Problem(f"«{number}» er ikke et kommunenummer", hint="kommunenummeret har fire sifre, f.eks. 3201")])
    today = today or dt.date.today()
    deadline = today + dt.timedelta(weeks=8)  # six weeks is the floor; eight leaves room for a holiday
    skeleton = builtin_library() / "templates" / "ny-kommune"
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(skeleton)), undefined=StrictUndefined, trim_blocks=True, keep_trailing_newline=True
    )
    # A name with «: », «#» or quotes must be quoted in YAML; JSON's string syntax is valid YAML.
    env.filters["yaml"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    values = {
        "navn": name,
        "kortnavn": slugify(name),
        "kommunenummer": number,
        "målform": "nynorsk" if nynorsk else "bokmål",
        "styringsform": "byråd" if council else "kommunedirektør",
        "år": today.year,
        "dato": today.isoformat(),
        "frist": deadline.isoformat(),
    }
    written = []
    for source in sorted(skeleton.rglob("*.j2")):
        relative = source.relative_to(skeleton).with_suffix("")  # planbygg.yaml.j2 → planbygg.yaml
        text = env.get_template(source.relative_to(skeleton).as_posix()).render(values)
        atomic_write(target / relative, text.encode("utf-8"))
        written.append(target / relative)
    return written
