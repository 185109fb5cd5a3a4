"""The kinds of document planbygg writes and checks, each defined once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """One kind of document: its template, the content it needs and how check names it."""

    id: str  # template «<id>.md.j2» and the value of the document property «Dokumenttype»
    check_type: str  # the kind `planbygg check` reports (JSON): plan | medvirkning | brev | skjema | oppsummering …
    needs: str  # the content key (file) the document is made from
    name: str  # what the check calls it, in the definite form: «planen»
    file_stem: str = ""  # default: the id; the plan's file name follows its status instead

    def file_name(self, slug: str, status: str = "høringsutkast") -> str:
        """Return the file name, e.g. «baerum-hoeringsutkast.docx» (an adopted plan is «baerum-plan.docx»)."""
        stem = self.file_stem or self.id
        if self.id == "hoeringsutkast":
            stem = {"utkast": "planutkast", "vedtatt": "plan"}.get(status, stem)
        return f"{slug}-{stem}.docx"


KINDS: tuple[Kind, ...] = (
    Kind("hoeringsutkast", "plan", "tiltaksdel", "planen"),
    Kind("medvirkningsrapport", "medvirkning", "medvirkning", "medvirkningsrapporten"),
    Kind("hoeringsbrev", "brev", "høring", "høringsbrevet"),
    Kind("hoeringsskjema", "skjema", "høring", "høringsskjemaet"),
    # After the høring: the replies with their assessment, the council's case and what changed since the draft.
    Kind("hoeringsoppsummering", "oppsummering", "høringssvar", "høringsoppsummeringen"),
    Kind("saksframlegg", "saksframlegg", "saksframlegg", "saksframlegget"),
    Kind("endringer", "endringer", "høringssvar", "endringslisten", file_stem="endringer-etter-hoeringen"),
)
BY_ID: dict[str, Kind] = {k.id: k for k in KINDS}
KIND_IDS: tuple[str, ...] = tuple(BY_ID)
CHECK_TYPES: tuple[str, ...] = ("plan", "medvirkning", "brev", "skjema", "oppsummering", "saksframlegg", "endringer")
CHECK_TYPE_NAMES: dict[str, str] = {
    "plan": "planen",
    "medvirkning": "medvirkningsrapporten",
    "brev": "høringsbrevet",
    "skjema": "høringsskjemaet",
    "oppsummering": "høringsoppsummeringen",
    "saksframlegg": "saksframlegget",
    "endringer": "endringslisten",
}
# Letters and forms belong to the consultation: an adopted plan is built without them unless asked for.
CONSULTATION = ("hoeringsbrev", "hoeringsskjema")


def default_kinds(data: dict[str, Any]) -> list[str]:
    """The kinds a folder builds when planbygg.yaml has no «dokumenter:» list, in build order."""
    status = (data.get("plan") or {}).get("status")
    kinds = [k.id for k in KINDS if k.needs in data]
    if not (data.get("høring") or {}).get("skjema") and "hoeringsskjema" in kinds:
        kinds.remove("hoeringsskjema")
    if status == "vedtatt":
        kinds = [k for k in kinds if k not in CONSULTATION]
    # What changed since the høringsutkast belongs with the council's case and the adopted plan.
    if "endringer" in kinds and status != "vedtatt" and "saksframlegg" not in data:
        kinds.remove("endringer")
    return kinds
