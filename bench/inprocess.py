"""Two in-process measurements for bench/run.py (median CPU time, which load on the machine disturbs little).

maler  what compiling the templates costs one build of Bærum: render_all with fresh Jinja
       environments and no compiled code, against fresh environments with the code compiled
       (what a disk cache of compiled templates would save; planbygg has none)
yaml   reading every example and rule file with the one YAML reader (load/yaml.py)
"""

from __future__ import annotations

import statistics
import sys
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
    pipeline.render_all(content)  # imports and one-time work, not measured
    cold, warm = [], []
    for _ in range(runs):
        environment._ENVIRONMENTS.clear()
        environment._BYTECODE._store.clear()
        start = time.process_time()
        pipeline.render_all(content)
        cold.append(time.process_time() - start)
        environment._ENVIRONMENTS.clear()  # new environments, compiled code kept
        start = time.process_time()
        pipeline.render_all(content)
        warm.append(time.process_time() - start)
    a, b = statistics.median(cold) * 1000, statistics.median(warm) * 1000
    say(f"dokumentene med kompilering {a:.0f} ms, med ferdig kompilerte maler {b:.0f} ms: kompileringen koster {a - b:.0f} ms")
    report.add("maler: kompilering per bygging", f"{a - b:.0f} ms CPU")


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
