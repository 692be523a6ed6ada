"""What may stand at the path an export is asked to write, for the tests of the commands that
export: a FIFO standing in for a device (no test writes to /dev), a regular file, and a link to
it; each must be what it was after the export is refused."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

KEPT = b"kept"


@dataclass(frozen=True)
class InTheWay:
    fifo: Path
    kept: Path  # a regular file holding KEPT
    link: Path  # a symbolic link to ``kept``

    def untouched(self) -> bool:
        return (
            stat.S_ISFIFO(self.fifo.lstat().st_mode)
            and self.link.is_symlink()
            and self.link.resolve() == self.kept
            and self.kept.read_bytes() == KEPT
        )


def in_the_way(folder: Path, suffix: str) -> InTheWay:
    """A FIFO, a regular file and a link to it in ``folder``, named ``*suffix``."""
    made = InTheWay(folder / f"fifo{suffix}", folder / f"kept{suffix}", folder / f"link{suffix}")
    os.mkfifo(made.fifo)
    made.kept.write_bytes(KEPT)
    made.link.symlink_to(made.kept)
    return made
