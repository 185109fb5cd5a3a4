"""Reference documentation generated from the code: every content field, every template variable and function.

tools/make_docs.py writes docs/innhold.md, docs/maler.md and docs/schema/*.json from here, and a
test regenerates them and compares, so the documentation cannot drift from the schema or the context.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from .validate import types as t
from .validate.schema import FILES

SCHEMA_BASE = "https://planbygg.no/schema"  # an identifier only; editors read the files from docs/schema/


# ---------------------------------------------------------------- content fields (Markdown)


def _type_text(kind: t.FieldType) -> str:
    if isinstance(kind, t.Choice):
        return " \\| ".join(f"`{c}`" for c in kind.choices)
    if isinstance(kind, t.ListOf):
        return f"liste av {_type_text(kind.item) if not isinstance(kind.item, t.Mapping) else 'grupper (se under)'}"
    if isinstance(kind, t.Mapping):
        return "gruppe (se under)"
    if isinstance(kind, t.OneOf):
        return " eller ".join(_type_text(o) for o in kind.options)
    if isinstance(kind, t.Text) and kind.markdown:
        return "tekst (Markdown)"
    return kind.doc


def _rows(mapping: t.Mapping, prefix: str, out: list[tuple[str, str, str, str]], groups: list[tuple[str, t.Mapping]]) -> None:
    for name, spec in mapping.fields.items():
        path = f"{prefix}{name}"
        out.append((path, _type_text(spec.type), "ja" if spec.required else "", spec.doc))
        inner = spec.type.item if isinstance(spec.type, t.ListOf) else spec.type
        if isinstance(inner, t.OneOf):
            inner = next((o for o in inner.options if isinstance(o, t.Mapping)), inner)
        if isinstance(inner, t.Mapping) and inner.fields:
            groups.append((path + ("[]" if isinstance(spec.type, t.ListOf) else ""), inner))


def fields_markdown() -> str:
    """Every field of every content file, as Markdown tables (Norwegian)."""
    lines = [
        "# Innholdsfeltene",
        "",
        "<!-- Laget av tools/make_docs.py fra validate/schema.py. Ikke rediger for hånd. -->",
        "",
        "Hver kommunemappe har disse filene. Felt merket «ja» må være med; resten er valgfrie.",
        "Redigeringsprogrammer som VS Code (med YAML-utvidelsen) kan fullføre feltene og vise feil",
        "mens du skriver: se `docs/schema/` og README.",
        "",
    ]
    for file_name, (_key, schema) in FILES.items():
        lines += [f"## {file_name}", ""]
        queue: list[tuple[str, t.Mapping]] = [("", schema)]
        while queue:
            prefix, mapping = queue.pop(0)
            rows: list[tuple[str, str, str, str]] = []
            groups: list[tuple[str, t.Mapping]] = []
            _rows(mapping, f"{prefix}." if prefix else "", rows, groups)
            if prefix:
                lines += [f"### {prefix}", ""]
            lines += ["| Felt | Verdi | Påkrevd | Betydning |", "|---|---|---|---|"]
            lines += [f"| `{path}` | {kind} | {req} | {doc} |" for path, kind, req, doc in rows]
            lines.append("")
            queue.extend(groups)
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- JSON Schema for editors


def _json_type(kind: t.FieldType) -> dict[str, Any]:
    if isinstance(kind, t.Mapping):
        props = {
            name: {**_json_type(spec.type), **({"description": spec.doc} if spec.doc else {})}
            for name, spec in kind.fields.items()
        }
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [name for name, spec in kind.fields.items() if spec.required]
        if required:
            out["required"] = required
        return out
    if isinstance(kind, t.ListOf):
        out = {"type": "array", "items": _json_type(kind.item)}
        if kind.min_items:
            out["minItems"] = kind.min_items
        return out
    if isinstance(kind, t.OneOf):
        return {"anyOf": [_json_type(o) for o in kind.options]}
    if isinstance(kind, t.Choice):
        return {"enum": list(kind.choices)}
    if isinstance(kind, t.Bool):
        return {"type": "boolean"}
    if isinstance(kind, t.Int):
        return {"type": "integer", "minimum": kind.minimum}
    if isinstance(kind, t.Date):
        return {"type": "string", "format": "date"}
    if isinstance(kind, t.Text):
        out = {"type": ["string", "number"]} if not kind.pattern else {"type": "string", "pattern": f"^(?:{kind.pattern})$"}
        return out
    return {}


def json_schemas() -> dict[str, str]:
    """{file name: JSON Schema text} for each content file."""
    out = {}
    for file_name, (_key, schema) in FILES.items():
        body = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}/{file_name.replace('.yaml', '.schema.json')}",
            "title": f"planbygg – {file_name}",
            **_json_type(schema),
        }
        out[file_name.replace(".yaml", ".schema.json")] = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return out


# ---------------------------------------------------------------- the template context


def context_markdown() -> str:
    """Every variable, function and filter templates can use, with what it holds (Norwegian)."""
    from .render import environment
    from .render.context import CONTEXT_DOC
    from .render.functions import Renderer

    lines = [
        "# Malene: variabler, funksjoner og filtre",
        "",
        "<!-- Laget av tools/make_docs.py fra render/context.py og render/functions.py. Ikke rediger for hånd. -->",
        "",
        "Malene (templates/nb og templates/nn) er Jinja-maler som lager Markdown. De ser innholdsfilene",
        "som variabler, og noen tall og ord som planbygg regner ut én gang. En mal i kommunemappen",
        "(`templates/nb/hoeringsbrev.md.j2`) eller i et felles bibliotek erstatter bibliotekets mal med",
        'samme navn; med `{% extends "bibliotek/hoeringsbrev.md.j2" %}` bygger den på malen ett lag under',
        "og kan bytte ut én blokk (`{% block bakgrunn %}`).",
        "",
        "## Variabler",
        "",
        "| Variabel | Innhold |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {doc} |" for name, doc in CONTEXT_DOC.items()]
    lines += ["", "## Funksjoner", "", "| Funksjon | Hva den gjør |", "|---|---|"]
    for name, method in _functions(Renderer).items():
        signature = str(inspect.signature(method)).replace("self, ", "").replace("(self)", "()")
        lines.append(f"| `{name}{signature}` | {inspect.getdoc(method) or ''} |".replace("\n", " "))
    lines += ["", "## Filtre", "", "| Filter | Hva det gjør |", "|---|---|"]
    for name, doc in environment.FILTER_DOC.items():
        lines.append(f"| `{name}` | {doc} |")
    lines += [
        "",
        "## Variabler malen setter selv",
        "",
        "Disse leses av planbygg etter at malen er fylt ut: `tittel`, `emne`, `nøkkelord`, `beskrivelse`,",
        "`kategori` (dokumentegenskaper), `topptekst`, `bunntekst`, `vannmerke`, `forside_uten_topptekst`,",
        "`sidetekst` og `av_tekst` (sideoppsett).",
        "",
    ]
    return "\n".join(lines)


def _functions(renderer_class: Any) -> dict[str, Any]:
    """The template functions by their Norwegian names, with the methods that document them."""
    from .render.functions import FUNCTION_METHODS

    return {name: getattr(renderer_class, method) for name, method in FUNCTION_METHODS.items()}
