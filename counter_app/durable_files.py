"""Files and directories that survive a power cut once the call returns.

POSIX makes a file's data durable by ``fsync`` of the file, and its name (a new file, a
rename, a new directory) by ``fsync`` of the directory holding it; a journalling file system
often does more, but the counter relies on no more than that. Owner-only files under the
home (credentials, the user config) are written here too.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from counter_app.errors import CounterError, disk_refusal


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


class ExportFailed(CounterError):
    code = "export_failed"


def missing_folder(folder: Path, writing_zh: str, writing_en: str) -> tuple[str, str]:
    """The words for a folder a person named that does not exist (``writing_zh``: 备份,
    导出): it is not made, so a USB drive that is not mounted, or a typo, never puts the file
    on this PC's disk reported as done."""
    return (
        f"文件夹 {folder} 不存在：请检查路径，以及U盘等介质是否已插好；"
        f"{writing_zh}不会新建文件夹，以免误存到本机磁盘上。",
        f"The folder {folder} does not exist: check the path, and that the USB drive or other "
        f"medium is plugged in; {writing_en} does not create it, so that it never lands on "
        "this PC's disk by mistake.",
    )


def check_export_folder(path: Path, *, field: str) -> None:
    """Raise :class:`ExportFailed` when ``path`` cannot take an export: an empty path, a
    folder that does not exist, or a path that names something other than a regular file
    (:func:`_not_a_file`). What a command checks before it issues, signs or records anything
    (its retry with the right path must not be a reprint). ``field``: the option that named
    the path (``out`` for ``--out``)."""
    if path == Path():  # "" as well: the option was given, with nothing in it
        raise ExportFailed(
            f"--{field} 的路径为空：请给出要写入的文件的路径，再导出一次。",
            f"--{field} is empty: give the path of the file to write, and export again.",
            field=field,
        )
    if not path.parent.is_dir():
        raise ExportFailed(*missing_folder(path.parent, "导出", "an export"), field=field)
    refusal = _not_a_file(path)
    if refusal is not None:
        raise ExportFailed(*refusal, field=field)


# What stands at an export's path when it is not a regular file; os.replace would swap it
# for the exported file (a device node, a FIFO another program reads, a folder's name).
_SPECIAL_FILES = (
    (stat.S_ISDIR, "一个文件夹", "a folder"),
    (stat.S_ISFIFO, "一个命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "一个套接字", "a socket"),
    (stat.S_ISCHR, "一个设备", "a device"),
    (stat.S_ISBLK, "一个设备", "a device"),
)


def _not_a_file(path: Path) -> tuple[str, str] | None:
    """The words refusing ``path`` when something other than a regular file is there, else
    None. A link is refused too, whatever it points to: an export never writes through a
    link nor replaces one."""
    try:
        mode = path.lstat().st_mode
    except OSError:  # nothing there (or nothing to look at): the write says what it meets
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return (
            f"{path} 是一个符号链接：导出不会写到链接指向的文件，也不会替换链接，它保持原样。"
            "请给出文件本身的路径，或换一个文件名再导出。",
            f"{path} is a symbolic link: an export neither writes to the file it points to nor "
            "replaces the link, which was left as it was. Name the file itself, or choose "
            "another file name, and export again.",
        )
    kind_zh, kind_en = next(
        ((zh, en) for is_kind, zh, en in _SPECIAL_FILES if is_kind(mode)),
        ("一个特殊文件", "a special file"),
    )
    return (
        f"{path} 是{kind_zh}，不是普通文件：导出只写普通文件，不会替换它，它保持原样。"
        "请换一个文件名再导出。",
        f"{path} is {kind_en}, not a regular file: an export writes regular files only and "
        "left it as it was. Choose another file name and export again.",
    )


def export_file(path: Path, data: bytes, what: tuple[str, str], *, field: str) -> None:
    """A file a person asked for at a place they named, often a USB stick pulled out as soon
    as the command says it is written: replaced atomically and on the medium before this
    returns, with the user's umask, as any file a command writes. ``what``: the file in
    words (统计表, "The statistics"). Raises :class:`ExportFailed` for a path that cannot
    take it (:func:`check_export_folder`) or a file that could not be written (``field``: the
    option that named it), ``DiskRefused`` for a disk that refused it."""
    check_export_folder(path, field=field)
    try:
        _write_into_place(path, data, os.replace, None)
    except OSError as exc:
        # Full, read-only, failing: the disk named as such, with the file asked for (the
        # system names none when the disk fills, or the temporary file beside it).
        refusal = disk_refusal(exc, path)
        if refusal is not None:
            raise refusal from exc
        reason = exc.strerror or str(exc)
        raise ExportFailed(
            f"{what[0]}未能写入 {path}（{reason}）：请换一个文件夹或文件名再导出。",
            f"{what[1]} could not be written to {path} ({reason}): choose another folder "
            "or file name and export again.",
            field=field,
        ) from exc


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
