"""How a ``counter-central`` command reaches the platform store and answers: the store its
``--db``/``--key-file`` name is opened for the command's work and closed after, answers print
as JSON, the hall, window and item codes a command is given are checked before the store
opens, a hall an arrival or ticket is made for is one the platform knows, and a command
about a hall without windows says so."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from central.errors import OperatorError
from central.store import CentralStore, open_store
from central.store.devices import devices, has_live_device
from counter_app.domain.hall_time import FIRST_HALL_DAY, LAST_HALL_DAY

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_Number = TypeVar("_Number", int, float)


def key_file(args: argparse.Namespace) -> Path | None:
    """The key file ``--key-file`` names (None: the store's default); ``OperatorError`` when
    something other than a file is there, before its mode is judged or its bytes read."""
    if not args.key_file:
        return None
    path = Path(args.key_file)
    if path.exists() and not path.is_file():
        kind_zh, kind_en = (
            ("文件夹", "a folder") if path.is_dir() else ("特殊文件", "a special file")
        )
        raise OperatorError(
            f"--key-file {path} 是{kind_zh}，不是载荷密钥文件：请给出密钥文件本身的路径。",
            f"--key-file {path} is {kind_en}, not the payload key file: give the key file's "
            "own path.",
        )
    return path


def print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def with_store(args: argparse.Namespace, work: Callable[[CentralStore], None]) -> None:
    store = open_store(args.db, key_file(args))
    try:
        work(store)
    finally:
        store.close()


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An option's ``type``: a whole number from ``low`` to ``high``; anything else is a usage
    error in both languages, never a number too large for a date or the store to hold
    (``--stale-after 10**20`` was an OverflowError)."""
    return _bounded(low, high, _whole, ("整数", "a whole number"))


def number_between(low: float, high: float) -> Callable[[str], float]:
    """An option's ``type``: a number from ``low`` to ``high``, fractions allowed (a rate of
    0.5 a minute); ``nan``, ``inf`` and anything else are usage errors in both languages, as
    :func:`whole_number` says them."""
    return _bounded(low, high, float, ("数", "a number"))


def _whole(value: str) -> int:
    if not value.strip().removeprefix("-").isdecimal():
        raise ValueError(value)
    return int(value)


def _bounded(
    low: _Number, high: _Number, convert: Callable[[str], _Number], kind: tuple[str, str]
) -> Callable[[str], _Number]:
    """An option's ``type`` for numbers ``convert`` reads, from ``low`` to ``high``; ``kind``
    names them, Chinese and English, in the refusal."""

    def parse(value: str) -> _Number:
        try:
            number = convert(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise argparse.ArgumentTypeError(
                f"“{value}”不是 {low} 至 {high} 之间的{kind[0]} / '{value}' is not {kind[1]} "
                f"from {low} to {high}"
            )
        return number

    return parse


def hall_day(value: str) -> date:
    """An option's ``type``: a hall day as YYYY-MM-DD, within the days anyone may ask about
    (``FIRST_HALL_DAY`` to ``LAST_HALL_DAY``); anything else a usage error in both
    languages."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not FIRST_HALL_DAY <= day <= LAST_HALL_DAY:
        raise argparse.ArgumentTypeError(
            f"“{value}”不是 YYYY-MM-DD 格式的大厅日期 / '{value}' is not a hall day as YYYY-MM-DD"
        )
    return day


def hall_code(value: str) -> str:
    """An option's ``type``: a hall code, checked as :func:`check_code` checks one (``staff
    add --hall ""`` made an account in no hall)."""
    try:
        check_code(value, "大厅编码", "Hall code")
    except OperatorError as exc:
        raise argparse.ArgumentTypeError(f"{exc.zh} / {exc.en}") from None
    return value


def check_code(value: str, what_zh: str, what_en: str) -> None:
    if not CODE_PATTERN.match(value):
        raise OperatorError(
            f"{what_zh}“{value}”不合法：只能用 1-32 个字母、数字、- 或 _。",
            f"{what_en} '{value}' is not valid: use 1-32 letters, digits, '-' or '_'.",
        )


def check_enrolled_hall(store: CentralStore, hall: str) -> None:
    """Refuse a hall no live device is enrolled under: the platform knows a hall only by its
    windows, and an appointment, pre-application or ticket made for a mistyped hall code
    would wait where no window ever reads it."""
    with store.snapshot() as cur:
        enrolled = has_live_device(store, cur, hall)
    if not enrolled:
        raise OperatorError(
            f"平台上没有大厅 {hall}：没有以此大厅编码登记的在用窗口设备。请核对大厅编码；"
            f"新大厅须先登记其窗口（counter-central enroll-code --hall {hall} --window 窗口编码，"
            "再在窗口运行 counter-app enroll 平台地址 登记码）。",
            f"The platform knows no hall {hall}: no live window device is enrolled under that "
            f"hall code. Check the hall code; a new hall first enrols its windows "
            f"(counter-central enroll-code --hall {hall} --window WINDOW, then counter-app "
            "enroll URL CODE at the window).",
        )


def warn_hall_without_windows(store: CentralStore, hall: str) -> None:
    """Say on stderr, and go on, when no live device is enrolled under ``hall``: staff and
    notices may be set up before a hall's windows enrol, but a mistyped hall code would keep
    them where no window ever reads them, and a listing of it would show nothing."""
    with store.snapshot() as cur:
        if has_live_device(store, cur, hall):
            return
    if devices(store, hall):
        zh = f"大厅 {hall} 的窗口设备均已吊销，目前没有窗口读取它。"
        en = f"Every window device of hall {hall} is revoked: no window reads it now."
    else:
        zh = (
            f"平台上从未有大厅 {hall} 的窗口设备登记：请核对大厅编码（新大厅的窗口可稍后登记，"
            "登记后即会读取）。"
        )
        en = (
            f"No window device was ever enrolled under hall {hall}: check the hall code (a "
            "new hall's windows may enrol later, and read it then)."
        )
    print_note(zh, en)


def print_note(zh: str, en: str) -> None:
    """Tell the operator something on stderr, Chinese then English, as errors are told, while
    the command goes on (or succeeds)."""
    print(f"注意：{zh}\nNote: {en}", file=sys.stderr)


def operator_name() -> str:
    """Who runs this command, as the register's history names them: ``operator:<OS user>``."""
    import getpass

    try:
        return f"operator:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"operator:{os.getuid()}" if hasattr(os, "getuid") else "operator"
