"""The pipeline, one line per stage: load → validate → check → render → write. No printing here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PlanbyggError, Problem
from .load.folder import Content, load
from .model import Document
from .render.documents import output_names, render_documents, render_setup
from .write.files import Written, write_outputs

OUTPUT_DIR = "build"
__all__ = [
    "BuildResult",
    "build",
    "build_many",
    "build_safely",
    "docx_writer",
    "output_names",
    "render_all",
    "render_documents",
    "render_setup",
    "write_all",
]


@dataclass
class BuildResult:
    """What one municipality's build produced, and the content findings it reported."""

    folder: Path
    written: list[Written] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # check findings (planbygg.check.report.Finding)
    problems: list[Problem] = field(default_factory=list)  # content warnings
    error: PlanbyggError | None = None
    blocked: bool = False  # a legal requirement is missing and the build was stopped
    internal: bool = False  # the error is a bug in planbygg (exit code 3), logged to a file
    out_dir: Path | None = None
    pdf_problems: list[Problem] = field(default_factory=list)  # documents LibreOffice could not convert


def write_all(content: Content, documents: dict[str, Document]) -> dict[str, bytes]:
    """Write rendered documents to .docx bytes, in memory."""
    write = docx_writer(content)
    return {name: write(doc) for name, doc in documents.items()}


def docx_writer(content: Content) -> Callable[[Document], bytes]:
    """The function that writes one of this municipality's documents to .docx bytes (its reference document applied)."""
    from .write.docx.writer import write_docx

    reference = content.data["kommune"].get("referansedokument")
    reference_path = (content.root / reference).resolve() if reference else None
    return lambda doc: write_docx(doc, reference_path)


def render_all(content: Content) -> dict[str, bytes]:
    """Render every document of a loaded municipality to .docx bytes, in memory."""
    return write_all(content, render_documents(content))


def render_web(
    content: Content, setup: Any, documents: dict[str, Any], download: Any, reference: Path | None, docx: dict[str, bytes]
) -> dict[str, bytes]:
    """Render the høring page and the web editions; return {«nett/NAME»: bytes}."""
    from .errors import ContentError
    from .render.documents import render_document
    from .write import web
    from .write.docx.reference import default_reference
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


def build(
    folder: Path,
    out_dir: Path | None = None,
    force: bool = False,
    ignore_requirements: bool = False,
    web: bool = False,
    pdf: bool = False,
    ahead: Callable[[bytes], object] | None = None,
) -> BuildResult:
    """Build every document of one municipality folder into `out_dir` (default FOLDER/build).

    The documents are rendered once, to the document model; `check` runs on exactly those documents
    (what is checked is what is published), and the same documents are then written. `web` adds
    build/nett/ (the høring page and web editions, from the same models); `pdf` says the PDFs will
    be made (by make_pdfs, afterwards), so the høring page links them instead of the .docx files.
    `ahead(data)` gets each .docx as soon as it exists, before the check: LibreOffice can start on
    the PDFs while planbygg checks (a PDF of a build the check stops is never written).
    """
    from .check.command import check_documents

    folder = Path(folder)
    result = BuildResult(folder)
    content = load(folder)  # raises ContentError with every problem, located
    files: dict[str, bytes] = {}
    write = docx_writer(content)

    def written(name: str, document: Document) -> None:  # each .docx as soon as its document is rendered
        files[name] = write(document)
        if ahead:
            ahead(files[name])

    documents = render_documents(content, written)
    result.problems = list(content.problems) + [p for doc in documents.values() for p in doc.problems]
    result.findings = check_documents(content, documents)
    if not ignore_requirements and any(f.status == "mangler" for f in result.findings):
        result.blocked = True
        return result
    _refuse_placeholders(content, result.findings)
    if web:
        from .write.web import PDF, WORD

        setup = render_setup(content)
        reference = content.data["kommune"].get("referansedokument")
        by_kind = {doc.kind: doc for doc in documents.values()}
        files.update(
            render_web(
                content, setup, by_kind, PDF if pdf else WORD, (content.root / reference).resolve() if reference else None, files
            )
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    result.out_dir = Path(out_dir) if out_dir else folder / OUTPUT_DIR
    result.written = write_outputs(result.out_dir, files, force, stamp)
    return result


def _refuse_placeholders(content: Content, findings: list[Any]) -> None:
    """A høringsutkast or an adopted plan is not built with [PLASSHOLDERE] left in it; an utkast is (with a warning)."""
    status = content.data["plan"]["status"]
    if status == "utkast":
        return
    left = [f for f in findings if f.rule_id == "CHK-PLASSHOLDER" and f.status not in ("oppfylt", "ikke relevant")]
    if not left:
        return
    from .errors import ContentError
    from .location import SourceLocation

    problems = [
        Problem(
            f"plassholder igjen: {e.snippet}",
            SourceLocation(e.where),
            "bytt den ut med kommunens egen tekst, eller sett «status: utkast» så lenge teksten ikke er ferdig",
        )
        for f in left
        for e in f.evidence
    ]
    raise ContentError(problems or [Problem("dokumentene har plassholdere i [HAKEPARENTESER]")])


def make_pdfs(result: BuildResult, queue: Any, force: bool, web: bool = False, on_document: Any = None) -> None:
    """Write a PDF beside each .docx the build wrote (and a copy in nett/ with `web`), from `queue` (a PdfQueue).

    A PDF is made again only when its .docx changed or the PDF is not the one planbygg wrote last;
    `on_document(pdf_path, done)` is called before and after each document.
    """
    from .errors import OutputError
    from .write.files import read_manifest, sha256
    from .write.web import WEB_DIR

    if result.out_dir is None:
        return
    out_dir = result.out_dir
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    manifest = read_manifest(out_dir)
    jobs: list[tuple[Path, bytes, bool]] = []  # (docx, the PDF there or the .docx to convert, whether converted)
    for written in [w for w in result.written if w.path.suffix == ".docx" and w.path.parent == out_dir]:
        pdf = written.path.with_suffix(".pdf")
        previous = pdf.read_bytes() if pdf.is_file() else None
        if not written.changed and previous is not None and manifest.get(pdf.name) == sha256(previous):
            jobs.append((written.path, previous, False))  # the .docx is as before, and the PDF is the one made from it
        else:
            docx_bytes = written.path.read_bytes()
            queue.submit(docx_bytes)  # all of them now, so LibreOffice never waits for us between documents
            jobs.append((written.path, docx_bytes, True))
    for docx, data, convert in jobs:
        pdf = docx.with_suffix(".pdf")
        if on_document:
            on_document(pdf, False)
        made = queue.result(data, docx) if convert else data
        if isinstance(made, PlanbyggError):
            result.pdf_problems += made.problems
        else:
            files = {pdf.name: made, **({f"{WEB_DIR}/{pdf.name}": made} if web else {})}
            try:
                result.written += write_outputs(out_dir, files, force, stamp)
            except OutputError as exc:
                result.pdf_problems += exc.problems
        if on_document:
            on_document(pdf, True)


def build_safely(
    args: tuple[Path, Path | None, bool, bool] | tuple[Path, Path | None, bool, bool, bool, bool],
    ahead: Callable[[bytes], object] | None = None,
) -> BuildResult:
    """Build one folder and capture its errors in the result, so a batch goes on (also in worker processes).

    `args`: folder, output folder, force, ignore requirements, and optionally web and pdf; `ahead`
    as for build() (in this process only).
    """
    folder, out_dir, force, ignore, *editions = args
    web, pdf = (*editions, False, False)[:2]
    try:
        return build(folder, out_dir, force, ignore, web, pdf, ahead)
    except PlanbyggError as exc:
        return BuildResult(Path(folder), error=exc)
    except OSError as exc:  # unreadable or unwritable files: the user's to fix; the batch goes on
        from .errors import os_problem

        return BuildResult(Path(folder), error=PlanbyggError([os_problem(exc)]))
    except Exception as exc:  # a bug: logged, reported for this folder, and the batch goes on
        from .crashlog import internal_message, write_crash_log

        message = internal_message(exc, write_crash_log(exc))
        return BuildResult(Path(folder), error=PlanbyggError([Problem(message)]), internal=True)


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

    The workers are started with «spawn», which behaves the same on Linux, macOS and Windows
    (fork copies a process that may hold locks, and Python 3.14 no longer forks by default).
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
    queue = None
    if office is not None:
        from .write.pdfqueue import PdfQueue

        queue = PdfQueue(office)

    def done(result: BuildResult) -> None:
        results.append(result)
        if progress:
            progress(result)
        if queue is not None and result.error is None and not result.blocked:
            make_pdfs(result, queue, force, web, on_document)
        elif queue is not None:
            queue.discard()  # the PDFs LibreOffice started on before the check stopped this build

    try:
        if jobs <= 1 or len(tasks) <= 1:
            for task in tasks:  # in this process: LibreOffice starts on each .docx as soon as it is written
                done(build_safely(task, queue.submit if queue else None))
            return results
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for result in pool.map(build_safely, tasks, chunksize=max(1, len(tasks) // (jobs * 4))):
                done(result)
        return results
    finally:
        if queue is not None:
            queue.close()
