"""The audit chain's head and the platform: every sync run reports it
(``POST /v1/audit-head``), and ``counter-app audit verify --online`` asks which head the
platform holds (``GET /v1/audit-head``) to compare the local log with it.

The platform keeps only the highest head a device reported, so a local log later cut below
it - even by someone holding the key file - no longer matches (``AuditLog.compare_with_platform``).
"""

from __future__ import annotations

import logging

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.audit import AuditHead
from counter_app.store.database import Store
from sync.device_transport import COMMAND_TIMEOUTS, platform_transport
from sync.transport import PlatformTransport
from sync.wire.device_reports import AuditHeadHeld, AuditHeadReport, AuditHeadResult

log = logging.getLogger(__name__)

AUDIT_HEAD_PATH = "/v1/audit-head"


def report_audit_head(store: Store, transport: PlatformTransport) -> AuditHeadResult:
    """Send this store's head. A refusal (the platform holds a higher or different head) is
    no reason to stop syncing cases: it is logged, and shows in ``audit verify --online``."""
    head = store.audit.head()
    report = AuditHeadReport(seq=head.seq, head=head.hash, keyed_from=head.keyed_from)
    answer = transport.parsed(
        AuditHeadResult,
        transport.request_json("POST", AUDIT_HEAD_PATH, report.model_dump()),
    )
    if answer.status == "refused":
        log.warning(
            "the platform refused audit head %d (it holds head %d): the local audit log is "
            "behind or differs; run counter-app audit verify --online",
            head.seq,
            answer.held.seq,
        )
    return answer


def platform_audit_head(home: Home, config: Config) -> AuditHead | None:
    """The head the platform holds for this device (``None``: it has none yet). The
    ``audit_witness`` of ``counter-app audit verify --online`` (see ``sync.cli``)."""
    transport = platform_transport(home, config, timeouts=COMMAND_TIMEOUTS)
    try:
        answer = transport.parsed(AuditHeadHeld, transport.request_json("GET", AUDIT_HEAD_PATH))
    finally:
        transport.close()
    held = answer.held
    return None if held is None else AuditHead(held.seq, held.head, held.keyed_from)
