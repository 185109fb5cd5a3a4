"""PDF measurement: `planbygg build --pdf` (one LibreOffice per run) against `soffice --convert-to pdf`.

    python bench/pdf.py            # on its own
    python bench/run.py --bare pdf # as part of the benchmark

Two comparisons, each the median of several runs that alternate between the two sides:
  single  `planbygg build examples/baerum --pdf` (builds the three .docx and their PDFs) against one
          `soffice --convert-to pdf` call on the same three .docx files
  batch   `planbygg build` of 10 municipalities with `--pdf -j 2`, time per PDF, against calling
          `soffice --convert-to pdf` once per document, time per document

soffice gets a profile that is already set up (its first start is not counted); planbygg starts its
own LibreOffice with a new profile every run, and its PDFs are tagged PDF/A where soffice's are plain.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from run import Report, Run, cli_command, fmt_s, run, say  # noqa: E402


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(office: str, profile: Path, docs: list[Path], out: Path) -> Run:
    """One `soffice --convert-to pdf` call on `docs`: wall time, and CPU time of soffice and its children."""
    return run(
        [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docs),
        ]
    )


def pdf(
    report: Report,
    tmp: Path,
    runs: int,
    cli: list[str],
    env: dict[str, str],
    count: int = 10,
    parts: tuple[str, ...] = ("en", "bunke"),
) -> None:
    """Both comparisons; figures to stdout and rows in `report`."""
    office = soffice()
    if office is None:
        say("\n== PDF: LibreOffice (soffice) mangler, målingen hoppes over ==")
        report.add("PDF", "ikke tilgjengelig")
        return
    profile = tmp / "soffice-profil"
    warm = tmp / "varm"
    warm.mkdir(parents=True, exist_ok=True)
    (warm / "tom.txt").write_text("tom\n", encoding="utf-8")
    convert(office, profile, [warm / "tom.txt"], warm)  # set the profile up once, outside the timing
    say(f"Last på maskinen før målingen: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5 og 15 min)")

    if "en" in parts:
        single(report, tmp, runs, cli, env, office, profile)
    if "bunke" in parts:
        batch(report, tmp, runs, cli, env, office, profile, count)


def single(report: Report, tmp: Path, runs: int, cli: list[str], env: dict[str, str], office: str, profile: Path) -> None:
    """`build examples/baerum --pdf` against one `soffice --convert-to pdf` call on its three .docx."""
    say(
        f"\n== PDF, én kommune: build examples/baerum --pdf mot én soffice --convert-to pdf på de tre .docx ({runs} kjøringer hver, vekselvis) =="
    )
    docx_dir = tmp / "pdf-docx"
    built = run([*cli, "build", str(ROOT / "examples" / "baerum"), "--ut", str(docx_dir), "-q"], env)
    docs = sorted(docx_dir.glob("*.docx"))
    if built.code != 0 or len(docs) != 3:
        say(f"kunne ikke bygge Bærum: {built.stderr[-300:]}")
        report.add("PDF: build --pdf Bærum", "feilet")
        return
    ours: list[Run] = []
    theirs: list[Run] = []
    for i in range(runs):
        out = tmp / f"pdf-en-{i}"
        r = run([*cli, "build", str(ROOT / "examples" / "baerum"), "--pdf", "--ut", str(out), "-q"], env)
        if r.code != 0 or len(list(out.glob("*.pdf"))) != 3:
            say(f"kjøring {i + 1}: kode {r.code}: {r.stderr.strip()[-300:]}")
            continue
        ours.append(r)
        theirs.append(convert(office, profile, docs, tmp / f"pdf-soffice-{i}"))
    if not ours:
        report.add("PDF: build --pdf Bærum", "feilet")
        return
    a, b = statistics.median(r.wall for r in ours), statistics.median(r.wall for r in theirs)
    ca, cb = statistics.median(r.cpu for r in ours), statistics.median(r.cpu for r in theirs)
    say(f"planbygg build --pdf: {fmt_s(a)}, CPU {fmt_s(ca)} (alle: {', '.join(fmt_s(r.wall) for r in ours)})")
    say(f"soffice --convert-to pdf, 3 filer: {fmt_s(b)}, CPU {fmt_s(cb)} (alle: {', '.join(fmt_s(r.wall) for r in theirs)})")
    report.add("PDF: build --pdf Bærum (3 dok.)", f"{fmt_s(a)} (CPU {fmt_s(ca)})")
    report.add("PDF: soffice --convert-to, de 3 .docx", f"{fmt_s(b)} (CPU {fmt_s(cb)})")
    report.add("PDF: forhold planbygg / soffice, Bærum", f"{a / b:.2f}".replace(".", ","), "≤ 1", a <= b)


def batch(
    report: Report, tmp: Path, runs: int, cli: list[str], env: dict[str, str], office: str, profile: Path, count: int
) -> None:
    """10 municipalities with `--pdf -j 2`, time per PDF, against `soffice --convert-to pdf` once per document."""
    from synth import varied

    sources = [ROOT / "examples" / "baerum", ROOT / "examples" / "bergen"]
    folders = [varied(sources[i % 2], tmp / "pdf-bunke" / f"k{i:02d}", i) for i in range(count)]
    batch_docx = tmp / "pdf-bunke-docx"
    run([*cli, "build", *map(str, folders), "--ut", str(batch_docx), "-j", "2", "-q"], env)
    all_docs = sorted(batch_docx.rglob("*.docx"))
    batch_runs = max(1, runs // 2)
    say(
        f"\n== PDF, bunke: {count} kommuner ({len(all_docs)} dokumenter) med --pdf -j 2, mot soffice --convert-to pdf "
        f"én gang per dokument ({batch_runs} kjøringer hver, vekselvis) =="
    )
    ours_per, theirs_per = [], []
    for i in range(batch_runs):
        out = tmp / f"pdf-bunke-ut-{i}"
        r = run([*cli, "build", *map(str, folders), "--pdf", "--ut", str(out), "-j", "2", "-q"], env)
        made = len(list(out.rglob("*.pdf")))
        if r.code != 0 or made != len(all_docs):
            say(f"kjøring {i + 1}: kode {r.code}, {made} PDF-er: {r.stderr.strip()[-300:]}")
            continue
        ours_per.append(r.wall / made)
        start = time.perf_counter()
        for doc in all_docs:
            convert(office, profile, [doc], tmp / f"pdf-bunke-soffice-{i}")
        theirs_per.append((time.perf_counter() - start) / len(all_docs))
        say(
            f"kjøring {i + 1}: planbygg {fmt_s(r.wall)} for {made} PDF-er (CPU {fmt_s(r.cpu)}); soffice {fmt_s(theirs_per[-1] * len(all_docs))}"
        )
    if not ours_per:
        report.add("PDF: bunke", "feilet")
        return
    a, b = statistics.median(ours_per), statistics.median(theirs_per)
    say(f"planbygg build --pdf -j 2: {fmt_s(a)} per PDF (alle: {', '.join(fmt_s(x) for x in ours_per)})")
    say(f"soffice --convert-to pdf per dokument: {fmt_s(b)} per dokument (alle: {', '.join(fmt_s(x) for x in theirs_per)})")
    report.add(f"PDF: bunke {count} kommuner, per PDF", fmt_s(a))
    report.add("PDF: soffice én gang per dokument", fmt_s(b))
    report.add("PDF: forhold per dokument, bunke", f"{a / b:.2f}".replace(".", ","), "≤ 0,5", a <= 0.5 * b)


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description="PDF-målingen alene (feiler aldri på tid)")
    ap.add_argument("--runs", type=int, default=5, help="kjøringer per måling (standard 5)")
    ap.add_argument("--kommuner", type=int, default=10, help="kommuner i bunken (standard 10)")
    ap.add_argument("--bare", nargs="+", choices=("en", "bunke"), default=["en", "bunke"], help="bare disse målingene")
    args = ap.parse_args()
    cli, env = cli_command()
    report = Report()
    with tempfile.TemporaryDirectory(prefix="planbygg-bench-pdf-") as name:
        tmp = Path(name)
        env["PLANBYGG_CACHE"] = str(tmp / "cache")
        pdf(report, tmp, args.runs, cli, env, args.kommuner, tuple(args.bare))
    say("\n== Sammendrag ==")
    report.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
