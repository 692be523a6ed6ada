"""The audit log: append-only, hash-chained record of who did what, when and where.

Each row's hash covers the previous row's hash and the row's canonical content, and the
head of the chain (last seq and hash) is kept in ``meta`` in the same transaction, so an
edited, inserted or deleted row - the last one included - breaks :meth:`AuditLog.verify`.

The chain is keyed: from entry ``meta.audit_keyed_from`` on, a row's hash is HMAC-SM3
under a key derived from the installation key file (``pii.audit_chain_key``), which is not
in the database, and the head carries an HMAC too (``meta.audit_head_mac``, which also
covers the keyed-from seq). Someone with the database but not the key file can no longer
rewrite the chain and its head with the public hash rule. Entries written before the key
was introduced (stores older than ``m0005_audit_chain_keyed``) keep their plain SM3
hashes; the first keyed entry (``audit.chain_keyed``, written on the first open after the
upgrade, in the migration's transaction) links to them, so they are anchored under the key
from then on. Someone who also forges the migration record can re-run that step over a
rewritten log: the platform's copy of the head (below) catches that too.

A restore puts back the backup's log, which forks from the one it replaces by design; the
entries the backup lacks are kept as they were in ``audit_log_replaced`` (see
``counter_app.store.backup``), each restore's run checked by :meth:`AuditLog.replaced_runs`
as a chain of its own, hanging from the entry of the log the restore wrote into where it
was cut off (or from the start, when the replaced log was of another history).

What the key cannot show locally is a log cut back to an earlier state together with that
state's head (from an old backup): that is why every sync sends the head to the platform,
and ``counter-app audit verify --online`` compares with the head the platform holds
(:meth:`AuditLog.compare_with_platform`).

``detail`` must never carry personal data (ID numbers, phones, names, addresses): refer to
cases by UUID or case number. As a guard, a detail value that is exactly an ID number or a
mobile number is refused with ``ValueError`` (a programming error, not a user error).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from cryptography.hazmat.primitives import hashes, hmac
from sqlite_utils import Database

from counter_app.store.timestamps import now_text
from counter_app.workstation_identity import workstation_identity

if TYPE_CHECKING:
    from counter_app.home import Home

GENESIS_HASH = "0" * 64
HEAD_KEY = "audit_head"
HEAD_MAC_KEY = "audit_head_mac"
KEYED_FROM_KEY = "audit_keyed_from"
KEY_INTRODUCED_ACTION = "audit.chain_keyed"
# The actor of what the application does by itself (loading a bundled catalog, keying the chain).
SYSTEM_ACTOR = "system"
# The actor of an entry about a username that matches no account. What was typed into the
# username box is never logged (it may be a password or an ID number typed in the wrong
# field); the entry carries its keyed hash (``PiiCipher.blind_index``) instead.
UNKNOWN_USER = "unknown user"
_LOOKS_LIKE_PII = re.compile(
    r"^\s*(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9}|\+?861[3-9][0-9]{9})\s*$"
)
# Encoders made once: json.dumps builds a new one on every call given options, and every
# accept encodes twice (the detail, then the row its hash covers).
_detail_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_row_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# The last entry and the keyed-from marker in one statement, one row even for an empty log
# (then seq and hash are NULL): beside max(), SQLite takes a bare column from the row that
# holds the maximum, found by a search of the primary key, not a scan. Read anew for every
# entry, never remembered: the window and the sync worker append to the same log.
_TAIL = "SELECT max(seq), hash, (SELECT value FROM meta WHERE key = ?) FROM audit_log"
_INSERT = (
    "INSERT INTO audit_log (seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SET_HEAD = (
    "INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


class _TransactionalStore(Protocol):
    db: Database
    home: Home  # whose enrolment names the device to the platform

    def transaction(self) -> AbstractContextManager[Database]: ...


# The entries after which this chain no longer continues the head the platform holds, as
# expected: a restore from a backup (``counter-app restore``) and a store found behind the
# platform (``sync.rollback``); and the entry a sync writes once the platform took a head
# past them (continuing it, or as a new base after ``counter-central audit-heads
# accept-fork``), after which a fork is no longer theirs.
STORE_BEHIND_ACTION = "sync.store_behind_platform"
RESTORE_ACTION = "backup.restore"
FORKING_ACTIONS = (RESTORE_ACTION, STORE_BEHIND_ACTION)
CHAIN_TAKEN_ACTION = "sync.audit_chain_taken"


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class ReplacedRun:
    """The entries one restore replaced (kept in ``audit_log_replaced``), as verify found
    them: ``restore_seq`` is the restore's entry, in this log (``restore_replaced``: in a
    log itself replaced since; ``None``: not found); ``checked`` False: chained under
    another installation key (``key_id``), which this one cannot check; ``problems`` empty:
    intact as far as checked."""

    restore_seq: int | None
    restore_replaced: bool
    from_seq: int
    to_seq: int
    count: int
    key_id: str | None
    checked: bool
    problems: list[AuditProblem]

    def message(self, lang: str = "zh") -> str:
        restore_zh = (
            f"已被替换的日志中第 {self.restore_seq} 条"
            if self.restore_replaced
            else f"第 {self.restore_seq} 条"
        )
        restore_en = (
            f"Entry {self.restore_seq} of a log replaced since"
            if self.restore_replaced
            else f"Entry {self.restore_seq}"
        )
        if self.restore_seq is None:
            restore_zh, restore_en = "一次记录缺失的恢复", "A restore whose entry is missing"
        if not self.checked:
            state_zh = f"已保留；以另一密钥（{self.key_id}）签名，本机密钥无法核对其哈希"
            state_en = (
                f"chained under another key ({self.key_id}), which this installation's key "
                "cannot check"
            )
        elif self.problems:
            state_zh, state_en = "已保留，但哈希链有误，见下", "its hash chain is broken: see below"
        else:
            state_zh, state_en = "已保留，哈希链无误", "hash chain verified"
        if lang == "en":
            return (
                f"{restore_en}, a restore from a backup, replaced entries {self.from_seq}–"
                f"{self.to_seq} of the log before it: {self.count} kept, {state_en}."
            )
        return (
            f"{restore_zh}恢复备份时替换了原日志第 {self.from_seq}–{self.to_seq} 条"
            f"（共 {self.count} 条，{state_zh}）。"
        )


@dataclass(frozen=True)
class _Run:
    """One restore's rows of ``audit_log_replaced``, by seq."""

    key_id: str | None
    keyed_from: int
    # seq -> (at, actor, hall, window, action, target, detail, prev_hash, hash)
    rows: dict[int, tuple[Any, ...]]


@dataclass(frozen=True)
class AuditFact:
    """What one entry says besides where and when: who acted, the action ("case.accepted"),
    and the detail (never personal data: refer to cases by UUID or case number)."""

    actor: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditHead:
    """The end of the chain: the last entry's seq (0: empty log) and hash, and the first
    keyed seq. What a sync sends to the platform and what the platform gives back."""

    seq: int
    hash: str
    keyed_from: int


def _hashed_text(prev_hash: str, content: tuple[Any, ...]) -> bytes:
    """The previous hash and ``content`` = (seq, at, actor, hall, window, action, target,
    detail) as canonical JSON: what a row's hash covers."""
    canonical = _row_json(content)  # a tuple encodes as the JSON array a list would
    return prev_hash.encode("ascii") + b"\n" + canonical.encode("utf-8")


def _row_hash(prev_hash: str, content: tuple[Any, ...]) -> str:
    """The unkeyed rule: plain SM3. Only entries from before the key was introduced."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(_hashed_text(prev_hash, content))
    return digest.finalize().hex()


def _hmac_sm3(prepared: hmac.HMAC, message: bytes) -> str:
    """HMAC-SM3 of ``message`` from a copy of a keyed state prepared once (every accept
    makes two: its row hash and the head's MAC)."""
    mac = prepared.copy()
    mac.update(message)
    return mac.finalize().hex()


def _head_message(seq: int, row_hash: str, keyed_from: int) -> bytes:
    # The "head" prefix keeps it from ever equalling a row hash (those start with a hash).
    return f"head\n{seq}\n{row_hash}\n{keyed_from}".encode("ascii")


def looks_personal(text: str) -> bool:
    """Whether ``text`` looks like an ID number or a phone number: never written to the log."""
    return _LOOKS_LIKE_PII.match(text) is not None


def _needs_look(item: Any) -> bool:
    """A container, or a string that looks like PII: what ``_refuse_pii`` must visit."""
    if isinstance(item, str):
        return looks_personal(item)
    return isinstance(item, dict | list | tuple)


def _refuse_pii(value: Any, path: str) -> None:
    """Raise if a string in ``value`` looks like an ID number or phone (``path``: where
    ``value`` is, for the message). Paths are spelled only for containers and offenders:
    every audit entry passes through here."""
    if isinstance(value, str):
        if looks_personal(value):
            raise ValueError(
                f"audit detail {path} looks like an ID number or phone; log a case id instead"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            if _needs_look(item):
                _refuse_pii(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if _needs_look(item):
                _refuse_pii(item, f"{path}[{index}]")


def _replaced_log(action: str, detail: str) -> dict[str, Any] | None:
    """What a restore's entry says of the entries it replaced and kept (``None``: not a
    restore, or one that kept none: from before they were kept, or unreadable)."""
    if action != RESTORE_ACTION:
        return None
    try:
        said = json.loads(detail).get("replaced_log")
    except (ValueError, AttributeError):
        return None
    return said if isinstance(said, dict) and "restore_id" in said else None


def _marker_seq(value: Any) -> int | None:
    """The seq in the keyed-from marker's ``value`` (``None``: no marker, or not a number)."""
    return int(value) if str(value).isdigit() else None


def _tail(conn: sqlite3.Connection) -> AuditHead:
    """The last entry as it is in the table (seq 0 and the genesis hash: empty log) and the
    first keyed seq; a removed marker keys everything (``verify`` reports the removal)."""
    seq, row_hash, marker = conn.execute(_TAIL, (KEYED_FROM_KEY,)).fetchone()
    if seq is None:
        seq, row_hash = 0, GENESIS_HASH
    return AuditHead(seq, row_hash, _marker_seq(marker) or 1)


class AuditLog:
    """Appends to and verifies the chain in ``audit_log``; ``hall``/``window`` say where;
    ``chain_key`` is ``pii.audit_chain_key`` of the installation key."""

    def __init__(
        self, store: _TransactionalStore, hall_code: str, window_code: str, chain_key: bytes
    ) -> None:
        self._store = store
        self.hall_code = hall_code
        self.window_code = window_code
        self._mac = hmac.HMAC(chain_key, hashes.SM3())  # copied per MAC, never finalized

    def keyed_from(self) -> int | None:
        """The first seq hashed under the key (``None`` only when the marker was removed)."""
        row = self._store.db.execute(
            "SELECT value FROM meta WHERE key = ?", (KEYED_FROM_KEY,)
        ).fetchone()
        return None if row is None else _marker_seq(row[0])

    def _hash(self, seq: int, prev_hash: str, content: tuple[Any, ...], keyed_from: int) -> str:
        if seq >= keyed_from:
            return _hmac_sm3(self._mac, _hashed_text(prev_hash, content))
        return _row_hash(prev_hash, content)

    def seal_legacy_entries(self) -> None:
        """Only in ``m0005_audit_chain_keyed``'s transaction: when unkeyed entries exist,
        write the first keyed entry, which links to them and records where keying began.
        Never later: a log of only unkeyed entries would then be indistinguishable from one
        whose keyed entries were rewritten with the public rule."""
        with self._store.transaction() as db:
            last = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
            if last:
                self.record(SYSTEM_ACTOR, KEY_INTRODUCED_ACTION, None, {"keyed_from": last + 1})

    def record(
        self,
        actor: str,
        action: str,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int:
        """Append one entry and return its seq.

        Joins the caller's ``store.transaction()`` when one is open (the entry commits or
        rolls back with the change it describes), else commits on its own. A write to the
        case tables does not call this: its writer (``case_writes`` and those beside it) appends
        its entry (:meth:`append`).
        """
        with self._store.transaction() as db:
            return self.append(db, target, AuditFact(actor, action, detail or {}))

    def append(self, db: Database, target: str | None, fact: AuditFact) -> int:
        """Append one entry inside the caller's open transaction (``db``) and return its seq."""
        if not db.conn.in_transaction:
            raise RuntimeError("AuditLog.append needs the caller's open transaction")
        _refuse_pii(fact.detail, "detail")
        detail_text = _detail_json(fact.detail)
        # Inside the transaction the sqlite-utils wrapper adds nothing: straight to sqlite3.
        conn = db.conn
        last = _tail(conn)
        seq, prev_hash, keyed_from = last.seq + 1, last.hash, last.keyed_from
        content = (
            seq,
            now_text(),
            fact.actor,
            self.hall_code,
            self.window_code,
            fact.action,
            target,
            detail_text,
        )
        row_hash = self._hash(seq, prev_hash, content, keyed_from)
        conn.execute(_INSERT, (*content, prev_hash, row_hash))
        conn.execute(
            _SET_HEAD,
            (
                HEAD_KEY,
                f"{seq}:{row_hash}",
                HEAD_MAC_KEY,
                _hmac_sm3(self._mac, _head_message(seq, row_hash, keyed_from)),
            ),
        )
        return seq

    def head(self) -> AuditHead:
        """The last entry as it is in the table (not as ``meta`` claims it)."""
        return _tail(self._store.db.conn)

    def hash_at(self, seq: int) -> str | None:
        """Entry ``seq``'s hash as it is in the table (the genesis hash at 0; ``None``: no
        such entry). What a sync proves its chain continues the platform's head with."""
        if seq == 0:
            return GENESIS_HASH
        row = self._store.db.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def recorded_since(self, action: str, after_seq: int) -> bool:
        """Whether an entry of ``action`` was written after entry ``after_seq``."""
        row = self._store.db.execute(
            "SELECT 1 FROM audit_log WHERE action = ? AND seq > ? LIMIT 1", (action, after_seq)
        )
        return row.fetchone() is not None

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
        """Walk the whole chain, then each run of entries a restore replaced; return every
        problem found, the chain's in seq order, then each run's (empty: intact)."""
        return self.verify_with_runs()[0]

    def verify_with_runs(self) -> tuple[list[AuditProblem], list[ReplacedRun]]:
        """:meth:`verify`'s problems and the runs it checked (``replaced_runs``), each read
        once."""
        runs = self.replaced_runs()
        return self._verify_chain() + [p for run in runs for p in run.problems], runs

    def _verify_chain(self) -> list[AuditProblem]:
        problems: list[AuditProblem] = []
        marker = self.keyed_from()
        keyed_from = marker or 1
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
            content = (seq, at, actor, hall, window, action, target, detail)
            if self._hash(seq, prev_hash, content, keyed_from) != row_hash:
                problems.append(
                    AuditProblem(
                        seq,
                        f"审计日志第 {seq} 条内容被改动（哈希不符）。",
                        f"Audit entry {seq} was edited (its hash does not match its content).",
                    )
                )
            expected_seq, expected_prev = seq + 1, row_hash
        last_seq = expected_seq - 1
        if last_seq and (marker is None or last_seq < marker):
            # Every open writes a keyed entry once the key is introduced: a log with none
            # had its keyed entries rewritten with the plain rule and the marker moved.
            problems.append(
                AuditProblem(
                    last_seq,
                    "审计日志中没有以本机密钥签名的条目（密钥起点记录被删除或改动）：日志被改动。",
                    "No audit entry is signed with this installation's key (the keyed-from "
                    "record was removed or changed): the log was tampered with.",
                )
            )
        problems.extend(self._check_head(last_seq, expected_prev, keyed_from))
        return problems

    def _check_head(self, last_seq: int, last_hash: str, keyed_from: int) -> list[AuditProblem]:
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
        mac = self._store.db.execute(
            "SELECT value FROM meta WHERE key = ?", (HEAD_MAC_KEY,)
        ).fetchone()
        if last_seq >= keyed_from and (
            mac is None
            or mac[0] != _hmac_sm3(self._mac, _head_message(head_seq, head_hash, keyed_from))
        ):
            return [
                AuditProblem(
                    last_seq,
                    "审计日志的链头未以本机密钥签名：链头记录被改写。",
                    "The audit log's head is not signed with this installation's key: the "
                    "head record was rewritten.",
                )
            ]
        return []

    def replaced_runs(self) -> list[ReplacedRun]:
        """Each restore's run of replaced entries (``audit_log_replaced``) checked as a chain
        of its own, in the order of the restores; and a restore whose run is gone."""
        runs: dict[str, _Run] = {}
        for restore_id, key_id, keyed_from, seq, *row in self._store.db.execute(
            "SELECT restore_id, key_id, keyed_from, seq, at, actor, hall_code, window_code,"
            " action, target, detail, prev_hash, hash FROM audit_log_replaced"
            " ORDER BY restore_id, seq"
        ):
            runs.setdefault(restore_id, _Run(key_id, keyed_from, {})).rows[seq] = tuple(row)
        restores = self._restores(runs)
        key_row = self._store.db.execute(
            "SELECT value FROM meta WHERE key = 'pii_key_id'"
        ).fetchone()
        own_key = None if key_row is None else key_row[0]
        found = [
            self._check_run(restore_id, run, restores, runs, own_key)
            for restore_id, run in runs.items()
        ]
        for restore_id, (where, seq, said) in restores.items():
            if restore_id not in runs and said.get("count"):
                found.append(self._run_gone(where, seq, said))
        return sorted(found, key=lambda run: (run.restore_replaced, run.restore_seq or 0))

    def _restores(self, runs: dict[str, _Run]) -> dict[str, tuple[str | None, int, dict[str, Any]]]:
        """Where each restore's entry is (``None``: this log, else the run it is in), its
        seq and what it says of the entries it replaced; an entry in this log first."""
        found: dict[str, tuple[str | None, int, dict[str, Any]]] = {}
        replaced = [
            (owner, seq, row[4], row[6])
            for owner, run in runs.items()
            for seq, row in run.rows.items()
        ]
        live = self._store.db.execute(
            "SELECT NULL, seq, action, detail FROM audit_log WHERE action = ?",
            (RESTORE_ACTION,),
        ).fetchall()
        for owner, seq, action, detail in [*replaced, *live]:
            said = _replaced_log(action, detail)
            if said is not None:
                found[said["restore_id"]] = (owner, seq, said)
        return found

    def _hash_in(
        self,
        log: str | None,
        seq: int,
        restores: dict[str, tuple[str | None, int, dict[str, Any]]],
        runs: dict[str, _Run],
        seen: frozenset[str] = frozenset(),
    ) -> str | None:
        """Entry ``seq``'s hash in ``log`` (``None``: this log, else a run): a run holds its
        log from where the restore cut it; before that, its log was the one the restore
        wrote into."""
        if log is None:
            return self.hash_at(seq)
        run = runs[log]
        if seq in run.rows:
            return str(run.rows[seq][-1])
        if seq == 0:
            return GENESIS_HASH
        if log in seen or log not in restores or seq > min(run.rows):
            return None
        return self._hash_in(restores[log][0], seq, restores, runs, seen | {log})

    def _check_run(
        self,
        restore_id: str,
        run: _Run,
        restores: dict[str, tuple[str | None, int, dict[str, Any]]],
        runs: dict[str, _Run],
        own_key: str | None,
    ) -> ReplacedRun:
        where, restore_seq, said = restores.get(restore_id, (None, None, {}))
        first, last = min(run.rows), max(run.rows)
        label_zh = f"被替换的审计日志（第 {restore_seq} 条恢复时保留）"
        label_en = f"Replaced audit log (kept by the restore at entry {restore_seq})"
        if restore_seq is None:
            label_zh, label_en = "被替换的审计日志", "Replaced audit log"
        problems: list[AuditProblem] = []

        def problem(seq: int, zh: str, en: str) -> None:
            problems.append(
                AuditProblem(seq, f"{label_zh}第 {seq} 条{zh}", f"{label_en}: entry {seq} {en}")
            )

        if restore_seq is None:
            problem(
                first,
                "所属的恢复记录找不到：恢复条目被改动或删除。",
                "names a restore with no entry: the restore's entry was edited or deleted.",
            )
            anchor = None
        elif first == 1:
            anchor = GENESIS_HASH
        else:
            anchor = self._hash_in(where, first - 1, restores, runs)
        checked = run.key_id == own_key
        expected_seq, expected_prev = first, anchor
        for seq, (at, actor, hall, window, action, target, detail, prev_hash, row_hash) in sorted(
            run.rows.items()
        ):
            if seq != expected_seq:
                problem(
                    expected_seq,
                    f"至第 {seq - 1} 条缺失（被删除）。",
                    f"to {seq - 1} are missing (deleted).",
                )
            if expected_prev is not None and prev_hash != expected_prev:
                problem(
                    seq,
                    "与前一条的链接不符：其前面的记录被修改或删除。",
                    "does not link to the entry before it: an earlier entry was edited or deleted.",
                )
            content = (seq, at, actor, hall, window, action, target, detail)
            if checked and self._hash(seq, prev_hash, content, run.keyed_from) != row_hash:
                problem(
                    seq,
                    "内容被改动（哈希不符）。",
                    "was edited (its hash does not match its content).",
                )
            expected_seq, expected_prev = seq + 1, row_hash
        if restore_seq is not None and said.get("head") != f"{last}:{expected_prev}":
            problem(
                last,
                f"与恢复记录所记的末条（{said.get('head')}）不符：末尾的记录被删除或改动。",
                f"does not match the last entry the restore recorded ({said.get('head')}): "
                "entries at the end were deleted or edited.",
            )
        return ReplacedRun(
            restore_seq,
            where is not None,
            first,
            last,
            len(run.rows),
            run.key_id,
            checked,
            problems,
        )

    def _run_gone(self, where: str | None, seq: int, said: dict[str, Any]) -> ReplacedRun:
        first, last = int(said["from_seq"]), int(said["to_seq"])
        return ReplacedRun(
            seq,
            where is not None,
            first,
            last,
            0,
            None,
            True,
            [
                AuditProblem(
                    seq,
                    f"审计日志第 {seq} 条恢复备份时保留的原日志第 {first}–{last} 条全部缺失（被删除）。",
                    f"The entries {first}–{last} the restore at audit entry {seq} kept are all "
                    "missing (deleted).",
                )
            ],
        )

    def compare_with_platform(self, held: AuditHead | None) -> list[AuditProblem]:
        """Problems between this log and the head the platform holds for this device
        (``None``: it holds none yet). The platform only ever keeps the highest head it
        was sent, so a log cut below it, or rewritten up to it, shows here even when the
        cut was made with the key at hand."""
        if held is None or held.seq == 0:
            return []
        local = self.head()
        at_held = self.hash_at(held.seq)
        if at_held is None and held.seq > local.seq:
            first = local.seq + 1
            zh = f"审计日志缺少第 {first}–{held.seq} 条：平台保存的本机链头为第 {held.seq} 条，"
            en = (
                f"Audit log missing entries {first}–{held.seq}: the platform holds this "
                f"workstation's head at entry {held.seq}; "
            )
            forked_by = self.unconfirmed_fork()
            if forked_by is None:
                return [AuditProblem(first, zh + "本机日志被截短。", en + "the local log was cut.")]
            return [self._fork_expected(first, forked_by, zh, en)]
        if at_held != held.hash or held.keyed_from != local.keyed_from:
            zh = f"审计日志第 {held.seq} 条与平台保存的链头不符："
            en = f"Audit entry {held.seq} differs from the head the platform holds: "
            forked_by = self.unconfirmed_fork()
            if forked_by is None:
                return [
                    AuditProblem(
                        held.seq,
                        zh + "日志被改写。请立即报告信息科，保留本机现状，勿恢复备份。",
                        en + "the log was rewritten. Report it to IT at once; keep this "
                        "workstation as it is and restore no backup.",
                    )
                ]
            return [self._fork_expected(held.seq, forked_by, zh, en)]
        return []

    def unconfirmed_fork(self) -> int | None:
        """The seq of the last restore or store-found-behind entry (``FORKING_ACTIONS``)
        the platform has not taken a head past yet (no ``CHAIN_TAKEN_ACTION`` after it):
        the chain is expected to fork from the head the platform holds since then."""
        row = self._store.db.execute(
            "SELECT max(seq) FROM audit_log WHERE action IN (?, ?) AND seq > "
            "(SELECT coalesce(max(seq), 0) FROM audit_log WHERE action = ?)",
            (*FORKING_ACTIONS, CHAIN_TAKEN_ACTION),
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def _fork_expected(self, seq: int, forked_by: int, zh: str, en: str) -> AuditProblem:
        """The problem of a chain forked by the restore (or older copy) at ``forked_by``:
        expected, and what the platform's operator runs to accept it."""
        enrolled = workstation_identity(self._store.home).platform_device_id
        device = enrolled or "<终端号 device id>"
        command = (
            f"counter-central audit-heads accept-fork {device} --by <平台管理员 administrator> "
            "--password-stdin"
        )
        return AuditProblem(
            seq,
            f"{zh}本机第 {forked_by} 条记录了恢复备份（或数据库被旧副本覆盖），此后的审计链从"
            "平台保存的链头分叉，恢复后这是预期的，平台会一直拒收本机的链头，直到平台管理员核实"
            f"恢复属实后运行：{command}（本机下次同步即以当时的链头为新起点）。",
            f"{en}entry {forked_by} records a restore from a backup (or the database put back "
            "to an older copy), and the chain forks from the head the platform holds since: "
            "expected after a restore. The platform refuses this workstation's head until a "
            "platform administrator, having confirmed the restore, runs: "
            f"{command} (the next sync then sets the new base head).",
        )
