"""Processes as Linux's /proc shows them, for tests that check what outlives what."""

from __future__ import annotations

from pathlib import Path


def _state(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter), or None once the process is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), fields[0]


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper counts as gone)."""
    state = _state(pid)
    return state is not None and state[1] != "Z"


def descendants(root: int) -> set[int]:
    """Every process below ``root``: children, theirs, and so on."""
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        state = _state(int(entry.name))
        if state is not None:
            parents[int(entry.name)] = state[0]
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def cmdline(pid: int) -> bytes:
    """The command line, NUL-separated (empty once the process is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
