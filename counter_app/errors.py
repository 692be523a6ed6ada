"""Typed errors that carry a message a clerk can act on, Chinese first, English available."""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class CounterError(Exception):
    """Base of every error the counter reports to a person.

    ``zh`` and ``en`` are complete, actionable sentences (what went wrong and what to do).
    ``field`` names the input at fault when there is one, so a form can mark it and keep
    everything else the clerk typed.
    """

    code = "error"

    def __init__(self, zh: str, en: str, *, field: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.field = field

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take other constructor arguments (e.g. a count or a file name): rebuild
        # from the state, so an error raised in a child process reaches the caller typed.
        return (_restore, (type(self), self.__dict__))

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "field": self.field, "message": self.zh, "message_en": self.en}


def _restore(cls: type[CounterError], state: dict[str, object]) -> CounterError:
    error = cls.__new__(cls)
    Exception.__init__(error, f"{state['zh']} / {state['en']}")
    error.__dict__.update(state)
    return error


class ConfigError(CounterError):
    code = "config"


class ValidationError(CounterError):
    """Input that breaks a rule; ``field`` says which."""

    code = "validation"


class InvalidIdNumber(ValidationError):
    code = "invalid_id_number"


class InvalidName(ValidationError):
    code = "invalid_name"


class IllegalTransition(CounterError):
    code = "illegal_transition"


class NotFound(CounterError):
    code = "not_found"


class CatalogChanged(CounterError):
    """A decision taken on the form of a catalog version other than the one in force
    (``IntakeRequest.catalog_version``): nothing is recorded; the clerk sees the new
    checklist before deciding again."""

    code = "catalog_changed"


class StoreError(CounterError):
    code = "store"


class AuthError(CounterError):
    code = "auth"


class DiskRefused(CounterError):
    """The system refused to write a file: its disk is full, read-only or failing."""

    code = "disk_refused"


# Write errors that are the disk's, not the program's: full (or over quota), a file too big
# for it (FAT32 on a USB stick stops at 4 GiB), read-only, I/O; what the disk is (Chinese,
# English).
_DISK_ERRNOS = {
    "ENOSPC": ("已满", "refused"),
    "EDQUOT": ("已满", "refused"),
    "EFBIG": ("放不下这么大的文件", "refused"),
    "EROFS": ("为只读", "is read-only"),
    "EIO": ("读写出错", "refused"),
}
# What to do then (Chinese, English): clearing space helps nothing on a read-only medium (a
# stick's write-protect switch, a medium mounted read-only).
_FREE_SPACE = ("请清理磁盘或换一个位置后重试", "Free space or choose another place, then try again")
_WRITE_PROTECT = (
    "请换一个文件夹，或拨开 U 盘的写保护开关后重试",
    "Choose another folder, or slide the USB stick's write-protect switch off, then try again",
)


def disk_refusal(exc: OSError, target: Path | None = None) -> DiskRefused | None:
    """The words for ``exc`` when it is the disk refusing a write, else None: a command or a
    screen that meets it reports the disk, not a traceback or "OSError". ``target``: the
    file the person asked for, named instead of whatever the system names (nothing, for a
    write that filled the disk; the temporary file it was written to first)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    if name not in _DISK_ERRNOS:
        return None
    where = target if target is not None else exc.filename
    file_zh, file_en = (f" {where}", str(where)) if where else ("文件", "the file")
    disk_zh, disk_en = _DISK_ERRNOS[name]
    advice_zh, advice_en = _WRITE_PROTECT if name == "EROFS" else _FREE_SPACE
    return DiskRefused(
        f"无法写入{file_zh}：所在磁盘{disk_zh}（{exc.strerror}）。该操作没有完成，已保存的办件不受影响。"
        f"{advice_zh}；若是本机的数据磁盘，请联系信息技术人员。",
        f"Cannot write {file_en}: its disk {disk_en} ({exc.strerror}). The operation was not "
        f"completed; saved cases are unaffected. {advice_en}; if it is this PC's data disk, "
        "call IT.",
    )
