"""A render worker forked at start-up, so the render stage's slow imports overlap the CLI's own work.

`planbygg build FOLDER` spends most of its time importing (typer, Jinja, markdown-it, lxml) and
then renders while the content is checked. Forking before the CLI is even imported lets the
second core import the render stage while the first imports the CLI, reads the content and runs
the checks; the content is then handed over and rendered at once. Whatever goes wrong in the
worker, the caller renders in its own process instead, so errors look exactly as without it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from typing import Any

_worker: tuple[int, int, int] | None = None  # (pid, job pipe to write, result pipe to read)


def start() -> None:
    """Fork the worker (once); it imports the render stage and waits for a job."""
    global _worker
    if _worker is not None or not hasattr(os, "fork"):
        return
    job_r, job_w = os.pipe()
    res_r, res_w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (job_r, job_w, res_r, res_w):
            os.close(fd)
        return
    if pid == 0:  # the worker: never returns, never runs the parent's exit handlers
        try:
            os.close(job_w)
            os.close(res_r)
            _serve(job_r, res_w)
        finally:
            os._exit(0)
    os.close(job_r)
    os.close(res_w)
    _worker = (pid, job_w, res_r)
    import atexit

    atexit.register(stop)


def _serve(job_r: int, res_w: int) -> None:
    from . import pipeline

    pipeline.preload_render()
    with os.fdopen(job_r, "rb") as pipe:
        job = pipe.read()
    if not job:
        return  # the parent did not need us (help, an error, several folders)
    try:
        data = pickle.dumps(pipeline.render_all(pickle.loads(job)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        data = b""  # the parent renders itself and reports the error properly
    with os.fdopen(res_w, "wb") as pipe:
        pipe.write(data)


def submit(content: Any) -> Callable[..., dict[str, bytes] | None] | None:
    """Hand `content` to the worker; return a function that collects the rendered files, or None."""
    global _worker
    if _worker is None:
        return None
    pid, job_w, res_r = _worker
    _worker = None
    try:
        job = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something unpicklable: render in this process
        _close(pid, job_w, res_r)
        return None
    import threading

    def send() -> None:
        # A thread, because the job is larger than a pipe's buffer and the worker may still be importing.
        try:
            with os.fdopen(job_w, "wb") as pipe:
                pipe.write(job)
        except OSError:
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()

    def collect(cancel: bool = False) -> dict[str, bytes] | None:
        import signal

        if cancel:
            os.kill(pid, signal.SIGKILL)
        with os.fdopen(res_r, "rb") as pipe:
            data = b"" if cancel else pipe.read()
        sender.join()
        os.waitpid(pid, 0)
        if not data:
            return None
        try:
            files: dict[str, bytes] = pickle.loads(data)
        except Exception:
            return None
        return files

    return collect


def _close(pid: int, job_w: int, res_r: int) -> None:
    for fd in (job_w, res_r):
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def stop() -> None:
    """Release an unused worker: closing its job pipe makes it exit."""
    global _worker
    if _worker is not None:
        pid, job_w, res_r = _worker
        _worker = None
        _close(pid, job_w, res_r)
