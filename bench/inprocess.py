"""Two in-process measurements for bench/run.py (median CPU time, which load on the machine disturbs little).

maler  what compiling the templates costs one build of Bærum: render_all with fresh Jinja
       environments and no compiled code (PLANBYGG_CACHE=0), against the compiled code read from
       planbygg's disk cache (what a new `planbygg build` gets) and kept in memory (what the second
       and later municipalities of a batch get)
yaml   reading every example and rule file with the one YAML reader (load/yaml.py)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _planbygg() -> None:
    if str(ROOT / "cli") not in sys.path:
        sys.path.insert(0, str(ROOT / "cli"))


def templates(report: Any, runs: int, say: Any) -> None:
    """Median CPU time of rendering Bærum with and without compiled templates."""
    _planbygg()
    from planbygg import pipeline
    from planbygg.load.folder import load
    from planbygg.render import environment

    say(f"\n== maler: kompilering per bygging ({runs} kjøringer, median CPU-tid) ==")
    content = load(ROOT / "examples" / "baerum")
    saved = os.environ.get("PLANBYGG_CACHE")
    with tempfile.TemporaryDirectory() as cache_dir:
        os.environ["PLANBYGG_CACHE"] = cache_dir  # a cache of our own, never the user's
        pipeline.render_all(content)  # imports, one-time work and the disk cache filled: not measured
        times: dict[str, list[float]] = {"uten cache": [], "fra disk": [], "i minnet": []}
        for _ in range(runs):
            for label in times:
                environment._ENVIRONMENTS.clear()  # new Jinja environments every time
                if label != "i minnet":
                    environment._BYTECODE._store.clear()
                os.environ["PLANBYGG_CACHE"] = "0" if label == "uten cache" else cache_dir
                start = time.process_time()
                pipeline.render_all(content)
                times[label].append(time.process_time() - start)
    if saved is None:
        os.environ.pop("PLANBYGG_CACHE", None)
    else:
        os.environ["PLANBYGG_CACHE"] = saved
    cold, disk, memory = (statistics.median(t) * 1000 for t in times.values())
    say(
        f"dokumentene uten cache {cold:.0f} ms, med kompilerte maler fra disken {disk:.0f} ms, "
        f"fra minnet {memory:.0f} ms: cachen sparer {cold - disk:.0f} ms per bygging"
    )
    report.add("maler: kompilering per bygging", f"{cold - disk:.0f} ms CPU spart av cachen")


def yaml(report: Any, runs: int, say: Any) -> None:
    """Median CPU time to read the example content and the rules with the one YAML reader."""
    _planbygg()
    from planbygg.load.yaml import parse_yaml

    say(f"\n== YAML ({runs * 3} gjentak, median CPU-tid) ==")
    for label, pattern in (("innhold (examples/*/*.yaml)", "examples/*/*.yaml"), ("regler (rules/*.yaml)", "rules/*.yaml")):
        texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob(pattern))]
        times = []
        for _ in range(runs * 3):
            start = time.process_time()
            for text in texts:
                parse_yaml(text, "f.yaml", (), {})
            times.append(time.process_time() - start)
        value = statistics.median(times) * 1000
        say(f"{label}: {len(texts)} filer, {value:.1f} ms")
        report.add(f"YAML: {label}", f"{value:.1f} ms CPU")
