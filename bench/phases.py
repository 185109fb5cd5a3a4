"""Where the time of one CLI run goes: a timeline of the pipeline's stages, in a fresh process.

    PYTHONPATH=cli python bench/phases.py build examples/baerum --ut /tmp/ut
    PYTHONPATH=cli python bench/phases.py check examples/baerum

Each line is the time since the interpreter started running this script and, in brackets, since
the line before: importing typer and the CLI, typer's argument handling, then load → check →
render → write → print.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import time

T0 = time.perf_counter()
marks: list[tuple[str, float]] = []


def mark(label: str) -> None:
    marks.append((label, time.perf_counter()))


def wrap(module: object, name: str) -> None:
    original = getattr(module, name)

    @functools.wraps(original)
    def timed(*args: object, **kwargs: object) -> object:
        mark(f"→ {name}")
        try:
            return original(*args, **kwargs)
        finally:
            mark(f"← {name}")

    setattr(module, name, timed)


def main() -> None:
    import planbygg.cli as cli

    mark("typer og planbygg.cli importert")
    from planbygg import console
    from planbygg import pipeline as api

    mark("planbygg.pipeline og console importert")
    from planbygg.check import command as check
    from planbygg.write.docx import writer

    for name in ("build_safely", "load", "render_documents", "write_outputs"):
        wrap(api, name)
    wrap(writer, "write_docx")  # each document is written as soon as it is rendered, inside render_documents
    wrap(check, "check_documents")
    wrap(console, "print_build_results")
    sys.argv = ["planbygg", *sys.argv[1:]]
    with contextlib.suppress(SystemExit):
        cli.main()
    mark("slutt")
    previous = 0.0
    for label, t in marks:
        print(f"{(t - T0) * 1000:7.0f} ms  (+{(t - T0 - previous) * 1000:4.0f})  {label}", file=sys.stderr)
        previous = t - T0


if __name__ == "__main__":
    main()
