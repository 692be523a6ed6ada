"""Outbox → platform: bounded batches, per-case results, exactly-once bookkeeping.

Exactly once: ``(case_id, data_version, content_hash)`` is the idempotency key. A row stays
``pending`` until the platform's answer for it is committed locally, in ONE transaction per
batch (outbox row, case sync state, ``sync_attempts``, ``case_events``). If the process dies
between the platform's answer and that commit, the row is simply sent again and the
platform answers ``duplicate``, which counts as success. Only the row that was sent is
marked done: an edit made while it was in flight is a new ``data_version`` row and stays
pending, so it is neither lost nor overwritten.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from counter_app.store.case_writes import version_context
from counter_app.store.database import Store
from counter_app.store.sync_writes import (
    SUPERVISOR_STATES,
    SyncOutcome,
    TransientFailure,
    record_sync_outcomes,
    record_transient_failures,
)
from counter_app.store.timestamps import to_text
from sync.backoff import Backoff
from sync.errors import PlatformRefused, PlatformUnreachable
from sync.transport import PlatformTransport
from sync.wire.case_push import BatchResult, CaseResult

log = logging.getLogger(__name__)
# JSON string literal of a str (the json module's C encoder; non-ASCII kept as UTF-8).
_json_text = json.encoder.encode_basestring

PUSH_PATH = "/v1/cases:batch"
ACTOR = "sync"
# What every submission adds to its payload in the request body (ids, hashes, codes).
SUBMISSION_OVERHEAD_BYTES = 400
# Batch-level refusals that say "this batch is too big": split it and send the halves.
_TOO_LARGE = frozenset({"batch_too_large", "body_too_large"})
# How much of the platform's list of what is wrong with one case is kept with it.
MAX_PROBLEM_CHARS = 300
# Pydantic's error type for a field the model does not know (the platform's requests are
# ``extra="forbid"``): in a case's payload, a field of a newer program than the platform's.
_UNKNOWN_FIELD = "extra_forbidden"


class CasesUnanswered(PlatformUnreachable):
    """The platform took a batch but its answer left some of the cases out (a platform of
    another version, or something in between that answers in its place). Those cases wait
    out their backoff; the run ends. ``counts`` are the outcomes of the cases it answered
    for, already recorded."""

    def __init__(
        self, unanswered: int, sent: int, counts: Counter[str], transport: PlatformTransport
    ) -> None:
        then_zh, then_en = transport.settings.then
        super().__init__(
            f"平台对 {sent} 个办件的答复漏掉了其中 {unanswered} 个（平台或其前面的代理有异常），"
            f"这些办件保存在本机，{then_zh}反复出现请告知信息技术人员。",
            f"The platform's answer to {sent} cases left out {unanswered} of them (the "
            "platform, or a proxy in front of it, is misbehaving). They stay safe on this "
            f"machine; {then_en} If it keeps happening, tell IT.",
        )
        self.counts = counts


@dataclass(frozen=True)
class OutboxRow:
    outbox_id: int
    case_id: str
    data_version: int
    content_hash: str
    content_enc: bytes  # the data version's document, as case_versions keeps it
    payload_bytes: int
    attempts: int
    hall: str
    window: str
    device: str
    case_no: str


@dataclass(frozen=True)
class EntryError:
    """One error the platform listed for an entry of a batch: where and what (one line), and
    whether it is a field of the case document the platform does not know."""

    text: str
    unknown_field: bool


_DUE_ROWS = """
SELECT o.outbox_id, o.case_id, o.data_version, o.content_hash, v.content_enc, o.payload_bytes,
       o.attempts, c.hall_code, c.window_code, c.device_id, c.case_no
FROM outbox o INDEXED BY outbox_due JOIN cases c ON c.case_id = o.case_id
JOIN case_versions v ON v.case_id = o.case_id AND v.data_version = o.data_version
WHERE o.state = 'pending'
  -- the cases in flight (every version of them) wait for that batch's answer; left out on
  -- the outbox row, before the join reads their documents
  AND o.case_id NOT IN (SELECT value FROM json_each(:busy_cases))
  AND (:ignore_backoff OR o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)
  -- never overtake an older version of the same case that is still waiting
  AND NOT EXISTS (
      SELECT 1 FROM outbox e
      WHERE e.case_id = o.case_id AND e.state = 'pending' AND e.data_version < o.data_version
        AND NOT (:ignore_backoff OR e.next_attempt_at IS NULL OR e.next_attempt_at <= :now))
ORDER BY o.outbox_id
LIMIT :limit
"""


class OutboxPush:
    """Sends due outbox rows and records the platform's per-case answers."""

    def __init__(
        self,
        store: Store,
        transport: PlatformTransport,
        *,
        batch_max_cases: int,
        batch_max_bytes: int,
        backoff: Backoff,
    ) -> None:
        self.store = store
        self.transport = transport
        self.batch_max_cases = batch_max_cases
        self.batch_max_bytes = batch_max_bytes
        self.backoff = backoff

    def next_batch(
        self, now: datetime, *, ignore_backoff: bool = False, busy: Sequence[OutboxRow] = ()
    ) -> list[OutboxRow]:
        """The oldest due rows, at most ``batch_max_cases`` and about ``batch_max_bytes``.

        ``busy`` are rows already in flight: they, and every other version of their cases,
        are left out, so no version overtakes an older one of the same case."""
        cursor = self.store.db.conn.execute(
            _DUE_ROWS,
            {
                "busy_cases": json.dumps([row.case_id for row in busy]),
                "ignore_backoff": int(ignore_backoff),
                "now": to_text(now),
                "limit": self.batch_max_cases,
            },
        )
        batch: list[OutboxRow] = []
        size = 0
        for raw in cursor:
            row = OutboxRow(*raw)
            size += row.payload_bytes + SUBMISSION_OVERHEAD_BYTES
            if batch and size > self.batch_max_bytes:
                break
            batch.append(row)
        cursor.close()
        return batch

    def send(
        self, rows: Sequence[OutboxRow], now: datetime, *, remainder: bool = False
    ) -> Counter[str]:
        """Send one batch and record the answers; returns counts per outcome.

        Raises :class:`PlatformUnreachable` (nothing recorded as done: call
        :meth:`record_transient_failure`) or a :class:`PlatformRefused` of the whole batch.
        ``remainder``: see :meth:`handle_refusal`.
        """
        try:
            answer = self.post(self.body(rows))
        except PlatformRefused as exc:
            return self.handle_refusal(rows, exc, now, remainder=remainder)
        return self.record_answer(rows, answer, now)

    def post(self, body: bytes) -> dict[str, Any]:
        """The network half of :meth:`send` (no store access, so it may run on another thread)."""
        return self.transport.request_body("POST", PUSH_PATH, body)

    def record_answer(
        self, rows: Sequence[OutboxRow], answer: dict[str, Any], now: datetime
    ) -> Counter[str]:
        return self._record(rows, self.transport.parsed(BatchResult, answer).results, now)

    def handle_refusal(
        self,
        rows: Sequence[OutboxRow],
        exc: PlatformRefused,
        now: datetime,
        *,
        remainder: bool = False,
    ) -> Counter[str]:
        """A refusal of the whole batch. Cases are marked only when the platform names them:
        ``wrong_hall`` with ``details.case_ids``, or ``validation_failed`` whose every error
        ``loc`` is inside an entry of the batch (``["cases", i, ...]``); the others are sent
        again in this run. A batch too big is halved. Any other refusal says nothing about a
        case (the device, the request, a platform of another version), so it is raised and
        fails the run, every case pending.

        Every entry of a batch of several cases refused as invalid is what a platform of
        another version answers, so it fails the run too. So does a ``remainder`` (the rest
        of a batch whose other entries were refused as invalid) refused whole, even a single
        case: the platform lists at most 50 errors, so it has then refused every entry it was
        sent. The invalid entries are marked only once the rest has its per-case answers, so
        such a failure leaves all of them pending."""
        named = {row.case_id for row in rows} & set(
            exc.details.get("case_ids") or () if exc.platform_code == "wrong_hall" else ()
        )
        if named:
            # The platform named the foreign cases: refuse those, send the others again.
            refused = [row for row in rows if row.case_id in named]
            others = [row for row in rows if row.case_id not in named]
            counts = self._record(refused, [self._refusal_result(row, exc) for row in refused], now)
            if others:
                counts.update(self.send(others, now))
            return counts
        invalid = _invalid_entries(exc, len(rows))
        if invalid and (len(invalid) < len(rows) or (len(rows) == 1 and not remainder)):
            others = [row for index, row in enumerate(rows) if index not in invalid]
            counts = self.send(others, now, remainder=True) if others else Counter()
            refused = [rows[index] for index in sorted(invalid)]
            results = [_invalid_result(rows[index], invalid[index]) for index in sorted(invalid)]
            counts.update(self._record(refused, results, now))
            return counts
        if exc.platform_code not in _TOO_LARGE or len(rows) == 1:
            raise exc
        middle = len(rows) // 2
        counts = self.send(rows[:middle], now, remainder=remainder)
        counts.update(self.send(rows[middle:], now, remainder=remainder))
        return counts

    def body(self, rows: Sequence[OutboxRow]) -> bytes:
        """The ``CaseBatch`` JSON; each decrypted payload is spliced in as it was stored, so
        its bytes (and so its content hash) are exactly what the intake wrote."""
        decrypt = self.store.pii.decrypt
        parts = []
        for row in rows:
            payload = decrypt(row.content_enc, version_context(row.case_id, row.data_version))
            head = (
                f'{{"case_id":{_json_text(row.case_id)},"data_version":{int(row.data_version)},'
                f'"content_hash":{_json_text(row.content_hash)},"hall":{_json_text(row.hall)},'
                f'"window":{_json_text(row.window)},"device":{_json_text(row.device)},'
                f'"case_no":{_json_text(row.case_no)},"payload":'
            )
            parts.append(head.encode() + payload + b"}")
        return b'{"cases":[' + b",".join(parts) + b"]}"

    @staticmethod
    def _refusal_result(row: OutboxRow, exc: PlatformRefused) -> CaseResult:
        return CaseResult(
            case_id=row.case_id,  # type: ignore[arg-type]  # pydantic parses the UUID text
            data_version=row.data_version,
            status="rejected",
            reason=exc.platform_code,
            message_zh=exc.zh,
            message_en=exc.en,
        )

    def _record(
        self, rows: Sequence[OutboxRow], results: Sequence[CaseResult], now: datetime
    ) -> Counter[str]:
        """Commit the platform's answers in one transaction. Rows the answer leaves out stay
        pending, their attempt counted as failed, and :class:`CasesUnanswered` is raised:
        sent again at once, they would be left out again, for as long as the run lasts."""
        by_key = {(str(r.case_id), r.data_version): r for r in results}
        outcomes: list[SyncOutcome] = []
        unanswered: list[OutboxRow] = []
        counts: Counter[str] = Counter()
        for row in rows:
            result = by_key.get((row.case_id, row.data_version))
            if result is None:
                unanswered.append(row)
                continue
            counts[result.status] += 1
            error = None
            if result.status in SUPERVISOR_STATES:
                error = json.dumps(
                    {
                        "reason": result.reason,
                        "message_zh": result.message_zh,
                        "message_en": result.message_en,
                    },
                    ensure_ascii=False,
                )
            detail = json.dumps(
                {
                    "data_version": row.data_version,
                    "outcome": result.status,
                    "reference": result.reference,
                    "reason": result.reason,
                },
                ensure_ascii=False,
            )
            outcomes.append(
                SyncOutcome(
                    outbox_id=row.outbox_id,
                    case_id=row.case_id,
                    data_version=row.data_version,
                    status=result.status,
                    reference=result.reference,
                    reason=result.reason,
                    error=error,
                    event_detail=detail,
                )
            )
        with self.store.transaction() as db:
            record_sync_outcomes(db, outcomes, ACTOR, to_text(now))
        for row in rows:
            result = by_key.get((row.case_id, row.data_version))
            if result is not None and result.status in SUPERVISOR_STATES:
                log.warning(
                    "case %s v%d %s by the platform: %s",
                    row.case_id,
                    row.data_version,
                    result.status,
                    result.reason,
                )
        if unanswered:
            left_out = CasesUnanswered(len(unanswered), len(rows), counts, self.transport)
            self.record_transient_failure(unanswered, left_out, now)
            log.warning(
                "the platform's answer to a batch of %d cases left out %d of them: they wait "
                "out their backoff and this run ends",
                len(rows),
                len(unanswered),
            )
            raise left_out
        return counts

    def record_transient_failure(
        self, rows: Sequence[OutboxRow], error: PlatformUnreachable, now: datetime
    ) -> None:
        """Count the attempt and schedule each row's retry with full-jitter backoff."""
        failures = [
            TransientFailure(
                outbox_id=row.outbox_id,
                case_id=row.case_id,
                data_version=row.data_version,
                next_attempt_at=to_text(
                    now + timedelta(seconds=self.backoff.delay(row.attempts + 1, error.retry_after))
                ),
                error=error.en,
                error_zh=error.zh,
            )
            for row in rows
        ]
        with self.store.transaction() as db:
            record_transient_failures(db, failures, to_text(now))


def _invalid_entries(exc: PlatformRefused, batch_size: int) -> dict[int, list[EntryError]]:
    """Entry index -> what the platform found wrong in it, when ``exc`` is the platform's
    ``422 validation_failed`` and every error it lists lies inside an entry of this batch;
    empty when any error is about the request as a whole (or the answer has no usable list),
    since that names no case."""
    if exc.platform_code != "validation_failed" or exc.status != 422:
        return {}
    errors = exc.details.get("errors")
    if not isinstance(errors, list) or not errors:
        return {}
    invalid: dict[int, list[EntryError]] = {}
    for error in errors:
        loc = error.get("loc") if isinstance(error, dict) else None
        if not isinstance(loc, list) or len(loc) < 2 or loc[0] != "cases":
            return {}
        index = loc[1]
        if type(index) is not int or not 0 <= index < batch_size:
            return {}
        where = ".".join(str(part) for part in loc[2:]) or "case"
        # On one line before it reaches a person (the list is bounded again when stored).
        message = " ".join(str(error.get("msg", "")).split())
        unknown = error.get("type") == _UNKNOWN_FIELD and loc[2:3] == ["payload"]
        invalid.setdefault(index, []).append(EntryError(f"{where}: {message}", unknown))
    return invalid


def _invalid_result(row: OutboxRow, problems: Sequence[EntryError]) -> CaseResult:
    """The platform's ``validation_failed`` for one entry, as a rejection a supervisor reads."""
    # Pydantic's messages are English only; the field names are the wire schema's.
    what = "; ".join(problem.text for problem in problems)[:MAX_PROBLEM_CHARS]
    if all(problem.unknown_field for problem in problems):
        # Nothing in the case is wrong: the platform runs an older program, which does not
        # know a field this window's program writes. Once it is upgraded it stores the case.
        zh = (
            f"平台拒收此办件：平台的程序比本窗口的旧，不认识本窗口程序写入的字段（{what}）。"
            "办件本身无需修改。请联系平台运维人员将平台升级到与本窗口相同或更新的版本，"
            "升级后由值班长用“counter-app sync requeue "
            f"{row.case_no} --by 值班长用户名 --password-stdin”重新提交。"
        )
        en = (
            "The platform refused this case: its program is older than this window's and does "
            f"not know a field this window writes ({what}). Nothing in the case needs "
            "correcting. Ask the platform's operator to upgrade the platform to this window's "
            "release or later; then a supervisor sends it again with 'counter-app sync requeue "
            f"{row.case_no} --by SUPERVISOR --password-stdin'."
        )
    else:
        zh = (
            f"平台拒收此办件：其数据不符合接口格式（{what}）。请值班长核对该办件，"
            "修正后用“counter-app sync requeue”重新提交。"
        )
        en = (
            f"The platform refused this case: its data does not match the API schema ({what}). "
            "A supervisor should check the case, correct it and send it again with "
            "'counter-app sync requeue'."
        )
    return CaseResult(
        case_id=row.case_id,  # type: ignore[arg-type]  # pydantic parses the UUID text
        data_version=row.data_version,
        status="rejected",
        reason="validation_failed",
        message_zh=zh,
        message_en=en,
    )
