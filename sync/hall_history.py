"""One case of this hall as the platform holds it (``GET /v1/hall/cases/{id}/history``): what
the supervisor sees of another window's case, whose own history is on that window's PC."""

from __future__ import annotations

import uuid

from counter_app.config import Config
from counter_app.home import Home
from sync.device_transport import platform_transport
from sync.transport import Timeouts
from sync.wire.feeds import HallCaseHistory

HISTORY_PATH = "/v1/hall/cases/{case_id}/history"


def platform_case_history(
    home: Home, config: Config, case_id: str, *, timeouts: Timeouts | None = None
) -> HallCaseHistory:
    """The case's versions and back-office steps, oldest first; the platform's refusal (a
    case of another hall, unknown there) as ``PlatformRefused``, no connection (or no
    answer within ``timeouts``) as the transport's error."""
    transport = platform_transport(home, config, timeouts=timeouts)
    try:
        path = HISTORY_PATH.format(case_id=uuid.UUID(case_id))
        return transport.parsed(HallCaseHistory, transport.request_json("GET", path))
    finally:
        transport.close()
