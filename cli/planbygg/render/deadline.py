"""A time limit for rendering: a template or chapter can loop for ever (nested range() loops)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import Problem, TemplateError


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Stop the block with a TemplateError after `seconds` (POSIX main thread; elsewhere no limit)."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

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
