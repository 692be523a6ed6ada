"""A platform that accepts connections and never answers holds up only the window's calls
to it (an e-licence lookup, a ticket step, an approval poll): the clerk's store work (here
the case list search) is answered meanwhile, and the hung call ends in the window's own
time with words the clerk can act on, the form kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from counter_app.store.database import open_store
from sync.approval_requests import send_request
from tests.central.server_fixture import RunningCentral
from tests.ui.conftest import activate, login
from ui.app import RunningApp
from ui.approval_wait import ApprovalWait

pytestmark = pytest.mark.integration

# A hung call ends after the window's read timeout: the waits allow it many times over.
HUNG_CALL_MS = 90_000


def search_cases(app: RunningApp, events: list[str]) -> None:
    """The case list's search for the applicant, a store-only job; ``search`` once answered."""
    app.session.worker.submit(
        lambda ws: ws.list_cases("王建国", today_only=False),
        lambda _rows: events.append("search"),
        app.session.report_error,
        name="list_cases",
    )


def test_a_case_search_is_answered_while_the_e_licence_lookup_waits_on_a_hung_platform(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    login(qtbot, enrolled_window)
    intake = enrolled_window.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    enrolled_window.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "sydj")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.item is not None and intake.item.name == "生育登记"
    events: list[str] = []
    intake.elicences_looked_up.connect(lambda _count: events.append("lookup"))

    with central.paused():
        qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F4)
        search_cases(enrolled_window, events)
        qtbot.waitUntil(lambda: "lookup" in events, timeout=HUNG_CALL_MS)

    assert events == ["search", "lookup"]
    # Unanswered: the licence is marked 待核验 (looked up after the next sync), the form kept.
    marriage = next(row for row in intake.checklist.rows if row.material.code == "M03")
    assert marriage.exemption.text().startswith("电子证照待核验")
    assert intake.identity.name.text() == "王建国" and intake.item.name == "生育登记"


def test_a_case_search_is_answered_while_a_ticket_call_waits_on_a_hung_platform(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    login(qtbot, enrolled_window)
    activate(qtbot, window)
    bar = window.ticket_bar
    events: list[str] = []
    problems: list[str] = []
    bar.problem.connect(lambda text: (events.append("ticket"), problems.append(text)))

    with central.paused():
        qtbot.keyClick(window, Qt.Key.Key_F12)
        search_cases(enrolled_window, events)
        qtbot.waitUntil(lambda: "ticket" in events, timeout=HUNG_CALL_MS)

    assert events == ["search", "ticket"]
    (text,) = problems
    assert "叫号系统连接不上" in text and "超时" in text and "不叫号继续受理" in text
    assert bar.ticket is None and bar.call_button.isEnabled()
    (box,) = [b for b in window.findChildren(QMessageBox, "errorDialog") if b.text() == text]
    box.accept()


def test_a_case_search_is_answered_while_an_approval_poll_waits_on_a_hung_platform(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    login(qtbot, enrolled_window)
    session = enrolled_window.session
    assert session.user is not None
    with open_store(session.home, session.config) as store:
        sent = send_request(store, session.user, "deferral", target="intake-1", summary="容缺")
    wait = ApprovalWait(session, sent.request_id)
    events: list[str] = []
    wait.trouble.connect(lambda _text: events.append("poll"))

    with central.paused():
        wait.start()
        search_cases(enrolled_window, events)
        # The poll gives up after its own short timeout (sync.approval_requests.POLL_TIMEOUT).
        qtbot.waitUntil(lambda: "poll" in events, timeout=HUNG_CALL_MS)

    assert events[:2] == ["search", "poll"]
    wait.withdraw()


def test_the_platform_worker_writes_through_the_windows_one_store_connection(
    qtbot, enrolled_window: RunningApp
) -> None:
    """One writer connection to the store per process: the platform worker's desk uses the
    store the store worker opened, whose lock keeps their transactions apart."""
    session = enrolled_window.session
    login(qtbot, enrolled_window)
    stores: dict[str, object] = {}
    session.worker.submit(lambda ws: ws.store, lambda store: stores.update(worker=store))
    session.platform_worker.submit(lambda desk: desk.store, lambda store: stores.update(desk=store))
    qtbot.waitUntil(lambda: len(stores) == 2, timeout=30_000)
    assert stores["desk"] is stores["worker"]
