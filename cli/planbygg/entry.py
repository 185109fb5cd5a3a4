"""Console entry point: the process's own start and end (LibreOffice first for --pdf; a quiet end)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line."""
    import gc

    # A run lives for about a second and allocates many small objects (YAML nodes, Markdown tokens,
    # XML elements) that are almost never cyclic garbage; collecting the youngest generation every
    # 700 allocations cost a quarter of a build.
    gc.set_threshold(10_000, 10, 10)
    args = sys.argv[1:]
    try:
        try:  # Ctrl-C while the CLI is still being imported: the same «Avbrutt.» as later
            if "--pdf" in args:  # build --pdf: LibreOffice starts first, it is the slowest part
                from .write import pdf

                pdf.start_early(args)
            from .cli import main as cli_main
        except KeyboardInterrupt:
            sys.stderr.write("\nAvbrutt.\n")
            raise SystemExit(130) from None
        cli_main()
    finally:
        # A LibreOffice started early that the command did not take (a usage error) stops with us.
        if "planbygg.write.pdf" in sys.modules:
            sys.modules["planbygg.write.pdf"].stop_early()
        # The work is done and every file written: a Ctrl-C now, while Python shuts down, has nothing
        # left to stop, and must not print Python's own traceback. (Only here, in the process's own
        # entry point: a caller of cli.main keeps its Ctrl-C.)
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
