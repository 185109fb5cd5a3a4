"""The pipeline, one line per stage: load → validate → check → render → write. No printing here."""

from __future__ import annotations

import datetime as dt
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


def write_all(content: Content, documents: dict[str, Document]) -> dict[str, bytes]:
    """Write rendered documents to .docx bytes, in memory."""
    from .write.docx.writer import write_docx

    reference = content.data["kommune"].get("referansedokument")
    reference_path = (content.root / reference).resolve() if reference else None
    return {name: write_docx(doc, reference_path) for name, doc in documents.items()}


def render_all(content: Content) -> dict[str, bytes]:
    """Render every document of a loaded municipality to .docx bytes, in memory."""
    return write_all(content, render_documents(content))


def build(folder: Path, out_dir: Path | None = None, force: bool = False, ignore_requirements: bool = False) -> BuildResult:
    """Build every document of one municipality folder into `out_dir` (default FOLDER/build).

    The documents are rendered once, to the document model; `check` runs on exactly those documents
    (what is checked is what is published), and the same documents are then written.
    """
    from .check.command import check_documents

    folder = Path(folder)
    result = BuildResult(folder)
    content = load(folder)  # raises ContentError with every problem, located
    documents = render_documents(content)
    result.problems = list(content.problems) + [p for doc in documents.values() for p in doc.problems]
    result.findings = check_documents(content, documents)
    if not ignore_requirements and any(f.status == "mangler" for f in result.findings):
        result.blocked = True
        return result
    _refuse_placeholders(content, result.findings)
    files = write_all(content, documents)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    result.written = write_outputs(Path(out_dir) if out_dir else folder / OUTPUT_DIR, files, force, stamp)
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


def build_safely(args: tuple[Path, Path | None, bool, bool]) -> BuildResult:
    """Build one folder and capture its errors in the result, so a batch goes on (also in worker processes)."""
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
    """Build several folders, in `jobs` worker processes; `progress(result)` is called as each ends.

    The workers are started with «spawn», which behaves the same on Linux, macOS and Windows
    (fork copies a process that may hold locks, and Python 3.14 no longer forks by default).
    """
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
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for result in pool.map(build_safely, tasks, chunksize=max(1, len(tasks) // (jobs * 4))):
            results.append(result)
            if progress:
                progress(result)
    return results
