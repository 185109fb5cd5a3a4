"""Words that follow the content: what the plan's parts are called, the plan type, and the plan's status.

Templates get these as ready-made forms (`betegnelse.flertall`, `status.merking` …), so a plan of
«innsatsområder» never says «strategier», and a draft never says it was adopted.
"""

from __future__ import annotations

from typing import Any

from ..dates import format_date

# Part name → (singular, plural, definite singular, definite plural), per målform.
PARTS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "nb": {
        "strategi": ("strategi", "strategier", "strategien", "strategiene"),
        "innsatsområde": ("innsatsområde", "innsatsområder", "innsatsområdet", "innsatsområdene"),
        "satsingsområde": ("satsingsområde", "satsingsområder", "satsingsområdet", "satsingsområdene"),
        "fokusområde": ("fokusområde", "fokusområder", "fokusområdet", "fokusområdene"),
        "hovedmål": ("hovedmål", "hovedmål", "hovedmålet", "hovedmålene"),
        "tema": ("tema", "temaer", "temaet", "temaene"),
        "del": ("del", "deler", "delen", "delene"),
        "rom": ("rom", "rom", "rommet", "rommene"),
        "byggestein": ("byggestein", "byggesteiner", "byggesteinen", "byggesteinene"),
    },
    "nn": {
        "strategi": ("strategi", "strategiar", "strategien", "strategiane"),
        "innsatsområde": ("innsatsområde", "innsatsområde", "innsatsområdet", "innsatsområda"),
        "satsingsområde": ("satsingsområde", "satsingsområde", "satsingsområdet", "satsingsområda"),
        "fokusområde": ("fokusområde", "fokusområde", "fokusområdet", "fokusområda"),
        "hovedmål": ("hovudmål", "hovudmål", "hovudmålet", "hovudmåla"),
        "tema": ("tema", "tema", "temaet", "temaa"),
        "del": ("del", "delar", "delen", "delane"),
        "rom": ("rom", "rom", "rommet", "romma"),
        "byggestein": ("byggjestein", "byggjesteinar", "byggjesteinen", "byggjesteinane"),
    },
}

PLAN_TYPES: dict[str, dict[str, tuple[str, str]]] = {
    # type → (indefinite, definite)
    "nb": {
        "temaplan": ("temaplan", "temaplanen"),
        "handlingsplan": ("handlingsplan", "handlingsplanen"),
        "strategi": ("strategi", "strategien"),
        "kommunedelplan": ("kommunedelplan", "kommunedelplanen"),
        "oppvekstplan": ("oppvekstplan", "oppvekstplanen"),
    },
    "nn": {
        "temaplan": ("temaplan", "temaplanen"),
        "handlingsplan": ("handlingsplan", "handlingsplanen"),
        "strategi": ("strategi", "strategien"),
        "kommunedelplan": ("kommunedelplan", "kommunedelplanen"),
        "oppvekstplan": ("oppvekstplan", "oppvekstplanen"),
    },
}

STATUS: dict[str, dict[str, dict[str, str]]] = {
    "nb": {
        "utkast": {"merking": "Utkast", "vannmerke": "UTKAST", "tittel": "utkast"},
        "høringsutkast": {"merking": "Høringsutkast", "vannmerke": "HØRINGSUTKAST", "tittel": "høringsutkast"},
        "vedtatt": {"merking": "", "vannmerke": "", "tittel": ""},
    },
    "nn": {
        "utkast": {"merking": "Utkast", "vannmerke": "UTKAST", "tittel": "utkast"},
        "høringsutkast": {"merking": "Høyringsutkast", "vannmerke": "HØYRINGSUTKAST", "tittel": "høyringsutkast"},
        "vedtatt": {"merking": "", "vannmerke": "", "tittel": ""},
    },
}
ADOPTED = {"nb": "Vedtatt av", "nn": "Vedteke av"}


def part_names(betegnelse: Any, lang: str) -> dict[str, str]:
    """The forms of the word for the plan's parts: entall, flertall, bestemt_entall, bestemt_flertall (+ Stor-forms)."""
    if isinstance(betegnelse, dict):
        one, many = str(betegnelse["entall"]), str(betegnelse["flertall"])
        forms = (one, many, one, str(betegnelse.get("bestemt_flertall") or many))
    else:
        forms = PARTS[lang].get(str(betegnelse or "strategi"), PARTS[lang]["strategi"])
    names = dict(zip(("entall", "flertall", "bestemt_entall", "bestemt_flertall"), forms, strict=True))
    names.update({f"{k}_stor": v[:1].upper() + v[1:] for k, v in list(names.items())})
    return names


def plan_type(kind: str, lang: str) -> dict[str, str]:
    """The plan type in its forms: navn («temaplan»), bestemt («temaplanen»)."""
    indefinite, definite = PLAN_TYPES[lang].get(kind, (kind, f"{kind}en"))
    return {"navn": indefinite, "bestemt": definite, "bestemt_stor": definite[:1].upper() + definite[1:]}


def status(plan: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the plan's status makes every page say: marking, watermark, footer and the adoption, when adopted."""
    state = str(plan.get("status") or "høringsutkast")
    words = dict(STATUS[lang].get(state, STATUS[lang]["høringsutkast"]))
    out: dict[str, Any] = {"navn": state, "vedtatt": state == "vedtatt", "utkast": state != "vedtatt", **words}
    vedtak = plan.get("vedtak") or {}
    if state == "vedtatt" and vedtak:
        adopted = f"{ADOPTED[lang]} {plan['vedtaksorgan']} {format_date(vedtak['dato'], lang)}, sak {vedtak['saksnummer']}"
        out["vedtakstekst"] = adopted
        out["bunntekst"] = adopted
    else:
        out["vedtakstekst"] = ""
        out["bunntekst"] = f"{words['merking']} {format_date(plan['dato'], lang)}"
    return out
