"""Another window's case that has ended (its result collected, or withdrawn…) named at this
window: the clerk hears what became of it, and nobody is sent across the hall to the
accepting window for a step no window takes any more."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, upsert_hall_case
from tests.conftest import CliResult

ID_NUMBER = "310115195603011231"


def _w03_case(store: Store, state: str) -> str:
    """A case W03 accepted, in ``state`` as the hall queue feed last brought it; its number."""
    hall = store.config.hall.hall_code
    row = HallCaseRow(
        case_id=str(uuid.uuid4()),
        sequence=1,
        case_no=f"{hall}-W03-1D66663D-20261207-000004",
        window_code="W03",
        clerk="clerk03",
        item_code="310104-SHEBAO-001",
        item_name="老年综合津贴申领",
        state=state,
        data_version=4,
        updated_at="2026-12-07T02:31:00.000000Z",
        received_at="2026-12-01T01:00:00.000000Z",
        accepted_at="2026-12-01T01:00:00.000000Z",
        promised_date="2026-12-05",
        deferral_due=None,
        flags=(),
    )
    with store.transaction() as db:
        upsert_hall_case(db.conn, row)
    return row.case_no


def test_a_collected_result_is_said_collected_and_nobody_is_sent_to_w03(
    cli: Callable[..., CliResult], store: Store
) -> None:
    number = _w03_case(store, "delivered")
    refused = cli("case", "handover", number, "--id-number", ID_NUMBER)
    assert refused.returncode == 2, refused.stdout
    zh, en = refused.stderr.splitlines()
    assert zh.startswith(
        f"办件 {number} 由 W03 窗口受理，办理结果已送达（已领取），平台于 2026-12-07 10:31 记录"
    )
    assert "不必引导申请人到 W03 窗口" in zh and "请引导申请人" not in zh, zh
    assert "Result delivered" in en and "direct the applicant there" not in en, en


@pytest.mark.parametrize("state", ["withdrawn", "voided"])
def test_an_ended_case_is_said_ended_for_the_steps_it_no_longer_takes(
    cli: Callable[..., CliResult], store: Store, state: str
) -> None:
    number = _w03_case(store, state)
    refused = cli("case", "correct", number, "--material", "M01")
    assert refused.returncode == 2, refused.stdout
    assert "已结束" in refused.stderr and "请引导申请人" not in refused.stderr, refused.stderr


def test_a_result_still_waiting_is_still_collected_at_w03(
    cli: Callable[..., CliResult], store: Store
) -> None:
    number = _w03_case(store, "result_ready")
    refused = cli("case", "handover", number, "--id-number", ID_NUMBER)
    assert "办理结果须在 W03 窗口领取，请引导申请人到 W03 窗口。" in refused.stderr
