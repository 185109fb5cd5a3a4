"""Console entry point: for `planbygg build`, start the render worker before anything heavy is imported."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line; a build forks its render worker first (see worker.py)."""
    args = sys.argv[1:]
    if args[:1] == ["build"] and not {"-h", "--help"} & set(args):
        from . import worker

        worker.start()
    from .cli import main as cli_main

    cli_main()
