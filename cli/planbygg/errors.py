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


def os_problem(exc: OSError) -> Problem:
    """A file system error (missing file, no access, full disk) as a problem the user can fix."""
    import errno

    reasons = {
        errno.ENOENT: "mappen eller filen finnes ikke",
        errno.EACCES: "ingen tilgang",
        errno.EPERM: "ingen tilgang",
        errno.EROFS: "skrivebeskyttet",
        errno.ENOSPC: "disken er full",
        errno.EDQUOT: "diskkvoten er brukt opp",
        errno.EISDIR: "er en mappe, ikke en fil",
        errno.ENAMETOOLONG: "navnet er for langt",
    }
    where = f"«{exc.filename}»" if exc.filename else "filen"
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return Problem(f"kunne ikke lese eller skrive {where}: {reason}")
