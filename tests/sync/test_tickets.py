"""Queue tickets at the window through a real platform (``counter-app ticket …`` and
``counter-app tickets``): the appointment holder's ticket is called first, the case accepted
while it is served carries it, its times are in the JSON; redirected to W02, W02 calls it;
with the queue system down a step is refused in Chinese and English, saying the clerk can
go on without a ticket, and a case is accepted without one; an appointment holder's priority
ticket is issued once however often it is asked for, and not at all offline."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.errors import ValidationError
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from counter_app.store.window_tickets import case_ticket
from sync.queue_system import hall_queue_system
from sync.tickets import (
    AppointmentUnknown,
    PriorityTicketEnded,
    QueueSystemUnreachable,
    appointment_ticket,
    requeue_ticket,
)
from tests.central.booking_times import later_today
from tests.central.open_halls import open_every_day_command
from tests.central.server_fixture import RunningCentral
from tests.conftest import MINIMAL_USER_CONFIG, CliResult
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import HALL, enrol_home

pytestmark = pytest.mark.integration

ALLOWANCE = "老年综合津贴申领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


@pytest.fixture
def w02_home(tmp_path: Path, central: RunningCentral) -> Iterator[Path]:
    """Another workstation of the same hall, window W02."""
    home = Home(tmp_path / "home-w02").ensure()
    home.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    enrol_home(home, central, window="W02")
    yield home.root


def ok(result: CliResult) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def test_the_priority_ticket_is_called_served_and_carried_by_the_case(
    cli: Callable[..., CliResult],
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    central.cli("ticket", "issue", "--hall", HALL, "--json")
    central.cli("ticket", "issue", "--hall", HALL, "--appointment", "APPT-9", "--json")

    called = ok(cli("ticket", "call", "--json"))["ticket"]
    assert isinstance(called, dict)
    assert (called["number"], called["priority"], called["state"]) == ("Y001", True, "called")
    ok(cli("ticket", "recall", "--json"))
    started = ok(cli("ticket", "start", "--json"))["ticket"]
    assert isinstance(started, dict) and started["state"] == "serving"

    ensure_bundled_catalog(sync_store)
    item = item_named(sync_store, ALLOWANCE)
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    assert case_ticket(sync_store, case.case_id) == "Y001"
    audit = sync_store.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'case.accepted' AND target = ?",
        (case.case_id,),
    ).fetchone()
    assert json.loads(audit[0])["ticket"] == "Y001"

    closed = ok(cli("ticket", "close", "--json"))["ticket"]
    assert isinstance(closed, dict)
    visit = closed["visits"][-1]
    assert visit["outcome"] == "served"
    for seconds in ("wait_seconds", "walk_seconds", "service_seconds"):
        assert isinstance(visit[seconds], int)

    listed = ok(cli("tickets", "--json"))
    assert listed["current"] is None and listed["window"] == "W01"
    waiting = listed["waiting"]
    assert isinstance(waiting, list) and [t["number"] for t in waiting] == ["A001"]
    # A case accepted after the ticket was closed carries none.
    later = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    assert case_ticket(sync_store, later.case_id) is None


def test_a_redirected_ticket_is_called_at_w02(
    cli: Callable[..., CliResult],
    enrolled: Config,
    central: RunningCentral,
    w02_home: Path,
) -> None:
    central.cli("ticket", "issue", "--hall", HALL, "--json")
    ok(cli("ticket", "call", "--json"))
    moved = ok(cli("ticket", "redirect", "--to", "W02", "--json"))["ticket"]
    assert isinstance(moved, dict) and (moved["state"], moved["window"]) == ("waiting", "W02")
    refused = cli("--lang", "en", "ticket", "start")
    assert refused.returncode != 0 and "no called ticket" in refused.stderr

    at_w02 = ok(cli("ticket", "call", "--json", home_dir=w02_home))["ticket"]
    assert isinstance(at_w02, dict)
    assert (at_w02["number"], at_w02["window"]) == ("A001", "W02")


def test_without_the_queue_system_a_step_is_refused_and_the_case_is_accepted_untied(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    central: RunningCentral,
) -> None:
    central.stop()
    refused = cli("ticket", "call")
    assert refused.returncode != 0
    assert "叫号系统连接不上" in refused.stderr and "不叫号继续受理" in refused.stderr
    assert "go on serving without a ticket" in refused.stderr
    store = open_store(home, enrolled)
    try:
        ensure_bundled_catalog(store)
        item = item_named(store, ALLOWANCE)
        case = intake.accept(store, request_for(item, complete_marks(item)), CLERK)
        assert case_ticket(store, case.case_id) is None
    finally:
        store.close()


def test_an_appointment_holder_gets_one_priority_ticket_audited_once_and_offline_none(
    tmp_path: Path, home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    central.publish_bundled_catalog()
    central.cli(*open_every_day_command(HALL))  # today may be a Sunday
    booked = central.cli(
        "appointment", "create", "--hall", HALL, "--item", ENDORSEMENT,
        "--id-number", ID_NUMBER, "--name", NAME, "--at", later_today().isoformat(), "--json",
    )  # fmt: skip
    system = hall_queue_system(home, enrolled)
    try:
        first = appointment_ticket(sync_store, system, CLERK.username, booked["arrival_id"])
        again = appointment_ticket(sync_store, system, CLERK.username, booked["arrival_id"])
    finally:
        system.close()
    assert (first.number, first.priority, first.state) == ("Y001", True, "waiting")
    assert again.ticket_id == first.ticket_id
    issued = sync_store.db.execute(
        "SELECT actor, target FROM audit_log WHERE action = 'ticket.issue'"
    ).fetchall()
    assert [tuple(row) for row in issued] == [(CLERK.username, "Y001")]  # issued once

    central.stop()
    system = hall_queue_system(home, enrolled)
    try:
        with pytest.raises(QueueSystemUnreachable) as refused:
            appointment_ticket(sync_store, system, CLERK.username, booked["arrival_id"])
    finally:
        system.close()
    assert (
        refused.value.zh.count("优先号未能取得") == 1 and "no priority ticket" in refused.value.en
    )


def test_an_appointment_the_platform_does_not_know_is_said_plainly_not_a_wrong_address(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    system = hall_queue_system(home, enrolled)
    try:
        with pytest.raises(AppointmentUnknown) as refused:
            appointment_ticket(sync_store, system, CLERK.username, str(uuid.uuid4()))
    finally:
        system.close()
    zh, en = refused.value.zh, refused.value.en
    assert zh.count("优先号未能取得") == 1 and "没有这个预约" in zh and "可以不叫号继续受理" in zh
    assert "does not know this appointment" in en and "without a ticket" in en
    assert "sync.url" not in zh + en


def test_a_card_read_never_announces_a_priority_ticket_that_is_over(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    """Missed, the card read says 已过号 and how to put it back; put back, it is announced
    again and called first; served, the card read says 已办结."""
    central.publish_bundled_catalog()
    central.cli(*open_every_day_command(HALL))
    booked = central.cli(
        "appointment", "create", "--hall", HALL, "--item", ENDORSEMENT, "--id-number",
        ID_NUMBER, "--name", NAME, "--at", f"{later_today():%Y-%m-%dT%H:%M}", "--json",
    )  # fmt: skip
    appointment = str(booked["arrival_id"])
    system = hall_queue_system(home, enrolled)
    try:
        assert appointment_ticket(sync_store, system, CLERK.username, appointment).number == "Y001"
        ok(cli("ticket", "call", "--json"))
        ok(cli("ticket", "noshow", "--json"))
        with pytest.raises(PriorityTicketEnded) as missed:
            appointment_ticket(sync_store, system, CLERK.username, appointment)
        assert "优先号 Y001 已过号" in missed.value.zh and "ticket requeue Y001" in missed.value.zh
        assert "was missed" in missed.value.en

        with pytest.raises(ValidationError) as typo:
            requeue_ticket(sync_store, system, CLERK.username, "Y-1")
        assert "不是号码" in typo.value.zh and "no ticket number" in typo.value.en
        back = requeue_ticket(sync_store, system, CLERK.username, " y001 ")
        assert back.ticket is not None and (back.ticket.state, back.ticket.priority) == (
            "waiting",
            True,
        )
        assert appointment_ticket(sync_store, system, CLERK.username, appointment).state == (
            "waiting"
        )
        for action in ("call", "start", "close"):
            ok(cli("ticket", action, "--json"))
        with pytest.raises(PriorityTicketEnded) as served:
            appointment_ticket(sync_store, system, CLERK.username, appointment)
        assert "优先号 Y001 已办结" in served.value.zh and "was served" in served.value.en
    finally:
        system.close()
    requeued = sync_store.db.execute(
        "SELECT actor, target FROM audit_log WHERE action = 'ticket.requeue'"
    ).fetchall()
    assert [tuple(row) for row in requeued] == [(CLERK.username, "Y001")]
