"""The audit log: append-only, hash-chained record of who did what, when and where.

Each row's hash is SM3 over the previous row's hash and the row's canonical content, and
the head of the chain (last seq and hash) is kept in ``meta`` in the same transaction, so
an edited, inserted or deleted row - the last one included - breaks :meth:`AuditLog.verify`.

``detail`` must never carry personal data (ID numbers, phones, names, addresses): refer to
cases by UUID or case number. As a guard, a detail value that is exactly an ID number or a
mobile number is refused with ``ValueError`` (a programming error, not a user error).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives import hashes
from sqlite_utils import Database

from counter_app.store.timestamps import now_text

GENESIS_HASH = "0" * 64
HEAD_KEY = "audit_head"
# The actor of an entry about a username that matches no account. What was typed into the
# username box is never logged (it may be a password or an ID number typed in the wrong
# field); the entry carries its keyed hash (``PiiCipher.blind_index``) instead.
UNKNOWN_USER = "unknown user"
_LOOKS_LIKE_PII = re.compile(
    r"^\s*(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9}|\+?861[3-9][0-9]{9})\s*$"
)


class _TransactionalStore(Protocol):
    db: Database

    def transaction(self) -> AbstractContextManager[Database]: ...


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _row_hash(prev_hash: str, content: tuple[Any, ...]) -> str:
    """SM3 of the previous hash and ``content`` = (seq, at, actor, hall, window, action,
    target, detail) as canonical JSON."""
    canonical = json.dumps(
        list(content),
        ensure_ascii=False,
        separators=(",", ":"),
    )
    digest = hashes.Hash(hashes.SM3())
    digest.update(prev_hash.encode("ascii") + b"\n" + canonical.encode("utf-8"))
    return digest.finalize().hex()


def _refuse_pii(value: Any, path: str) -> None:
    if isinstance(value, str) and _LOOKS_LIKE_PII.match(value):
        raise ValueError(
            f"audit detail {path} looks like an ID number or phone; log a case id instead"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_pii(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _refuse_pii(item, f"{path}[{index}]")


class AuditLog:
    """Appends to and verifies the chain in ``audit_log``; ``hall``/``window`` say where."""

    def __init__(self, store: _TransactionalStore, hall_code: str, window_code: str) -> None:
        self._store = store
        self.hall_code = hall_code
        self.window_code = window_code

    def record(
        self,
        actor: str,
        action: str,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int:
        """Append one entry and return its seq.

        Joins the caller's ``store.transaction()`` when one is open (the entry commits or
        rolls back with the change it describes), else commits on its own.
        """
        detail = detail or {}
        _refuse_pii(detail, "detail")
        detail_text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        with self._store.transaction() as db:
            last = db.execute(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            at = now_text()
            content = (
                seq,
                at,
                actor,
                self.hall_code,
                self.window_code,
                action,
                target,
                detail_text,
            )
            row_hash = _row_hash(prev_hash, content)
            db.execute(
                "INSERT INTO audit_log (seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*content, prev_hash, row_hash),
            )
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (HEAD_KEY, f"{seq}:{row_hash}"),
            )
        return seq

    def entries(self, *, after_seq: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        """Entries in order, for display and export."""
        cursor = self._store.db.execute(
            "SELECT seq, at, actor, hall_code, window_code, action, target, detail FROM audit_log"
            " WHERE seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        yield from self._store.db.execute(
            "SELECT seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash"
            " FROM audit_log ORDER BY seq"
        )

    def verify(self) -> list[AuditProblem]:
        """Walk the whole chain; return every problem found, in seq order (empty: intact)."""
        problems: list[AuditProblem] = []
        expected_seq, expected_prev = 1, GENESIS_HASH
        for (
            seq,
            at,
            actor,
            hall,
            window,
            action,
            target,
            detail,
            prev_hash,
            row_hash,
        ) in self._rows():
            if seq != expected_seq:
                problems.append(
                    AuditProblem(
                        expected_seq,
                        f"审计日志第 {expected_seq} 至 {seq - 1} 条缺失（被删除）。",
                        f"Audit entries {expected_seq} to {seq - 1} are missing (deleted).",
                    )
                )
            if prev_hash != expected_prev:
                problems.append(
                    AuditProblem(
                        seq,
                        f"审计日志第 {seq} 条与前一条的链接不符：其前面的记录被修改或删除。",
                        f"Audit entry {seq} does not link to the entry before it: an earlier entry was edited or deleted.",
                    )
                )
            if (
                _row_hash(prev_hash, (seq, at, actor, hall, window, action, target, detail))
                != row_hash
            ):
                problems.append(
                    AuditProblem(
                        seq,
                        f"审计日志第 {seq} 条内容被改动（哈希不符）。",
                        f"Audit entry {seq} was edited (its hash does not match its content).",
                    )
                )
            expected_seq, expected_prev = seq + 1, row_hash
        problems.extend(self._check_head(expected_seq - 1, expected_prev))
        return problems

    def _check_head(self, last_seq: int, last_hash: str) -> list[AuditProblem]:
        row = self._store.db.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)).fetchone()
        if row is None:
            if last_seq == 0:
                return []
            return [
                AuditProblem(
                    last_seq,
                    "审计日志的链头记录缺失：日志被改动。",
                    "The audit log's head record is missing: the log was tampered with.",
                )
            ]
        head_seq_text, _, head_hash = row[0].partition(":")
        head_seq = int(head_seq_text) if head_seq_text.isdigit() else -1
        if head_seq > last_seq:
            return [
                AuditProblem(
                    last_seq + 1,
                    f"审计日志第 {last_seq + 1} 至 {head_seq} 条缺失（末尾被删除）。",
                    f"Audit entries {last_seq + 1} to {head_seq} are missing (deleted from the end).",
                )
            ]
        if head_seq != last_seq or head_hash != last_hash:
            return [
                AuditProblem(
                    last_seq,
                    f"审计日志末条（第 {last_seq} 条）与链头记录不符：日志被改动。",
                    f"The last audit entry ({last_seq}) does not match the recorded head: the log was tampered with.",
                )
            ]
        return []
