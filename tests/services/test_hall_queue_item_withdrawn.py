"""Another window's case the platform flagged ``item_withdrawn`` (taken offline on an older
catalog after the platform published one without its item) shows in the hall queue with the
flag in words, Chinese or English."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from counter_app.domain.hall_queue import ITEM_WITHDRAWN
from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.conftest import CliResult
from tests.store.hall_summaries import hall_summary, keep_summaries


def test_the_queue_shows_a_case_on_a_withdrawn_item(
    store: Store, cli: Callable[..., CliResult]
) -> None:
    flagged = dataclasses.replace(hall_summary(1), flags=(ITEM_WITHDRAWN,))
    keep_summaries(store, flagged, hall_summary(2))
    flags = {e.case_no: e.flags for e in read_queue(store, QueueQuery(), today=date(2026, 12, 2))}
    assert flags == {flagged.case_no: (ITEM_WITHDRAWN,), hall_summary(2).case_no: ()}
    shown = cli("queue", "--hall")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("事项已停办") == 1
    assert cli("--lang", "en", "queue", "--hall").stdout.count("Item withdrawn") == 1
