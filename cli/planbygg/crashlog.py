"""Internal errors (exit code 3): the traceback goes to a private log file, the terminal gets a Norwegian message."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__


def write_crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of `exc` with planbygg's and Python's versions to a new file; None if nothing can be written."""
    text = (
        f"planbygg {__version__}, Python {platform.python_version()} på {platform.platform()}\n"
        f"kommando: {' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    try:
        fd, name = tempfile.mkstemp(prefix="planbygg-feil-", suffix=".log")  # private (0600), in $TMPDIR
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
    except OSError:
        return None
    return Path(name)


def internal_message(exc: BaseException, log: Path | None) -> str:
    """The one-paragraph Norwegian message for an internal error."""
    where = f"Detaljene er skrevet til {log}" if log else "Detaljene kunne ikke skrives til en loggfil"
    return (
        f"intern feil i planbygg {__version__} ({type(exc).__name__}). Dette er en feil i programmet, ikke i innholdet ditt. "
        f"{where}; send gjerne filen til utviklerne."
    )
