"""``counter-central catalog prune``: the catalog versions older than the one in force (and
the ``--keep`` newest) that no case (open or closed), no submission held in conflict or
rejected and no window behind can still need are removed; the others are kept, each with
why; ``--dry-run`` changes nothing. A case pushed after the prune on a version kept for it,
or while it runs, is judged as before (not ``catalog_unknown``). On SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central import fault_injection
from central.simulator import SimulatedDevice
from central.store import CentralStore, Device, feeds, open_store, publishing, push
from central.store import devices as device_register
from central.store.base import DbCursor
from central.store.sqlite import SqliteStore
from counter_app.domain.hall_queue import CATALOG_CHANGED, CATALOG_UNKNOWN, FEE_CHANGED
from counter_app.store.catalog import bundled_catalog
from sync.wire.case_push import CaseResult, CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import STORES, CliRun, new_store_url
from tests.waiting import DEFAULT_TIMEOUT

pytestmark = pytest.mark.integration

HALL = "H-PRUNE"


@pytest.fixture(params=STORES)
def db_args(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """``--db`` and ``--key-file`` of a fresh platform store of each engine."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    return ["--db", url, "--key-file", str(tmp_path / "central.key")]


@pytest.fixture
def store(db_args: list[str]) -> Iterator[CentralStore]:
    opened = open_store(db_args[1], Path(db_args[3]))
    yield opened
    opened.close()


@pytest.fixture
def prune(run_cli: Callable[..., CliRun], db_args: list[str]) -> Callable[..., CliRun]:
    """``counter-central catalog prune ARGS --db … --key-file …``, asserted to succeed."""

    def run(*args: str) -> CliRun:
        result = run_cli("catalog", "prune", *db_args, *args)
        assert result.returncode == 0, result.stderr
        return result

    return run


def catalog(version: int, fee_cents: int | None = None) -> dict[str, Any]:
    """The bundled catalog as ``version``; with ``fee_cents``, its first item costs that."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] = version
    if fee_cents is not None:
        document["items"][0]["fee_cents"] = fee_cents
    return document


def publish(store: CentralStore, *versions: int) -> None:
    for version in versions:
        publishing.publish_document(store, "catalog", catalog(version), version)


def published(store: CentralStore) -> list[int]:
    return [v.version for v in publishing.published_versions(store, "catalog")]


class Window:
    """An enrolled window of ``HALL`` that takes cases on a catalog version and pushes them."""

    def __init__(self, store: CentralStore, window: str, number_device: str = "") -> None:
        self.store = store
        number_device = number_device or window
        code, _ = device_register.create_enroll_code(store, HALL, window, 60)
        self.device: Device = device_register.enroll(
            store, code, public_key_b64(Ed25519PrivateKey.generate()), "prune", [number_device]
        )
        self.numbering = SimulatedDevice(
            "http://127.0.0.1:9", self.device.device_id, HALL, window, number_device=number_device
        )

    def take(self, version: int, *, state: str = "accepted") -> dict[str, Any]:
        """Push a case taken now on catalog ``version`` for its first item; its submission."""
        submission, result = self.send(version, state=state)
        assert result.status == "stored", result
        return submission

    def send(
        self,
        version: int,
        *,
        state: str = "accepted",
        spoiled: bool = False,
    ) -> tuple[dict[str, Any], CaseResult]:
        """Push a new case taken now on catalog ``version`` (``spoiled``: its content hash
        wrong); the submission and its result."""
        item = bundled_catalog()["items"][0]
        case = self.numbering.case(case_id=uuid.uuid4())
        payload = case["payload"]
        payload["state"] = state
        payload["received_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        payload["service_item"].update(
            catalog_version=version, code=item["code"], name=item["name"]
        )
        payload["case_no"] = case["case_no"]
        submission = self.numbering.case(
            case_id=uuid.UUID(case["case_id"]), case_no=payload["case_no"], payload=payload
        )
        sent = {**submission, "content_hash": "0" * 64} if spoiled else submission
        (result,) = push.push_batch(
            self.store, self.device, new_nonce(), [CaseSubmission.model_validate(sent)]
        )
        return submission, result

    def send_again(self, submission: dict[str, Any]) -> CaseResult:
        (result,) = push.push_batch(
            self.store, self.device, new_nonce(), [CaseSubmission.model_validate(submission)]
        )
        return result


def test_a_dry_run_says_what_would_go_and_the_prune_removes_it(
    store: CentralStore, prune: Callable[..., CliRun]
) -> None:
    publish(store, 1, 2, 3, 4)

    dry = prune("--dry-run", "--json").json()
    assert dry["dry_run"] is True
    assert [r["version"] for r in dry["removed"]] == [1, 2, 3]
    assert all(r["size_bytes"] > 1000 for r in dry["removed"])
    ((kept),) = dry["kept"]
    assert (kept["version"], kept["in_force"]) == (4, True)
    assert published(store) == [1, 2, 3, 4]

    assert [r["version"] for r in prune("--keep", "2", "--json").json()["removed"]] == [1, 2]
    text = prune().stdout
    assert "已删除 / removed: 版本 / version 3" in text
    assert "保留 / kept: 版本 / version 4  现行版本 / in force" in text
    assert published(store) == [4]
    assert "没有可删除的版本 / no version to remove" in prune().stdout


def test_open_cases_and_windows_behind_keep_what_they_need(
    store: CentralStore, prune: Callable[..., CliRun]
) -> None:
    publish(store, 1)
    window = Window(store, "W1")
    window.take(1)  # open, taken while 1 was in force
    ended = Window(store, "W2")
    ended.take(1, state="refused")  # over: a case that is judged no more
    publish(store, 2, 3)
    late = window.take(1)  # open, taken offline on 1 while 3 was in force
    window.take(3)  # the window is on 3 by now
    ended.take(3, state="refused")
    publish(store, 4, 5, 6)

    report = prune("--json").json()
    assert [r["version"] for r in report["removed"]] == [2]
    kept = {k["version"]: k for k in report["kept"]}
    assert kept[1]["open_cases"] == 2 and kept[1]["windows"] == []
    assert kept[3]["judged_cases"] == 1
    assert kept[4]["windows"] == [f"{HALL}/W1", f"{HALL}/W2"]
    assert "2 个窗口可能仍在使用 / 2 window(s) may still be on it" in prune("--dry-run").stdout

    window.take(6)
    ended.take(6, state="refused")  # both windows have pulled the version in force
    assert [r["version"] for r in prune("--json").json()["removed"]] == [4, 5]
    assert published(store) == [1, 3, 6]

    # A new version of the late case is judged as before the prune: against 3, its own 1.
    publishing.publish_document(store, "catalog", catalog(7, fee_cents=99_900), 7)
    again = window.numbering.case(
        case_id=uuid.UUID(late["case_id"]),
        data_version=2,
        case_no=late["case_no"],
        payload={**late["payload"], "data_version": 2},
    )
    (result,) = push.push_batch(
        store, window.device, new_nonce(), [CaseSubmission.model_validate(again)]
    )
    assert result.status == "stored", result
    rows, _ = feeds.read_feed(store, "hall_queue", HALL, 0, 100)
    (flags, *_) = [r.item["flags"] for r in reversed(rows) if r.item["case_id"] == late["case_id"]]
    assert not {CATALOG_UNKNOWN, CATALOG_CHANGED, FEE_CHANGED} & set(flags)


def queue_flags(store: CentralStore, case_id: str) -> set[str]:
    """The hall queue's flags on the newest item of ``case_id``."""
    rows, _ = feeds.read_feed(store, "hall_queue", HALL, 0, 100)
    (flags, *_) = [r.item["flags"] for r in reversed(rows) if r.item["case_id"] == case_id]
    return set(flags)


def test_closed_cases_keep_their_version_for_a_window_restored_from_a_backup(
    store: CentralStore, prune: Callable[..., CliRun]
) -> None:
    publish(store, 1)
    window = Window(store, "W1")
    window.take(1, state="refused")  # over: walked back by a restored window all the same
    publish(store, 2, 3)
    window.take(3)
    publish(store, 4)

    report = prune("--json").json()
    assert [r["version"] for r in report["removed"]] == [2]
    kept = {k["version"]: k for k in report["kept"]}
    assert (kept[1]["closed_cases"], kept[1]["open_cases"], kept[1]["windows"]) == (1, 0, [])
    assert "1 件已办结的办件按此版本受理" in prune("--dry-run").stdout
    assert published(store) == [1, 3, 4]


def test_submissions_held_in_conflict_or_rejected_keep_what_a_requeue_needs(
    store: CentralStore, prune: Callable[..., CliRun]
) -> None:
    publish(store, 1, 2)
    window = Window(store, "W1")
    publish(store, 3)
    window.take(3)  # the window is on 3
    # Taken offline on 2, in a state no window takes a new case in: held for a supervisor.
    held, result = window.send(2, state="delivered")
    assert (result.status, result.reason) == ("conflict", "illegal_transition")
    publish(store, 4)

    kept = {k["version"]: k for k in prune("--json").json()["kept"]}
    assert kept[2]["held_submissions"] == 1
    assert published(store) == [2, 3, 4]

    # The supervisor's requeue (a new number) on 2 is judged on 2, not catalog_unknown.
    number = window.numbering.case_number(uuid.uuid4())
    requeued = window.numbering.case(
        case_id=uuid.UUID(held["case_id"]),
        case_no=number,
        payload={**held["payload"], "case_no": number, "state": "accepted"},
    )
    assert window.send_again(requeued).status == "stored"
    assert CATALOG_UNKNOWN not in queue_flags(store, held["case_id"])

    # A submission refused, content not kept: the window counts as on the version in force
    # when it enrolled (2) until a version of that case is stored.
    publish(store, 5)
    window.take(5)
    refused, result = window.send(4, spoiled=True)
    assert result.status == "rejected"
    publish(store, 6)
    kept = {k["version"]: k for k in prune("--json").json()["kept"]}
    assert {v for v, k in kept.items() if k["windows"]} == {2, 3, 4, 5}
    assert kept[4]["open_cases"] == 0

    assert window.send_again(refused).status == "stored"
    assert CATALOG_UNKNOWN not in queue_flags(store, refused["case_id"])
    kept = {k["version"]: k for k in prune("--json").json()["kept"]}
    assert {v for v, k in kept.items() if k["windows"]} == {5}
    assert (kept[2]["open_cases"], kept[4]["open_cases"]) == (1, 1)


def test_every_live_device_at_a_seat_keeps_its_own_floor(
    store: CentralStore, prune: Callable[..., CliRun]
) -> None:
    publish(store, 1)
    Window(store, "W1")  # enrolled on 1, no case since
    publish(store, 2, 3)
    Window(store, "W1", number_device="PC2").take(3)  # a second device at the seat, on 3
    publish(store, 4)

    kept = {k["version"]: k for k in prune("--json").json()["kept"]}
    assert sorted(kept) == [1, 2, 3, 4]
    assert kept[1]["windows"] == [f"{HALL}/W1"]


def test_a_push_during_the_prune_is_seen_before_a_version_goes(
    store: CentralStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(store, 1, 2)
    window = Window(store, "W1")
    publish(store, 3)
    window.take(3)
    publish(store, 4)

    written, release, pruning = threading.Event(), threading.Event(), threading.Event()

    def hold(cases: int) -> None:  # the push, its rows written, waits to commit
        written.set()
        assert release.wait(DEFAULT_TIMEOUT)

    # The prune is about to wait for the push: at SQLite's BEGIN (one writer at a time), at
    # PostgreSQL's lock on the nonces, the table every push writes first.
    opened, locked = store.transaction, store.lock_feed_table
    sqlite = isinstance(store, SqliteStore)

    def transaction() -> AbstractContextManager[DbCursor]:
        if threading.current_thread().name == "prune" and sqlite:
            pruning.set()
        return opened()

    def lock_feed_table(cur: DbCursor, table: str) -> None:
        if threading.current_thread().name == "prune" and table == "nonces" and not sqlite:
            pruning.set()
        locked(cur, table)

    monkeypatch.setattr(fault_injection, "batch_written", hold)
    monkeypatch.setattr(store, "transaction", transaction)
    monkeypatch.setattr(store, "lock_feed_table", lock_feed_table)
    sent: list[tuple[dict[str, Any], CaseResult]] = []
    pushing = threading.Thread(target=lambda: sent.append(window.send(2)))
    pushing.start()
    assert written.wait(DEFAULT_TIMEOUT)
    pruned: list[publishing.CatalogPrune] = []
    prune_thread = threading.Thread(
        target=lambda: pruned.append(publishing.prune_catalogs(store, 1, dry_run=False)),
        name="prune",
    )
    prune_thread.start()
    assert pruning.wait(DEFAULT_TIMEOUT)
    release.set()
    pushing.join(DEFAULT_TIMEOUT)
    prune_thread.join(DEFAULT_TIMEOUT)

    ((submission, result),) = sent
    assert result.status == "stored"
    ((report),) = pruned
    assert [r.version for r in report.removed] == [1]
    assert published(store) == [2, 3, 4]
    assert CATALOG_UNKNOWN not in queue_flags(store, submission["case_id"])
