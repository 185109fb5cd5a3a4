"""Kinds about universal design: heading order, alternative text, table header rows, title and language."""

from __future__ import annotations

from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, kind, met, missing, not_relevant


@kind("heading_order", {}, ())
def heading_order(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Headings do not skip levels (a heading 3 right after a heading 1)."""
    previous = 0
    skips = []
    headings = [s for s in view.sections if s.heading]
    if not headings:
        return missing("dokumentet har ingen overskrifter (bruk stilene Overskrift 1, 2, 3)")
    for s in headings:
        if s.level > previous + 1:
            skips.append(Evidence(s.where, f"nivå {s.level} etter nivå {previous}"))
        previous = s.level
    if skips:
        return missing(f"{len(skips)} overskrifter hopper over et nivå", skips[:5])
    return met([Evidence(view.name, f"{len(headings)} overskrifter i riktig rekkefølge")])


@kind("alt_text", {}, ())
def alt_text(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every image has alternative text (or is marked as decorative)."""
    images = list(view.images)
    if not images:
        return not_relevant("dokumentet har ingen bilder")
    lacking = [Evidence(i.where) for i in images if not i.alt.strip() and not i.decorative]
    if lacking:
        return missing(f"{len(lacking)} av {len(images)} bilder mangler alternativ tekst", lacking[:5])
    return met([Evidence(images[0].where, f"{len(images)} bilder med alternativ tekst")])


@kind("table_header", {}, ())
def table_header(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """Every table marks its first row as a header row (repeated, read by screen readers)."""
    if not view.tables:
        return not_relevant("dokumentet har ingen tabeller")
    # Layout tables are skipped: the letterhead (a small table before the first heading) and
    # answer boxes (a table without body rows).
    tables = [t for t in view.tables if t.rows and not (t.heading is None and len(t.rows) <= 1)]
    if not tables:
        return not_relevant("dokumentet har bare layouttabeller (brevhode, svarfelt)")
    lacking = [Evidence(t.where, " | ".join(t.header)[:60]) for t in tables if not t.header_flag]
    if lacking:
        return missing(f"{len(lacking)} av {len(tables)} tabeller har ikke merket første rad som overskriftsrad", lacking[:5])
    return met([Evidence(tables[0].where, f"{len(tables)} tabeller med overskriftsrad")])


@kind("property_set", {"egenskap": "choice:tittel|språk"}, ("egenskap",))
def property_set(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """A document property is set: the title, or the language (nb-NO / nn-NO)."""
    if p["egenskap"] == "tittel":
        title = view.properties.get("title", "")
        if title.strip():
            return met([Evidence(f"{view.name} › dokumentegenskaper", title, quoted=True)])
        return missing("dokumentegenskapen «Tittel» er tom")
    lang = view.properties.get("language", "")
    if view.language:
        return met([Evidence(f"{view.name} › dokumentegenskaper", lang)])
    if lang:
        return missing(f"dokumentets språk er satt til «{lang}», ikke norsk (nb-NO eller nn-NO)")
    return missing("dokumentets språk er ikke satt")
