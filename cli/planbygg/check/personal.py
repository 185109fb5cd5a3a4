"""Personal data that must not be published: fødselsnummer, and private persons' phone numbers and e-mail addresses.

Heuristics (explained to legal staff in rules/personvern.yaml):
* a fødselsnummer is 11 digits whose two mod-11 check digits are right and whose first six digits
  are a date (D-numbers add 40 to the day, H-numbers 40 to the month);
* a phone number is a Norwegian 8-digit number (optionally +47) starting with 2–9; numbers of the
  municipality and of the høring's contact person are allowed, and so are numbers right after
  words like «sentralbord», «servicetorg» or «kommune»;
* an e-mail address is private when it is at a consumer mail service (gmail, hotmail …), or when
  it looks like a person's name at a domain that is not public (not …kommune.no, …herad.no, a
  state agency, or one of the municipality's own addresses). Role addresses (post@, postmottak@,
  info@ …) are never private.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .views import View

FNR_RE = re.compile(r"(?<![\d/.,-])(\d{6})\s?(\d{5})(?![\d/.,-])")
PHONE_RE = re.compile(r"(?<![\w/.,:–-])(?:(?:\+|00)47 ?)?([2-9]\d(?: ?\d\d){3}|[2-9]\d\d ?\d\d ?\d\d\d)(?![\w/.,:–-]?\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
WEBMAIL = {
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.no",
    "outlook.com",
    "outlook.no",
    "live.com",
    "live.no",
    "msn.com",
    "yahoo.com",
    "yahoo.no",
    "icloud.com",
    "me.com",
    "mac.com",
    "online.no",
    "getmail.no",
    "broadpark.no",
    "frisurf.no",
    "c2i.net",
    "altibox.no",
    "lyse.net",
    "proton.me",
    "protonmail.com",
    "aol.com",
    "gmx.com",
    "mail.com",
}
PUBLIC_DOMAIN_RE = re.compile(
    r"(^|\.)(kommune\.no|herad\.no|fylkeskommune\.no|statsforvalteren\.no|regjeringen\.no|dep\.no|bufdir\.no|bufetat\.no|nav\.no|politiet\.no|udir\.no|helsedir\.no|fhi\.no|ks\.no|stortinget\.no|sprakradet\.no|uutilsynet\.no|barneombudet\.no)$"
)
ROLE_LOCAL = {
    "post",
    "postmottak",
    "postmottaket",
    "info",
    "kontakt",
    "firmapost",
    "servicetorget",
    "servicetorg",
    "sentralbord",
    "noreply",
    "no-reply",
    "hoering",
    "horing",
    "hoyring",
    "innspill",
    "innspel",
    "ungdomsradet",
    "radet",
    "sekretariat",
    "admin",
    "kundeservice",
}
CONTEXT_OK_RE = re.compile(
    r"(sentralbord|servicetorg|kommune|herad|vakttelefon|legevakt|barnevernvakt|politi|alarmtelefon|hjelpetelefon|kors|mental helse|redd barna|\borg\.?\s?nr|organisasjonsnummer|saks?nr|saksnummer|konto)",
    re.IGNORECASE,
)


def valid_fnr(number: str) -> bool:
    """True for a fødselsnummer (or D-/H-number) with a valid date and both check digits right."""
    digits = re.sub(r"\s", "", number)
    if not re.fullmatch(r"\d{11}", digits):
        return False
    d = [int(c) for c in digits]
    k1 = 11 - sum(a * b for a, b in zip(W1, d[:9], strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(a * b for a, b in zip(W2, d[:10], strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if k1 == 10 or k2 == 10 or k1 != d[9] or k2 != d[10]:
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    if day > 40:
        day -= 40  # D-number
    if month > 40:
        month -= 40  # H-number
    try:
        dt.date(2000, month, day)  # a leap year, so 29 February is allowed
    except ValueError:
        return False
    return True


def find_fnr(text: str, allowed: set[str] | None = None) -> list[str]:
    return [m.group(1) + m.group(2) for m in FNR_RE.finditer(text) if valid_fnr(m.group(1) + m.group(2))]


def find_phones(text: str, allowed: set[str] | None = None) -> list[str]:
    allowed = allowed or set()
    out = []
    for m in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) != 8 or digits in allowed or re.fullmatch(r"(19|20)\d\d ?(19|20)\d\d", m.group(1)):
            continue
        before = text[max(0, m.start() - 50) : m.start()]
        if CONTEXT_OK_RE.search(before):
            continue
        out.append(m.group(0).strip())
    return out


def is_private_email(address: str, allowed: set[str] | None = None) -> bool:
    address = address.lower().rstrip(".")
    if allowed and address in allowed:
        return False
    local, _, domain = address.partition("@")
    if local in ROLE_LOCAL or PUBLIC_DOMAIN_RE.search(domain):
        return False
    if allowed and any(domain == a.partition("@")[2] for a in allowed if "@" in a):
        return False  # the municipality's or contact person's own domain
    if domain in WEBMAIL:
        return True
    return bool(re.fullmatch(r"[a-zæøå]+[._-][a-zæøå]+(?:[._-][a-zæøå]+)?\d*", local))


def find_private_emails(text: str, allowed: set[str] | None = None) -> list[str]:
    return [m.group(0) for m in EMAIL_RE.finditer(text) if is_private_email(m.group(0), allowed)]


def allowed_contacts(view: View) -> set[str]:
    """Phone numbers (digits) and e-mail addresses the municipality itself publishes as its contact points.

    They are the ones written next to a contact word («Kontaktperson», «e-post:», «telefon») in the
    documents being checked, e.g. the letter's contact person.
    """
    out: set[str] = set()
    for para in view.all_text_items():
        if CONTACT_RE.search(para.text):
            out.update(m.group(0).lower() for m in EMAIL_RE.finditer(para.text))
            out.update(re.sub(r"\D", "", m.group(0))[-8:] for m in PHONE_CANDIDATE_RE.finditer(para.text))
    return out


CONTACT_RE = re.compile(
    r"kontaktperson|saksbehandlar|saksbehandler|sentralbord|servicetorg|(?:e-?post(?:adresse)?|telefon|tlf\.?)\s*:", re.I
)
PHONE_CANDIDATE_RE = re.compile(r"(?:\+47\s*)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}")


def mask(value: str) -> str:
    """Show enough to find the value, not enough to republish it in the report."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11:
        return f"{digits[:6]} *****"
    return f"{digits[:2]} ** ** {digits[-2:]}" if len(digits) >= 8 else "***"
