"""The audit chain's head and the platform: every sync run reports it
(``POST /v1/audit-head``), and ``counter-app audit verify --online`` asks which head the
platform holds (``GET /v1/audit-head``) to compare the local log with it.

The platform keeps only the highest head a device reported, so a local log later cut below
it - even by someone holding the key file - no longer matches (``AuditLog.compare_with_platform``).
Each report first asks for the head held and proves the chain continues it: it carries this
chain's own hash at the held seq, which a log re-chained below that head, even with the key
file at hand, cannot give; the platform then refuses the higher head. A head held past the
local log's end means the store went back to an older copy (``sync.rollback``).
"""

from __future__ import annotations

import logging

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.audit import AuditHead
from counter_app.store.database import Store
from sync.device_transport import COMMAND_TIMEOUTS, platform_transport
from sync.errors import PlatformRefused
from sync.rollback import StoreBehind, chain_refused, chain_taken, store_found_behind
from sync.transport import PlatformTransport
from sync.wire.device_reports import (
    AuditHeadHeld,
    AuditHeadReport,
    AuditHeadResult,
    ChainLink,
    HeldAuditHead,
)

log = logging.getLogger(__name__)

AUDIT_HEAD_PATH = "/v1/audit-head"
_UNPROCESSABLE = 422  # what a platform older than ``continues`` answers a report with it


def report_audit_head(store: Store, home: Home, transport: PlatformTransport) -> StoreBehind | None:
    """Send this store's head, proven to continue the head held. A refusal (the platform
    holds a higher or different head) is no reason to stop syncing cases: it is logged, and
    shows in ``audit verify --online`` and doctor (``sync.rollback.chain_refused``); after a
    restore, in words naming the platform command that accepts the fork. A head held past
    the local log's end is acted on as a restore (``sync.rollback``): the finding, when this
    run made it."""
    head = store.audit.head()
    held = _held_head(transport)
    proof = None if held is None else store.audit.hash_at(held.seq)
    report = AuditHeadReport(
        seq=head.seq,
        head=head.hash,
        keyed_from=head.keyed_from,
        continues=None if held is None or proof is None else ChainLink(seq=held.seq, head=proof),
    )
    answer = _send(transport, report)
    behind = None
    if answer.held.seq > head.seq:
        behind = store_found_behind(store, home, answer, head.seq)
    elif answer.status != "refused" and held is not None and held.seq > head.seq:
        # Taken as the base of an accepted fork before this store learnt it was behind the
        # head that base replaced: the numbers still move past the platform's.
        behind = store_found_behind(store, home, answer.model_copy(update={"held": held}), head.seq)
    if answer.status == "refused":
        # After a restore expected (until the platform accepts the fork), else tampering.
        expected = store.audit.unconfirmed_fork() is not None
        for problem in chain_refused(store, answer.held):
            log.log(
                logging.WARNING if expected else logging.ERROR,
                "the platform refused audit head %d (it holds head %d): %s",
                head.seq,
                answer.held.seq,
                problem.en,
            )
    else:
        chain_taken(store, answer.held)
    return behind


def _send(transport: PlatformTransport, report: AuditHeadReport) -> AuditHeadResult:
    """Post ``report``; to a platform older than its proof, which refuses the field, again
    without it (such a platform takes a head on its seq alone whatever it is sent)."""
    try:
        return _post(transport, report)
    except PlatformRefused as exc:
        older = exc.status == _UNPROCESSABLE and exc.platform_code == "validation_failed"
        if report.continues is None or not older:
            raise
    log.warning("the platform predates audit-chain proofs: the head is reported without one")
    return _post(transport, report.model_copy(update={"continues": None}))


def _post(transport: PlatformTransport, report: AuditHeadReport) -> AuditHeadResult:
    # Without the fields left out: a platform older than one refuses it even as null.
    body = report.model_dump(exclude_none=True)
    return transport.parsed(AuditHeadResult, transport.request_json("POST", AUDIT_HEAD_PATH, body))


def _held_head(transport: PlatformTransport) -> HeldAuditHead | None:
    answer = transport.parsed(AuditHeadHeld, transport.request_json("GET", AUDIT_HEAD_PATH))
    return answer.held


def platform_audit_head(home: Home, config: Config) -> AuditHead | None:
    """The head the platform holds for this device (``None``: it has none yet). The
    ``audit_witness`` of ``counter-app audit verify --online`` (see ``sync.cli``)."""
    transport = platform_transport(home, config, timeouts=COMMAND_TIMEOUTS)
    try:
        held = _held_head(transport)
    finally:
        transport.close()
    return None if held is None else AuditHead(held.seq, held.head, held.keyed_from)
