"""Typed errors that carry a message a clerk can act on, Chinese first, English available."""

from __future__ import annotations

import errno


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
# for it (FAT32 on a USB stick stops at 4 GiB), read-only, I/O.
_DISK_ERRNOS = {
    "ENOSPC": "已满",
    "EDQUOT": "已满",
    "EFBIG": "放不下这么大的文件",
    "EROFS": "为只读",
    "EIO": "读写出错",
}


def disk_refusal(exc: OSError) -> DiskRefused | None:
    """The words for ``exc`` when it is the disk refusing a write, else None: a command or a
    screen that meets it reports the disk, not a traceback or "OSError"."""
    name = errno.errorcode.get(exc.errno or 0, "")
    if name not in _DISK_ERRNOS:
        return None
    where = f" {exc.filename}" if exc.filename else "文件"
    return DiskRefused(
        f"无法写入{where}：所在磁盘{_DISK_ERRNOS[name]}（{exc.strerror}）。该操作没有完成，"
        "已保存的办件不受影响。请清理磁盘或换一个位置后重试；若是本机的数据磁盘，请联系信息技术人员。",
        f"Cannot write {exc.filename or 'the file'}: its disk refused ({exc.strerror}). The "
        "operation was not completed; saved cases are unaffected. Free space or choose another "
        "place, then try again; if it is this PC's data disk, call IT.",
    )
