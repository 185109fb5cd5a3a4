"""What the check engine costs in one process: the rules run on the rendered documents of Bærum and Bergen.

    PYTHONPATH=cli python bench/check_engine.py              # median CPU ms per example, first run and later runs
    PYTHONPATH=cli python bench/check_engine.py --profil 15  # and the 15 most expensive functions (cProfile)

Each example is loaded and rendered once (not measured). Then the check step that `build` runs on
the rendered documents (check_documents: views, rules, the municipality's name) is timed N times,
each with a new Context (the per-run caches start empty). «første» is the first run in the
process, with the word caches (stems, compiled word lists) still empty, as in one `planbygg check`;
«senere» is the median of the other runs, as for the second and later municipalities of a batch.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("baerum", "bergen")


def _planbygg() -> None:
    if str(ROOT / "cli") not in sys.path:
        sys.path.insert(0, str(ROOT / "cli"))


def prepare(name: str) -> tuple[Any, Any]:
    """The loaded content folder of an example and its rendered documents."""
    _planbygg()
    from planbygg.load.folder import load
    from planbygg.render.documents import render_documents

    content = load(ROOT / "examples" / name)
    return content, render_documents(content)


def check_once(content: Any, documents: Any) -> tuple[float, float]:
    """CPU seconds of one check step: (views, rules and municipality), and the rules alone."""
    from planbygg.check.engine import run
    from planbygg.check.kinds import Context
    from planbygg.check.kinds.consistency import municipality_of
    from planbygg.check.rules import load_rules
    from planbygg.check.views import content_views

    start = time.process_time()
    views = content_views(content, documents)
    ruleset = load_rules()
    ctx = Context(views=views)
    rules_start = time.process_time()
    run(ruleset, views, ctx=ctx)
    rules = time.process_time() - rules_start
    municipality_of(views, ctx)
    return time.process_time() - start, rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="antall kjøringer per eksempel (standard 15)")
    parser.add_argument("--profil", type=int, default=0, metavar="N", help="skriv de N dyreste funksjonene (cProfile)")
    args = parser.parse_args(argv)
    prepared = {name: prepare(name) for name in EXAMPLES}
    from planbygg.check.rules import load_rules

    load_rules()  # read once per process; not part of the check of one municipality
    print(f"check på de tegnede dokumentene, CPU-tid i ms ({args.runs} kjøringer per eksempel)")
    for name, (content, documents) in prepared.items():
        runs = [check_once(content, documents) for _ in range(args.runs)]
        first, later = runs[0], runs[1:] or runs
        print(
            f"{name:8s} {len(documents)} dokumenter: første {first[0] * 1000:6.1f} (regler {first[1] * 1000:6.1f}), "
            f"senere median {statistics.median(r[0] for r in later) * 1000:6.1f} "
            f"(regler {statistics.median(r[1] for r in later) * 1000:6.1f})"
        )
    if args.profil:
        profile = cProfile.Profile()
        profile.enable()
        for content, documents in prepared.values():
            for _ in range(args.runs):
                check_once(content, documents)
        profile.disable()
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.profil)
        stats.sort_stats("cumulative").print_stats(args.profil)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
