"""A request to the hall's supervisors still pending when its hall day ends expires (the
platform answers ``expired``): the waiting window says so, never as a refusal by nobody,
and leaves the clerk to ask again or to bring a supervisor to the screen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from central.store import open_store as open_central_store
from central.store.base import iso, utc_now
from tests.central.server_fixture import RunningCentral
from tests.ui.requests_to_supervisors import deferral_not_approved, void_sent_from_the_detail
from ui.app import RunningApp

pytestmark = pytest.mark.integration

EXPIRED = "该请求已过期（当日未审批），请重新发起或请值班长到窗口审批"


def made_yesterday(central: RunningCentral, request_id: str) -> None:
    """The request as if sent a day ago: its hall day is over (the clock is not the test's)."""
    platform = open_central_store(central.db, central.key_file)
    try:
        with platform.transaction() as cur:
            cur.execute(
                platform.sql("UPDATE approval_requests SET requested_at = ? WHERE request_id = ?"),
                (iso(utc_now() - timedelta(days=1)), request_id),
            )
    finally:
        platform.close()


def test_an_expired_deferral_request_says_so_and_keeps_the_form(
    qtbot, central: RunningCentral, enrolled_window: RunningApp, monkeypatch
) -> None:
    warning = deferral_not_approved(
        qtbot, enrolled_window, monkeypatch, lambda request_id: made_yesterday(central, request_id)
    )
    assert EXPIRED in warning
    assert "未批准" not in warning


def test_an_expired_void_request_says_so_in_the_case_detail(
    qtbot, central: RunningCentral, enrolled_window: RunningApp, monkeypatch
) -> None:
    detail = void_sent_from_the_detail(qtbot, enrolled_window, monkeypatch)
    wait = detail.approval_wait
    assert wait is not None
    with qtbot.waitSignal(wait.decided, timeout=30_000):
        made_yesterday(central, wait.request_id)
    assert detail.waiting_label.text() == EXPIRED
    assert detail.approval_wait is None
    assert detail.detail is not None and detail.detail.state != "voided"
    detail.close()
