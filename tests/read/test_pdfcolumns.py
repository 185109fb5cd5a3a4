"""Two-column bulleted lists in an untagged PDF are read column by column; other lines are left alone."""

from __future__ import annotations

from planbygg.read.pdfcolumns import two_columns

CHAR_W = 6.0


def _line(top: float, *parts: tuple[float, str]) -> dict:
    """A pdfplumber-like text line: (x, text) parts, each character CHAR_W wide, spaces as chars."""
    chars = []
    for x, text in parts:
        for i, ch in enumerate(text):
            x0 = x + i * CHAR_W
            chars.append(
                {"text": ch, "x0": x0, "x1": x0 + CHAR_W, "top": top, "bottom": top + 11, "doctop": top, "upright": True}
            )
    return {
        "text": " ".join(t for _, t in parts),
        "chars": chars,
        "x0": chars[0]["x0"],
        "x1": chars[-1]["x1"],
        "top": top,
        "bottom": top + 11,
    }


def _read(lines: list[dict]) -> list[str]:
    return [ln["text"] for ln in sorted(two_columns(lines), key=lambda ln: ln.get("order", (ln["top"],)))]


def test_two_bulleted_columns_are_read_left_then_right() -> None:
    lines = [
        _line(100, (70, "Sendt til:")),
        _line(120, (70, "• Ungdomsrådet"), (310, "• Fastlegene")),
        _line(134, (70, "• Råd for personer med"), (310, "• Idrettsrådet")),
        _line(148, (88, "funksjonsnedsettelse"), (310, "• Frivilligsentralene")),
        _line(162, (70, "• Eldrerådet")),
        _line(190, (70, "Med hilsen")),
    ]
    assert _read(lines) == [
        "Sendt til:",
        "• Ungdomsrådet",
        "• Råd for personer med",
        "funksjonsnedsettelse",
        "• Eldrerådet",
        "• Fastlegene",
        "• Idrettsrådet",
        "• Frivilligsentralene",
        "Med hilsen",
    ]


def test_running_text_and_a_letterhead_are_left_as_they_are() -> None:
    lines = [
        _line(100, (70, "Vår ref.: 2023/4567-12"), (310, "Dato: 1. juni 2023")),  # no bullets: not a list
        _line(120, (70, "• Ett punkt i en vanlig liste")),
        _line(134, (70, "Teksten går over hele siden, også forbi midten av siden, uten store mellomrom.")),
    ]
    assert _read(lines) == [ln["text"] for ln in lines]


def test_one_bullet_after_a_gap_is_not_a_column() -> None:
    lines = [_line(100, (70, "Tiltak"), (310, "• Ett punkt")), _line(120, (70, "Neste avsnitt."))]
    assert _read(lines) == [ln["text"] for ln in lines]
