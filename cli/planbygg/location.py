"""Source positions (file:line:column, or a page) shared by every stage; kept apart so error paths import little."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLocation:
    """A 1-based position in a source file (content, template, rule) or on a page of a read document."""

    path: str
    line: int = 0
    column: int = 0
    page: int = 0  # a page of a PDF (or another paged document) that was read
    standard: bool = False  # standard text from a library, not the municipality's own words

    def __str__(self) -> str:
        if self.page:
            return f"{self.path}, side {self.page}"
        if self.line and self.column:
            place = f"{self.path}:{self.line}:{self.column}"
        elif self.line:
            place = f"{self.path}:{self.line}"
        else:
            place = self.path
        return f"standardtekst ({place})" if self.standard else place


class Located(str):
    """Text from a content file that remembers where it was written (so findings can point back to it)."""

    source: SourceLocation | None

    def __new__(cls, value: str, source: SourceLocation | None = None) -> Located:
        self = super().__new__(cls, value)
        self.source = source
        return self

    def __reduce__(self) -> tuple:
        return (self.__class__, (str(self), self.source))


class MarkdownText(Located):
    """A content field written in Markdown: it is parsed on its own, so an unclosed construct stays inside it."""


def located(text: str, *values: object) -> Located:
    """Text made in code from content values, located where the first of them was written."""
    source = next((v.source for v in values if isinstance(v, Located) and v.source is not None), None)
    return Located(text, source)
