"""The measured corpus stays well-formed: every verdict names a rule of its document type and quotes the text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import corpus as bench_corpus  # noqa: E402

from planbygg.check.rules import load_rules  # noqa: E402
from planbygg.read.html import parse_html  # noqa: E402

ENTRIES = bench_corpus.load_corpus()
RULES = {r.id: r for r in load_rules(None).rules}
ANSWERS = {"oppfylt", "mangler", "uavklart", "ikke relevant"}


def _plain(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".htm"):
        raw = " ".join(str(b) for b in parse_html(raw, path.name).blocks) + " " + raw
    return " ".join(raw.split()).casefold()


def test_corpus_size_and_mix():
    real = [e for e in ENTRIES if not e.probe]
    assert len(real) >= 30 and len(ENTRIES) - len(real) >= 10
    assert sum(e.meta["målform"] == "nn" for e in real) >= len(real) * 0.3
    kinds = [e.meta["type"] for e in real]
    assert kinds.count("brev") >= 10 and kinds.count("plan") >= 10 and kinds.count("medvirkning") >= 5


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.stem for e in ENTRIES])
def test_verdicts_cover_the_rules_of_the_kind_and_quote_the_text(entry):
    kind = entry.meta["type"]
    assert kind in ("plan", "medvirkning", "brev", "skjema")
    assert entry.meta["målform"] in ("nb", "nn") and entry.meta.get("kilde")
    content_rules = {
        r.id for r in RULES.values() if kind in r.gjelder and r.file in ("plan.yaml", "hoeringsbrev.yaml", "medvirkning.yaml")
    }
    assert set(entry.verdicts) == content_rules
    text = _plain(entry.path)
    for rule_id, verdict in entry.verdicts.items():
        assert verdict["svar"] in ANSWERS, rule_id
        if verdict["svar"] == "oppfylt":
            quote = verdict.get("sitat") or ""
            assert quote, f"{rule_id}: oppfylt uten sitat"
            # a quote may join pieces with «...», « / » or «→» (table cells, elided text)
            for piece in re.split(r"\s*(?:\.\.\.|…|/(?!\d)|→|:)\s*", quote):
                piece = " ".join(piece.split()).casefold().strip(" .")
                if len(piece) >= 4:
                    assert piece in text, f"{rule_id}: «{piece}» står ikke i {entry.path.name}"


def test_text_to_html_marks_headings_and_lists():
    html = bench_corpus.text_to_html(
        "Kvifor er planen viktig?\nHøyringsperiode:\n• Ungdomsrådet\n• Eldrerådet\nDette er ein lang setning."
    )
    doc = parse_html(html, "x.html")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "ListBlock", "Paragraph"]
    doc = parse_html(bench_corpus.text_to_html("Slik sender du innspel\nSend innspelet til oss."), "x.html")
    assert [type(b).__name__ for b in doc.blocks] == ["Heading", "Paragraph"]
