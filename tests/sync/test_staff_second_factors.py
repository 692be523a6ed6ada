"""A member of the staff sets up one-time codes (动态口令) at the window
(``sync.staff_second_factors``): a register account on the platform, which takes the secret
to every window of the hall, so its supervisor signs in at each with password and code,
offline too; never offline, never after a wrong password or code; the operator's ``staff
reset-code`` reaches every window. An account made on this PC sets them up here, with no
platform. Neither the password nor the secret is logged, on either side."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from counter_app.config import Config
from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at
from counter_app.home import Home
from counter_app.services.auth import AccountLocked, Accounts
from counter_app.services.second_factor import SecondFactorRequired, WrongCode
from counter_app.store.database import Store
from sync.staff_second_factors import (
    SecondFactorNotSet,
    SecondFactorSetUpElsewhere,
    SecondFactorSetUpOffline,
    set_up_second_factor,
)
from tests.central.server_fixture import RunningCentral
from tests.conftest import SECOND_FACTOR_SETTING
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Window-2026-ok"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(autouse=True)
def privileged_use_needs_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECOND_FACTOR_SETTING, "privileged")


def code_now(secret: str, steps: int = 0) -> str:
    """The code of ``secret`` an authenticator app shows now (``steps`` from now)."""
    return code_for_step(secret, step_at(datetime.now(UTC)) + steps)


def audited_enrolments(store: Store) -> list[str]:
    rows = store.db.execute(
        "SELECT actor FROM audit_log WHERE action = 'user.second_factor_enrol' ORDER BY seq"
    ).fetchall()
    return [row[0] for row in rows]


def test_codes_set_up_at_one_window_sign_in_at_every_window_of_the_hall(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    home2, config2, store2 = second_window
    central.cli(
        "staff", "add", "--hall", HALL, "--name", "li.ming", "--role", "supervisor",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    make_engine(home, enrolled, sync_store).run_once()
    make_engine(home2, config2, store2).run_once()
    accounts, accounts2 = Accounts(sync_store), Accounts(store2)
    supervisor = accounts.authenticate("li.ming", PASSWORD)
    assert supervisor.must_enrol_second_factor
    secret = new_secret()

    with pytest.raises(SecondFactorNotSet) as wrong:
        set_up_second_factor(sync_store, supervisor, "Not-the-one-1", secret, code_now(secret))
    assert wrong.value.field == "password" and "密码不正确" in wrong.value.zh
    with pytest.raises(SecondFactorNotSet) as wrong_code:  # refused by the platform
        set_up_second_factor(sync_store, supervisor, PASSWORD, secret, code_now(secret, 10))
    assert wrong_code.value.field == "code" and "动态口令不正确" in wrong_code.value.zh
    assert accounts.authenticate("li.ming", PASSWORD).must_enrol_second_factor

    typed = code_now(secret)
    set_up_second_factor(sync_store, supervisor, PASSWORD, secret, typed)
    # This window asks for the codes at once, and after its sync brought the same secret the
    # code typed to set them up is still used here.
    make_engine(home, enrolled, sync_store).run_once()
    with pytest.raises(SecondFactorRequired):
        accounts.authenticate("li.ming", PASSWORD)
    with pytest.raises(WrongCode):
        accounts.authenticate("li.ming", PASSWORD, typed)
    assert accounts.authenticate("li.ming", PASSWORD, code_now(secret, 1)).second_factor_enrolled
    # The other window from its next sync. Before it, a set-up there (another phone, or
    # whoever learnt the password) is refused: its member works on and signs in with the
    # codes they have once it synced.
    unsynced = accounts2.authenticate("li.ming", PASSWORD)
    assert unsynced.must_enrol_second_factor
    other = new_secret()
    with pytest.raises(SecondFactorSetUpElsewhere) as elsewhere:
        set_up_second_factor(store2, unsynced, PASSWORD, other, code_now(other))
    assert "本窗口尚未同步到" in elsewhere.value.zh
    make_engine(home2, config2, store2).run_once()
    with pytest.raises(SecondFactorRequired):
        accounts2.authenticate("li.ming", PASSWORD)
    signed_in = accounts2.authenticate("li.ming", PASSWORD, code_now(secret))
    assert not signed_in.must_enrol_second_factor
    assert (audited_enrolments(sync_store), audited_enrolments(store2)) == (
        ["li.ming"],
        ["platform"],
    )

    # Its phone lost: the operator's reset reaches each window at its next sync, and its
    # member signs in with the password alone, to set up new codes.
    central.cli("staff", "reset-code", "--hall", HALL, "--name", "li.ming")
    make_engine(home2, config2, store2).run_once()
    assert accounts2.authenticate("li.ming", PASSWORD).must_enrol_second_factor
    with pytest.raises(SecondFactorRequired):  # not synced yet
        accounts.authenticate("li.ming", PASSWORD)

    central.stop()
    again = new_secret()
    with pytest.raises(SecondFactorSetUpOffline) as offline:
        set_up_second_factor(store2, signed_in, PASSWORD, again, code_now(again))
    assert "须在连接平台时设置动态口令" in offline.value.zh
    assert offline.value.field is None  # neither field is at fault
    assert accounts2.authenticate("li.ming", PASSWORD).must_enrol_second_factor
    logged = caplog.text + central.log_path.read_text(encoding="utf-8")
    assert [s for s in (PASSWORD, secret, again) if s in logged] == []


def test_an_account_made_on_this_pc_sets_up_its_codes_here_without_a_platform(
    store: Store,
) -> None:
    accounts = Accounts(store)
    accounts.add_user("wang.local", PASSWORD, "supervisor", "王小文")
    supervisor = accounts.authenticate("wang.local", PASSWORD)
    assert supervisor.must_enrol_second_factor
    secret = new_secret()
    with pytest.raises(SecondFactorNotSet) as wrong:
        set_up_second_factor(store, supervisor, "Not-the-one-1", secret, code_now(secret))
    assert wrong.value.field == "password"
    with pytest.raises(SecondFactorNotSet) as wrong_code:
        set_up_second_factor(store, supervisor, PASSWORD, secret, code_now(secret, 10))
    assert wrong_code.value.field == "code"

    # Typed as a Chinese input method types it: full-width digits, a space in the middle.
    typed = code_now(secret)
    as_typed = f"{typed[:3]} {typed[3:]}".translate(FULL_WIDTH)
    set_up_second_factor(store, supervisor, PASSWORD, secret, as_typed)
    with pytest.raises(SecondFactorRequired):
        accounts.authenticate("wang.local", PASSWORD)
    with pytest.raises(WrongCode):
        accounts.authenticate("wang.local", PASSWORD, typed)
    assert accounts.authenticate("wang.local", PASSWORD, code_now(secret, 1)).username == (
        "wang.local"
    )
    assert audited_enrolments(store) == ["wang.local"]
    # A wrong password is a failed sign-in: guessing it at a window left signed in locks
    # the account, as at the login screen.
    for _ in range(accounts.security.max_login_failures - 1):
        with pytest.raises(SecondFactorNotSet):
            set_up_second_factor(store, supervisor, "Not-the-one-1", secret, code_now(secret))
    with pytest.raises(AccountLocked):
        set_up_second_factor(store, supervisor, "Not-the-one-1", secret, code_now(secret))


def test_a_window_whose_clock_drifted_checks_codes_against_the_platforms_time(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    """A hall PC two minutes fast (no network time): the phone's code is of the real time,
    four steps from what this clock says. The sync run's health report measures the offset,
    and from then on the window takes the phone's codes; once IT sets the clock right, its
    own time matches too, before the next sync has measured anew."""
    from datetime import timedelta

    from counter_app.store.platform_clock import platform_offset
    from tests.sync.offset_clock import OffsetClock

    fast = OffsetClock(timedelta(minutes=2))
    accounts = Accounts(sync_store, now=fast.now)
    for username in ("zhou.sup", "wang.sup"):
        accounts.add_user(username, PASSWORD, "supervisor")
    secret = new_secret()
    # No offset measured yet: this clock is all the window has, and the phone's code is not
    # of its time.
    with pytest.raises(WrongCode):
        accounts.enrol_second_factor("zhou.sup", secret, code_now(secret))

    assert make_engine(home, enrolled, sync_store, clock=fast).run_once().error is None
    measured = platform_offset(sync_store)
    assert measured is not None and 118 <= measured <= 150  # the network's delay adds a little
    accounts.enrol_second_factor("zhou.sup", secret, code_now(secret))
    assert accounts.authenticate("zhou.sup", PASSWORD, code_now(secret, 1)).second_factor_enrolled
    # The clock set right: its own time's codes sign in too, the offset not measured anew.
    other = new_secret()
    right = Accounts(sync_store)
    right.enrol_second_factor("wang.sup", other, code_now(other))
    assert right.authenticate("wang.sup", PASSWORD, code_now(other, 1)).second_factor_enrolled


def test_a_set_up_whose_answer_was_lost_is_sent_again_and_holds(
    enrolled: Config,
    sync_store: Store,
    home: Home,
    central: RunningCentral,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The platform kept the secret, but its answer never reached the window (the connection
    reset): the window says it could not reach the platform. Its member tries again with the
    same QR code still on screen, and the platform takes it as the same set-up."""
    from dataclasses import replace

    from tests.sync import fault_proxy as fp

    central.cli(
        "staff", "add", "--hall", HALL, "--name", "li.ming", "--role", "supervisor",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    make_engine(home, enrolled, sync_store).run_once()
    supervisor = Accounts(sync_store).authenticate("li.ming", PASSWORD)
    host, port = central.url.removeprefix("http://").split(":")
    proxy = fp.FaultProxy(
        host,
        int(port),
        fp.ScriptedFaults([fp.RESET_AFTER]),
        only="POST /v1/staff-second-factors ",
    ).start()
    try:
        through = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url))
        monkeypatch.setattr(sync_store, "config", through)
        secret = new_secret()
        with pytest.raises(SecondFactorSetUpOffline):
            set_up_second_factor(sync_store, supervisor, PASSWORD, secret, code_now(secret))
        set_up_second_factor(sync_store, supervisor, PASSWORD, secret, code_now(secret, 1))
    finally:
        proxy.stop()
    listed = central.cli("staff", "list", "--hall", HALL, "--json")
    assert [a["second_factor_enrolled"] for a in listed["staff"]] == [True]
    accounts = Accounts(sync_store)
    with pytest.raises(SecondFactorRequired):
        accounts.authenticate("li.ming", PASSWORD)
