"""The registry of detection kinds that rule files name with `kind:`; their parameters are data.

Each kind is a function (view, params, ctx) -> Outcome, registered by the module of its
responsibility (text, tables, columns, adoption, deadlines, recipients, language, accessibility, privacy,
consistency). Importing this package registers them all; `evaluate` runs one detection spec.
"""

from __future__ import annotations

from . import accessibility, adoption, columns, consistency, deadlines, language, privacy, recipients, tables, text
from .base import KINDS, Context, Evidence, Kind, Outcome, evaluate

__all__ = [
    "KINDS",
    "Context",
    "Evidence",
    "Kind",
    "Outcome",
    "accessibility",
    "adoption",
    "columns",
    "consistency",
    "deadlines",
    "evaluate",
    "language",
    "privacy",
    "recipients",
    "tables",
    "text",
]
