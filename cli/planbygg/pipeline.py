"""The pipeline, one line per stage: load → validate → check → render → write. No printing here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PlanbyggError, Problem
from .load.folder import Content, load
from .write.files import Written, write_outputs

OUTPUT_DIR = "build"


@dataclass
class BuildResult:
    """What one municipality's build produced, and the content findings it reported."""

    folder: Path
    written: list[Written] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # check findings (planbygg.check.report.Finding)
    problems: list[Problem] = field(default_factory=list)  # content warnings
    error: PlanbyggError | None = None
    blocked: bool = False  # a legal requirement is missing and the build was stopped
    out_dir: Path | None = None
    pdf_problems: list[Problem] = field(default_factory=list)  # documents LibreOffice could not convert


def output_names(content: Content) -> dict[str, str]:
    """Return {document kind: file name}, e.g. «baerum-hoeringsutkast.docx»."""
    return {kind: f"{content.slug}-{kind}.docx" for kind in content.documents}


@dataclass
class RenderSetup:
    """What every document of one municipality is rendered with: layers, Jinja environment, context."""

    layers: list[Path]
    env: Any
    context: dict[str, Any]
    names: dict[str, str]


def render_setup(content: Content) -> RenderSetup:
    """Resolve the template search path and build the Jinja environment and template context once."""
    from .library import library_layers, search_path
    from .render.context import build_context
    from .render.environment import make_environment

    layers = library_layers(content.root, content.data.get("bibliotek"), content.where("bibliotek"))
    lang = content.language
    search = search_path(layers, lang)
    env = make_environment(search, search_path(layers[1:], lang), lang)
    names = output_names(content)
    return RenderSetup(layers, env, build_context(content, search, names), names)


def render_all(content: Content, web: Any = None) -> dict[str, bytes]:
    """Render every document of a loaded municipality to .docx bytes, in memory.

    With `web` (a write.web.Download: PDF or WORD), the høring page and the web editions are
    rendered too, as «nett/…» entries, offering the documents for download in that format.
    """
    from .render.documents import render_document
    from .write.docx.writer import write_docx

    setup = render_setup(content)
    reference = content.data["kommune"].get("referansedokument")
    reference_path = (content.root / reference).resolve() if reference else None
    documents = {kind: render_document(kind, content, setup.env, setup.context, setup.layers) for kind in setup.names}
    files = {name: write_docx(documents[kind], reference_path) for kind, name in setup.names.items()}
    if web is not None:
        files.update(render_web(content, setup, documents, web, reference_path, files))
    return files


def render_web(
    content: Content, setup: RenderSetup, documents: dict[str, Any], download: Any, reference: Path | None, docx: dict[str, bytes]
) -> dict[str, bytes]:
    """Render the høring page and the web editions; return {«nett/NAME»: bytes}."""
    from .errors import ContentError
    from .render.documents import render_document
    from .write import web
    from .write.docx.writer import default_reference
    from .write.palette import palette

    if "høring" not in content.data:
        raise ContentError(
            [
                Problem(
                    "--html lager høringssiden, og den trenger horing.yaml", hint="legg til horing.yaml, eller bygg uten --html"
                )
            ]
        )
    titles = {kind: doc.properties.title for kind, doc in documents.items()}
    context = {**setup.context, "dokumenter": web.page_entries(setup.names, titles, download)}
    index = render_document(web.PAGE_KIND, content, setup.env, context, setup.layers)
    stylesheet = setup.env.get_template("nettside.css.j2").render(**web.css_variables(palette(reference or default_reference())))
    kommune = content.data["kommune"]
    logo = ((content.root / kommune["logo"]).resolve(), str(kommune.get("logo_alt") or "")) if kommune.get("logo") else None
    files = web.site_files(index, documents, setup.names, stylesheet, logo)
    if download is web.WORD:  # the høring page links the documents: put them beside it
        files.update({name: docx[name] for name in setup.names.values()})
    return {f"{web.WEB_DIR}/{name}": data for name, data in files.items()}


def content_findings(content: Content) -> list[Any]:
    """Run the content rules of `planbygg check` on a loaded folder."""
    from .check.command import check_content

    return list(check_content(content))


def build(
    folder: Path,
    out_dir: Path | None = None,
    force: bool = False,
    ignore_requirements: bool = False,
    web: bool = False,
    pdf: bool = False,
) -> BuildResult:
    """Build every document of one municipality folder into `out_dir` (default FOLDER/build).

    `web` adds build/nett/ (the høring page and web editions); `pdf` says the PDFs will be made
    (by make_pdfs, afterwards), so the høring page links them instead of the .docx files.
    """
    folder = Path(folder)
    result = BuildResult(folder)
    content = load(folder)  # raises ContentError with every problem, located
    result.problems = list(content.problems)
    from . import worker

    collect = worker.submit(content)  # render in the worker started at launch, if there is one
    try:
        result.findings = content_findings(content)
    except BaseException:
        if collect:
            collect(cancel=True)
        raise
    if not ignore_requirements and any(_is_missing_requirement(f) for f in result.findings):
        if collect:
            collect(cancel=True)
        result.blocked = True
        return result
    download = None
    if web:
        from .write.web import PDF, WORD

        download = PDF if pdf else WORD
        if collect:  # the worker renders .docx only
            collect(cancel=True)
            collect = None
    # Without a worker, or when it failed, render here: errors then surface exactly as they are.
    files = (collect() if collect else None) or render_all(content, download)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    result.out_dir = Path(out_dir) if out_dir else folder / OUTPUT_DIR
    result.written = write_outputs(result.out_dir, files, force, stamp)
    return result


def make_pdfs(result: BuildResult, office: Any, force: bool, web: bool = False, on_document: Any = None) -> None:
    """Write a PDF beside each .docx the build wrote (and a copy in nett/ with `web`), with `office`.

    A PDF is made again only when its .docx changed or the PDF is not the one planbygg wrote last;
    `on_document(pdf_path, done)` is called before and after each document.
    """
    from .errors import OutputError
    from .write.files import read_manifest, sha256
    from .write.pdf import convert_all
    from .write.web import WEB_DIR

    if result.out_dir is None:
        return
    out_dir = result.out_dir
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    ready: dict[Path, bytes] = {}
    todo: list[Path] = []
    manifest = read_manifest(out_dir)
    for written in [w for w in result.written if w.path.suffix == ".docx" and w.path.parent == out_dir]:
        pdf = written.path.with_suffix(".pdf")
        previous = pdf.read_bytes() if pdf.is_file() else None
        if not written.changed and previous is not None and manifest.get(pdf.name) == sha256(previous):
            ready[written.path] = previous  # the .docx is as before, and the PDF is the one made from it
        else:
            todo.append(written.path)

    def store(docx: Path, data: Any) -> None:
        pdf = docx.with_suffix(".pdf")
        if isinstance(data, PlanbyggError):
            result.pdf_problems += data.problems
        else:
            files = {pdf.name: data, **({f"{WEB_DIR}/{pdf.name}": data} if web else {})}
            try:
                result.written += write_outputs(out_dir, files, force, stamp)
            except OutputError as exc:
                result.pdf_problems += exc.problems
        if on_document:
            on_document(pdf, True)

    for docx, data in ready.items():
        if on_document:
            on_document(docx.with_suffix(".pdf"), False)
        store(docx, data)
    starting = (lambda docx: on_document(docx.with_suffix(".pdf"), False)) if on_document else None
    for docx, made in convert_all(office, todo, starting):
        store(docx, made)


def _is_missing_requirement(finding: Any) -> bool:
    return getattr(finding, "status", None) == "mangler"


def build_safely(args: tuple[Path, Path | None, bool, bool] | tuple[Path, Path | None, bool, bool, bool, bool]) -> BuildResult:
    """Build one folder and capture input errors in the result (for batches and worker processes).

    `args`: folder, output folder, force, ignore requirements, and optionally web and pdf.
    """
    folder, out_dir, force, ignore, *editions = args
    try:
        return build(folder, out_dir, force, ignore, *editions)
    except PlanbyggError as exc:
        return BuildResult(Path(folder), error=exc)


def build_many(
    folders: list[Path],
    out_dir: Path | None,
    force: bool,
    ignore: bool,
    jobs: int,
    progress: Any = None,
    *,
    web: bool = False,
    office: Any = None,
    on_document: Any = None,
) -> list[BuildResult]:
    """Build several folders, in `jobs` worker processes; `progress(result)` is called as each ends.

    With `office` (a write.pdf.Office), each folder's PDFs are made in this process as soon as its
    build is in, while the workers go on with the next folders: one LibreOffice serves them all.
    """
    tasks = [
        (
            Path(f),
            (Path(out_dir) / Path(f).name) if out_dir and len(folders) > 1 else out_dir,
            force,
            ignore,
            web,
            office is not None,
        )
        for f in folders
    ]
    results: list[BuildResult] = []

    def done(result: BuildResult) -> None:
        results.append(result)
        if progress:
            progress(result)
        if office is not None and result.error is None and not result.blocked:
            make_pdfs(result, office, force, web, on_document)

    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            done(build_safely(task))
        return results
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import worker

    worker.stop()  # the pool's workers render; a launch-time worker would only sit idle

    # Fork keeps the already imported modules (and template caches) in the workers: import the
    # pipeline once here instead of once per worker, and freeze it so the workers' garbage
    # collector does not touch (and copy) the shared pages.
    _preload()
    gc.freeze()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for result in pool.map(build_safely, tasks, chunksize=max(1, len(tasks) // (jobs * 4))):
            done(result)
    return results


def preload_render() -> None:
    """Import the render stage and do its one-time work that does not depend on the content.

    A worker does this while the content is still being read: the Markdown parser (and its lazily
    compiled patterns), the library's reference .docx, and the Norwegian date data.
    """
    import datetime

    from .dates import format_date
    from .render import context, documents, environment  # noqa: F401
    from .render.markdown import _parser
    from .write.docx import writer

    _parser().parse("# a\n\n- *b* [c](d)\n\n1. e\n\n| f |\n|---|\n| g |\n\n<!-- h -->\n")
    writer._load_reference(None)
    for lang in ("nb", "nn"):
        format_date(datetime.date(2024, 6, 15), lang, weekday=True)


def _preload() -> None:
    """Import every stage of the pipeline (for forked workers to inherit)."""
    preload_render()
    from .check import command  # noqa: F401
