"""The platform's summaries of another window's cases (the ``hall_queue`` feed's rows) and
its problems with them (the ``problems`` feed's items), as the sync feeds keep them: for the
hall queue's tests in the store, the services and the command line."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, upsert_hall_case
from sync.instructions import apply_hall_problem
from sync.wire.problems import HallProblem

PROMISED = "2026-12-08"


def hall_summary(
    index: int, *, state: str = "accepted", data_version: int = 1, sequence: int | None = None
) -> HallCaseRow:
    """W01's case ``index`` (its number ends in it), received and accepted on 2026-11-27 at
    09:00 plus ``index`` minutes (the hall's time), promised by ``PROMISED``."""
    at = f"2026-11-27T01:{index:02d}:00.000000Z"
    return HallCaseRow(
        case_id=f"00000000-0000-4000-8000-{index:012d}",
        sequence=index if sequence is None else sequence,
        case_no=f"310104TRAIN-W01-A1B2-20261127-{index:04d}",
        window_code="W01",
        clerk="clerk1",
        item_code="310104-SHEBAO-001",
        item_name="老年综合津贴申领",
        state=state,
        data_version=data_version,
        updated_at=at,
        received_at=at,
        accepted_at=at,
        promised_date=PROMISED,
        deferral_due=None,
        flags=(),
    )


def keep_summaries(store: Store, *summaries: HallCaseRow) -> None:
    with store.transaction() as db:
        for summary in summaries:
            upsert_hall_case(db.conn, summary)


def keep_problem(store: Store, summary: HallCaseRow, status: str, *, data_version: int) -> None:
    """The platform kept ``data_version`` of the case in conflict or rejected it, because its
    content differs from the version it holds."""
    apply_hall_problem(
        store,
        HallProblem(
            sequence=summary.sequence,
            case_id=uuid.UUID(summary.case_id),
            case_no=summary.case_no,
            window_code=summary.window_code,
            data_version=data_version,
            status=status,  # type: ignore[arg-type]
            reason="content_differs",
            message_zh="同一版本号的内容不同",
            message_en="the same version with different content",
            at=datetime(2026, 11, 27, 2, 0, tzinfo=UTC),
        ),
    )
