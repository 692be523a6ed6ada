"""How a ``counter-central`` command reaches the platform store and answers: the store its
``--db``/``--key-file`` name is opened for the command's work and closed after, answers print
as JSON, and the hall, window and item codes a command is given are checked before the store
opens."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from central.errors import OperatorError
from central.store import CentralStore, open_store

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


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

    def parse(value: str) -> int:
        if not (value.strip().removeprefix("-").isdecimal() and low <= int(value) <= high):
            raise argparse.ArgumentTypeError(
                f"“{value}”不是 {low} 至 {high} 之间的整数 / '{value}' is not a whole number "
                f"from {low} to {high}"
            )
        return int(value)

    return parse


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
