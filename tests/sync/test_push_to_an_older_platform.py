"""A window upgraded before its platform: the platform's older program refuses a field of
the case document it does not know (``extra_forbidden``). The rejection says so, and what
to do (upgrade the platform, then requeue the case), instead of asking a supervisor to
correct a case that has nothing wrong; a case with a real schema error keeps the advice to
correct it. The real platform plays the older one: its documents lack a field this window's
stored version carries."""

from __future__ import annotations

import json

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import SeededCase, seed_cases
from tests.sync.conftest import HALL, make_engine, platform_versions
from tests.sync.damage import add_unknown_field, break_case_no

NEWER_FIELD = "written_by_a_newer_release"


def _rejection(store: Store, case: SeededCase) -> dict[str, str]:
    state, error = store.db.execute(
        "SELECT state, last_error FROM outbox WHERE case_id = ?", (case.case_id,)
    ).fetchone()
    assert state == "rejected"
    rejection: dict[str, str] = json.loads(error)
    return rejection


def test_a_field_the_older_platform_does_not_know_is_told_as_such(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    seeded = seed_cases(sync_store, 4, hall=HALL)
    newer, invalid = seeded[1], seeded[2]
    add_unknown_field(sync_store, newer, NEWER_FIELD)
    break_case_no(sync_store, invalid)

    summary = make_engine(home, enrolled, sync_store).run_once()

    assert (summary.error, summary.pushed, summary.rejected) == (None, 2, 2)
    told = _rejection(sync_store, newer)
    assert told["reason"] == "validation_failed"
    zh, en = told["message_zh"], told["message_en"]
    assert "平台的程序比本窗口的旧" in zh and NEWER_FIELD in zh
    assert "办件本身无需修改" in zh and "修正" not in zh
    assert "升级" in zh and f"counter-app sync requeue {newer.case_no} --by" in zh
    assert "older than this window's" in en and "Nothing in the case needs correcting" in en
    assert f"'counter-app sync requeue {newer.case_no} --by SUPERVISOR --password-stdin'" in en
    # A case that does not fit the schema is still one to check and correct.
    wrong = _rejection(sync_store, invalid)
    assert "修正后" in wrong["message_zh"] and "case_no" in wrong["message_zh"]
    assert "correct it" in wrong["message_en"]
    stored = {seeded[0].case_id, seeded[3].case_id}
    assert set(platform_versions(central.db)) == stored
