"""Measure `planbygg check` on the corpus in tests/corpus: per-rule recall and precision, false passes, kind accuracy.

Each corpus text has a sidecar with a lawyer's verdict per rule, written before any run. The script
checks every text the way a user would (HTML and PDF through planbygg's readers; a plain .txt page
is first turned into a simple HTML page) and compares the check's JSON report with the verdicts.
It reads only the stable JSON report (`funn[].regel/status/nivå`, `dokumenter[].type`), so it keeps
working when the detection kinds and rules are rewritten.

    python bench/corpus.py                 # figures for real texts and probes
    python bench/corpus.py --detaljer      # also every disagreement (text, rule, verdict, check)
    python bench/corpus.py --json out.json # all figures as JSON
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(ROOT / "cli"))

SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".txt")
# A bullet, or a number that starts a numbered item (not a date such as «14. oktober – 25. november»)
MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
BULLET_RE = re.compile(rf"^\s*(?:[•▪◦·\-–*]|\d{{1,2}}[.)](?!\s*(?:{MONTHS})\b))\s+", re.IGNORECASE)
LETTERS_RE = re.compile(r"[A-Za-zÆØÅæøå]{3,}")
HEADING_END = ".,;:!?»)"


@dataclass
class Entry:
    """One corpus text with its sidecar."""

    stem: str
    path: Path
    meta: dict
    verdicts: dict[str, dict]

    @property
    def probe(self) -> bool:
        return bool(self.meta.get("probe"))


@dataclass
class Tally:
    """Counts for one rule (or all rules) in one group of texts."""

    level: str = ""
    present: int = 0  # verdict oppfylt
    found: int = 0  # verdict oppfylt and the check said oppfylt
    absent: int = 0  # verdict mangler
    false_pass: int = 0  # verdict mangler but the check said oppfylt
    flagged: int = 0  # verdict mangler and the check reported it (mangler, advarsel or another non-pass)
    misses: list[str] = field(default_factory=list)
    passes: list[str] = field(default_factory=list)

    @property
    def tool_pass(self) -> int:
        return self.found + self.false_pass


def load_corpus(folder: Path = CORPUS) -> list[Entry]:
    """Every text under texts/ and probes/ that has a sidecar .yaml."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    entries = []
    for sidecar in sorted([*folder.glob("texts/*.yaml"), *folder.glob("probes/*.yaml")]):
        meta = yaml.load(sidecar.read_text(encoding="utf-8"))
        text = next((sidecar.with_suffix(s) for s in SUFFIXES if sidecar.with_suffix(s).is_file()), None)
        if text is None:
            raise SystemExit(f"{sidecar}: finner ikke teksten (.html, .pdf, .docx eller .txt) ved siden av")
        entries.append(Entry(sidecar.stem, text, meta, meta.get("vurdering") or {}))
    return entries


def text_to_html(text: str) -> str:
    """A plain-text page as simple HTML: one paragraph per line, bullets as lists, short title-like lines as h2.

    The text as found carries no markup; a line is taken as a heading when it is short, has no
    closing punctuation, starts with a capital letter or a digit and has a word in it, as a web page
    would show it; short lines right after it (a contact block: name, title, phone) are paragraphs.
    A line that starts with a date («14. oktober – …») is not a numbered item. The first line is the
    page's title (h1) when it is shaped like one (up to 120 characters, no closing punctuation),
    as the saved page showed it, however many words it has.
    """
    out = ["<!DOCTYPE html>", "<html><head><meta charset='utf-8'></head><body>"]
    in_list = False
    after_heading = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet = BULLET_RE.match(line)
        if bullet:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{html.escape(line[bullet.end() :])}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        words = line.split()
        heading = (
            len(line) <= 80
            and len(words) <= 10
            and line[-1] not in HEADING_END
            and (line[0].isupper() or line[0].isdigit())
            and LETTERS_RE.search(line) is not None  # «53 42 30 55» is a phone number, not a heading
        )
        # Under a heading, more short lines are a block (a name, a title, a phone number), not more headings.
        tag = "h2" if heading and not after_heading else "p"
        if len(out) == 2 and len(line) <= 120 and line[-1] not in HEADING_END and (line[0].isupper() or line[0].isdigit()):
            tag, heading = "h1", True
        after_heading = heading
        out.append(f"<{tag}>{html.escape(line)}</{tag}>")
    if in_list:
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def run_check(path: Path, doc_type: str | None = None) -> dict:
    """The check's JSON report for one file (a .txt is converted to HTML first), as a dict."""
    from planbygg.check.command import check_views, collect_views
    from planbygg.check.report import to_json

    with tempfile.TemporaryDirectory() as tmp:
        if path.suffix == ".txt":
            target = Path(tmp) / (path.stem + ".html")
            target.write_text(text_to_html(path.read_text(encoding="utf-8")), encoding="utf-8")
            path = target
        views, _ = collect_views([path], doc_type)
        return json.loads(to_json(check_views(views)))


def measure(entries: list[Entry]) -> dict:
    """Run the check on every entry (as recognised and with its true kind) and count agreements."""
    groups: dict[str, dict] = {}
    for entry in entries:
        group = groups.setdefault("prøver" if entry.probe else "ekte", _empty_group())
        kind = entry.meta["type"]
        target = group["kinds"]
        target["n"] += 1
        recognised = run_check(entry.path)
        got = recognised["dokumenter"][0]["type"]
        target["riktig"] += got == kind
        if got != kind:
            target["feil"].append(f"{entry.stem}: {kind} lest som {got}")
        group["size"][(kind, entry.meta.get("målform", "?"))] += 1
        forced = run_check(entry.path, kind) if got != kind else recognised
        _count(group["rules"], entry, _statuses(forced))
        _count(group["end_to_end"], entry, _statuses(recognised))
    return groups


def _empty_group() -> dict:
    return {"kinds": {"n": 0, "riktig": 0, "feil": []}, "size": Counter(), "rules": {}, "end_to_end": {}}


def _statuses(report: dict) -> dict[str, tuple[str, str]]:
    return {f["regel"]: (f["status"], f["nivå"]) for f in report["funn"]}


def _count(tallies: dict[str, Tally], entry: Entry, statuses: dict[str, tuple[str, str]]) -> None:
    for rule_id, verdict in entry.verdicts.items():
        answer = (verdict or {}).get("svar")
        if answer not in ("oppfylt", "mangler"):
            continue  # uavklart / ikke relevant: not counted
        status, level = statuses.get(rule_id, ("ikke kjørt", ""))
        tally = tallies.setdefault(rule_id, Tally())
        tally.level = tally.level or level
        passed = status == "oppfylt"
        if answer == "oppfylt":
            tally.present += 1
            tally.found += passed
            if not passed:
                tally.misses.append(f"{entry.stem}: {status}")
        else:
            tally.absent += 1
            tally.false_pass += passed
            tally.flagged += status not in ("oppfylt", "ikke relevant", "ikke kjørt")
            if passed:
                tally.passes.append(entry.stem)


def _total(tallies: dict[str, Tally], level: str | None = None) -> Tally:
    total = Tally()
    for t in tallies.values():
        if level and t.level != level:
            continue
        total.present += t.present
        total.found += t.found
        total.absent += t.absent
        total.false_pass += t.false_pass
        total.flagged += t.flagged
    return total


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "    – "


def report(groups: dict, details: bool = False) -> str:
    """The figures as text: size, kind accuracy, per-rule table, totals."""
    lines: list[str] = []
    for name in ("ekte", "prøver"):
        group = groups.get(name)
        if not group:
            continue
        kinds = group["kinds"]
        size = group["size"]
        lines.append(f"== {name} tekster: {kinds['n']}")
        by_kind = Counter(k for k, _ in size.elements())
        by_lang = Counter(m for _, m in size.elements())
        lines.append("   etter type: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
        lines.append("   etter målform: " + ", ".join(f"{k} {v}" for k, v in sorted(by_lang.items())))
        lines.append(f"   dokumenttype riktig: {kinds['riktig']} av {kinds['n']} ({_pct(kinds['riktig'], kinds['n']).strip()})")
        for miss in kinds["feil"]:
            lines.append(f"     {miss}")
        lines.append("")
        lines.append(
            f"   {'regel':<26}{'nivå':<11}{'finnes':>7}{'funnet':>7}{'treff':>9}{'bestått':>9}{'presisjon':>11}{'falske':>8}{'mangler':>9}{'meldt':>7}"
        )
        for rule_id in sorted(group["rules"]):
            t = group["rules"][rule_id]
            lines.append(
                f"   {rule_id:<26}{t.level:<11}{t.present:>7}{t.found:>7}{_pct(t.found, t.present):>9}"
                f"{t.tool_pass:>9}{_pct(t.found, t.tool_pass):>11}{t.false_pass:>8}{t.absent:>9}{t.flagged:>7}"
            )
        for label, level in (("alle regler", None), ("krav", "krav"), ("anbefaling", "anbefaling")):
            t = _total(group["rules"], level)
            lines.append(
                f"   {label:<37}{t.present:>7}{t.found:>7}{_pct(t.found, t.present):>9}"
                f"{t.tool_pass:>9}{_pct(t.found, t.tool_pass):>11}{t.false_pass:>8}{t.absent:>9}{t.flagged:>7}"
            )
        e2e = _total(group["end_to_end"])
        lines.append(
            f"   med dokumenttypen planbygg selv valgte: funnet {e2e.found} av {e2e.present} ({_pct(e2e.found, e2e.present).strip()}),"
            f" falske bestått på krav {_total(group['end_to_end'], 'krav').false_pass}"
        )
        if details:
            lines.append("   uenigheter (riktig dokumenttype):")
            for rule_id in sorted(group["rules"]):
                t = group["rules"][rule_id]
                lines.extend(f"     {rule_id}: ikke funnet i {m}" for m in t.misses)
                lines.extend(f"     {rule_id}: bestått, men mangler i {p}" for p in t.passes)
        lines.append("")
    return "\n".join(lines)


def as_json(groups: dict) -> dict:
    out = {}
    for name, group in groups.items():
        out[name] = {
            "tekster": group["kinds"]["n"],
            "dokumenttype_riktig": group["kinds"]["riktig"],
            "størrelse": {f"{k}/{m}": n for (k, m), n in sorted(group["size"].items())},
            "regler": {
                rid: {
                    "nivå": t.level,
                    "finnes": t.present,
                    "funnet": t.found,
                    "bestått": t.tool_pass,
                    "falske": t.false_pass,
                    "mangler": t.absent,
                    "meldt": t.flagged,
                }
                for rid, t in sorted(group["rules"].items())
            },
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål planbygg check på korpuset i tests/corpus.")
    parser.add_argument("--detaljer", action="store_true", help="vis hver uenighet mellom juristen og planbygg")
    parser.add_argument("--json", type=Path, help="skriv tallene som JSON til denne filen")
    parser.add_argument(
        "--utvalg", metavar="FRA-TIL", help="mål bare tekstene med disse numrene, f.eks. 057-068 (en runde holdt utenfor)"
    )
    args = parser.parse_args(argv)
    entries = load_corpus()
    if args.utvalg:
        low, _, high = args.utvalg.partition("-")
        if not (low.isdigit() and (high or low).isdigit()):
            parser.error(f"--utvalg: skriv to tall med bindestrek, f.eks. 057-068 (fikk «{args.utvalg}»)")
        entries = [e for e in entries if e.stem[:3].isdigit() and int(low) <= int(e.stem[:3]) <= int(high or low)]
    groups = measure(entries)
    print(report(groups, args.detaljer))
    if args.json:
        args.json.write_text(json.dumps(as_json(groups), ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
