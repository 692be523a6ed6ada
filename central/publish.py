"""Reading catalog and calendar documents an operator publishes: the same validation the
counters apply when they pull them (``counter_app.domain``'s pure parsers), so a document
no counter could load (a publication time no one could read as a moment among them) is
refused here, before any counter sees it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from central.errors import OperatorError
from counter_app.domain.calendar import parse_calendar_release
from counter_app.domain.catalog import parse_catalog_release
from counter_app.errors import ValidationError

_NAMES = {"catalog": ("事项目录", "catalog"), "calendar": ("工作日历", "calendar")}


def load_document(feed: str, path: Path) -> tuple[dict[str, Any], int]:
    """The validated document and its ``version``; ``OperatorError`` saying what is wrong."""
    zh_name, en_name = _NAMES[feed]
    try:
        document = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constants)
    except OSError as exc:
        raise OperatorError(
            f"无法读取{zh_name}文件 {path}：{exc.strerror}。",
            f"Cannot read the {en_name} file {path}: {exc.strerror}.",
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise OperatorError(
            f"{zh_name}文件 {path} 不是合法的 UTF-8 JSON：{exc}。",
            f"The {en_name} file {path} is not valid UTF-8 JSON: {exc}.",
        ) from None
    if not isinstance(document, dict):
        raise OperatorError(
            f"{zh_name}文件 {path} 的顶层应为 JSON 对象。",
            f"The {en_name} file {path} must hold a JSON object.",
        )
    try:
        release = (
            parse_catalog_release(document)
            if feed == "catalog"
            else parse_calendar_release(document)
        )
    except ValidationError as exc:
        raise OperatorError(
            f"{zh_name}文件 {path} 有误（{exc.field}）：{exc.zh}",
            f"The {en_name} file {path} is invalid ({exc.field}): {exc.en}",
        ) from None
    return document, release.version


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")
