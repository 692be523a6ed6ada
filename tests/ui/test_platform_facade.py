"""A platform that accepts connections and never answers holds up only the window's calls
to it (an e-licence lookup, a ticket step, an approval poll): the clerk's store work (here
the case list search) is answered meanwhile, and every hung call a person waits on ends in
the window's own time with words they can act on, the form kept."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from counter_app.errors import CounterError, NotFound
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.store.database import Store, open_store
from sync.approval_requests import send_request
from sync.errors import SyncError
from sync.transport import PlatformTransport
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ID_NUMBER
from tests.services.conftest import complete_marks, item_named, request_for
from tests.store.observed_lock import ObservedLock
from tests.sync.conftest import enrol_home, make_engine
from tests.ui.conftest import ADMIN, CLERK, PASSWORD, SUPERVISOR, activate, login, training_home
from tests.ui.intake_steps import accept_from_card, open_detail
from ui import platform_facade
from ui.app import RunningApp
from ui.approval_wait import ApprovalWait
from ui.facade_types import InPlaceApproval
from ui.platform_facade import PlatformDesk

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


# The window's timeouts in the test below: each call ends half a second after the hung
# platform took its request. The sync's read timeout (30 s) is far beyond the wait.
SHORT_WINDOW_TIMEOUTS = (5.0, 0.5)
WINDOW_CALL_SECONDS = 20.0
WINDOW_CALL_MS = int(WINDOW_CALL_SECONDS * 1000)
DeskCall = Callable[[PlatformDesk, str], object]
# Every call of the desk that a person waits on at a window (a clerk, a supervisor at the
# hall's screens, an administrator enrolling), as whom, on a case of this window. The
# e-licence and ticket calls have tests of their own above.
WINDOW_CALLS: dict[str, tuple[str, DeskCall]] = {
    "hall_case_history": (SUPERVISOR, lambda desk, case: desk.hall_case_history(case)),
    "compare_problem": (SUPERVISOR, lambda desk, case: desk.compare_problem(case)),
    "resolve_problem": (
        SUPERVISOR,
        lambda desk, case: desk.resolve_problem(case, "resend", "核对"),
    ),
    "publish_notice": (
        SUPERVISOR,
        lambda desk, _case: desk.publish_notice("午间暂停", "12:00 暂停取号。", str(uuid.uuid4())),
    ),
    "request_approval": (
        CLERK,
        lambda desk, case: desk.request_approval(
            "reprint", case, "补打", "纸张卡住", str(uuid.uuid4())
        ),
    ),
    "check_approval": (CLERK, lambda desk, _case: desk.check_approval(str(uuid.uuid4()))),
    "cancel_approval": (CLERK, lambda desk, _case: desk.cancel_approval(str(uuid.uuid4()))),
    "hall_approvals": (SUPERVISOR, lambda desk, _case: desk.hall_approvals()),
    "decide_approval": (
        SUPERVISOR,
        lambda desk, _case: desk.decide_approval(
            str(uuid.uuid4()), "approved", InPlaceApproval(SUPERVISOR, PASSWORD), ""
        ),
    ),
    "enrol": (ADMIN, lambda desk, _case: desk.enrol(desk.config.sync.url, "ABCD-EFGH-JKLM")),
}


def test_every_window_call_to_a_hung_platform_ends_in_the_windows_time_in_plain_words(
    tmp_path: Path, central: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A platform that accepts the connection and never answers: each call a person waits
    on ends after the window's short timeouts (not the sync's 30 s), with the transport's
    words for it, in Chinese and English, asking the person to try again."""
    monkeypatch.setattr(platform_facade, "WINDOW_TIMEOUTS", SHORT_WINDOW_TIMEOUTS)
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    with open_store(home, config) as store:  # the samples uploaded: re-enrolling is not refused
        assert make_engine(home, config, store).run_once().error is None
    desks = {name: PlatformDesk(open_store(home, config, role="sync")) for name in WINDOW_CALLS}
    try:
        for name, (username, _call) in WINDOW_CALLS.items():
            desks[name].set_user(Accounts(desks[name].store).get(username))
        (case_id,) = (
            desks["compare_problem"]
            .store.db.execute("SELECT case_id FROM cases LIMIT 1")
            .fetchone()
        )
        with ThreadPoolExecutor(max_workers=len(WINDOW_CALLS)) as pool, central.paused():
            calls = {
                name: pool.submit(call, desks[name], case_id)
                for name, (_username, call) in WINDOW_CALLS.items()
            }
            ended, _waiting = wait(calls.values(), timeout=WINDOW_CALL_SECONDS)
            assert sorted(name for name, call in calls.items() if call not in ended) == []
        errors = {name: call.exception() for name, call in calls.items()}
    finally:
        for desk in desks.values():
            desk.store.close()
    for name, error in errors.items():
        assert isinstance(error, SyncError), (name, error)
        assert "连接平台超时" in error.zh and "did not answer in time" in error.en, name
        if name == "check_approval":
            # The poll asks again on its own (sync.approval_requests.check_decision): it says so.
            assert "稍后自动重试" in error.zh and "retrying later" in error.en
            continue
        # Nothing else asks again for a person at the window: they are told to, not promised it.
        assert "稍后重试" in error.zh and "自动重试" not in error.zh, name
        assert "try again" in error.en and "retrying later" not in error.en, name


def test_the_approvals_inbox_on_a_hung_platform_says_so_in_the_windows_time(
    qtbot, central: RunningCentral, enrolled_window: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The supervisor opens 审批 (Ctrl+7) while the platform hangs: the inbox says it could
    not read the requests and what to do instead, after the window's timeout."""
    monkeypatch.setattr(platform_facade, "WINDOW_TIMEOUTS", SHORT_WINDOW_TIMEOUTS)
    login(qtbot, enrolled_window, SUPERVISOR)
    window = enrolled_window.window
    inbox = window.approvals
    assert inbox is not None
    qtbot.waitUntil(lambda: not inbox.loading, timeout=WINDOW_CALL_MS)  # the sign-in's read
    activate(qtbot, window)
    with central.paused(), qtbot.waitSignal(inbox.loaded, timeout=WINDOW_CALL_MS):
        qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    text = inbox.error.text()
    assert text.startswith("读取审批请求失败：连接平台超时") and "当场审批" in text
    assert inbox.table.rowCount() == 0


# Calls of the desk in an order where each finds what it looks for (the request it decides,
# the decision it applies): every local read or write around the platform's answer runs.
# Those the platform or the store refuses (no ticket waiting, no open e-licence task, a used
# enrolment code) still read what they check first.
APPROVAL_ID, WITHDRAWN_ID = str(uuid.uuid4()), str(uuid.uuid4())
BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记: M03 结婚证 has an e-licence
DESK_CALLS: list[tuple[str, DeskCall]] = [
    (
        CLERK,
        lambda desk, case: desk.request_approval("reprint", case, "补打", "纸张卡住", APPROVAL_ID),
    ),
    (SUPERVISOR, lambda desk, _case: desk.hall_approvals()),
    (
        SUPERVISOR,
        lambda desk, _case: desk.decide_approval(
            APPROVAL_ID, "approved", InPlaceApproval(SUPERVISOR, PASSWORD), ""
        ),
    ),
    (CLERK, lambda desk, _case: desk.check_approval(APPROVAL_ID)),
    (
        CLERK,
        lambda desk, case: desk.request_approval("reprint", case, "补打", "纸张卡住", WITHDRAWN_ID),
    ),
    (CLERK, lambda desk, _case: desk.cancel_approval(WITHDRAWN_ID)),
    (SUPERVISOR, lambda desk, case: desk.hall_case_history(case)),
    (SUPERVISOR, lambda desk, case: desk.compare_problem(case)),
    (SUPERVISOR, lambda desk, case: desk.resolve_problem(case, "resend", "核对")),
    (SUPERVISOR, lambda desk, _case: desk.publish_notice("午间暂停", "12:00 暂停取号。", "")),
    (CLERK, lambda desk, _case: desk.ticket_step("call", str(uuid.uuid4()))),
    (CLERK, lambda desk, _case: desk.ticket_step("recall", str(uuid.uuid4()))),
    (CLERK, lambda desk, _case: desk.appointment_ticket("APPT-1")),
    (CLERK, lambda desk, _case: desk.requeue_ticket("Y001", str(uuid.uuid4()))),
    (
        CLERK,
        lambda desk, case: desk.look_up_elicences(BIRTH_REGISTRATION, None, ID_NUMBER, None, case),
    ),
    (CLERK, lambda desk, case: desk.recheck_elicence(case, "M03", "123456")),
    (ADMIN, lambda desk, _case: desk.enrol(desk.config.sync.url, "ABCD-EFGH-JKLM")),
]


def _observed_desk(
    tmp_path: Path, central: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, ObservedLock, PlatformDesk]:
    """A platform desk on an enrolled training store whose lock reports who holds it."""
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    store = open_store(home, config)
    lock = ObservedLock()
    monkeypatch.setattr(store, "_lock", lock)
    return store, lock, PlatformDesk(store)


def test_the_platform_desk_reads_and_writes_under_the_stores_lock_never_across_a_call(
    tmp_path: Path, central: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The platform worker shares the store worker's connection: every statement it runs
    there, before and after each call to the platform, holds the store's lock, so it never
    reads rows of a transaction the store worker has open (nor runs inside it); no call
    to the platform holds the lock, so a platform that hangs never holds up the store."""
    store, lock, desk = _observed_desk(tmp_path, central, monkeypatch)
    users = {name: Accounts(store).get(name) for name in (CLERK, SUPERVISOR, ADMIN)}
    (case_id,) = store.db.execute("SELECT case_id FROM cases LIMIT 1").fetchone()
    locked: list[str] = []
    unlocked: list[str] = []
    sent_locked: list[str] = []
    send = PlatformTransport._send

    def observed_send(
        transport: PlatformTransport, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if lock.held_here():
            sent_locked.append(f"{method} {url}")
        return send(transport, method, url, *args, **kwargs)

    monkeypatch.setattr(PlatformTransport, "_send", observed_send)
    outcomes: list[str] = []

    def traced(sql: str) -> None:
        (locked if lock.held_here() else unlocked).append(sql)

    try:
        store.db.conn.set_trace_callback(traced)
        for username, call in DESK_CALLS:
            desk.set_user(users[username])
            try:
                call(desk, case_id)
            except CounterError as exc:
                outcomes.append(type(exc).__name__)
            else:
                outcomes.append("done")
    finally:
        store.db.conn.set_trace_callback(None)
        store.close()
    assert unlocked == [] and sent_locked == []
    assert outcomes[:6] == ["done"] * 6, outcomes  # the approvals found what they looked for
    assert any("approval_requests" in sql for sql in locked)


def test_every_statement_of_the_store_worker_holds_the_stores_lock(
    qtbot, running: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other way round: the store worker holds the lock through each job, so a clerk's
    accept, its receipt and the case list never read rows of a transaction the platform
    worker has open on their shared connection, nor run a statement inside it."""
    login(qtbot, running)
    session = running.session
    qtbot.waitUntil(
        lambda: session.worker.pending == 0 and session.platform_worker.pending == 0,
        timeout=20_000,
    )
    opened: list[Store] = []
    with qtbot.waitSignal(session.worker.idle, timeout=20_000):
        session.worker.submit(lambda workstation: workstation.store, opened.append)
    [store] = opened
    lock = ObservedLock()
    monkeypatch.setattr(store, "_lock", lock)  # both workers idle: nobody holds the old one
    unlocked: list[str] = []
    store.db.conn.set_trace_callback(lambda sql: None if lock.held_here() else unlocked.append(sql))
    try:
        case_id = accept_from_card(qtbot, running, monkeypatch, sign_in=False)
        facts, _history = open_detail(qtbot, running, case_id)
    finally:
        store.db.conn.set_trace_callback(None)
    assert facts and unlocked == []


class _IntakeFailed(Exception):
    pass


def test_a_comparison_waits_for_the_intake_writing_its_case_and_never_sees_it_rolled_back(
    tmp_path: Path, central: RunningCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The supervisor compares a case by its number while the store worker's intake of that
    case is still in its transaction: the platform worker waits for the transaction to end
    and, the intake rolled back, finds no such case (it never reads the uncommitted one, nor
    asks the platform about it)."""
    store, lock, desk = _observed_desk(tmp_path, central, monkeypatch)
    accounts = Accounts(store)
    desk.set_user(accounts.get(SUPERVISOR))
    clerk = accounts.get(CLERK)
    item = item_named(store, "生育登记")
    outcome: list[object] = []

    def platform_worker(case_no: str) -> None:
        try:
            outcome.append(desk.compare_problem(case_no))
        except BaseException as exc:
            outcome.append(exc)

    try:
        with contextlib.suppress(_IntakeFailed), store.transaction():
            case = intake.accept(store, request_for(item, complete_marks(item)), clerk)
            worker = threading.Thread(target=platform_worker, args=(case.case_no,))
            worker.start()
            assert lock.waiting.wait(timeout=60), "the comparison read past the store's lock"
            assert outcome == []
            raise _IntakeFailed
        worker.join(timeout=60)
    finally:
        store.close()
    assert not worker.is_alive()
    (error,) = outcome
    assert isinstance(error, NotFound) and case.case_no in error.zh
