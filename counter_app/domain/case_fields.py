"""A case document flattened to its fields (``applicant.phone``, ``materials.2.status``), with
personal data masked: what a supervisor compares, side by side, of two versions of a case."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from counter_app.domain.idnumber import mask_address, mask_id_number, mask_phone
from counter_app.domain.names import mask_name

# Paths of personal data and how each is shown; nothing else of a case is personal.
_MASKS: dict[str, Callable[[str], str]] = {
    "applicant.name": mask_name,
    "applicant.english_name": mask_name,
    "applicant.id_number": mask_id_number,
    "applicant.phone": mask_phone,
    "applicant.address": mask_address,
    "delivery.address": mask_address,
    "handover.proxy_name": mask_name,
    "handover.proxy_id_number": mask_id_number,
}


def masked_fields(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every leaf of ``document`` (its JSON form) as ``(path, text)``, in document order."""
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
        text = "" if value is None else value if isinstance(value, str) else json.dumps(value)
        mask = _MASKS.get(path)
        out.append((path, mask(text) if mask is not None and text else text))


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
