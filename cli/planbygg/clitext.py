"""Norwegian wording for the help and usage texts that Typer and its bundled Click write in English."""

from __future__ import annotations

from typing import Any

TEXTS = {
    "Options": "Valg",
    "Arguments": "Argumenter",
    "Commands": "Kommandoer",
    "default: {default}": "standard: {default}",
    "required": "påkrevd",
    "env var: {var}": "miljøvariabel: {var}",
    "(dynamic)": "(dynamisk)",
    "Aborted!": "Avbrutt!",
    "Missing command.": "Mangler kommando.",
    "No such command {name!r}.": "Ukjent kommando {name!r}.",
}
HELP_OPTION = "Vis denne hjelpen og avslutt."


def install() -> None:
    """Translate Typer's help output in place.

    Typer looks its section titles up through gettext at call time, so replacing the
    module's `_` is enough; the usage prefix and the help option's text are literals in
    the bundled Click and are patched on their classes. Every patch is guarded, so a
    future Typer with other internals falls back to English help rather than failing.
    """
    try:
        import typer.core as typer_core
        from typer._click import core as click_core
        from typer._click import formatting
    except ImportError:
        return
    if hasattr(typer_core, "_"):
        typer_core._ = lambda message: TEXTS.get(message, message)
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, "Bruk: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    original_help = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
