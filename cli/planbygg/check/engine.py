"""Run the rules on the views: one finding per rule and document (or per package)."""

from __future__ import annotations

import dataclasses

from .kinds import KINDS, Context, Outcome, evaluate
from .kinds.base import NOT_RELEVANT
from .report import Finding
from .rules import Rule, RuleSet
from .views import View


def _is_package_rule(spec: dict | None) -> bool:
    if not spec:
        return False
    if "kind" in spec:
        return KINDS[spec["kind"]].package
    return any(_is_package_rule(s) for s in spec.get("alle", spec.get("en_av", [])))


def finding(rule: Rule, outcome: Outcome, document: str, doc_type: str) -> Finding:
    if outcome.status in ("oppfylt", "ikke relevant", "må vurderes"):
        status = outcome.status
    elif rule.nivå == "krav" and not outcome.downgrade:
        status = "mangler"
    else:
        status = "advarsel"
    return Finding(
        rule_id=rule.id,
        title=rule.tittel,
        level=rule.nivå,
        status=status,
        source=str(rule.kilde),
        link=rule.kilde.lenke,
        document=document,
        doc_type=doc_type,
        evidence=list(outcome.evidence),
        message=rule.melding if status in ("mangler", "advarsel", "må vurderes") else "",
        fix=rule.retting if status in ("mangler", "advarsel", "må vurderes") else "",
        detail=outcome.detail,
        area=rule.area,
        verified=rule.verifisert,
    )


def run(ruleset: RuleSet, views: list[View], *, package: bool = False, ctx: Context | None = None) -> list[Finding]:
    """Check every view against the rules that apply to its document type.

    In a package, a plan requirement is met when any plan document of the package meets it.
    Rules that compare documents (consistency) run once over all views.
    """
    ctx = ctx or Context(views=views, package=package)
    findings: list[Finding] = []
    for rule in ruleset.rules:
        targets = [v for v in views if v.doc_type in rule.gjelder]
        spec = rule.finn
        if spec is None:
            continue
        if _is_package_rule(spec):
            if len(views) < 2:
                continue
            outcome = evaluate(spec, None, ctx)
            findings.append(finding(rule, outcome, _set_name(views), "pakke"))
            continue
        if not targets:
            continue
        if package and "plan" in rule.gjelder and sum(v.doc_type == "plan" for v in targets) > 1:
            plans = [v for v in targets if v.doc_type == "plan"]
            outcomes = [(v, _evaluate(rule, v, ctx)) for v in plans]
            passed = [(v, o) for v, o in outcomes if o.ok]
            if passed:
                v, o = passed[0]
                o.detail = (o.detail + "; " if o.detail else "") + f"oppfylt i {v.name}"
                best = o
            else:
                relevant = [o for _, o in outcomes if o.status != "ikke relevant"]
                best = relevant[0] if relevant else outcomes[0][1]
                if relevant:
                    best = Outcome(
                        best.status,
                        [e for o in relevant for e in o.evidence][:8],
                        best.detail + " (i ingen av plandokumentene)",
                        best.downgrade,
                    )
            findings.append(finding(rule, best, "planpakken (" + ", ".join(v.name for v in plans) + ")", "plan"))
            targets = [v for v in targets if v.doc_type != "plan"]
        for view in targets:
            findings.append(finding(rule, _evaluate(rule, view, ctx), view.name, view.doc_type))
    return findings


def _evaluate(rule: Rule, view: View, ctx: Context) -> Outcome:
    assert rule.finn is not None
    if not rule.egen_tekst:
        return evaluate(rule.finn, view, ctx)
    outcome = evaluate(rule.finn, ctx.own(view), ctx)
    if not outcome.ok and outcome.status != NOT_RELEVANT and evaluate(rule.finn, view, ctx).ok:
        # Say why text the reader can see in the document does not count, rather than «not found».
        detail = f"{outcome.detail}; bibliotekets standardtekst har det, men her teller bare kommunens egen tekst"
        outcome = dataclasses.replace(outcome, detail=detail)
    return outcome


def _set_name(views: list[View]) -> str:
    if views and all(v.origin == "innhold" for v in views):
        return views[0].name.split(" (")[0]
    return "dokumentene sammen"
