"""The case document: the full content of one data version of a case, as kept in
``case_versions`` and sent to the platform, and its content hash.

The canonical JSON (sorted keys, no whitespace, UTF-8 without escapes, so non-BMP names are
stored as themselves) is byte-for-byte what the platform hashes again on receipt.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(document: Any) -> bytes:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(document: Any) -> str:
    """SHA-256 hex of the canonical JSON (the wire protocol's ``content_hash``)."""
    return hash_canonical(canonical_json(document))


def hash_canonical(canonical: bytes) -> str:
    """``content_hash`` of a document already in canonical JSON (saves a second encoding)."""
    return hashlib.sha256(canonical).hexdigest()
