"""Problems and the one exception family the core raises; only cli.py turns them into exit codes."""

from __future__ import annotations

from dataclasses import dataclass

from .location import SourceLocation


@dataclass(frozen=True)
class Problem:
    """One located problem in the input: what is wrong and how to fix it, in Norwegian."""

    message: str
    where: SourceLocation | None = None
    hint: str | None = None
    level: str = "feil"  # "feil" (error) or "advarsel" (warning)
    code: str = "innhold"

    def format(self) -> str:
        """Return the compiler-style line `fil:linje:kolonne: feil: melding (hint)`."""
        prefix = f"{self.where}: " if self.where else ""
        text = f"{prefix}{self.level}: {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text


class PlanbyggError(Exception):
    """Base of every error caused by bad input or usage (exit code 2)."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class ContentError(PlanbyggError):
    """The municipality's content is missing, unreadable or does not match the schema."""


class TemplateError(PlanbyggError):
    """A template or content block could not be found or rendered."""


class RuleError(PlanbyggError):
    """A rule file is malformed."""


class OutputError(PlanbyggError):
    """Writing the documents would lose work (hand-edited files) or failed."""
