"""The online channel at the window: the ``arrivals`` feed (the hall's appointments for
today and the next days, ``sync.arrival_days`` in all, and its open pre-applications) into
the sealed cache, and the reports that a case was accepted from a pre-application
(``POST /v1/preapps/{id}/consumed``), sent at every sync run, oldest first.

The feed is asked for a window of hall days; its cursor is bound to that window, so the
first run of a new day reads the feed again from the start (the platform refuses the old
cursor, ``sync.pull`` starts over) and the cache keeps the newest item of each arrival.
The window bounds the appointments only: every open pre-application is valid today, and
the window must find it offline whenever its applicant comes (``downloaded_days``). What
the platform does to one later reaches the cache as its newest item: a new pre-review
replaces the old, and one closed without a case (withdrawn, superseded, its item
withdrawn) is forgotten with its applicant's data (``store_arrival``); an expired one is
forgotten after its last day like every arrival.

A report is marked delivered only once the platform answered for it; one whose answer was
lost is sent again and the platform answers ``duplicate``: each reaches it exactly once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.arrivals import Arrival
from counter_app.domain.hall_time import hall_today
from counter_app.services.arrivals import downloaded_days
from counter_app.services.refused_consumptions import CONSUMED_ELSEWHERE, hold_duplicate_case
from counter_app.store.arrivals import (
    Consumption,
    mark_consumption_failed,
    mark_consumption_reported,
    store_arrival,
    unreported_consumptions,
)
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from sync.errors import PlatformRefused, PlatformUnreachable
from sync.transport import PlatformTransport
from sync.wire import arrivals as arrival_wire

log = logging.getLogger(__name__)

CONSUMED_PATH = "/v1/preapps/{preapp_id}/consumed"


def apply_arrival(store: Store, item: arrival_wire.Arrival) -> bool:
    return store_arrival(store, Arrival.from_json(item.model_dump(mode="json")))


def arrival_window(store: Store, now: datetime) -> dict[str, str]:
    """The feed's query for this window's days: today and the next ``arrival_days`` − 1."""
    first, last = downloaded_days(store.config, hall_today(now))
    return {"from": first.isoformat(), "until": last.isoformat()}


@dataclass(frozen=True)
class ConsumptionReports:
    """What one run's reports came to: ``delivered`` (the platform confirmed them) and
    ``duplicates`` (refused as consumed by another case: held for a supervisor)."""

    delivered: int = 0
    duplicates: int = 0


def report_consumptions(
    store: Store, transport: PlatformTransport, now: datetime
) -> ConsumptionReports:
    """Tell the platform of every case accepted from a pre-application it has not confirmed.
    A transient failure is recorded and re-raised (the run ends as offline); a refusal is
    recorded on the report, logged and not sent again, never holding up the rest of the
    sync. When another case consumed the pre-application, this one is a duplicate and
    becomes a problem case for a supervisor (``hold_duplicate_case``)."""
    delivered = duplicates = 0
    for row in unreported_consumptions(store):
        try:
            transport.parsed(
                arrival_wire.PreappConsumed,
                transport.request_json(
                    "POST", CONSUMED_PATH.format(preapp_id=row.preapp_id), _body(row)
                ),
            )
        except PlatformUnreachable as exc:
            mark_consumption_failed(store, row.preapp_id, exc.en, refused=False)
            raise
        except PlatformRefused as exc:
            log.warning(
                "the platform refused case %s consuming pre-application %s: %s",
                row.case_no,
                row.preapp_id,
                exc.en,
            )
            if exc.platform_code != CONSUMED_ELSEWHERE:
                mark_consumption_failed(store, row.preapp_id, exc.en, refused=True)
                continue
            hold_duplicate_case(
                store,
                row,
                other_case=_named(exc.details, "case_id"),
                other_case_no=_named(exc.details, "case_no"),  # an older platform's 409: no
                other_window=_named(exc.details, "window_code"),  # number, no window
                at=to_text(now),
            )
            duplicates += 1
            continue
        mark_consumption_reported(store, row.preapp_id, to_text(now))
        delivered += 1
    return ConsumptionReports(delivered, duplicates)


def _named(details: dict[str, object], key: str) -> str | None:
    value = details.get(key)
    return None if value is None else str(value)


def _body(row: Consumption) -> dict[str, str]:
    return arrival_wire.PreappConsumption.model_validate(
        {
            "case_id": row.case_id,
            "case_no": row.case_no,
            "consumed_at": row.consumed_at,
            "clerk": row.clerk,
        }
    ).model_dump(mode="json")
