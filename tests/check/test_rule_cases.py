"""Data-driven rule tests: tests/cases/rules/<RULE-ID>.yaml, one file per rule (the format Vale lacks).

Each file has `regel:` and `tilfeller:`; each case has one input and an expectation:

    - navn: what the case shows
      innhold: {"planbygg.yaml:plan.vedtaksorgan": formannskapet}   # overrides on the minimal folder
      innhold_nn: {...}        # optional: other overrides for the nynorsk folder
      språk: [bm, nn]          # which minimal folders (default both)
      docx: {tittel: …, blokker: [{h1: …}, {p: …}, {tabell: [[…]]}]}   # or: a .docx from python-docx
      pandoc: "# Markdown"     # or: a .docx made by pandoc
      pakke: [{type: plan, docx: {…}}, {type: brev, pandoc: …}]        # or: several documents checked together
      type: plan|medvirkning|brev|skjema   # --type for a .docx (default: recognised)
      forventer: oppfylt|mangler|advarsel|ikke relevant
      bevis_inneholder: text that must appear in the evidence or the explanation
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planbygg.check.command import check_views, collect_views
from planbygg.check.rules import load_rules

from .conftest import make_docx, make_pandoc, write_content

CASES = Path(__file__).resolve().parents[1] / "cases" / "rules"


def _load(path: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _params() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = _load(path)
        for i, case in enumerate(data["tilfeller"]):
            if "innhold" in case or "innhold_nn" in case or not any(k in case for k in ("docx", "pandoc", "pakke")):
                for lang in case.get("språk", ["bm", "nn"]):
                    out.append(pytest.param(data["regel"], case, lang, id=f"{data['regel']}-{i}-{lang}-innhold"))
            else:
                kind = "pakke" if "pakke" in case else "pandoc" if "pandoc" in case else "docx"
                out.append(pytest.param(data["regel"], case, None, id=f"{data['regel']}-{i}-{kind}"))
    return out


def _document(folder: Path, name: str, entry: dict[str, Any]) -> Path:
    path = folder / f"{name}.docx"
    if "pandoc" in entry:
        return make_pandoc(path, entry["pandoc"])
    return make_docx(path, entry["docx"])


def run_case(rule_id: str, case: dict[str, Any], lang: str | None, tmp_path: Path) -> list[Any]:
    if lang is not None:
        overrides = case.get("innhold_nn", case.get("innhold")) if lang == "nn" else case.get("innhold")
        folder = write_content(tmp_path / f"kommune-{lang}", lang, overrides or {})
        views, _ = collect_views([folder])
        report = check_views(views)
    elif "pakke" in case:
        paths = [_document(tmp_path, f"dok{i}", entry) for i, entry in enumerate(case["pakke"])]
        views = []
        for path, entry in zip(paths, case["pakke"], strict=True):
            views.extend(collect_views([path], entry.get("type"))[0])
        report = check_views(views, package=True)
    else:
        path = _document(tmp_path, "dokument", case)
        views, _ = collect_views([path], case.get("type"))
        report = check_views(views)
    return [f for f in report.findings if f.rule_id == rule_id]


@pytest.mark.parametrize(("rule_id", "case", "lang"), _params())
def test_rule_case(rule_id: str, case: dict[str, Any], lang: str | None, tmp_path: Path) -> None:
    findings = run_case(rule_id, case, lang, tmp_path)
    assert findings, f"{rule_id} ga ingen funn (gjelder regelen denne dokumenttypen?)"
    statuses = {f.status for f in findings}
    expected = case["forventer"]
    explain = "; ".join(
        f"{f.document}: {f.status} – {f.detail} {[e.where + ' ' + e.snippet for e in f.evidence[:3]]}" for f in findings
    )
    if expected == "oppfylt":
        assert "oppfylt" in statuses and not statuses & {"mangler", "advarsel"}, explain
    elif expected == "ikke relevant":
        assert statuses == {"ikke relevant"}, explain
    else:
        assert expected in statuses, explain
    if case.get("bevis_inneholder"):
        text = " ".join(f"{f.detail} " + " ".join(f"{e.where} {e.snippet}" for e in f.evidence) for f in findings)
        assert case["bevis_inneholder"].lower() in text.lower(), explain


def test_every_rule_has_passing_and_failing_cases() -> None:
    ids = {r.id for r in load_rules().rules}
    lacking = []
    for rule_id in sorted(ids):
        path = CASES / f"{rule_id}.yaml"
        if not path.is_file():
            lacking.append(f"{rule_id}: ingen fil")
            continue
        data = _load(path)
        assert data["regel"] == rule_id, path
        expectations = [c["forventer"] for c in data["tilfeller"]]
        if "oppfylt" not in expectations or not set(expectations) & {"mangler", "advarsel"}:
            lacking.append(f"{rule_id}: trenger både et oppfylt og et mangler/advarsel-tilfelle")
    extra = {p.stem for p in CASES.glob("*.yaml")} - ids
    assert not lacking, lacking
    assert not extra, f"testfiler for regler som ikke finnes: {extra}"
