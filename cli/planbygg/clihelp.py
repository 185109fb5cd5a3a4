"""Norwegian help and usage errors for the CLI, through Typer's public classes (no patching of its internals).

The command and group classes below write the whole help text themselves from each parameter's
public attributes, so nothing from Click's English catalogue (Usage, Options, [default: …],
<path>) reaches the user. Usage errors are translated from the exception's attributes.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import typer.core

WIDTH = 88


def _wrap(text: str, indent: int, width: int = WIDTH) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        words = " ".join(paragraph.split())
        lines.extend(textwrap.wrap(words, width - indent) or [""])
        lines.append("")
    return [(" " * indent + line) if line else "" for line in lines[:-1]]


HELP_TEXT = "Vis denne hjelpen og avslutt."


def _is_help(param: Any) -> bool:
    """The help option (Click names it after whichever of -h/--hjelp/--help it sees first)."""
    return param.param_type_name == "option" and bool({"--hjelp", "--help"} & set(param.opts))


def _param_names(param: Any) -> str:
    """«-o, --ut MAPPE» for an option, «MAPPE» for an argument."""
    if param.param_type_name == "argument":
        return str(param.metavar or param.name.upper())
    if _is_help(param):
        return "-h, --hjelp"
    names = ", ".join(param.opts)
    if not getattr(param, "is_flag", False) and param.metavar:
        names += f" {param.metavar}"
    return names


def _records(ctx: Any, command: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(arguments, options) as (name, help) pairs; hidden options (English aliases) are left out."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        text = HELP_TEXT if _is_help(param) else getattr(param, "help", None) or ""
        if param.param_type_name == "argument":
            arguments.append((_param_names(param), text))
        else:
            options.append((_param_names(param), text))
    return arguments, options


def _definition_list(rows: list[tuple[str, str]]) -> list[str]:
    width = min(max((len(name) for name, _ in rows), default=0), 28)
    out = []
    for name, text in rows:
        helps = _wrap(text, width + 4) if text else [""]
        if len(name) > width:
            out.append(f"  {name}")
            out.extend(h for h in helps if h)
        else:
            first = helps[0].strip() if helps else ""
            out.append(f"  {name.ljust(width)}  {first}".rstrip())
            out.extend(helps[1:])
    return out


def _write(formatter: Any, lines: list[str]) -> None:
    formatter.write("\n".join(lines) + "\n")


class NorwegianCommand(typer.core.TyperCommand):
    """A command whose --help is written in Norwegian."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        arguments, options = _records(ctx, self)
        usage = " ".join([ctx.command_path, "[VALG]", *(name for name, _ in arguments)])
        lines = [f"Bruk: {usage}", ""]
        if self.help:
            lines += [*_wrap(self.help.strip(), 2), ""]
        if arguments:
            lines += ["Argumenter:", *_definition_list(arguments), ""]
        lines += ["Valg:", *_definition_list(options)]
        _write(formatter, lines)


class NorwegianGroup(typer.core.TyperGroup):
    """The top-level command: its help lists the commands in Norwegian."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _arguments, options = _records(ctx, self)
        lines = [f"Bruk: {ctx.command_path} [VALG] KOMMANDO [ARGUMENTER]...", ""]
        if self.help:
            lines += [*_wrap(self.help.strip(), 2), ""]
        lines += ["Valg:", *_definition_list(options), "", "Kommandoer:"]
        commands = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            commands.append((name, (command.short_help or (command.help or "").split("\n\n")[0]).strip()))
        lines += _definition_list(commands)
        lines += ["", "Skriv «planbygg KOMMANDO --hjelp» for hjelp til en kommando."]
        _write(formatter, lines)


# ---------------------------------------------------------------- usage errors

_KINDS = {
    "INT": "et heltall",
    "INTEGER": "et heltall",
    "FLOAT": "et tall",
    "PATH": "en sti",
    "TEXT": "tekst",
    "BOOL": "ja eller nei",
}


def usage_message(exc: Exception) -> str:
    """A Norwegian description of one of Click's usage errors, built from its attributes, never its English text."""
    name = type(exc).__name__
    param = getattr(exc, "param", None)
    label = f"«{'/'.join(param.opts) if param is not None and getattr(param, 'opts', None) else getattr(param, 'name', '')}»"
    message = str(getattr(exc, "message", "") or "") + " " + str(exc)
    if name == "NoSuchOption":
        option = getattr(exc, "option_name", "")
        possible = _visible_options_like(exc, option)
        hint = f" – mente du {', '.join(f'«{p}»' for p in possible)}?" if possible else ""
        return f"ukjent valg «{option}»{hint}"
    if name == "MissingParameter":
        if param is not None and param.param_type_name == "argument":
            return f"mangler {param.metavar or param.name.upper()}"
        return f"mangler valget {label}"
    if name == "BadParameter":
        kind = getattr(getattr(param, "type", None), "name", "").upper()
        expected = _KINDS.get(kind)
        return f"ugyldig verdi for {label}" + (f": forventet {expected}" if expected else "")
    m = re.search(r"[Oo]ption '([^']+)' requires (?:an argument|\d+ arguments)", message)
    if m:
        return f"valget «{m.group(1)}» trenger en verdi"
    m = re.search(r"[Oo]ption '([^']+)' does not take a value", message)
    if m:
        return f"valget «{m.group(1)}» tar ingen verdi"
    m = re.search(r"unexpected extra argument(?:s|\(s\))? \(([^)]*)\)", message)
    if m:
        return f"for mange argumenter: {m.group(1)}"
    m = re.search(r"No such command '([^']+)'", message)
    if m:
        return f"ukjent kommando «{m.group(1)}»"
    return "feil bruk av kommandoen"


def _visible_options_like(exc: Exception, option: str) -> list[str]:
    """Options the user may have meant, among those the help shows (never the hidden English aliases)."""
    import difflib

    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return []
    names = [
        name
        for param in ctx.command.get_params(ctx)
        if param.param_type_name == "option" and not _is_help(param)
        for name in param.opts
        if name.startswith("--")
    ]
    close = difflib.get_close_matches(option, names, n=3, cutoff=0.6)
    # A misspelt English alias («--forc») is answered with the Norwegian name the help shows («--tving»).
    return list(dict.fromkeys(ALIASES.get(name) or name for name in close))[:2]


# The hidden English aliases of the Norwegian options.
ALIASES = {
    "--out": "--ut",
    "--force": "--tving",
    "--jobs": "--jobber",
    "--report": "--rapport",
    "--strict": "--streng",
    "--package": "--pakke",
    "--version": "--versjon",
}


def usage_line(exc: Exception) -> str | None:
    """The «Bruk: …» line of the command the error came from, if known."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    command = ctx.command
    if isinstance(command, typer.core.TyperGroup):
        return f"Bruk: {ctx.command_path} [VALG] KOMMANDO [ARGUMENTER]..."
    arguments, _ = _records(ctx, command)
    return "Bruk: " + " ".join([ctx.command_path, "[VALG]", *(name for name, _ in arguments)])
