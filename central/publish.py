"""Reading catalog and calendar documents an operator publishes: the same validation the
counters apply when they pull them (``counter_app.domain``'s pure parsers), so a document
no counter could load (a publication time no one could read as a moment among them) is
refused here, before any counter sees it; a catalog also meets the author's rules
(``catalog_rules.publishable_catalog``: no unknown keys, no 承诺件 of 0 days, …), every
problem listed at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from central.errors import OperatorError
from counter_app.domain.calendar import parse_calendar_release
from counter_app.domain.catalog_rules import publishable_catalog
from counter_app.errors import ValidationError

_NAMES = {"catalog": ("事项目录", "catalog"), "calendar": ("工作日历", "calendar")}


def read_document(feed: str, path: Path) -> dict[str, Any]:
    """The JSON object in ``path``, not validated yet; ``OperatorError`` when there is none."""
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
    return document


def stated_version(document: dict[str, Any]) -> int | None:
    """The ``version`` a document states when it is a whole number, before any validation
    (``--if-newer`` skips an old file without judging it by today's rules); else None."""
    version = document.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def validated(feed: str, document: dict[str, Any], source: tuple[str, str]) -> int:
    """``document``'s version once it passes the counters' parser and, for a catalog, the
    author's rules; ``OperatorError`` naming ``source`` (Chinese, English: its file, or the
    version it came from) and what is wrong."""
    zh_name, en_name = _NAMES[feed]
    try:
        release = (
            publishable_catalog(document) if feed == "catalog" else parse_calendar_release(document)
        )
    except ValidationError as exc:
        # The catalog's messages name where (``catalog_error``), so the wrapper does not
        # again; the calendar's do not, so it names the field.
        named = exc.field is None or exc.field in exc.zh
        raise OperatorError(
            f"{zh_name}{source[0]}" + ("：" if named else f" 有误（{exc.field}）：") + exc.zh,
            f"The {en_name} {source[1]}"
            + (": " if named else f" is invalid ({exc.field}): ")
            + exc.en,
        ) from None
    return release.version


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")
