"""Text tables for a terminal: cells in columns measured in terminal columns (a Chinese
character takes two), as the commands' text outputs print them."""

from __future__ import annotations

import unicodedata


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a Chinese character two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def clipped(text: str, most: int) -> str:
    """``text`` cut to ``most`` terminal columns, an ellipsis marking the cut."""
    if columns(text) <= most:
        return text
    while columns(text) > most - 1:
        text = text[:-1]
    return text + "…"


def aligned(rows: list[list[str]]) -> list[str]:
    """Each row on one line, its cells in columns as wide as their widest (in terminal
    columns), two spaces apart."""
    widths = [max(columns(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell + " " * (width - columns(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
