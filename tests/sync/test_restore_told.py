"""The platform restored from a backup is told to the people at the window, not only to the
log: ``sync --once`` says how many acknowledged versions went again, and for a day after it
``sync status`` (text and ``--json``) and the sync button's tooltip say when the platform was
restored and how many versions the window sends again, so that a screen of 待上传 has its
reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from counter_app.cli.context import CliContext
from counter_app.config import Config
from counter_app.domain.hall_time import hall_time_text
from counter_app.home import Home
from counter_app.store.database import Store
from counter_app.store.sync_writes import requeue_acknowledged
from counter_app.store.timestamps import now_text
from sync.commands import _print_summary
from sync.engine import META_PLATFORM_EPOCH, SyncSummary
from sync.push import ACTOR
from sync.status import SyncStatus, read_status
from tests.in_process import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine
from tests.sync.offset_clock import OffsetClock
from ui.sync_status import SyncStatusButton

Cli = Callable[..., CliResult]
# What `sync status --json` said before the restore was told (/work/shared/CONTRACTS.md).
STATUS_FIELDS = {
    "connectivity",
    "backlog",
    "needs_supervisor",
    "last_success_at",
    "last_attempt_at",
    "last_error_zh",
    "last_error_en",
    "last_error_code",
    "clock_skew_seconds",
    "offline_warning_zh",
    "offline_warning_en",
    "enrolled",
    "revoked",
    "platform_address",
    "disk_warning_zh",
    "disk_warning_en",
}


def acknowledged(home: Home, config: Config, store: Store, count: int) -> None:
    """``count`` cases sent and acknowledged by the platform, its store epoch kept."""
    seed_cases(store, count, hall=HALL)
    assert make_engine(home, config, store).run_once().pushed == count


def test_sync_once_says_the_versions_it_sent_again(
    cli: Cli, home: Home, enrolled: Config, sync_store: Store
) -> None:
    acknowledged(home, enrolled, sync_store, 3)
    # The epoch the window last saw is not the platform's: IT ran counter-central restored.
    sync_store.set_meta(META_PLATFORM_EPOCH, "epoch-before-the-restore")

    synced = cli("sync", "--once")

    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.endswith("平台已从备份恢复：本次重新上传了 3 个已确认的版本。\n")
    assert "重复确认 3 件" in synced.stdout
    again = cli("--lang", "en", "sync", "--once")  # the epoch is kept: nothing more to say
    assert again.returncode == 0, again.stderr
    assert "restored" not in again.stdout


def test_a_failed_run_says_the_versions_wait_to_go_again(home: Home, capsys) -> None:
    summary = SyncSummary(
        pending=4,
        resent_after_restore=4,
        reachable=False,
        error={"code": "platform_unreachable", "message": "无法连接平台。", "message_en": "x"},
    )
    for lang, words in (
        ("zh", "平台已从备份恢复：4 个已确认的版本已重新排队，下次同步时上传。"),
        ("en", "The platform was restored from a backup: 4 acknowledged version(s) are queued"),
    ):
        config = replace(Config(), ui=replace(Config().ui, lang=lang))
        _print_summary(CliContext(home, config), summary, as_json=False)
        assert words in capsys.readouterr().out


def test_sync_status_says_the_platform_was_restored_for_a_day(
    cli: Cli, home: Home, enrolled: Config, sync_store: Store
) -> None:
    acknowledged(home, enrolled, sync_store, 2)
    with sync_store.transaction() as db:
        requeued = requeue_acknowledged(
            db, sync_store.audit, epoch="restored-epoch", actor=ACTOR, at=now_text()
        )
    assert requeued == 2
    restored_at = sync_store.db.execute(
        "SELECT at FROM audit_log WHERE action = 'sync.platform_restored'"
    ).fetchone()[0]

    text = cli("sync", "status")
    assert text.returncode == 0, text.stderr
    assert "待上传 2 件" in text.stdout
    assert (
        f"中心平台已于 {hall_time_text(restored_at)} 从备份恢复：本机已确认的 2 个版本重新上传"
        in text.stdout
    )
    english = cli("--lang", "en", "sync", "status")
    assert "restored from a backup at" in english.stdout and "its 2 acknowledged" in english.stdout
    checks = {c["name"]: c for c in json.loads(cli("doctor", "--json").stdout)["checks"]}
    assert "从备份恢复" in checks["sync"]["detail"]
    shown = json.loads(cli("sync", "status", "--json").stdout)
    assert set(shown) >= STATUS_FIELDS
    assert (shown["platform_restored_at"], shown["resent_after_restore"]) == (restored_at, 2)

    a_day_later = read_status(home, enrolled, sync_store, OffsetClock(timedelta(days=1, minutes=1)))
    assert (a_day_later.platform_restored_at, a_day_later.resent_after_restore) == (None, 0)


def test_without_a_restore_status_says_nothing_of_one(
    cli: Cli, home: Home, enrolled: Config, sync_store: Store
) -> None:
    acknowledged(home, enrolled, sync_store, 1)
    assert "从备份恢复" not in cli("sync", "status").stdout
    shown = json.loads(cli("sync", "status", "--json").stdout)
    assert (shown["platform_restored_at"], shown["resent_after_restore"]) == (None, 0)


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "从备份恢复"), ("en", "restored from a backup")]
)
def test_the_sync_buttons_tooltip_says_it(qtbot, lang: str, words: str) -> None:
    button = SyncStatusButton(lang, Config())
    qtbot.addWidget(button)
    restored = SyncStatus(
        connectivity="online",
        backlog=5,
        enrolled=True,
        platform_restored_at="2026-12-07T01:00:00.000000Z",
        resent_after_restore=7,
    )
    button.update_status(restored)
    assert words in button.toolTip() and "7" in button.toolTip()
    assert "2026-12-07 09:00:00" in button.toolTip()  # hall time
    button.update_status(SyncStatus(connectivity="online", enrolled=True))
    assert button.toolTip() == ""
