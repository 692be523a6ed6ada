"""Review states through a real platform, in the spirit of ODK Central's: a supervisor at
W01 reviews W02's case (a rejection needs a reason); the review is kept at once, reaches the
platform at the next sync and W02 through the reviews feed; a later edit makes the case
``edited`` again. The queue shows and filters review states."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from sync.engine import SyncEngine
from tests.conftest import CliResult
from tests.sync.backlog import add_version, seed_cases
from tests.sync.conftest import HALL, make_engine

pytestmark = pytest.mark.integration

PASSWORD = "Counter-Pass-2026!"


def _synced_with_a_supervisor(
    home: Home, config: Config, store: Store, other: SyncEngine
) -> SyncEngine:
    """W02 (``other``) pushes its cases, W01 pulls them and has a supervisor, chief1; W01's
    engine."""
    other.run_once()
    engine = make_engine(home, config, store)
    engine.run_once()
    Accounts(store).add_user("chief1", PASSWORD, "supervisor")
    return engine


def test_a_review_given_at_one_window_reaches_the_platform_and_the_other_window(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    home_b, config_b, store_b = second_window
    (theirs,) = seed_cases(store_b, 1, hall=HALL, window="W02")
    engine_b = make_engine(home_b, config_b, store_b)
    engine_a = _synced_with_a_supervisor(home, enrolled, sync_store, engine_b)

    def review(*args: str) -> CliResult:
        return cli(
            "--lang", "en", "review", theirs.case_no, *args, "--by", "chief1",
            "--password-stdin", "--json", input=PASSWORD + "\n",
        )  # fmt: skip

    def reviews(*args: str) -> dict[str, str]:
        listed = cli("--lang", "en", "queue", "--hall", *args, "--json")
        assert listed.returncode == 0, listed.stderr
        return {c["case_no"]: c["review"] for c in json.loads(listed.stdout)["cases"]}

    assert reviews() == {theirs.case_no: "received"}
    unexplained = review("--state", "rejected")
    assert unexplained.returncode != 0 and "needs a reason" in unexplained.stderr
    given = review("--state", "rejected", "--reason", "材料与原件不符 copies differ")
    assert given.returncode == 0, given.stderr
    assert json.loads(given.stdout)["sent"] is False
    assert reviews() == {theirs.case_no: "rejected"}
    assert reviews("--review", "approved") == {}
    assert reviews("--review", "rejected") == {theirs.case_no: "rejected"}

    assert engine_a.run_once().reviews == 1
    assert engine_a.run_once().reviews == 0  # taken once; nothing left to send
    engine_b.run_once()
    held = store_b.db.execute(
        "SELECT state, reason, reviewed_by, data_version FROM case_reviews WHERE case_id = ?",
        (theirs.case_id,),
    ).fetchall()
    assert [tuple(r) for r in held] == [("rejected", "材料与原件不符 copies differ", "chief1", 1)]

    # W02 corrects the case: a new version, no longer the one reviewed.
    add_version(store_b, theirs, "copies replaced")
    engine_b.run_once()
    engine_a.run_once()
    assert reviews() == {theirs.case_no: "edited"}


def test_a_supervisor_reviews_several_cases_at_once_all_or_none(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
) -> None:
    home_b, config_b, store_b = second_window
    theirs = seed_cases(store_b, 2, hall=HALL, window="W02")
    engine_a = _synced_with_a_supervisor(
        home, enrolled, sync_store, make_engine(home_b, config_b, store_b)
    )
    numbers = [case.case_no for case in theirs]

    def review(*cases: str) -> CliResult:
        return cli(
            "--lang", "en", "review", *cases, "--state", "approved", "--by", "chief1",
            "--password-stdin", "--json", input=PASSWORD + "\n",
        )  # fmt: skip

    unknown = review(*numbers, "NO-SUCH-CASE")
    assert unknown.returncode != 0 and "NO-SUCH-CASE" in unknown.stderr
    assert sync_store.db.execute("SELECT COUNT(*) FROM case_reviews").fetchone()[0] == 0

    given = review(*numbers, numbers[0])  # named twice: reviewed once
    assert given.returncode == 0, given.stderr
    lines = [json.loads(line) for line in given.stdout.splitlines()]
    assert [(r["case_no"], r["state"]) for r in lines] == [(n, "approved") for n in numbers]
    assert engine_a.run_once().reviews == 2
