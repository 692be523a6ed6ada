"""Files and directories that survive a power cut once the call returns.

POSIX makes a file's data durable by ``fsync`` of the file, and its name (a new file, a
rename, a new directory) by ``fsync`` of the directory holding it; a journalling file system
often does more, but the counter relies on no more than that. Owner-only files under the
home (credentials, the user config) are written here too.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path


def sync_directory(directory: Path) -> None:
    """Make the names in ``directory`` durable. Skipped, as SQLite skips it, where the system
    or the file system cannot sync a directory, or the directory may not be read."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except PermissionError:
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(descriptor)


def make_directory(path: Path, mode: int = 0o700) -> None:
    """``mkdir -p``, each directory it creates made durable in its parent."""
    missing: list[Path] = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=mode)
        except FileExistsError:  # another process made it first
            if not directory.is_dir():
                raise
        sync_directory(directory.parent)


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``, owner-only (0600), durable before it returns.

    A crash or a power cut leaves either the old content or the new, never a mix; a failed
    write (a full disk) leaves the old content and no temporary file.
    """
    replace_file(path, data, 0o600)


def replace_file(path: Path, data: bytes, mode: int) -> None:
    """Replace ``path`` atomically and durably with ``data``, a file of ``mode``."""
    _write_into_place(path, data, os.replace, mode)


def export_file(path: Path, data: bytes) -> None:
    """A file a person asked for at a place they named, often a USB stick pulled out as soon
    as the command says it is written: replaced atomically and on the medium before this
    returns. It and the folders it needs get the user's umask, as any file a command
    writes."""
    _write_into_place(path, data, os.replace, None, folder_mode=0o777)


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, owner-only (0600), durable before it returns. Never
    replaces: ``FileExistsError`` when ``path`` exists (another process may have made it
    first). A crash or a power cut leaves no file or all of it, never a part."""
    _write_into_place(path, data, os.link, 0o600)


def _write_into_place(
    path: Path,
    data: bytes,
    place: Callable[[Path, Path], None],
    mode: int | None,
    *,
    folder_mode: int = 0o700,
) -> None:
    """``mode``: exactly that, whatever the umask; ``None``: what the umask leaves.
    ``folder_mode``: of the folders made for it (as for ``make_directory``)."""
    make_directory(path.parent, folder_mode)
    # os.urandom, not ``secrets``: this runs at the window's start, where imports cost.
    temporary = path.with_name(f".{path.name}.{os.urandom(8).hex()}.tmp")
    try:
        fd = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else 0o600
        )
        try:
            if mode is not None:
                os.chmod(temporary, mode)
            rest = memoryview(data)
            while rest:
                rest = rest[os.write(fd, rest) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        place(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
    sync_directory(path.parent)
