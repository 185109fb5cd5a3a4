"""Split Norwegian text into paragraphs and sentences without breaking on abbreviations, ordinals or § numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that end in a period inside a sentence (bokmål and nynorsk), lower case, without the final period.
ABBREVIATION_TEXT = """
f.eks t.d bl.a m.a jf jfr dvs d.v.s evt ev osv o.l m.m mv m.fl ca kl nr pkt kap ref iht i.h.t tlf mob
prop st.meld meld innst nou fig tab s side vedl avd adm stk ang vs dr prof sk o.a m.v t.o.m f.o.m
a.s asa inkl ekskl mill mrd kr pst jan feb apr aug sep sept okt nov des red utg
"""
ABBREVIATIONS = frozenset(ABBREVIATION_TEXT.split())
MONTH_WORDS = r"jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des"
# A period that ends a sentence: followed by space and a capital letter, a digit, a quote or a bullet.
BOUNDARY_RE = re.compile(r"([.!?…]+[»”\")\]]*)(\s+)(?=[«\"“(\[]?[A-ZÆØÅ0-9•\-–])")
ORDINAL_BEFORE_RE = re.compile(r"(?:^|\s)(\d{1,2}|§\s*\d+(?:-\d+)?)$")
WORD_BEFORE_RE = re.compile(r"([\wÆØÅæøå.]+)$")
PARAGRAPH_RE = re.compile(r"\n\s*\n+")
MONTH_AFTER_RE = re.compile(rf"(?i)({MONTH_WORDS})")
INITIAL_BEFORE_RE = re.compile(r"(?:^|\s)[A-ZÆØÅ]$")
LINE_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    """A sentence with its character offsets in the text it was taken from."""

    text: str
    start: int
    end: int


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, whitespace inside each collapsed."""
    return [" ".join(p.split()) for p in PARAGRAPH_RE.split(text) if p.strip()]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text; a line break without closing punctuation (a heading, a list line) also ends one."""
    out: list[Sentence] = []
    for line_match in LINE_RE.finditer(text):
        line_start = line_match.start()
        line = line_match.group()
        start = 0
        for m in BOUNDARY_RE.finditer(line):
            end = m.end(1)
            if _false_boundary(line[:end], line[m.end() :]):
                continue
            _add(out, line, start, end, line_start)
            start = m.end()
        _add(out, line, start, len(line), line_start)
    return out


def _add(out: list[Sentence], line: str, start: int, end: int, offset: int) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(stripped, offset + start + lead, offset + start + lead + len(stripped)))


def _false_boundary(before: str, after: str) -> bool:
    """True when the period before `after` belongs to an abbreviation, an ordinal («10. juni») or «§ 15-1.»."""
    if not before.endswith("."):
        return False
    body = before[:-1]
    # The patterns end at the end of `body`: searching only its tail keeps a long line from being
    # scanned from its start at every period (quadratic in the line's length).
    tail = max(0, len(body) - 40)
    word = WORD_BEFORE_RE.search(body, tail)
    if word and word.group(1).lower().strip(".") in ABBREVIATIONS:
        return True
    # «10. Juni» is rare, but «kap. 3.» and «1. Mars» appear in headings copied from PDFs
    if ORDINAL_BEFORE_RE.search(body, tail) and MONTH_AFTER_RE.match(after):
        return True
    # a single capital initial («K. Hansen»)
    return bool(INITIAL_BEFORE_RE.search(body, tail))
