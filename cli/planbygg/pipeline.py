"""The pipeline, one line per stage: load → validate → check → render → write. No printing here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
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
    internal: bool = False  # the error is a bug in planbygg (exit code 3), logged to a file


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


def render_all(content: Content) -> dict[str, bytes]:
    """Render every document of a loaded municipality to .docx bytes, in memory, within a time limit."""
    with deadline(RENDER_SECONDS):
        return _render_all(content)


RENDER_SECONDS = 60  # per municipality; Bærum takes a fraction of a second, 16 × Bærum about 5 s


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Stop the block with a TemplateError after `seconds` (POSIX main thread; elsewhere no limit).

    A template or chapter can loop for ever (nested range() loops); this bounds a build's time.
    """
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    from .errors import TemplateError

    def expired(signum: int, frame: Any) -> None:
        raise TemplateError(
            [
                Problem(
                    f"det tok mer enn {seconds:g} sekunder å lage dokumentene",
                    hint="se etter løkker ({% for %}) i kapitlene og malene som gjentar seg svært mange ganger",
                )
            ]
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _render_all(content: Content) -> dict[str, bytes]:
    """render_all without the time limit."""
    from .load.paths import real
    from .render.documents import render_document
    from .render.files import confine_files
    from .write.docx.writer import write_docx

    setup = render_setup(content)
    reference = content.data["kommune"].get("referansedokument")
    reference_path = real(content.root / reference) if reference else None
    roots = [real(layer) for layer in setup.layers]
    return {
        name: write_docx(
            confine_files(render_document(kind, content, setup.env, setup.context, setup.layers), content.root, roots),
            reference_path,
        )
        for kind, name in setup.names.items()
    }


def content_findings(content: Content) -> list[Any]:
    """Run the content rules of `planbygg check` on a loaded folder."""
    from .check.command import check_content

    return list(check_content(content))


def build(folder: Path, out_dir: Path | None = None, force: bool = False, ignore_requirements: bool = False) -> BuildResult:
    """Build every document of one municipality folder into `out_dir` (default FOLDER/build)."""
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
    # Without a worker, or when it failed, render here: errors then surface exactly as they are.
    files = (collect() if collect else None) or render_all(content)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    result.written = write_outputs(Path(out_dir) if out_dir else folder / OUTPUT_DIR, files, force, stamp)
    return result


def _is_missing_requirement(finding: Any) -> bool:
    return getattr(finding, "status", None) == "mangler"


def build_safely(args: tuple[Path, Path | None, bool, bool]) -> BuildResult:
    """Build one folder and capture input errors in the result (for batches and worker processes)."""
    folder, out_dir, force, ignore = args
    try:
        return build(folder, out_dir, force, ignore)
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
    folders: list[Path], out_dir: Path | None, force: bool, ignore: bool, jobs: int, progress: Any = None
) -> list[BuildResult]:
    """Build several folders, in `jobs` worker processes; `progress(result)` is called as each ends."""
    tasks = [
        (Path(f), (Path(out_dir) / Path(f).name) if out_dir and len(folders) > 1 else out_dir, force, ignore) for f in folders
    ]
    results: list[BuildResult] = []
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            results.append(build_safely(task))
            if progress:
                progress(results[-1])
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
            results.append(result)
            if progress:
                progress(result)
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
