"""How old the appointment list is (probe q6: a window last synced yesterday 19:06 said "没有
预约" for today): ``arrivals`` says when its list is from, and doctor warns when today's was
not refreshed today; a window that never pulled the feed gets no such check."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.doctor import run_checks
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from tests.in_process import CliResult


def _downloaded(store: Store, at: datetime) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT INTO feed_cursors (feed, cursor, updated_at) VALUES ('arrivals', 'c1', ?)",
            (to_text(at),),
        )


def test_arrivals_says_its_list_is_yesterday_s(cli: Callable[..., CliResult], store: Store) -> None:
    with store.home.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[sync]\nurl = "https://127.0.0.1:9"\n')
    said = cli("arrivals")
    assert said.returncode == 0, said.stderr
    assert "本机尚未从中心平台下载过预约清单" in said.stdout and "sync --once" in said.stdout
    assert json.loads(cli("arrivals", "--json").stdout)["as_of"] is None

    yesterday = datetime.now(UTC) - timedelta(days=1)
    _downloaded(store, yesterday)
    said = cli("arrivals")
    assert "预约清单截至" in said.stdout and "今天尚未更新" in said.stdout
    assert "没有预约或网上申报" in said.stdout
    listed = json.loads(cli("arrivals", "--json").stdout)
    assert listed["as_of"] == to_text(yesterday) and listed["downloaded"] is True
    english = cli("--lang", "en", "arrivals")
    assert "List as of" in english.stdout and "not refreshed today" in english.stdout


def test_doctor_warns_when_today_s_list_was_not_refreshed_today(
    home: Home, config: Config, store: Store
) -> None:
    now = datetime.now(UTC)
    assert "arrivals" not in {c.name for c in run_checks(home, config, now=lambda: now)}
    _downloaded(store, now - timedelta(days=1))
    arrivals = {c.name: c for c in run_checks(home, config, now=lambda: now)}["arrivals"]
    assert arrivals.status == "warn" and "今天尚未更新" in arrivals.detail
    later = now + timedelta(days=1)
    refreshed = {c.name: c for c in run_checks(home, config, now=lambda: later)}["arrivals"]
    assert refreshed.status == "warn"
    with store.transaction() as db:
        db.execute("UPDATE feed_cursors SET updated_at = ?", (to_text(later),))
    refreshed = {c.name: c for c in run_checks(home, config, now=lambda: later)}["arrivals"]
    assert refreshed.status == "ok" and "预约清单截至" in refreshed.detail
