"""A member's own new password at the window is none of the account's last five (等保), kept
as verifiers only; and the training hall's published sample password is refused for every
account outside the training hall."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.domain.staff import (
    TRAINING_PASSWORD,
    WeakPassword,
    hash_password,
    verify_password,
)
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store import database
from counter_app.store.database import Store, open_store
from counter_app.store.migrations.registry import MIGRATIONS
from tests.conftest import MINIMAL_USER_CONFIG

FIRST = "Counter-2026-ok"
LATER = [f"Counter-{year}-ok" for year in range(2027, 2032)]


def _history(store: Store, username: str) -> list[str]:
    row = store.db.execute(
        "SELECT earlier_password_hashes FROM users WHERE username = ?", (username,)
    ).fetchone()
    earlier: list[str] = json.loads(row[0])
    return earlier


def test_a_member_may_not_go_back_to_any_of_their_last_five_passwords(store: Store) -> None:
    accounts = Accounts(store)
    accounts.add_user("super01", FIRST, "supervisor")
    accounts.change_password("super01", "Other-Pass-2026", actor="super01", old_password=FIRST)
    with pytest.raises(WeakPassword) as refused:
        accounts.change_password("super01", FIRST, actor="super01", old_password="Other-Pass-2026")
    assert "不能与最近5次用过的密码相同" in refused.value.zh
    assert "last 5 passwords" in refused.value.en
    assert accounts.authenticate("super01", "Other-Pass-2026").username == "super01"

    current = "Other-Pass-2026"
    for new in LATER[:4]:
        accounts.change_password("super01", new, actor="super01", old_password=current)
        current = new
    # The last five are "Other-Pass-2026" and four later ones: FIRST, sixth, is allowed again.
    with pytest.raises(WeakPassword):
        accounts.change_password(
            "super01", "Other-Pass-2026", actor="super01", old_password=current
        )
    accounts.change_password("super01", FIRST, actor="super01", old_password=current)
    assert accounts.authenticate("super01", FIRST).username == "super01"


def test_the_history_holds_verifiers_of_the_four_passwords_before_the_current(
    store: Store,
) -> None:
    accounts = Accounts(store)
    accounts.add_user("li.ming", FIRST, "clerk")
    assert _history(store, "li.ming") == []  # a new account starts with its first change
    passwords = [FIRST, *LATER]
    for old, new in itertools.pairwise(passwords):
        accounts.change_password("li.ming", new, actor="li.ming", old_password=old)
    earlier = _history(store, "li.ming")
    assert len(earlier) == 4
    assert all(verifier.startswith("scrypt$") for verifier in earlier)
    # Newest first: the four before the current one; the oldest two have dropped out.
    assert [verify_password(LATER[3 - i], verifier) for i, verifier in enumerate(earlier)] == [
        True
    ] * 4
    stored = json.dumps(list(store.db.execute("SELECT * FROM users").fetchall()), default=str)
    assert not any(password in stored for password in passwords)


def test_an_administrators_reset_is_kept_in_the_history(store: Store) -> None:
    accounts = Accounts(store)
    accounts.add_user("li.ming", FIRST, "clerk")
    accounts.change_password("li.ming", LATER[0], actor="admin")  # a reset: not checked
    with pytest.raises(WeakPassword):
        accounts.change_password("li.ming", FIRST, actor="li.ming", old_password=LATER[0])
    accounts.change_password("li.ming", LATER[1], actor="li.ming", old_password=LATER[0])
    assert not accounts.get("li.ming").must_change_password


def test_an_account_made_before_the_history_starts_it_at_its_next_change(
    home: Home,
) -> None:
    config = load_config(home)
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before="m0048_password_history")
    conn: sqlite3.Connection = db.conn
    with conn:
        conn.execute(
            "INSERT INTO users (username, display_name, role, password_hash, created_at,"
            " password_changed_at) VALUES ('old.hand', 'old.hand', 'clerk', ?,"
            " '2026-01-05T01:00:00.000000Z', '2026-01-05T01:00:00.000000Z')",
            (hash_password(FIRST),),
        )
    conn.close()
    store = open_store(home, config)
    try:
        accounts = Accounts(store)
        assert _history(store, "old.hand") == []
        with pytest.raises(WeakPassword):  # the current one, as before the history
            accounts.change_password("old.hand", FIRST, actor="old.hand", old_password=FIRST)
        accounts.change_password("old.hand", LATER[0], actor="old.hand", old_password=FIRST)
        assert len(_history(store, "old.hand")) == 1
        with pytest.raises(WeakPassword):
            accounts.change_password("old.hand", FIRST, actor="old.hand", old_password=LATER[0])
    finally:
        store.close()


def test_the_published_training_password_is_refused_outside_the_training_hall(
    store: Store,
) -> None:
    assert not store.config.is_training
    accounts = Accounts(store)
    with pytest.raises(WeakPassword) as refused:
        accounts.add_user("clerk01", TRAINING_PASSWORD, "clerk")
    assert "培训" in refused.value.zh and "training hall" in refused.value.en
    assert accounts.list_users() == []
    accounts.add_user("clerk01", FIRST, "clerk")
    with pytest.raises(WeakPassword):
        accounts.change_password("clerk01", TRAINING_PASSWORD, actor="admin")
    with pytest.raises(WeakPassword):
        accounts.change_password("clerk01", TRAINING_PASSWORD, actor="clerk01", old_password=FIRST)
    assert accounts.authenticate("clerk01", FIRST).username == "clerk01"


def test_the_training_hall_keeps_its_published_sample_password(tmp_path: Path) -> None:
    home = Home(tmp_path / "training").claim(training=True)
    home.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    store = open_store(home, load_config(home))
    try:
        assert store.config.is_training
        accounts = Accounts(store)
        accounts.add_user("clerk01", TRAINING_PASSWORD, "clerk")
        assert accounts.authenticate("clerk01", TRAINING_PASSWORD).username == "clerk01"
    finally:
        store.close()
