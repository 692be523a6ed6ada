"""``AuditLog.compare_with_platform``'s words for a chain that forks from the head the platform
holds: expected after a restore (or an older copy put back) the platform has not taken a
head past yet, naming the platform command with this device's id; a tamper alarm
otherwise, as before a restore and once the platform took the chain past it."""

from __future__ import annotations

import json

from counter_app.store.audit import CHAIN_TAKEN_ACTION, AuditHead
from counter_app.store.database import Store

DEVICE = "d0f4a1c2b3e4f"


def _forked_head(store: Store) -> AuditHead:
    """A head the platform might hold at this log's last entry, but another chain's."""
    for n in range(3):
        store.audit.record("clerk1", "login.success", "clerk1", {"n": n})
    local = store.audit.head()
    return AuditHead(local.seq, "f" * 64, local.keyed_from)


def _words(store: Store, held: AuditHead) -> str:
    (problem,) = store.audit.compare_with_platform(held)
    return problem.en


def test_a_fork_is_expected_only_after_a_restore_the_platform_has_not_taken(
    store: Store,
) -> None:
    (store.home.device_dir / "platform.json").write_text(
        json.dumps({"device_id": DEVICE, "hall": "310104", "window": "W01"}), encoding="utf-8"
    )
    held = _forked_head(store)
    assert "the log was rewritten. Report it to IT at once" in _words(store, held)

    store.audit.record("admin", "backup.restore", "old.db", {})
    restored = store.audit.head().seq
    expected = _words(store, held)
    assert f"entry {restored} records a restore from a backup" in expected
    assert "expected after a restore" in expected
    assert f"counter-central audit-heads accept-fork {DEVICE} --by" in expected
    (problem,) = store.audit.compare_with_platform(held)
    assert f"accept-fork {DEVICE}" in problem.zh and "恢复后这是预期的" in problem.zh
    assert store.audit.unconfirmed_fork() == restored

    store.audit.record("sync", CHAIN_TAKEN_ACTION, None, {"held_seq": restored})
    assert store.audit.unconfirmed_fork() is None
    assert "the log was rewritten" in _words(store, held)


def test_a_log_cut_below_the_head_held_after_a_restore_is_expected_too(store: Store) -> None:
    store.audit.record("admin", "backup.restore", "old.db", {})
    local = store.audit.head()
    held = AuditHead(local.seq + 5, "f" * 64, local.keyed_from)
    words = _words(store, held)
    assert words.startswith(f"Audit log missing entries {local.seq + 1}–{local.seq + 5}")
    assert "expected after a restore" in words
    assert "accept-fork <终端号 device id>" in words  # not enrolled: no id to name
