"""The kind that finds personal data that must not be published."""

from __future__ import annotations

from typing import Any

from ..views import View
from .base import Context, Evidence, Outcome, kind, met, missing


@kind("personal_data", {"type": "choice:fødselsnummer|telefon|epost"}, ("type",))
def personal_data(view: View, p: dict[str, Any], ctx: Context) -> Outcome:
    """No fødselsnummer, and no private persons' phone numbers or e-mail addresses (see personvern.yaml)."""
    from .. import personal

    finder = {"fødselsnummer": personal.find_fnr, "telefon": personal.find_phones, "epost": personal.find_private_emails}[
        p["type"]
    ]
    views = ctx.views or [view]
    allowed = ctx.cached("contacts", views, lambda: set().union(*(personal.allowed_contacts(v) for v in views)))
    items = ctx.items(view)
    pattern = {"fødselsnummer": personal.FNR_RE, "telefon": personal.PHONE_RE, "epost": personal.EMAIL_RE}[p["type"]]
    hits = []
    # One search over all the text first: most documents have no candidate at all, and scanning
    # each paragraph separately cost more than the rest of the content checks together.
    joined = ctx.cached("joined", view, lambda: "\n".join(para.text for para in items))
    if "@" in joined if p["type"] == "epost" else pattern.search(joined):
        for para in items:
            for value in finder(para.text, allowed):
                hits.append(Evidence(para.where, personal.mask(value)))
    if hits:
        return missing(f"fant {len(hits)} mulige personopplysninger", hits[:8])
    return met([], "fant ingen")
