"""A case document flattened to its fields (``applicant.phone``, ``materials.2.status``), with
personal data masked: what a supervisor compares, side by side, of two versions of a case.
Two documents at hand are compared on their real values, so a name changed from 申请人壹 to
申请人一 differs although both sides show 申***."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from counter_app.domain.idnumber import mask_address, mask_id_number, mask_phone
from counter_app.domain.names import mask_name


def mask_birth_date(day: str) -> str:
    """``1985-**-**``: an ISO birth date with its year only; the month and day, beside a
    passport's number, would single the holder out (a masked ID number hides its own)."""
    return day[:4] + "-**-**"


# Paths of personal data and how each is shown; nothing else of a case is personal.
_MASKS: dict[str, Callable[[str], str]] = {
    "applicant.name": mask_name,
    "applicant.english_name": mask_name,
    "applicant.birth_date": mask_birth_date,
    "applicant.id_number": mask_id_number,
    "applicant.phone": mask_phone,
    "applicant.address": mask_address,
    "delivery.address": mask_address,
    "handover.proxy_name": mask_name,
    "handover.proxy_id_number": mask_id_number,
    "agent.name": mask_name,
    "agent.id_number": mask_id_number,
    "agent.phone": mask_phone,
}


def masked_fields(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every leaf of ``document`` (its JSON form) as ``(path, text)``, in document order."""
    return [(path, _masked(path, text)) for path, text in _leaves(document)]


def compared_fields(
    left: dict[str, Any], right: dict[str, Any] | None
) -> list[tuple[str, str | None, str | None, bool]]:
    """Every path of either document as ``(path, left, right, differs)``, in ``side_by_side``
    order (None: that side lacks it, as all of ``right`` when None): the texts masked,
    ``differs`` by the real values."""
    rows = side_by_side(_leaves(left), None if right is None else _leaves(right))
    return [
        (path, _masked_or_none(path, a), _masked_or_none(path, b), a != b) for path, a, b in rows
    ]


def _leaves(document: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    _walk("", document, out)
    return out


def _walk(path: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _walk(f"{path}.{key}" if path else key, inner, out)
    elif isinstance(value, list) and value:
        for index, inner in enumerate(value):
            _walk(f"{path}.{index}", inner, out)
    else:
        out.append(
            (path, "" if value is None else value if isinstance(value, str) else json.dumps(value))
        )


def _masked_or_none(path: str, text: str | None) -> str | None:
    return None if text is None else _masked(path, text)


def _masked(path: str, text: str) -> str:
    mask = _MASKS.get(path)
    return mask(text) if mask is not None and text else text


def side_by_side(
    left: list[tuple[str, str]], right: list[tuple[str, str]] | None
) -> list[tuple[str, str | None, str | None]]:
    """Every path of either side as ``(path, left, right)`` (None: that side lacks it), in the
    left side's order, then the right side's own paths."""
    theirs = dict(right or [])
    mine = dict(left)
    rows: list[tuple[str, str | None, str | None]] = [
        (path, text, theirs.get(path)) for path, text in left
    ]
    rows += [(path, None, text) for path, text in right or [] if path not in mine]
    return rows
