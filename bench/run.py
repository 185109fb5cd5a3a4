"""planbygg's benchmark: prints figures, never fails on timing.

    python bench/run.py            # full run (a few minutes)
    python bench/run.py --quick    # smoke run: fewer repetitions, 20 municipalities in the batch

Measures, each as the median of several runs, in fresh processes (cold start):
  peer ratio   planbygg build examples/baerum  vs  pandoc writing the same documents from the same
               Markdown (exported here from planbygg's own render stage), one pandoc process per document
  scale        a synthetic municipality with 1×, 4× and 16× Bærum's content: wall time and peak memory
  batch        100 generated municipalities in one `planbygg build … -j 2`: documents per second
  pdf          `build --pdf` against `soffice --convert-to pdf`: Bærum, and 10 municipalities per document
  check        `planbygg check` on a folder and on a generated .docx; `planbygg --help`
  maler, yaml  what compiling the templates costs a build; how fast the YAML reader is (bench/inprocess.py)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import inprocess  # noqa: E402 - beside this file


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the process and the children it waited for
    rss_mb: float  # peak resident set of the process (or its largest child)
    code: int
    stderr: str


def cli_command() -> tuple[list[str], dict[str, str]]:
    """The installed console script if on PATH, else `python -m planbygg` from the source tree."""
    env = dict(os.environ)
    # Measure planbygg as an installed package runs: with its bytecode cached. A shell that sets
    # PYTHONDONTWRITEBYTECODE would otherwise make every run recompile every module (~60 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    exe = shutil.which("planbygg")
    if exe:
        return [exe], env
    env["PYTHONPATH"] = str(ROOT / "cli") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return [sys.executable, "-m", "planbygg"], env


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run one process; wall time from fork to reap, CPU and peak RSS from wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr:
        proc.stderr.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, err.decode("utf-8", "replace"))


def median_run(runs: list[Run]) -> Run:
    ordered = sorted(runs, key=lambda r: r.wall)
    return ordered[len(ordered) // 2]


def machine() -> str:
    model = "ukjent CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cores} kjerner, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def pandoc_version() -> str | None:
    if not shutil.which("pandoc"):
        return None
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "pandoc"


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, target: str = "", ok: bool | None = None) -> None:
        mark = "" if ok is None else ("✓" if ok else "✗")
        self.rows.append((what, value, target, mark))

    def print(self) -> None:
        w = [max(len(r[i]) for r in [*self.rows, ("Måling", "Resultat", "Mål", "")]) for i in range(3)]
        print(f"{'Måling':<{w[0]}}  {'Resultat':>{w[1]}}  {'Mål':<{w[2]}}")
        print(f"{'-' * w[0]}  {'-' * w[1]}  {'-' * w[2]}  -")
        for what, value, target, mark in self.rows:
            print(f"{what:<{w[0]}}  {value:>{w[1]}}  {target:<{w[2]}}  {mark}")


def say(text: str) -> None:
    print(text, flush=True)


# --------------------------------------------------------------------------------------------- peer


def peer(report: Report, tmp: Path, runs: int, cli: list[str], env: dict[str, str]) -> Path | None:
    from markdown_export import export, pandoc_command

    folder = tmp / "baerum"
    shutil.copytree(ROOT / "examples" / "baerum", folder, ignore=shutil.ignore_patterns("build"))
    say(f"\n== Pandoc-sammenligning: examples/baerum ({runs} kjøringer hver, median, ny prosess hver gang) ==")
    build = [*cli, "build", str(folder), "--ut"]
    first = run([*build, str(tmp / "pb-first")], env)
    if not list((tmp / "pb-first").glob("*.docx")):
        say(f"planbygg build feilet (kode {first.code}):\n{first.stderr.strip()[-600:]}")
        report.add("peer: planbygg build baerum", "feilet", "≤ 0,6 × pandoc", False)
        return None
    if first.code != 0:
        say(f"advarsel: planbygg build ga kode {first.code}, men skrev dokumentene: {first.stderr.strip()[-300:]}")
    say(f"planbygg, aller første kjøring: {fmt_s(first.wall)}")
    same: list[Run] = []
    edited: list[Run] = []
    participation = folder / "medvirkning.yaml"
    original = participation.read_text(encoding="utf-8")
    # The two kinds of run alternate, so that drift in the machine's speed hits both alike.
    for i in range(runs):
        participation.write_text(original, encoding="utf-8")
        same.append(run([*build, str(tmp / f"pb-same-{i}")], env))
        participation.write_text(original + f"# endring {i} {time.time()}\n", encoding="utf-8")  # the planner's loop
        edited.append(run([*build, str(tmp / f"pb-{i}")], env))
    participation.write_text(original, encoding="utf-8")
    same_med, edit_med = statistics.median(r.wall for r in same), statistics.median(r.wall for r in edited)
    docs = sorted((tmp / "pb-0").glob("*.docx"))
    say(
        f"planbygg build, uendret innhold:      median {fmt_s(same_med)} "
        f"(CPU {fmt_s(median_run(same).cpu)}, maks minne {median_run(same).rss_mb:.0f} MB)"
    )
    say(
        f"planbygg build, etter endring i én fil: median {fmt_s(edit_med)} "
        f"(CPU {fmt_s(median_run(edited).cpu)}) for {len(docs)} dokumenter"
    )
    version = pandoc_version()
    if not version:
        say("pandoc finnes ikke på PATH (apt-get install pandoc): hopper over sammenligningen.")
        report.add("peer: planbygg/pandoc", "uten pandoc", "≤ 0,6", None)
        report.add("peer: planbygg build baerum", fmt_s(edit_med))
        return docs[0] if docs else None
    md_dir = tmp / "markdown"
    md_dir.mkdir()
    reference = ROOT / "templates" / "referanse.docx"
    commands = []
    for kind, (markdown, meta) in export(ROOT / "examples" / "baerum").items():
        md = md_dir / f"{kind}.md"
        md.write_text(markdown, encoding="utf-8")
        commands.append((kind, pandoc_command(md, md_dir / f"{kind}.docx", meta, reference)))
    for _, cmd in commands:  # warm-up (the operating system's file cache), not measured
        run(cmd, cwd=md_dir)
    totals, per_doc = [], {kind: [] for kind, _ in commands}
    for _ in range(runs):
        total = 0.0
        for kind, cmd in commands:
            r = run(cmd, cwd=md_dir)
            if r.code != 0:
                say(f"pandoc feilet på {kind}: {r.stderr.strip()[:300]}")
            per_doc[kind].append(r.wall)
            total += r.wall
        totals.append(total)
    pd_med = statistics.median(totals)
    say(
        f"{version}: median {fmt_s(pd_med)} for {len(commands)} dokumenter (én prosess per dokument): "
        + ", ".join(f"{k} {fmt_s(statistics.median(v))}" for k, v in per_doc.items())
    )
    ratio, ratio_same = edit_med / pd_med, same_med / pd_med
    say(f"forhold planbygg / pandoc: {ratio:.2f} etter endring, {ratio_same:.2f} med uendret innhold")
    report.add("peer: planbygg build baerum (etter endring)", fmt_s(edit_med))
    report.add("peer: pandoc, samme 3 dokumenter", fmt_s(pd_med))
    report.add("peer: planbygg / pandoc, etter endring", f"{ratio:.2f}", "≤ 0,6 (helst 0,5)", ratio <= 0.6)
    report.add("peer: planbygg / pandoc, uendret innhold", f"{ratio_same:.2f}", "≤ 0,6 (helst 0,5)", ratio_same <= 0.6)
    return docs[0] if docs else None


# -------------------------------------------------------------------------------------------- scale


def scale(report: Report, tmp: Path, runs: int, cli: list[str], env: dict[str, str], factors: list[int]) -> None:
    from synth import scaled

    say(
        f"\n== Skalering: Bærum × {', '.join(map(str, factors))} ({runs} kjøringer hver, median; YAML leses på nytt hver gang) =="
    )
    results: dict[int, Run] = {}
    for k in factors:
        folder = scaled(ROOT / "examples" / "baerum", tmp / f"scale-{k}", k)
        rs = [
            run(
                [*cli, "build", str(folder), "--ut", str(tmp / f"scale-{k}-out-{i}"), "-q"],
                env,
            )
            for i in range(runs)
        ]
        med = median_run(rs)
        if not list((tmp / f"scale-{k}-out-0").glob("*.docx")):
            say(f"×{k}: build feilet (kode {med.code}): {med.stderr.strip()[:400]}")
            report.add(f"skala ×{k}", "feilet", "", False)
            continue
        size = sum(p.stat().st_size for p in (tmp / f"scale-{k}-out-0").glob("*.docx"))
        results[k] = med
        say(
            f"×{k:<2}  tid {fmt_s(med.wall):>8}  CPU {fmt_s(med.cpu):>8}  "
            f"maks minne {med.rss_mb:6.0f} MB  dokumenter {size / 1024:7.0f} kB"
        )
    if 1 in results:
        for k, r in results.items():
            if k == 1:
                report.add("skala ×1: tid / maks minne", f"{fmt_s(r.wall)} / {r.rss_mb:.0f} MB")
                continue
            growth = r.wall / results[1].wall
            limit = k * 20 / 16
            report.add(f"skala ×{k}: tid / maks minne", f"{fmt_s(r.wall)} / {r.rss_mb:.0f} MB", "< 300 MB", r.rss_mb < 300)
            report.add(f"skala ×{k}: tid i forhold til ×1", f"{growth:.1f}×", f"≤ {limit:g}× (lineært)", growth <= limit)


# -------------------------------------------------------------------------------------------- batch


def batch(report: Report, tmp: Path, runs: int, cli: list[str], env: dict[str, str], count: int) -> None:
    from synth import varied

    sources = [ROOT / "examples" / "baerum", ROOT / "examples" / "bergen"]
    say(f"\n== Bunke: {count} kommuner laget fra eksemplene, ett kall med -j 2 ({runs} kjøringer, median; nytt innhold) ==")
    folders = [varied(sources[i % len(sources)], tmp / "batch" / f"k{i:03d}", i) for i in range(count)]
    rs = []
    for i in range(runs):
        out = tmp / f"batch-out-{i}"
        r = run([*cli, "build", *map(str, folders), "--ut", str(out), "-j", "2", "-q"], env)
        docs = len(list(out.rglob("*.docx")))
        rs.append((r, docs))
        if r.code not in (0,):
            say(f"kjøring {i + 1}: kode {r.code}: {r.stderr.strip()[-400:]}")
    r, docs = sorted(rs, key=lambda x: x[0].wall)[len(rs) // 2]
    if not docs:
        report.add("bunke: dokumenter per sekund", "feilet", "≥ 50", False)
        return
    per_s = docs / r.wall
    work_ms = r.cpu / docs * 1000
    say(
        f"{docs} dokumenter på {fmt_s(r.wall)}: {per_s:.0f} dokumenter/s; "
        f"CPU {fmt_s(r.cpu)} = {work_ms:.1f} ms arbeid per dokument; "
        f"maks minne {r.rss_mb:.0f} MB"
    )
    report.add("bunke: dokumenter per sekund", f"{per_s:.0f}", "≥ 50", per_s >= 50)
    report.add("bunke: arbeid (CPU) per dokument", f"{work_ms:.1f} ms", "≤ 25 ms", work_ms <= 25)


# -------------------------------------------------------------------------------------------- check


def check(report: Report, runs: int, cli: list[str], env: dict[str, str], docx: Path | None) -> None:
    say(f"\n== check og --help ({runs} kjøringer hver, median) ==")
    cases = [("check examples/baerum", ["check", str(ROOT / "examples" / "baerum")], 0.25)]
    if docx:
        cases.append((f"check {docx.name}", ["check", str(docx)], None))
    cases.append(("planbygg --help", ["--help"], 0.2))
    for label, args, target in cases:
        rs = [run(cli + args, env) for _ in range(runs)]
        med = median_run(rs)
        if med.code not in (0, 1):  # 1 = a requirement is missing: still a finished check
            say(f"{label}: ikke tilgjengelig (kode {med.code}): {med.stderr.strip()[-300:]}")
            report.add(label, "ikke tilgjengelig", f"≤ {target:g} s".replace(".", ",") if target else "", None)
            continue
        say(f"{label}: {fmt_s(med.wall)} (CPU {fmt_s(med.cpu)}, maks minne {med.rss_mb:.0f} MB)")
        report.add(
            label,
            fmt_s(med.wall),
            f"≤ {target:g} s".replace(".", ",") if target else "",
            (med.wall <= target) if target else None,
        )


# ---------------------------------------------------------------------------------------------- pdf


def pdf_step(report: Report, tmp: Path, runs: int, cli: list[str], env: dict[str, str]) -> None:
    """`build --pdf` against `soffice --convert-to pdf` (bench/pdf.py)."""
    from pdf import pdf

    pdf(report, tmp, runs, cli, env)


# --------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="planbyggs ytelsesmåling (feiler aldri på tid)")
    ap.add_argument("--quick", action="store_true", help="rask røyktest: færre kjøringer og en mindre bunke")
    ap.add_argument("--runs", type=int, help="kjøringer per måling (standard 7, med --quick 2)")
    ap.add_argument(
        "--bare", nargs="+", choices=("peer", "scale", "batch", "pdf", "check", "maler", "yaml"), help="kjør bare disse målingene"
    )
    ap.add_argument("--batch", type=int, help="antall kommuner i bunken (standard 100, med --quick 20)")
    args = ap.parse_args(argv)
    runs = args.runs or (2 if args.quick else 7)
    count = args.batch or (20 if args.quick else 100)
    cli, env = cli_command()
    say(f"planbygg-benchmark {time.strftime('%Y-%m-%d %H:%M')}{'  (--quick)' if args.quick else ''}")
    say(f"Maskin: {machine()}")
    say(f"planbygg kjøres som: {' '.join(cli)}")
    report = Report()
    with tempfile.TemporaryDirectory(prefix="planbygg-bench-") as name:
        tmp = Path(name)
        steps = [
            ("peer", lambda: peer(report, tmp, max(runs, 5) if not args.quick else runs, cli, env)),
            (
                "scale",
                lambda: scale(
                    report, tmp, max(1, runs // 2) if not args.quick else 1, cli, env, [1, 4] if args.quick else [1, 4, 16]
                ),
            ),
            ("batch", lambda: batch(report, tmp, 1 if args.quick else 3, cli, env, count)),
            ("maler", lambda: inprocess.templates(report, max(runs, 5) if not args.quick else runs, say)),
            ("yaml", lambda: inprocess.yaml(report, runs, say)),
            ("pdf", lambda: pdf_step(report, tmp, runs if args.quick else 5, cli, env)),
        ]
        docx = None
        for label, step in steps:
            if args.bare and label not in args.bare:
                continue
            try:
                result = step()
                if label == "peer":
                    docx = result
            except Exception as exc:  # a failing measurement is reported, never fatal
                say(f"{label}: målingen feilet: {type(exc).__name__}: {exc}")
                report.add(label, "feilet", "", None)
        try:
            if not args.bare or "check" in args.bare:
                check(report, max(runs, 5) if not args.quick else runs, cli, env, docx)
        except Exception as exc:
            say(f"check: målingen feilet: {type(exc).__name__}: {exc}")
    say("\n== Sammendrag ==")
    report.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
