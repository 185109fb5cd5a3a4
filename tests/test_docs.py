"""The reference documentation is generated from the code and cannot drift: fields, template context, JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import make_docs


def test_generated_documentation_is_up_to_date() -> None:
    stale = [
        str(path.relative_to(ROOT)) for path, text in make_docs.documents().items() if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"kjør «python tools/make_docs.py»: {stale}"


@pytest.mark.parametrize("example", ["baerum", "bergen"])
def test_every_template_variable_is_documented(example: str) -> None:
    from planbygg.load.folder import load
    from planbygg.render.context import CONTEXT_DOC
    from planbygg.render.documents import render_setup

    context = render_setup(load(ROOT / "examples" / example)).context
    assert set(context) <= set(CONTEXT_DOC), set(context) - set(CONTEXT_DOC)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("example", ["baerum", "bergen"])
def test_the_json_schema_accepts_the_examples_and_refuses_a_typo(example: str) -> None:
    import jsonschema
    from ruamel.yaml import YAML

    for name in ("planbygg.yaml", "strategier.yaml", "medvirkning.yaml", "horing.yaml"):
        schema = json.loads((ROOT / "docs" / "schema" / name.replace(".yaml", ".schema.json")).read_text(encoding="utf-8"))
        data = _plain(YAML(typ="safe").load((ROOT / "examples" / example / name).read_text(encoding="utf-8")))
        jsonschema.validate(data, schema)
        if name == "planbygg.yaml":
            data["plan"]["vedtaksorgn"] = "kommunestyret"
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(data, schema)
