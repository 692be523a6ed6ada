"""The platform's reading of 好差评 from a case version: the row ``counter-central
evaluations`` lists (overdue limits as of the platform's today), the listing itself on
SQLite and PostgreSQL (newest version, one hall; only the rated cases opened, the same rows
as opening every case; an existing store learns its rated cases at its next start), the
hall queue's ``bad_rating`` flag while the follow-up is open, and a bad online rating listed
with the follow-up the accepting window opened for it, steps and all."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, backfill, evaluations, open_store, tracking
from central.store import cases as case_store
from central.store.case_summaries import COLUMNS, version_summary
from central.store.evaluations import evaluation_row, online_row
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.hall_time import hall_today
from counter_app.domain.tracking import token_digest
from tests.central.conftest import push_ok, tracked_case, unique_hall
from tests.central.evaluation_rows import every_evaluation
from tests.central.server_fixture import RunningCentral

STORED = Path(__file__).parents[1] / "domain" / "data" / "case_documents_before_typing.json"


def _rated(steps: list[str], document: dict[str, Any] | None = None) -> CaseDocument:
    if document is None:
        document = json.loads(STORED.read_text(encoding="utf-8"))[0]
    document["evaluation"] = {
        "channel": "hall_evaluator",
        "level": 2,
        "declined": False,
        "reason_code": "waiting",
        "reason": None,
        "window": "W03",
        "clerk": "clerk3",
        "at": "2026-09-24T02:00:00.000000Z",
    }
    document["evaluation_followup"] = {
        "opened_at": "2026-09-24T02:00:00.000000Z",
        "due_contact": "2026-09-28",
        "due_settle": "2026-10-09",
        "due_rectify": "2026-10-22",
        "steps": [
            {"step": step, "note": "n", "by": "chief1", "at": "2026-09-25T02:00:00.000000Z"}
            for step in steps
        ],
    }
    return CaseDocument.from_json(document)


def _rated_online_and_followed_up(document: dict[str, Any], *steps: str) -> CaseDocument:
    """``document`` as the accepting window makes it after a level 2 online rating opened the
    follow-up there and ``steps`` were recorded."""
    followup = _rated(list(steps), dict(document)).to_json()["evaluation_followup"]
    return CaseDocument.from_json(
        {
            **document,
            "online_evaluation": {
                "channel": "online",
                "level": 2,
                "declined": False,
                "reason_code": "waiting",
                "reason": None,
                "window": document["window"],
                "clerk": document["clerk"],
                "at": "2026-09-24T01:59:00.000000Z",
            },
            "evaluation_followup": {**followup, "opened_at": "2026-09-24T02:00:00.000000Z"},
        }
    )


def _flags(document: CaseDocument) -> list[str]:
    row = version_summary(document, hall="H1", window="W03", at="2026-09-24T02:00:00Z")
    return json.loads(row[COLUMNS.index("flags")])


def test_the_listing_row_says_what_is_overdue_on_the_platforms_day() -> None:
    row = evaluation_row(_rated([]), hall="H1", today=date(2026, 10, 12))
    assert row is not None
    assert (row["window"], row["clerk"], row["level"], row["reason_code"]) == (
        "W03",
        "clerk3",
        2,
        "waiting",
    )
    assert (row["followup"]["state"], row["followup"]["overdue"]) == ("open", ["contact", "settle"])
    contacted = evaluation_row(_rated(["contacted"]), hall="H1", today=date(2026, 10, 12))
    assert contacted is not None and contacted["followup"]["overdue"] == ["settle"]


def test_an_online_bad_rating_is_listed_with_the_follow_up_the_window_opened() -> None:
    stored = json.loads(STORED.read_text(encoding="utf-8"))[0]
    document = _rated_online_and_followed_up(stored, "contacted")
    online = {"channel": "online", "level": 2, "reason_code": "waiting", "at": "…"}
    row = online_row(document, "H1", today=date(2026, 10, 12), **online)
    assert row["followup"] is not None
    assert [s["step"] for s in row["followup"]["steps"]] == ["contacted"]
    assert (row["followup"]["state"], row["followup"]["overdue"]) == ("contacted", ["settle"])
    # The applicant's good rating at the hall is not what is followed up.
    hall_rating = {**document.to_json()["online_evaluation"], "channel": "hall_evaluator"}
    rated_well = CaseDocument.from_json(
        document.to_json() | {"evaluation": {**hall_rating, "level": 5, "reason_code": None}}
    )
    hall_row = evaluation_row(rated_well, hall="H1", today=date(2026, 10, 12))
    assert hall_row is not None and hall_row["followup"] is None


def test_an_open_follow_up_flags_the_case_in_the_hall_queue() -> None:
    assert "bad_rating" in _flags(_rated(["contacted"]))
    assert "bad_rating" not in _flags(_rated(["contacted", "finding", "rectified"]))
    # An appeal keeps it open until the platform upholds it.
    assert "bad_rating" in _flags(_rated(["appeal"]))
    assert "bad_rating" not in _flags(_rated(["appeal", "appeal_upheld"]))


@pytest.mark.integration
def test_the_listing_reads_the_newest_version_of_the_halls_cases(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    device, stranger = enrol(hall, "W3"), enrol()
    case_id = uuid.uuid4()
    first = synthetic_payload(case_id, 1, device.case_number(case_id))
    rated = _rated(["contacted"], first.to_json() | {"data_version": 2})
    push_ok(device, [device.case(case_id=case_id, payload=first.to_json())])
    assert every_evaluation(store, hall) == []
    second = device.case(case_id=case_id, data_version=2, payload=rated.to_json())
    assert [r["status"] for r in push_ok(device, [second, device.case()])] == ["stored", "stored"]
    push_ok(stranger, [stranger.case()])
    (row,) = every_evaluation(store, hall)
    assert (row["case_no"], row["hall"], row["level"]) == (first.case_no, hall, 2)
    assert [step["step"] for step in row["followup"]["steps"]] == ["contacted"]


def _push_versions(device: SimulatedDevice, *rated: bool, together: bool = False) -> str:
    """A new case of ``device`` pushed version by version (each in its own batch, or all in
    one when ``together``), version ``n`` carrying a hall rating when ``rated[n - 1]``; its
    case id."""
    case_id = uuid.uuid4()
    submissions = []
    for version, with_rating in enumerate(rated, start=1):
        document = synthetic_payload(case_id, version, device.case_number(case_id)).to_json()
        if with_rating:
            document = _rated([], document).to_json()
        submissions.append(device.case(case_id=case_id, data_version=version, payload=document))
    for batch in [submissions] if together else [[s] for s in submissions]:
        assert {r["status"] for r in push_ok(device, batch)} == {"stored"}
    return str(case_id)


def _rated_online(store: CentralStore, device: SimulatedDevice, *, in_hall: bool) -> str:
    """A new tracked case rated on its progress page (level 2), and also at the hall's
    evaluator when ``in_hall``; its case id."""
    submission, token = tracked_case(device)
    if in_hall:
        submission = device.case(
            case_id=uuid.UUID(submission["case_id"]),
            case_no=submission["case_no"],
            payload=_rated([], submission["payload"]).to_json(),
        )
    push_ok(device, [submission])
    assert tracking.record_online_evaluation(store, token_digest(token), 2, "waiting")
    return str(submission["case_id"])


@pytest.mark.integration
def test_the_steps_of_an_online_ratings_follow_up_reach_the_listing(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    submission, token = tracked_case(device)
    push_ok(device, [submission])
    assert tracking.record_online_evaluation(store, token_digest(token), 2, "waiting")
    (row,) = every_evaluation(store, device.hall)
    assert (row["channel"], row["followup"]) == ("online", None)  # not at the window yet
    followed_up = _rated_online_and_followed_up(
        submission["payload"] | {"data_version": 2}, "contacted"
    )
    version = device.case(
        case_id=uuid.UUID(submission["case_id"]),
        case_no=submission["case_no"],
        data_version=2,
        payload=followed_up.to_json(),
    )
    assert [r["status"] for r in push_ok(device, [version])] == ["stored"]
    (row,) = every_evaluation(store, device.hall)
    assert (row["channel"], row["level"]) == ("online", 2)
    assert row["followup"]["state"] == "contacted"
    assert [(s["step"], s["by"]) for s in row["followup"]["steps"]] == [("contacted", "chief1")]


def _by_opening_every_case(store: CentralStore, hall: str | None) -> list[dict[str, Any]]:
    """The listing as it was made before the store kept its rated cases: the newest version
    of every case opened, oldest case first."""
    listed_cases = list(case_store.chosen_cases(store, case_store.CaseChoice(hall=hall)))
    with store.snapshot() as cur:
        online = {
            r[0]: dict(zip(("channel", "level", "reason_code", "at"), r[1:], strict=True))
            for r in store._exec(
                cur, "SELECT case_id, channel, level, reason_code, at FROM online_evaluations"
            ).fetchall()
        }
        documents = [
            (case["hall"], case_store.latest_document(store, cur, case["case_id"]))
            for case in listed_cases
        ]
    listed = []
    for case_hall, document in documents:
        row = evaluation_row(document, hall=case_hall, today=hall_today())
        if row is not None:
            listed.append(row)
        if str(document.case_id) in online:
            listed.append(
                online_row(document, case_hall, today=hall_today(), **online[str(document.case_id)])
            )
    return listed


def _rated_case_ids(store: CentralStore) -> set[str]:
    with store.snapshot() as cur:
        return {row[0] for row in store._exec(cur, "SELECT case_id FROM rated_cases").fetchall()}


@pytest.mark.integration
def test_the_listing_gives_what_opening_every_case_gave(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    _push_versions(device, False)
    rated = _push_versions(device, True)
    rated_later = _push_versions(device, False, True)
    unrated_later = _push_versions(device, True, False)
    rated_in_one_batch = _push_versions(device, False, True, together=True)
    unrated_in_one_batch = _push_versions(device, True, False, together=True)
    online = _rated_online(store, device, in_hall=False)
    both = _rated_online(store, device, in_hall=True)
    listed = every_evaluation(store, device.hall)
    assert [(r["case_id"], r["channel"]) for r in listed] == [
        (rated, "hall_evaluator"),
        (rated_later, "hall_evaluator"),
        (rated_in_one_batch, "hall_evaluator"),
        (online, "online"),
        (both, "hall_evaluator"),
        (both, "online"),
    ]
    assert listed == _by_opening_every_case(store, device.hall)
    assert every_evaluation(store) == _by_opening_every_case(store, None)
    assert not {unrated_later, unrated_in_one_batch} & _rated_case_ids(store)


@pytest.mark.integration
def test_the_listing_opens_only_the_rated_cases(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    rated = _push_versions(device, True)
    unrated = _push_versions(device, True, False)
    # An unrated case whose payload cannot be opened: the listing must not need it.
    with store.transaction() as cur:
        sealed = store._exec(
            cur,
            "SELECT data_version, payload_sealed FROM case_versions WHERE case_id = ?",
            (unrated,),
        ).fetchall()
        store._exec(
            cur,
            "UPDATE case_versions SET payload_sealed = ? WHERE case_id = ?",
            (b"no sealed payload", unrated),
        )
    try:
        assert [r["case_id"] for r in every_evaluation(store, device.hall)] == [rated]
    finally:
        with store.transaction() as cur:
            store._many(
                cur,
                "UPDATE case_versions SET payload_sealed = ? WHERE case_id = ? AND data_version = ?",
                [(payload, unrated, version) for version, payload in sealed],
            )


@pytest.mark.integration
def test_an_existing_store_learns_its_rated_cases_at_its_next_start(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    unrated = {_push_versions(device, False), _push_versions(device, True, False)}
    rated = _push_versions(device, True)
    rated_later = _push_versions(device, False, True)
    online = _rated_online(store, device, in_hall=False)
    expected = _by_opening_every_case(store, device.hall)
    assert [r["case_id"] for r in expected] == [rated, rated_later, online]
    # The store as the platform before rated_cases left it.
    with store.transaction() as cur:
        store._exec(cur, "DROP TABLE rated_cases")
        store._exec(cur, "DELETE FROM meta WHERE key = ?", (evaluations.BACKFILL_KEY,))
    for _ in range(2):  # the second start finds the work done
        open_store(central.db, central.key_file).close()
        rated_cases = _rated_case_ids(store)
        assert {rated, rated_later} <= rated_cases and not unrated & rated_cases
        assert every_evaluation(store, device.hall) == expected
    assert every_evaluation(store) == _by_opening_every_case(store, None)


@pytest.mark.integration
def test_an_interrupted_upgrade_carries_on_where_it_stopped(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    first, second = sorted([_push_versions(device, True), _push_versions(device, True)])
    # Stopped after the first of these cases: the rows up to it were written with it.
    with store.transaction() as cur:
        store._exec(cur, "DELETE FROM rated_cases WHERE case_id IN (?, ?)", (first, second))
        store._exec(
            cur, "UPDATE meta SET value = ? WHERE key = ?", (first, evaluations.BACKFILL_KEY)
        )
    open_store(central.db, central.key_file).close()
    assert second in _rated_case_ids(store) and first not in _rated_case_ids(store)
    with store.snapshot() as cur:
        done = store._exec(
            cur, "SELECT value FROM meta WHERE key = ?", (evaluations.BACKFILL_KEY,)
        ).fetchone()
    assert done == (backfill.BACKFILL_DONE,)


@pytest.mark.integration
def test_a_damaged_row_does_not_stop_the_upgrade_and_is_named_in_the_log(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = enrol()
    rated = _push_versions(device, True)
    damaged = _push_versions(device, True)
    with store.transaction() as cur:
        store._exec(cur, "DROP TABLE rated_cases")
        store._exec(cur, "DELETE FROM meta WHERE key = ?", (evaluations.BACKFILL_KEY,))
        store._exec(
            cur,
            "UPDATE case_versions SET payload_sealed = ? WHERE case_id = ?",
            (b"no sealed payload", damaged),
        )
    with caplog.at_level("ERROR", logger="central.store"):
        open_store(central.db, central.key_file).close()
    assert rated in _rated_case_ids(store) and damaged not in _rated_case_ids(store)
    assert f"case_versions:{damaged}:1" in caplog.text and "listed as unrated" in caplog.text
