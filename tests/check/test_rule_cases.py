"""Data-driven rule tests: tests/cases/rules/<RULE-ID>.yaml, one file per rule (the format Vale lacks).

Each file has `regel:` and `tilfeller:` (and optionally `merknad:` and `unntak:`); each case has one
input and an expectation:

    - navn: what the case shows
      innhold: {"planbygg.yaml:plan.vedtaksorgan": formannskapet}   # overrides on the minimal folder
      innhold_nn: {...}        # optional: other overrides for the nynorsk folder
      språk: [bm, nn]          # which minimal folders (default both)
      docx: {tittel: …, blokker: [{h1: …}, {p: …}, {tabell: [[…]]}]}   # or: a .docx from python-docx
      pandoc: "# Markdown"     # or: a .docx made by pandoc
      html: "<h1>…</h1>"       # or: a web page
      pakke: [{type: plan, docx: {…}}, {type: brev, pandoc: …}]        # or: several documents checked together
      formater: [pdf, html]    # also check the .docx as PDF (LibreOffice, tagged) and as HTML (pandoc)
      type: plan|medvirkning|brev|skjema   # --type for a document (default: recognised)
      forventer: oppfylt|mangler|advarsel|må vurderes|ikke relevant
      bevis_inneholder: text that must appear in the evidence or the explanation
      merknad: why the case is there

`unntak:` names a detection path (innhold, docx, pdf, html) where the rule cannot have both a passing
and a failing case, with the reason. The folder path renders only the documents the rule applies to.
"""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planbygg.check.command import check_views, collect_views
from planbygg.check.engine import run as run_rules
from planbygg.check.kinds import Context
from planbygg.check.rules import RuleSet, load_rules

from .conftest import make_docx, make_pandoc, write_content

CASES = Path(__file__).resolve().parents[1] / "cases" / "rules"
FILE_KEYS = {"regel", "tilfeller", "merknad", "unntak"}
CASE_KEYS = {
    "navn",
    "innhold",
    "innhold_nn",
    "språk",
    "docx",
    "pandoc",
    "html",
    "pakke",
    "formater",
    "type",
    "forventer",
    "bevis_inneholder",
    "merknad",
}
PACKAGE_KEYS = {"type", "docx", "pandoc", "html"}
DOCX_KEYS = {"tittel", "språk", "tittelavsnitt", "blokker", "egenskaper"}  # conftest.make_docx
BLOCK_KEYS = {"h1", "h2", "h3", "p", "punkt", "tabell", "overskriftsrad", "bilde"}
EXPECTED = {"oppfylt", "mangler", "advarsel", "må vurderes", "ikke relevant"}
PATHS = ("innhold", "docx", "pdf", "html")
FORMATS = ("pdf", "html")
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def _load(path: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def validate_file(data: Any, name: str) -> list[str]:
    """Every problem with a case file: unknown keys, missing or wrong values (a misspelt key must not pass silently)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return [f"{name}: forventet «regel:» og «tilfeller:»"]
    problems += [f"{name}: ukjent felt «{k}»" for k in data if k not in FILE_KEYS]
    if not isinstance(data.get("regel"), str) or not isinstance(data.get("tilfeller"), list):
        problems.append(f"{name}: mangler «regel:» eller «tilfeller:»")
        return problems
    for path, reason in (data.get("unntak") or {}).items():
        if path not in PATHS or not isinstance(reason, str) or not reason.strip():
            problems.append(f"{name}: unntak «{path}» må være en av {', '.join(PATHS)} med en begrunnelse")
    for i, case in enumerate(data["tilfeller"]):
        where = f"{name}, tilfelle {i + 1}"
        if not isinstance(case, dict):
            problems.append(f"{where}: forventet en gruppe med felt")
            continue
        problems += [f"{where}: ukjent felt «{k}»" for k in case if k not in CASE_KEYS]
        if not case.get("navn"):
            problems.append(f"{where}: mangler «navn:»")
        if case.get("forventer") not in EXPECTED:
            problems.append(f"{where}: «forventer:» må være en av {', '.join(sorted(EXPECTED))}")
        inputs = [k for k in ("docx", "pandoc", "html", "pakke") if k in case]
        if len(inputs) > 1 or (inputs and ("innhold" in case or "innhold_nn" in case)):
            problems.append(f"{where}: bare én av innhold, docx, pandoc, html og pakke")
        for fmt in case.get("formater") or []:
            if fmt not in FORMATS:
                problems.append(f"{where}: ukjent format «{fmt}» (bruk {', '.join(FORMATS)})")
            if not ({"docx", "pandoc", "pakke"} & set(case)):
                problems.append(f"{where}: «formater:» gjelder bare docx, pandoc og pakke")
        for j, entry in enumerate(case.get("pakke") or []):
            problems += [f"{where}, dokument {j + 1}: ukjent felt «{k}»" for k in entry if k not in PACKAGE_KEYS]
        for spec in [case.get("docx")] + [e.get("docx") for e in case.get("pakke") or []]:
            problems += _docx_problems(spec, where)
        for lang in case.get("språk") or []:
            if lang not in ("bm", "nn"):
                problems.append(f"{where}: ukjent språk «{lang}»")
    return problems


def _docx_problems(spec: Any, where: str) -> list[str]:
    """Unknown keys in a .docx description (conftest.make_docx) and in its blocks."""
    if not isinstance(spec, dict):
        return []
    problems = [f"{where}: ukjent felt «{k}» under docx" for k in spec if k not in DOCX_KEYS]
    for block in spec.get("blokker") or []:
        if isinstance(block, dict):
            problems += [f"{where}: ukjent blokk «{k}» under docx" for k in block if k not in BLOCK_KEYS]
    return problems


@lru_cache(maxsize=1)
def _files() -> tuple[tuple[Path, dict[str, Any]], ...]:
    """The case files, read once: the conversions are keyed by the very case objects the tests get."""
    return tuple((p, _load(p)) for p in sorted(CASES.glob("*.yaml")))


def _params() -> list[Any]:
    out = []
    for _path, data in _files():
        rule = data.get("regel")
        for i, case in enumerate(data.get("tilfeller") or []):
            if not isinstance(case, dict):
                continue
            if "innhold" in case or "innhold_nn" in case or not any(k in case for k in ("docx", "pandoc", "html", "pakke")):
                for lang in case.get("språk", ["bm", "nn"]):
                    out.append(pytest.param(rule, case, ("innhold", lang), id=f"{rule}-{i}-{lang}-innhold"))
                continue
            kind = next(k for k in ("pakke", "pandoc", "html", "docx") if k in case)
            kind = "nettside" if kind == "html" else kind  # a web page written in the case, not a converted .docx
            out.append(pytest.param(rule, case, (kind, None), id=f"{rule}-{i}-{kind}"))
            for fmt in case.get("formater") or []:
                marks = [pytest.mark.libreoffice] if fmt == "pdf" else []
                out.append(pytest.param(rule, case, (fmt, None), id=f"{rule}-{i}-{fmt}", marks=marks))
    return out


# ------------------------------------------------------------------ documents


def _document(folder: Path, name: str, entry: dict[str, Any]) -> Path:
    if "html" in entry:
        path = folder / f"{name}.html"
        path.write_text(entry["html"], encoding="utf-8")
        return path
    path = folder / f"{name}.docx"
    if "pandoc" in entry:
        return make_pandoc(path, entry["pandoc"])
    return make_docx(path, entry["docx"])


def _entries(case: dict[str, Any]) -> list[dict[str, Any]]:
    return case.get("pakke", [case])


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> dict[tuple[int, int, str], Path]:
    """Every case document that a case also wants as PDF or HTML, converted once for the whole session.

    PDF: one LibreOffice run converts them all (tagged PDF, as Word and LibreOffice export for
    publishing); HTML: pandoc, a few at a time.
    """
    folder = tmp_path_factory.mktemp("formater")
    wanted: dict[tuple[int, int, str], Path] = {}
    sources: dict[str, list[Path]] = {"pdf": [], "html": []}
    for _path, data in _files():
        for case in data.get("tilfeller") or []:
            for fmt in case.get("formater") or []:
                for j, entry in enumerate(_entries(case)):
                    key = (id(case), j, fmt)
                    source = _document(folder, f"c{len(wanted)}", entry)
                    wanted[key] = source
                    sources[fmt].append(source)
    out: dict[tuple[int, int, str], Path] = {}
    # LibreOffice in two processes (each with its own profile) while pandoc runs beside them: about a
    # third of the time one process takes for every document in turn.
    running = []
    if sources["pdf"] and shutil.which("soffice"):
        half = (len(sources["pdf"]) + 1) // 2
        for n, chunk in enumerate((sources["pdf"][:half], sources["pdf"][half:])):
            if chunk:
                # a LibreOffice profile kept between runs (in pytest's cache) saves its set-up each time
                profile = (
                    pytestconfig.cache.mkdir(f"soffice-profil-{n}")
                    if getattr(pytestconfig, "cache", None)
                    else folder / f"profil{n}"
                )
                running.append(_soffice(chunk, folder / "pdf", profile))
    if sources["html"] and shutil.which("pandoc"):
        (folder / "html").mkdir()

        def to_html(src: Path) -> None:
            target = folder / "html" / (src.stem + ".html")
            subprocess.run(["pandoc", str(src), "-s", "-o", str(target)], check=True, timeout=60, capture_output=True)

        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(to_html, sources["html"]))
    for process in running:
        process.wait(timeout=600)
    for (case_id, j, fmt), source in wanted.items():
        target = folder / fmt / f"{source.stem}.{fmt}"
        if target.exists():
            out[(case_id, j, fmt)] = target
    return out


def _soffice(sources: list[Path], outdir: Path, profile: Path) -> subprocess.Popen:
    """Start LibreOffice converting the documents to tagged PDF (as Word and LibreOffice export for publishing)."""
    return subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            TAGGED_PDF,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# ------------------------------------------------------------------ running a case


def _ruleset(rule_id: str) -> RuleSet:
    full = load_rules()
    return RuleSet([full.by_id(rule_id)], full.files)


def _folder_views(rule_id: str, folder: Path) -> list[Any]:
    """The views of the documents the rule applies to, rendered in memory (all of them for rules across documents)."""
    from planbygg.check.engine import _is_package_rule
    from planbygg.check.views import content_views
    from planbygg.documents import BY_ID
    from planbygg.load.folder import load
    from planbygg.pipeline import render_setup
    from planbygg.render.documents import render_document

    rule = load_rules().by_id(rule_id)
    content = load(folder)
    setup = render_setup(content)
    every = _is_package_rule(rule.finn)
    documents = {
        name: render_document(kind, content, setup.env, setup.context, setup.layers)
        for kind, name in setup.names.items()
        if every or BY_ID[kind].check_type in rule.gjelder
    }
    return content_views(content, documents)


def run_case(
    rule_id: str, case: dict[str, Any], path: tuple[str, str | None], tmp_path: Path, converted: dict | None = None
) -> list[Any]:
    """The findings of one rule for one case on one detection path."""
    kind, lang = path
    if kind == "innhold":
        overrides = case.get("innhold_nn", case.get("innhold")) if lang == "nn" else case.get("innhold")
        folder = write_content(tmp_path / f"kommune-{lang}", lang or "bm", overrides or {})
        views = _folder_views(rule_id, folder)
        package = False
    else:
        views = []
        for j, entry in enumerate(_entries(case)):
            if kind in FORMATS:
                if converted is None or (id(case), j, kind) not in converted:
                    pytest.skip(f"{kind} kunne ikke lages (LibreOffice eller pandoc mangler)")
                source = converted[(id(case), j, kind)]
            else:
                source = _document(tmp_path, f"dok{j}", entry)
            views.extend(collect_views([source], entry.get("type") or case.get("type"))[0])
        package = "pakke" in case
    findings = run_rules(_ruleset(rule_id), views, package=package, ctx=Context(views=views, package=package))
    return [f for f in findings if f.rule_id == rule_id]


@pytest.mark.parametrize(("rule_id", "case", "path"), _params())
def test_rule_case(rule_id: str, case: dict[str, Any], path: tuple[str, str | None], tmp_path: Path, request: Any) -> None:
    converted = request.getfixturevalue("converted") if path[0] in FORMATS else None
    findings = run_case(rule_id, case, path, tmp_path, converted)
    assert findings, f"{rule_id} ga ingen funn (gjelder regelen denne dokumenttypen?)"
    statuses = {f.status for f in findings}
    expected = case["forventer"]
    explain = "; ".join(
        f"{f.document}: {f.status} – {f.detail} {[e.where + ' ' + e.snippet for e in f.evidence[:3]]}" for f in findings
    )
    if expected == "oppfylt":
        assert "oppfylt" in statuses and not statuses & {"mangler", "advarsel", "må vurderes"}, explain
    elif expected == "ikke relevant":
        assert statuses == {"ikke relevant"}, explain
    else:
        assert expected in statuses, explain
    if case.get("bevis_inneholder"):
        text = " ".join(f"{f.detail} " + " ".join(f"{e.where} {e.snippet}" for e in f.evidence) for f in findings)
        assert case["bevis_inneholder"].lower() in text.lower(), explain


def test_case_files_are_valid() -> None:
    problems = [p for path, data in _files() for p in validate_file(data, path.name)]
    assert not problems, "\n".join(problems)


def test_an_unknown_key_in_a_case_file_is_an_error() -> None:
    data = {"regel": "X", "tilfeller": [{"navn": "n", "forventer": "oppfylt", "innhod": {}}]}
    assert validate_file(data, "X.yaml") == ["X.yaml, tilfelle 1: ukjent felt «innhod»"]
    assert validate_file({"regel": "X", "tilfeller": [], "unntak": {"pdf": ""}}, "X.yaml")
    misspelt = {"navn": "n", "forventer": "oppfylt", "docx": {"blokker": [{"h1": "A"}, {"avsnitt": "B"}], "titel": "T"}}
    assert validate_file({"regel": "X", "tilfeller": [misspelt]}, "X.yaml") == [
        "X.yaml, tilfelle 1: ukjent felt «titel» under docx",
        "X.yaml, tilfelle 1: ukjent blokk «avsnitt» under docx",
    ]


def _paths_of(case: dict[str, Any]) -> list[str]:
    if "innhold" in case or "innhold_nn" in case or not any(k in case for k in ("docx", "pandoc", "html", "pakke")):
        return ["innhold"]
    kinds = ["html"] if "html" in case else ["docx"]
    return kinds + list(case.get("formater") or [])


def test_every_rule_has_passing_and_failing_cases_on_every_path() -> None:
    ids = {r.id for r in load_rules().rules}
    lacking = []
    for rule_id in sorted(ids):
        path = CASES / f"{rule_id}.yaml"
        if not path.is_file():
            lacking.append(f"{rule_id}: ingen fil")
            continue
        data = _load(path)
        assert data["regel"] == rule_id, path
        waived = data.get("unntak") or {}
        for kind in PATHS:
            outcomes = {c["forventer"] for c in data["tilfeller"] if kind in _paths_of(c)}
            if kind in waived:
                continue
            if "oppfylt" not in outcomes or not outcomes & {"mangler", "advarsel", "må vurderes"}:
                lacking.append(f"{rule_id}: {kind} trenger både et oppfylt og et mangler/advarsel-tilfelle")
    extra = {p.stem for p in CASES.glob("*.yaml")} - ids
    assert not lacking, "\n".join(lacking)
    assert not extra, f"testfiler for regler som ikke finnes: {extra}"


def test_a_whole_check_agrees_with_the_single_rule_run(tmp_path: Path) -> None:
    """The cases run one rule on the documents it applies to; the full check gives the same verdict."""
    overrides = {"planbygg.yaml:plan.vedtaksorgan": "formannskapet"}
    folder = write_content(tmp_path / "k", "bm", overrides)
    full = {f.rule_id: f.status for f in check_views(collect_views([folder])[0]).findings if f.doc_type == "plan"}
    assert full["BVL-15-1-KS-VEDTAK"] == "mangler"
    for rule_id in ("BVL-15-1-KS-VEDTAK", "BVL-15-1-ANSVAR", "GUIDE-PERIODE"):
        single = {f.status for f in run_case(rule_id, {"innhold": overrides}, ("innhold", "bm"), tmp_path / rule_id)}
        assert single == {full[rule_id]}, rule_id
