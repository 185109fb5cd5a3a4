"""Rule files: find them, read them once, validate them strictly (RuleError with file:line)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..documents import CHECK_TYPES
from ..errors import Problem, RuleError
from ..location import SourceLocation

LEVELS = ("krav", "anbefaling")
APPLIES = CHECK_TYPES
FILE_FIELDS = {"område", "versjon", "beskrivelse", "regler"}
RULE_FIELDS = {"id", "tittel", "kilde", "nivå", "verifisert", "gjelder", "egen_tekst", "finn", "melding", "retting", "merknad"}
REQUIRED = ("id", "tittel", "kilde", "nivå", "gjelder", "finn", "melding", "retting")
SOURCE_FIELDS = {"lov", "paragraf", "ledd", "lenke", "tekst"}
COMBINATORS = ("alle", "en_av")


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: law, section, paragraph and a link (lovdata)."""

    lov: str = ""
    paragraf: str = ""
    ledd: str = ""
    lenke: str = ""
    tekst: str = ""  # free text used instead of lov/paragraf/ledd, e.g. for guidance

    def __str__(self) -> str:
        if self.tekst:
            return self.tekst
        return " ".join(x for x in (self.lov, self.paragraf, self.ledd) if x)


@dataclass(frozen=True)
class Rule:
    """One requirement (krav) or recommendation (anbefaling) and how to detect it."""

    id: str
    tittel: str
    kilde: Source
    nivå: str
    gjelder: tuple[str, ...]
    melding: str
    retting: str
    finn: dict[str, Any] | None = None  # how the requirement is found in a document
    egen_tekst: bool = False  # only the municipality's own text counts, not the library's standard text
    verifisert: bool = True
    merknad: str = ""
    area: str = ""  # the file's område
    file: str = ""


@dataclass
class RuleSet:
    """All rules, in file order, with each file's område and versjon."""

    rules: list[Rule] = field(default_factory=list)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # file name → (område, versjon)

    def by_id(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def rules_dir() -> Path:
    """The built-in rules folder of the library."""
    from ..library import builtin_library

    return builtin_library() / "rules"


_CACHE: dict[tuple[str, ...], RuleSet] = {}  # per process: a batch checks many folders against the same rules


def load_rules(directory: Path | None = None) -> RuleSet:
    """Read and validate every *.yaml in the rules folder; all problems are reported together.

    Read with the one YAML reader (load/yaml.py): the 49 rules take about 15 ms, so they are not
    cached on disk (bench/README.md); in one process they are read once per folder's file set.
    """
    directory = Path(directory) if directory else rules_dir()
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise RuleError(
            [Problem("fant ingen regelfiler", SourceLocation(str(directory)), "regelfilene skal ligge i rules/*.yaml")]
        )
    key = tuple(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in paths)
    if key not in _CACHE:
        _CACHE[key] = _parse(paths)
    return _CACHE[key]


def _parse(paths: list[Path]) -> RuleSet:
    from ..errors import ContentError
    from ..load.paths import display
    from ..load.yaml import read_yaml

    ruleset = RuleSet()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        locs: dict[tuple[Any, ...], SourceLocation] = {}
        try:
            data = read_yaml(path, display(path), (), locs)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        found: list[tuple[tuple[Any, ...], str, str | None]] = []
        rules = _validate_file(data, path.name, found, seen)
        if found:
            problems.extend(_locate(path, locs, found))
            continue
        ruleset.rules.extend(rules)
        ruleset.files[path.name] = (str(data.get("område") or ""), str(data.get("versjon") or ""))
    if problems:
        raise RuleError(problems)
    return ruleset


def _validate_file(data: Any, name: str, found: list, seen: dict[str, str]) -> list[Rule]:
    from .kinds import KINDS

    def bad(path: tuple[Any, ...], msg: str, hint: str | None = None) -> None:
        found.append((path, msg, hint))

    if not isinstance(data, dict):
        bad((), "regelfilen må begynne med «område:», «versjon:» og «regler:»")
        return []
    for key in data:
        if key not in FILE_FIELDS:
            bad((key, "@key"), f"ukjent felt «{key}»", _did_you_mean(str(key), FILE_FIELDS))
    for key in ("område", "versjon", "regler"):
        if key not in data:
            bad((), f"mangler feltet «{key}»")
    rules: list[Rule] = []
    for i, raw in enumerate(data.get("regler") or []):
        path = ("regler", i)
        if not isinstance(raw, dict):
            bad(path, "hver regel må være en gruppe med felt (id, tittel, kilde …)")
            continue
        for key in raw:
            if key not in RULE_FIELDS:
                bad((*path, key, "@key"), f"ukjent felt «{key}»", _did_you_mean(str(key), RULE_FIELDS))
        for key in REQUIRED:
            if not raw.get(key):
                bad(path, f"regelen mangler «{key}»")
        rid = str(raw.get("id") or "")
        if rid in seen:
            bad((*path, "id"), f"regel-id-en «{rid}» er brukt før (i {seen[rid]})")
        seen[rid] = name
        if raw.get("nivå") not in LEVELS:
            bad((*path, "nivå"), f"nivå må være {' eller '.join(LEVELS)}")
        verified = raw.get("verifisert", True)
        if not isinstance(verified, bool):
            bad((*path, "verifisert"), "verifisert må være true eller false")
        elif not verified and raw.get("nivå") == "krav":
            bad(
                (*path, "nivå"),
                "en uverifisert regel kan bare være anbefaling",
                "sett «nivå: anbefaling» til ordlyden er kontrollert mot lovdata.no",
            )
        kilde = raw.get("kilde")
        if not isinstance(kilde, dict):
            bad((*path, "kilde"), "kilde må ha lov, paragraf, ledd og lenke")
            kilde = {}
        for key in kilde:
            if key not in SOURCE_FIELDS:
                bad((*path, "kilde", key, "@key"), f"ukjent felt «{key}» i kilde", _did_you_mean(str(key), SOURCE_FIELDS))
        if not (kilde.get("lov") or kilde.get("tekst")):
            bad((*path, "kilde"), "kilde mangler «lov» (eller «tekst»)")
        gjelder = raw.get("gjelder")
        if not isinstance(gjelder, list) or not gjelder or any(g not in APPLIES for g in gjelder):
            bad((*path, "gjelder"), f"gjelder må være en liste med {', '.join(APPLIES)}")
            gjelder = []
        if not isinstance(raw.get("egen_tekst", False), bool):
            bad((*path, "egen_tekst"), "egen_tekst må være true eller false")
        if raw.get("finn") is not None:
            _validate_detection(raw["finn"], (*path, "finn"), bad, KINDS)
        rules.append(
            Rule(
                id=rid,
                tittel=str(raw.get("tittel") or ""),
                kilde=Source(**{k: str(v) for k, v in kilde.items() if k in SOURCE_FIELDS})
                if kilde.get("lov") or kilde.get("tekst")
                else Source(""),
                nivå=str(raw.get("nivå")),
                gjelder=tuple(gjelder),
                melding=str(raw.get("melding") or "").strip(),
                retting=str(raw.get("retting") or "").strip(),
                finn=raw.get("finn"),
                egen_tekst=raw.get("egen_tekst") is True,
                verifisert=verified is not False,
                merknad=str(raw.get("merknad") or "").strip(),
                area=str(data.get("område") or ""),
                file=name,
            )
        )
    return rules


def _validate_detection(spec: Any, path: tuple[Any, ...], bad: Any, kinds: dict[str, Any]) -> None:
    if not isinstance(spec, dict):
        bad(path, "forventet en gruppe med «kind:» og parametere, eller «alle:»/«en_av:»")
        return
    combo = [c for c in COMBINATORS if c in spec]
    if combo:
        if len(spec) != 1:
            bad(path, f"«{combo[0]}:» kan ikke stå sammen med andre felt")
        parts = spec[combo[0]]
        if not isinstance(parts, list) or not parts:
            bad((*path, combo[0]), "forventet en liste med deteksjoner")
            return
        for i, part in enumerate(parts):
            _validate_detection(part, (*path, combo[0], i), bad, kinds)
        return
    name = spec.get("kind")
    if name not in kinds:
        bad((*path, "kind"), f"ukjent kind «{name}»", _did_you_mean(str(name), set(kinds)))
        return
    kind = kinds[name]
    for key, value in spec.items():
        if key == "kind":
            continue
        if key not in kind.params:
            bad(
                (*path, key, "@key"),
                f"ukjent parameter «{key}» for «{name}»",
                _did_you_mean(str(key), set(kind.params)) or f"tillatt: {', '.join(kind.params)}",
            )
            continue
        problem = _check_param(kind.params[key], value)
        if problem:
            bad((*path, key), f"«{key}»: {problem}")
    for key in kind.required:
        if key not in spec:
            bad(path, f"«{name}» mangler parameteren «{key}»")


def _check_param(kind: str, value: Any) -> str | None:
    """Return a Norwegian description of what is wrong with a parameter value, or None."""
    if kind == "int":
        return None if isinstance(value, int) and not isinstance(value, bool) else "forventet et heltall"
    if kind == "number":
        return None if isinstance(value, int | float) and not isinstance(value, bool) else "forventet et tall"
    if kind == "bool":
        return None if isinstance(value, bool) else "forventet true eller false"
    if kind == "text":
        return None if isinstance(value, str) and value else "forventet tekst"
    if kind == "texts":
        ok = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        return None if ok else "forventet tekst eller en liste med tekst"
    if kind == "words":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return None
        if isinstance(value, dict) and set(value) <= {"bm", "nn"} and value:
            ok = all(isinstance(v, list) and all(isinstance(w, str) for w in v) for v in value.values())
            return None if ok else "bm: og nn: må være lister med ord"
        return "forventet ord som en liste eller som «bm: […]» og «nn: […]»"
    if kind == "groups":
        if not isinstance(value, list) or not value:
            return "forventet en liste med grupper (navn: og ord:)"
        for g in value:
            if not isinstance(g, dict) or set(g) - {"navn", "ord"} or "navn" not in g or "ord" not in g:
                return "hver gruppe må ha «navn:» og «ord:»"
            if _check_param("words", g["ord"]):
                return f"gruppen «{g.get('navn')}»: {_check_param('words', g['ord'])}"
        return None
    if kind == "levels":
        if not isinstance(value, dict) or not value:
            return "forventet nivånavn med ord, f.eks. «universell: {bm: [universell*]}»"
        for k, v in value.items():
            if _check_param("words", v):
                return f"nivået «{k}»: {_check_param('words', v)}"
        return None
    if kind == "numbers":
        ok = isinstance(value, dict) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())
        return None if ok else "forventet navn med tall, f.eks. «plan: 55»"
    if kind.startswith("choices:"):
        choices = kind.split(":", 1)[1].split("|")
        values = [value] if isinstance(value, str) else value
        ok = isinstance(values, list) and all(v in choices for v in values)
        return None if ok else f"forventet en liste med {', '.join(choices)}"
    if kind.startswith("choice:"):
        choices = kind.split(":", 1)[1].split("|")
        return None if value in choices else f"forventet en av {', '.join(choices)}"
    return None


def _did_you_mean(word: str, options: set[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"mente du «{close[0]}»?" if close else None


def _locate(
    path: Path, locs: dict[tuple[Any, ...], SourceLocation], found: list[tuple[tuple[Any, ...], str, str | None]]
) -> list[Problem]:
    """Turn the key paths of problems into file:line:col (the nearest located parent when the key is missing)."""
    from ..load.paths import display

    problems = []
    for keypath, message, hint in found:
        key = tuple(keypath)
        if key not in locs and key[-1:] == ("@key",):
            key = key[:-1]
        while key and key not in locs:
            key = key[:-1]
        problems.append(Problem(message, locs.get(key) or SourceLocation(display(path), 1, 1), hint))
    return problems
