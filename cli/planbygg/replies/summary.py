"""What `planbygg svar` prints: the replies added, what needs the planner's attention, and the next step."""

from __future__ import annotations

from pathlib import Path

from .command import IntakeResult


def _count(n: int, one: str, many: str) -> str:
    """«1 svar», «2 nye svar»."""
    return f"{n} {one if n == 1 else many}"


def print_intake(result: IntakeResult, folder: Path) -> None:
    """Print the result of reading the replies, in Norwegian."""
    from rich.markup import escape

    from ..console import console, print_problems

    out = console()
    pieces = sum(len(a.reply.pieces) for a in result.added)
    if result.added:
        out.print(
            f"{escape(str(result.register))}: {_count(len(result.added), 'nytt svar', 'nye svar')} "
            f"({_count(pieces, 'innspill', 'innspill')}); {_count(result.kept, 'svar', 'svar')} fra før er ikke endret."
        )
    else:
        out.print(
            f"Ingen nye svar i høringssvar/; {escape(str(result.register))} er ikke endret ({_count(result.kept, 'svar', 'svar')})."
        )
    for added in result.added:
        reply = added.reply
        who = reply.organisation if reply.organisation and reply.organisation != reply.sender else ""
        label = f"{reply.sender}{f', {who}' if who else ''} ({reply.category}, {reply.channel})"
        out.print(f"  [green]+[/] {escape(reply.file)}: {escape(label)}, {_count(len(reply.pieces), 'innspill', 'innspill')}")
        if added.flags:
            out.print(f"    [yellow]mulige personopplysninger:[/] {escape(', '.join(added.flags))}")
        if reply.shortened:
            out.print("    [dim]et langt avsnitt er forkortet i registeret; hele teksten står i filen[/]")
        if not reply.pieces:
            out.print("    [yellow]fant ingen tekst[/] – skriv innspillet inn i registeret selv")
    for name in result.missing:
        out.print(f"  [yellow]![/] {escape(name)} står i registeret, men filen finnes ikke lenger i høringssvar/")
    if result.skipped:
        print_problems(result.skipped)
    if result.snapshot is not None:
        out.print(
            f"Kopi av høringsutkastet er lagret i {escape(str(result.snapshot))} (for listen over endringer etter høringen)."
        )
    if result.added:
        out.print(
            f"Neste steg: rett «gjelder» og fyll ut «vurdering», «begrunnelse» og «endring» i {escape(str(result.register))}, "
            f"og bygg høringsoppsummeringen med «planbygg build {escape(str(folder))}»."
        )
