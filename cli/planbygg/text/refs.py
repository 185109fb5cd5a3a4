"""Find case references in Norwegian municipal text: «K-sak 12/24», «PS 123/23», «bystyresak», «saksnummer 24/1234»."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Prefix → (kind shown to the user, deciding body when the prefix names one)
PREFIXES: tuple[tuple[str, str, str | None], ...] = (
    (r"k-?sak|ks-sak|kst-?sak|kommunestyresak|kommunestyre(?:ts)?\s+sak", "kommunestyresak", "kommunestyret"),
    (r"heradsstyresak|hs-sak|heradsstyre(?:ts)?\s+sak", "heradsstyresak", "heradsstyret"),
    (r"bystyresak|bs-sak|bystyre(?:ts)?\s+sak", "bystyresak", "bystyret"),
    (r"byrådssak|byrådsak|byråd(?:ets)?\s+sak", "byrådssak", "byrådet"),
    (r"formannskapssak|fs-sak|f-sak|formannskap(?:ets)?\s+sak", "formannskapssak", "formannskapet"),
    (r"ps|politisk\s+sak", "politisk sak", None),
    (r"arkivsak(?:snummer|snr\.?|\s*nr\.?)?|arkivsaksnr\.?", "arkivsak", None),
    (
        r"saksnummer|saksnr\.?|sak\s*nr\.?|saknr\.?|vår\s+ref(?:eranse)?\.?|dykkar\s+ref\.?|deres\s+ref\.?|ref\.?",
        "saksnummer",
        None,
    ),
    (r"sak", "sak", None),
)
NUMBER = r"(?P<number>\d{1,5}\s*/\s*\d{2,5}(?:\s*-\s*\d{1,4})?)"
REF_RES = tuple(
    (re.compile(rf"(?i)(?<![\wæøå])(?P<prefix>{pattern})\s*(?:nr\.?\s*)?[:.]?\s*{NUMBER}(?!\d)"), kind, body)
    for pattern, kind, body in PREFIXES
)


@dataclass(frozen=True)
class CaseRef:
    """A case reference; `body` is the deciding body when the prefix names one («K-sak» → kommunestyret)."""

    start: int
    end: int
    text: str
    kind: str
    number: str  # normalised «12/24» or «24/1234-3»
    body: str | None = None

    @property
    def year(self) -> int | None:
        """The year of the case number («12/24» → 2024, «2023/320» → 2023), when it is one."""
        m = re.match(r"(\d+)/(\d+)", self.number)
        if not m:
            return None
        a, b = m.group(1), m.group(2)
        if len(a) == 4 and 1990 <= int(a) <= 2040:
            return int(a)
        if len(b) == 4 and 1990 <= int(b) <= 2040:
            return int(b)  # «45/2024»
        if len(b) == 2:
            return 2000 + int(b)  # sequence/year: «12/24»
        if len(a) == 2 and len(b) >= 3:
            return 2000 + int(a)  # archive year/sequence: «24/1234»
        return None


def find_case_refs(text: str) -> list[CaseRef]:
    """Every case reference, the most specific prefix winning where two overlap («K-sak 12/24», not «sak 12/24»)."""
    found: list[CaseRef] = []
    for regex, kind, body in REF_RES:
        for m in regex.finditer(text):
            if any(r.start <= m.start("number") < r.end for r in found):
                continue
            number = re.sub(r"\s+", "", m.group("number"))
            found.append(CaseRef(m.start(), m.end(), m.group(), kind, number, body))
    return sorted(found, key=lambda r: r.start)
