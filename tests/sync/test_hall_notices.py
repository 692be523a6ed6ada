"""Hall notices through a real platform: a supervisor publishes at window W01 (``counter-app
notices publish``), the notice reaches window W02 of the same hall with its next sync
(``counter-app notices``, unread there until read), a clerk cannot publish, and with the
platform down the notice is refused with what to do - never published later behind the
supervisor's back."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from counter_app.store.hall_notices import hall_notices, mark_read
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Counter-Pass-2026!"


def publish(cli: Callable[..., CliResult], by: str, *extra: str) -> CliResult:
    return cli(
        "--lang", "en", "notices", "publish", "--title", "午间暂停",
        "--body", "12:00-13:00 暂停取号。", "--by", by, "--password-stdin", *extra,
        input=PASSWORD + "\n",
    )  # fmt: skip


def test_a_notice_published_at_one_window_reaches_another_window_of_the_hall(
    cli: Callable[..., CliResult],
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    accounts.add_user("clerk01", PASSWORD, "clerk")

    refused = publish(cli, "clerk01")
    assert refused.returncode != 0 and "clerk01 is a clerk" in refused.stderr

    published = publish(cli, "chief1", "--json")
    assert published.returncode == 0, published.stderr
    notice = json.loads(published.stdout)
    assert (notice["title"], notice["read"]) == ("午间暂停", True)  # its publisher read it
    assert (notice["published_by"], notice["publisher_name"]) == ("chief1", "chief1")
    audit = sync_store.db.execute(
        "SELECT actor, target FROM audit_log WHERE action = 'notice.publish'"
    ).fetchall()
    assert audit == [("chief1", notice["notice_id"])]

    home2, config2, store2 = second_window
    assert hall_notices(store2, "clerk02") == []
    make_engine(home2, config2, store2).run_once()
    (arrived,) = hall_notices(store2, "clerk02", unread_only=True)
    assert (arrived.notice_id, arrived.body, arrived.read) == (
        notice["notice_id"],
        "12:00-13:00 暂停取号。",
        False,
    )
    listed = cli("--lang", "en", "notices", "--unread", "--user", "clerk02", home_dir=home2.root)
    assert listed.returncode == 0, listed.stderr
    assert "午间暂停" in listed.stdout and "[unread]" in listed.stdout
    assert arrived.published_by == "chief1" and "午间暂停  (chief1)" in listed.stdout
    mark_read(store2, "clerk02", arrived.notice_id)
    again = cli(
        "--lang", "en", "notices", "--unread", "--user", "clerk02", "--json", home_dir=home2.root
    )
    assert json.loads(again.stdout) == {"notices": []}


def test_with_the_platform_down_a_notice_is_refused_and_not_kept(
    cli: Callable[..., CliResult],
    central: RunningCentral,
    enrolled: Config,
    sync_store: Store,
) -> None:
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")
    central.stop()
    refused = publish(cli, "chief1")
    assert refused.returncode != 0
    assert "The notice was not published" in refused.stderr
    assert "Publish it again once the platform is reachable" in refused.stderr
    assert hall_notices(sync_store, "chief1") == []
