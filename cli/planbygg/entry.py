"""Console entry point: for `planbygg build`, start the render worker before anything heavy is imported."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the command line; a build forks its render worker first (see worker.py)."""
    import gc

    # A run lives for about a second and allocates many small objects (YAML nodes, Markdown tokens,
    # XML elements) that are almost never cyclic garbage; collecting the youngest generation every
    # 700 allocations cost a quarter of a build. Set before forking, so the worker has it too.
    gc.set_threshold(10_000, 10, 10)
    args = sys.argv[1:]
    # The worker renders .docx only; --html needs the document models here, and with --pdf it would
    # take CPU from LibreOffice's start-up, which is what a PDF build waits for.
    if args[:1] == ["build"] and not {"-h", "--help", "--pdf", "--html", "--nett"} & set(args):
        from . import worker

        worker.start()
    try:
        if "--pdf" in args:  # build --pdf: LibreOffice starts first, it is the slowest part
            from .write import pdf

            pdf.start_early(args)
        from .cli import main as cli_main

        cli_main()
        code: int = 0
    except KeyboardInterrupt:  # Ctrl-C before the command line took over
        sys.stderr.write("Avbrutt.\n")
        code = 130
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    # Every file is written (atomically) and closed by now. Leaving without the interpreter's
    # clean-up of tens of thousands of objects saves 10–15 ms per run.
    from . import worker

    worker.stop()
    if "planbygg.write.pdf" in sys.modules:
        sys.modules["planbygg.write.pdf"].stop_early()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
