"""`planbygg ny`: start a municipality folder from the library's skeleton (templates/ny-kommune/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .errors import ContentError, Problem
from .location import SourceLocation

# Plan types whose skeleton has measures; the others start with parts («innsatsområder») and text.
WITH_MEASURES = ("temaplan", "handlingsplan", "kommunedelplan")


def new_folder(
    target: Path,
    name: str,
    number: str,
    nynorsk: bool = False,
    council: bool = False,
    today: dt.date | None = None,
    plan_type: str = "temaplan",
) -> list[Path]:
    """Write a complete, buildable skeleton into `target`, in bokmål or nynorsk throughout; never touch a folder with files."""
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
    from .validate.schema import PLAN_TYPES

    if plan_type not in PLAN_TYPES:
        raise ContentError([Problem(f"ukjent plantype «{plan_type}»", hint=f"velg en av {', '.join(PLAN_TYPES)}")])
    from .dates import holiday_periods, next_working_day

    today = today or dt.date.today()
    sent = next_working_day(today)
    # Six weeks is the floor for a kommunedelplan; eight leave room for a holiday. Both dates are working days.
    deadline = next_working_day(sent + dt.timedelta(weeks=8))
    if holiday_periods(sent, deadline):  # over summer, Easter or Christmas: three more weeks
        deadline = next_working_day(deadline + dt.timedelta(weeks=3))
    skeleton = builtin_library() / "templates" / "ny-kommune" / ("nn" if nynorsk else "nb")
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(skeleton)), undefined=StrictUndefined, trim_blocks=True, keep_trailing_newline=True
    )
    # Text from the user goes into YAML quoted, so «Ål kommune: nord» or «#1» cannot change its meaning.
    env.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    values = {
        "navn": name,
        "kortnavn": slugify(name),
        "kommunenummer": number,
        "styringsform": "byråd" if council else "kommunedirektør",
        "type": plan_type,
        "har_tiltak": plan_type in WITH_MEASURES,
        "år": today.year,
        "dato": sent.isoformat(),
        "sendt": sent.isoformat(),
        "frist": deadline.isoformat(),
    }
    written = []
    # Editors (VS Code's YAML extension and others using yaml-language-server) complete the fields and
    # show errors while typing when each content file is tied to its JSON Schema.
    from .library import schema_folder

    schemas = {}
    for schema in sorted(schema_folder().glob("*.schema.json")):
        copy = target / ".planbygg" / "skjema" / schema.name
        atomic_write(copy, schema.read_bytes())
        written.append(copy)
        schemas[f"./.planbygg/skjema/{schema.name}"] = [schema.name.replace(".schema.json", ".yaml")]
    settings = target / ".vscode" / "settings.json"
    atomic_write(settings, (json.dumps({"yaml.schemas": schemas}, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    written.append(settings)
    for source in sorted(skeleton.rglob("*.j2")):
        relative = source.relative_to(skeleton).with_suffix("")  # planbygg.yaml.j2 → planbygg.yaml
        text = env.get_template(source.relative_to(skeleton).as_posix()).render(values)
        atomic_write(target / relative, text.encode("utf-8"))
        written.append(target / relative)
    return written
