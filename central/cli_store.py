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
    return Path(args.key_file) if args.key_file else None


def print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def with_store(args: argparse.Namespace, work: Callable[[CentralStore], None]) -> None:
    store = open_store(args.db, key_file(args))
    try:
        work(store)
    finally:
        store.close()


def check_code(value: str, what_zh: str, what_en: str) -> None:
    if not CODE_PATTERN.match(value):
        raise OperatorError(
            f"{what_zh}“{value}”不合法：只能用 1-32 个字母、数字、- 或 _。",
            f"{what_en} '{value}' is not valid: use 1-32 letters, digits, '-' or '_'.",
        )
