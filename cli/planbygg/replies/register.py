"""The register høringssvar.yaml: read it round-trip, add new replies at the end, never touch what is there.

ruamel.yaml's round-trip mode keeps the planner's comments, order, quoting and edits; planbygg
only appends entries for files it has not seen before. An entry is known by its «fil:».
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..location import SourceLocation
from ..write.files import atomic_write
from .sources import Reply

FILE_NAME = "høringssvar.yaml"
HEADER = {
    "nb": """Register over høringssvar – {title}.
Laget av «planbygg svar», som legger til nye svar nederst og aldri skriver over det som står her.
For hvert innspill: rett «gjelder» om planbygg har foreslått feil del av planen, og fyll ut ('' er tomt)
  vurdering: tatt til følge | delvis tatt til følge | ikke tatt til følge | til orientering
  begrunnelse: administrasjonens vurdering
  endring: hva som endres i planen (skal fylles ut når innspillet er tatt helt eller delvis til følge)
«planbygg build» lager høringsoppsummeringen av registeret.""",
    "nn": """Register over høyringssvar – {title}.
Laga av «planbygg svar», som legg til nye svar nedst og aldri skriv over det som står her.
For kvart innspel: rett «gjelder» om planbygg har foreslått feil del av planen, og fyll ut ('' er tomt)
  vurdering: teke til følgje | delvis teke til følgje | ikkje teke til følgje | til orientering
  begrunnelse: vurderinga til administrasjonen
  endring: kva som vert endra i planen (skal fyllast ut når innspelet er teke heilt eller delvis til følgje)
«planbygg build» lagar høyringsoppsummeringa av registeret.""",
}
SHORTENED = {"nb": "forkortet; hele teksten står i filen", "nn": "forkorta; heile teksten står i fila"}
SUGGESTED = {"nb": "foreslått", "nn": "foreslått"}


def _yaml() -> Any:
    """ruamel.yaml in round-trip mode, with the layout the content files use."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        """Dates stay dates, so they are written back as they were (2024-03-15, not '2024-03-15').

        The content loader registers «timestamps as text» on ruamel's shared constructor class;
        this subclass has its own table.
        """

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_timestamp)
    yaml = YAML(typ="rt")
    yaml.Constructor = Constructor
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long innspill stay on one line instead of being folded at column 80
    yaml.allow_unicode = True
    return yaml


def load_register(path: Path) -> Any:
    """The register as ruamel's round-trip data (a CommentedMap), or None when there is none yet."""
    if not path.is_file():
        return None
    from ruamel.yaml.error import YAMLError

    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = SourceLocation(str(path), mark.line + 1, mark.column + 1) if mark else SourceLocation(str(path))
        raise ContentError([Problem(f"YAML-feil i registeret: {getattr(exc, 'problem', exc)}", where)]) from exc
    return data


def known_files(data: Any) -> set[str]:
    """The files the register already has an entry for."""
    if not data or not isinstance(data.get("svar"), list):
        return set()
    return {str(entry.get("fil")) for entry in data["svar"] if isinstance(entry, dict) and entry.get("fil")}


def _text(value: str) -> Any:
    """Multi-line text as a literal block (|), so paragraphs stay readable in the file."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value.rstrip() + "\n") if "\n" in value.strip() else value


def entry(reply: Reply, links: list[Any], flags: list[str], lang: str) -> Any:
    """A new register entry for one reply, with empty fields for the assessment."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    item = CommentedMap()
    item["fil"] = reply.file
    # Empty fields are written as '' (not left empty): see validate/replies.py, Blank.
    item["avsender"] = reply.sender
    item["organisasjon"] = reply.organisation
    item["kategori"] = reply.category
    item["dato"] = reply.date
    item["kanal"] = reply.channel
    if flags:
        item["personopplysninger"] = CommentedSeq(flags)
        item.yaml_add_eol_comment("mulige personopplysninger: ta dem ut av teksten før den publiseres", "personopplysninger")
    pieces = CommentedSeq()
    for piece, part in zip(reply.pieces, links, strict=True):
        one = CommentedMap()
        if piece.question:
            one["spørsmål"] = piece.question
        one["tekst"] = _text(piece.text)
        if piece.text.endswith("[…]"):
            one.yaml_add_eol_comment(SHORTENED[lang], "tekst")
        if part is not None:
            one["gjelder"] = CommentedMap([(part.key, part.value)])
            one["gjelder"].fa.set_flow_style()
            one.yaml_add_eol_comment(f"{SUGGESTED[lang]}: {part.label}", "gjelder")
        else:
            one["gjelder"] = ""
        one["vurdering"] = ""
        one["begrunnelse"] = ""
        one["endring"] = ""
        pieces.append(one)
    item["innspill"] = pieces
    return item


def add_entries(path: Path, data: Any, entries: Iterable[Any], title: str, lang: str) -> None:
    """Append new entries to the register (creating it with its header) and write it atomically."""
    from io import StringIO

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if data is None:
        data = CommentedMap()
        data.yaml_set_start_comment(HEADER[lang].format(title=title))
    if not isinstance(data.get("svar"), list):
        data["svar"] = CommentedSeq()
    for item in entries:
        data["svar"].append(item)
    out = StringIO()
    _yaml().dump(data, out)
    atomic_write(path, out.getvalue().encode("utf-8"))
