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
    try:  # Ctrl-C while the CLI is still being imported: the same «Avbrutt.» as later
        if args[:1] == ["build"] and not {"-h", "--help"} & set(args):
            from . import worker

            worker.start()
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("\nAvbrutt.\n")
        os._exit(130)
    try:
        cli_main()
        code: int = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    # Every file is written (atomically) and closed by now. Leaving without the interpreter's
    # clean-up of tens of thousands of objects saves 10–15 ms per run.
    try:
        from . import worker

        worker.stop()
        sys.stdout.flush()
        sys.stderr.flush()
    except KeyboardInterrupt:  # Ctrl-C after the work was done: still no traceback
        code = 130
    except OSError:
        pass  # a closed or full output stream at the very end changes nothing that was written
    os._exit(code)
