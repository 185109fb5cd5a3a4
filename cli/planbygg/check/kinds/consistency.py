"""Consistency across documents checked together: title, municipality, period, deadline and reference."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..views import Para, View
from .base import Context, Evidence, Outcome, kind, met, missing, not_relevant, scope_paras
from .deadlines import dates_of

PERIOD_RE = re.compile(r"\b((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)\b")
KOMMUNE_RE = re.compile(r"\b([A-ZÆØÅ][\wæøåÆØÅ-]+(?:\s[A-ZÆØÅ][\wæøå]+)?)\s(kommune|herad)\b")
REF_RE = re.compile(
    r"(saksnr\.?|saksnummer|sak nr\.?|vår ref(?:eranse)?\.?|referanse|byrådssak|bystyresak|arkivsak)\s*:?\s*(\d{2,4}/\d{1,6}(?:-\d+)?)",
    re.IGNORECASE,
)
# A political case number (byrådssak 1016/23) and the archive's reference (Vår ref. 2023/4567-12) are
# different numbers for the same matter: each is compared only with its own kind.
POLITICAL_REF = re.compile(r"byrådssak|bystyresak", re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(r"-\d+$")
NAMES = {
    "tittel": "tittelen",
    "kommune": "kommunen",
    "periode": "planperioden",
    "frist": "høringsfristen",
    "referanse": "saksnummeret",
}


def _norm_title(text: str) -> str:
    text = PERIOD_RE.sub(" ", text.lower())
    text = re.sub(r"^(høringsutkast|høyringsutkast|utkast)\s*[:–-]\s*", "", text.strip())
    return " ".join(re.sub(r"[^\wæøå ]", " ", text).split())


def _head_paras(view: View, n: int = 6) -> list[Any]:
    items = scope_paras(view, "tittel")
    for s in view.sections[:3]:
        items.extend(s.paras[:n])
    if view.extra_text:
        items.append(Para(view.extra_text, f"{view.name} › topptekst/bunntekst"))
    return items


def values(view: View, field: str, ctx: Context) -> list[tuple[str, str]]:
    """(value, where) for one field in one document."""
    if field == "tittel":
        return [(view.title, view.title_where)] if view.title else []
    if field == "kommune":
        counter: Counter[str] = Counter()
        first: dict[str, str] = {}
        items = scope_paras(view, "alt")
        if view.properties.get("author"):
            items.append(Para(view.properties["author"], f"{view.name} › dokumentegenskaper"))
        for para in items:
            if "kommune" not in para.text and "herad" not in para.text:
                continue  # most paragraphs name no municipality; the pattern is slow on them
            for m in KOMMUNE_RE.finditer(para.text):
                name = f"{m.group(1)} {m.group(2)}"
                if m.group(1).lower() in {"den", "hele", "heile", "denne", "vår", "kvar", "hver", "egen", "eiga"}:
                    continue
                counter[name] += 1
                first.setdefault(name, para.where)
        if not counter:
            return []
        name = counter.most_common(1)[0][0]
        return [(name, first[name])]
    if field == "periode":
        for para in _head_paras(view):
            period = PERIOD_RE.search(para.text)
            if period:
                return [("–".join(period.groups()), para.where)]
        return []
    if field == "frist":
        if view.doc_type not in ("brev", "skjema") and not any("frist" in p.text.lower() for p in _head_paras(view)):
            return []
        d = dates_of(view, ctx)
        return [(d.due.isoformat(), d.due_where)] if d.due else []
    if field == "referanse":
        kinds: dict[str, tuple[str, str]] = {}
        for para in scope_paras(view, "alt"):
            if "/" not in para.text:
                continue  # every reference has a slash (24/1234)
            for ref in REF_RE.finditer(para.text):
                kind = "politisk sak" if POLITICAL_REF.fullmatch(ref.group(1)) else "referanse"
                kinds.setdefault(kind, (ref.group(2), para.where))
        return [(f"{kind} {value}" if kind != "referanse" else value, where) for kind, (value, where) in kinds.items()]
    return []


def check(views: list[View], field: str, ctx: Context) -> Outcome:
    name = NAMES[field]
    found = [(v, value, where) for v in views for value, where in values(v, field, ctx)]
    if field == "tittel":
        return _titles(views, found)
    if len({v.name for v, _, _ in found}) < 2:
        return not_relevant(f"{name} står i færre enn to dokumenter")
    groups: dict[str, list[tuple[View, str, str]]] = {}
    for v, value, where in found:
        key = " ".join(value.lower().split())
        if field == "referanse":
            # «24/12345-3» is document 3 in case 24/12345: the letter's archive reference and the
            # case number in the plan name the same case.
            key = DOCUMENT_NUMBER.sub("", key)
        groups.setdefault(key, []).append((v, value, where))
    evidence = [Evidence(where, f"{v.name}: {value}") for v, value, where in found]
    if field == "referanse" and len(groups) > 1:
        # Differences count only between numbers of one kind (two archive references, two political cases).
        kinds = {key.startswith("politisk sak") for key in groups}
        if all(sum(1 for key in groups if key.startswith("politisk sak") == kind) == 1 for kind in kinds):
            return met(evidence[:4], f"samme {field} av hvert slag i {len({v.name for v, _, _ in found})} dokumenter")
    if len(groups) == 1:
        return met(evidence[:4], f"samme {field} i {len(found)} dokumenter")
    shown = " / ".join(f"«{g[0][1]}»" for g in groups.values())
    return missing(f"ulik {field} i dokumentene: {shown}", evidence[:8])


def _titles(views: list[View], found: list[tuple[View, str, str]]) -> Outcome:
    plans = [(v, value, where) for v, value, where in found if v.doc_type == "plan"]
    if not plans:
        return not_relevant("ingen plan blant dokumentene å sammenligne tittelen med")
    others = [v for v in views if v.doc_type != "plan"]
    if not others:
        return not_relevant("bare plandokumenter; hver plan har sin egen tittel")
    titles = {_norm_title(value) for _, value, _ in plans if _norm_title(value)}
    evidence = [Evidence(where, f"{v.name}: {value}") for v, value, where in plans]
    lacking = []
    for v in others:
        text = _norm_title(" ".join(p.text for p in scope_paras(v, "alt")) + " " + v.title)
        hit = next((t for t in titles if t and t in text), None)
        if hit:
            evidence.append(Evidence(v.title_where or v.name, f"{v.name} nevner «{hit}»"))
        else:
            lacking.append(v)
            evidence.append(Evidence(v.title_where or v.name, f"{v.name}: {v.title or '(ingen tittel)'}"))
    if lacking:
        return missing(f"{', '.join(v.name for v in lacking)} nevner ikke plantittelen", evidence[:8])
    return met(evidence[:6], "alle dokumentene nevner plantittelen")


@kind("consistent_across", {"felt": "choice:tittel|kommune|periode|frist|referanse"}, ("felt",), package=True)
def consistent_across(views: list[View], p: dict[str, Any], ctx: Context) -> Outcome:
    """The same title, municipality, period, deadline or reference in every document checked together."""
    return check(views, p["felt"], ctx)


def municipality_of(views: list[View], ctx: Context) -> str:
    """The municipality the documents are about: the name most of them give («Bærum kommune»), or ""."""
    names: Counter[str] = Counter()
    for view in views:
        for value, _ in values(view, "kommune", ctx):
            names[value] += 1
    return names.most_common(1)[0][0] if names else ""
