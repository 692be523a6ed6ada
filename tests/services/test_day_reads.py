"""The reads of this workstation's cases by hall day (the end of day, the case list of a day)
and by clerk (the intake screen's recent items) on a store with the cases that test where a
day starts and ends: taken a microsecond either side of the hall's midnight, imported,
written before the day column existed, at another window of the same workstation. Each read
gives exactly the rows the former scan of every case gave, and none scans the cases table."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from counter_app.config import Config, load_config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.services.end_of_day import day_report
from counter_app.store import database
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.cases import list_cases
from counter_app.store.catalog import ensure_bundled_catalog, recent_items
from counter_app.store.database import Store, open_store
from counter_app.store.end_of_day import fees, state_counts, unacknowledged
from counter_app.store.migrations.registry import MIGRATIONS
from counter_app.store.timestamps import from_text
from tests.services.conftest import complete_marks, item_named, request_for, resident_number
from tests.services.end_of_day_cases import answer
from tests.services.import_lines import line

DAY = date(2026, 11, 26)  # a Thursday; the hall's midnight before it is 16:00 UTC on the 25th
MIDNIGHT = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
JUST_BEFORE = timedelta(microseconds=-1)
ALLOWANCE = "老年综合津贴申领"
FEE_ITEM = "上海市居住证卡补领、换领"  # owes a fee: a case_payments row
DAYS = (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1), DAY + timedelta(days=30))

# The reads as they were, by the day column and the clerk column: every case scanned. The
# oracle the reads through the created_at indexes are held to.
SCAN_STATE_COUNTS = (
    "SELECT window_code, state, count(*), sum(sync_state = 'synced') FROM cases"
    " WHERE day = ? GROUP BY window_code, state"
)
SCAN_FEES = (
    "SELECT c.window_code, count(*), sum(p.fee_cents), sum(p.paid_at IS NOT NULL)"
    " FROM case_payments p JOIN cases c ON c.case_id = p.case_id WHERE c.day = ?"
    " GROUP BY c.window_code"
)
SCAN_UNACKNOWLEDGED = (
    "SELECT window_code, case_no, sync_state FROM cases WHERE day = ? AND sync_state != 'synced'"
    " ORDER BY case_no"
)
SCAN_DAY_LIST = "SELECT case_id FROM cases WHERE day = ? ORDER BY created_at DESC"
SCAN_RECENT_ITEMS = (
    "SELECT service_item_code FROM cases WHERE clerk = ? GROUP BY service_item_code"
    " ORDER BY max(created_at) DESC LIMIT ?"
)
FULL_SCAN = re.compile(r"^SCAN (c|cases|o|online_ratings)\b")  # the day's online ratings too


@dataclass(frozen=True)
class EdgeStore:
    store: Store
    legacy_case_no: str  # written before the day column (m0002): it has no day


def _legacy_case(home: Home) -> str:
    """A case as the first schema (before m0002) wrote it, on ``DAY``."""
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before="m0002_domain_intake")
    at, case_no = "2026-11-26T02:00:00.000000Z", "310104-TRAIN-W01-OLD1-20261126-0001"
    with db.conn:
        db.conn.execute(
            "INSERT INTO applicants (applicant_id, applicant_type, name, id_type,"
            " id_number_enc, id_number_index, id_number_masked, created_at)"
            " VALUES ('a-old', 'person', '旧案', '111', x'00', 'i-old', '3101**********0000', ?)",
            (at,),
        )
        db.conn.execute(
            "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
            " situation_code, applicant_id, hall_code, window_code, device_id, clerk,"
            " created_at, updated_at) VALUES ('c-old', ?, 'accepted',"
            " '11310104002425207D006001100001', 1, 'S1', 'a-old', '310104-TRAIN', 'W01',"
            " 'OLD1', 'clerk1', ?, ?)",
            (case_no, at, at),
        )
    db.conn.close()
    return case_no


def _opened(home: Home, config: Config) -> Store:
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    return store


def _accept(store: Store, clerk: User, item_name: str, at: datetime, seq: int) -> str:
    item = item_named(store, item_name)
    request = request_for(item, complete_marks(item))
    request = replace(
        request,
        applicant=replace(request.applicant, id_number=resident_number(f"31010419800101{seq:03d}")),
    )
    return intake.accept(store, request, clerk, now=at).case_id


@pytest.fixture
def edge_store(home: Home, config: Config, clerk: User) -> Iterator[EdgeStore]:
    legacy = _legacy_case(home)
    store = _opened(home, config)
    edges = [MIDNIGHT + JUST_BEFORE, MIDNIGHT, MIDNIGHT + timedelta(days=1) + JUST_BEFORE]
    edges.append(MIDNIGHT + timedelta(days=1))
    taken = [_accept(store, clerk, ALLOWANCE, at, seq) for seq, at in enumerate(edges)]
    taken.append(_accept(store, clerk, FEE_ITEM, MIDNIGHT + timedelta(hours=3), 10))
    item = item_named(store, ALLOWANCE)
    marks = complete_marks(item)
    notified = replace(request_for(item, marks[:1]), request_id=None)
    intake.notify(store, notified, clerk, now=MIDNIGHT + timedelta(hours=4))
    for seq, at in enumerate((MIDNIGHT, MIDNIGHT + timedelta(days=1) + JUST_BEFORE), start=20):
        imported = import_file_line(store, clerk, seq, line(seq).encode(), now=at)
        assert imported["status"] == "accepted", imported
    for case_id in taken[1:3]:
        answer(store, case_id, "stored")
    store.close()
    # The same workstation set up as another window: its earlier cases stay in its store.
    home.config_path.write_text(
        home.config_path.read_text(encoding="utf-8").replace('"W01"', '"W02"'), encoding="utf-8"
    )
    store = _opened(home, load_config(home))
    colleague = User("clerk2", "窗口二", "clerk", None, False)
    _accept(store, colleague, FEE_ITEM, MIDNIGHT + timedelta(hours=5), 30)
    _accept(store, colleague, ALLOWANCE, MIDNIGHT + timedelta(hours=6), 31)
    # Past the recent items folded at the opening: this clerk's newest item is another now.
    _accept(store, clerk, FEE_ITEM, MIDNIGHT + timedelta(days=1, hours=2), 32)
    try:
        yield EdgeStore(store, legacy)
    finally:
        store.close()


def test_every_case_of_a_day_was_created_within_the_hall_day(edge_store: EdgeStore) -> None:
    """What the reads rely on: a case's day is the hall-local date of its created_at, for
    every case intake or an import wrote; the case from before m0002 has no day at all."""
    rows = edge_store.store.db.execute("SELECT case_no, day, created_at FROM cases").fetchall()
    assert len(rows) == 12
    for case_no, day, created_at in rows:
        if case_no == edge_store.legacy_case_no:
            assert day is None
        else:
            assert day == hall_today(from_text(created_at)).isoformat(), case_no
            assert day.replace("-", "") in case_no


def test_the_days_reads_give_the_rows_the_scan_gave(edge_store: EdgeStore) -> None:
    store = edge_store.store
    seen = 0
    for day in DAYS:
        key = (day.isoformat(),)
        scanned = store.db.execute(SCAN_STATE_COUNTS, key).fetchall()
        counted = [
            (s.window_code, s.state, s.cases, s.acknowledged) for s in state_counts(store, day)
        ]
        assert sorted(counted) == sorted(scanned), day
        seen += sum(row[2] for row in scanned)
        owed = [(f.window_code, f.recorded, f.recorded_cents, f.paid) for f in fees(store, day)]
        assert sorted(owed) == sorted(store.db.execute(SCAN_FEES, key).fetchall()), day
        open_cases = [(u.window_code, u.case_no, u.sync_state) for u in unacknowledged(store, day)]
        assert open_cases == store.db.execute(SCAN_UNACKNOWLEDGED, key).fetchall(), day
        listed = [c.case_id for c in list_cases(store, day=day, limit=None)]
        assert listed == [r[0] for r in store.db.execute(SCAN_DAY_LIST, key)], day
    assert seen == 11  # every case but the one without a day
    # The figures of the day itself, as the supervisor sees them: both windows, both fees.
    figures = day_report(store, DAY).to_dict()
    assert [(w["window_code"], w["cases"]) for w in figures["windows"]] == [("W01", 6), ("W02", 2)]


def test_recent_items_are_the_ones_the_scan_gave(edge_store: EdgeStore) -> None:
    """From the rows folded at the last opening and the cases written since."""
    store = edge_store.store
    folded = store.db.execute("SELECT clerk, count(*) FROM clerk_items GROUP BY clerk")
    assert folded.fetchall() == [("clerk1", 2)]
    for clerk in ("clerk1", "clerk2", "nobody"):
        for limit in (1, 2, 8):
            scanned = [r[0] for r in store.db.execute(SCAN_RECENT_ITEMS, (clerk, limit))]
            assert [i.code for i in recent_items(store, clerk, limit)] == scanned, (clerk, limit)
    assert [i.name for i in recent_items(store, "clerk1")] == [FEE_ITEM, ALLOWANCE]


def _plans(conn: sqlite3.Connection, statements: list[str]) -> list[tuple[str, str]]:
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    return [
        (statement, row[3])
        for statement in selects
        for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")
    ]


def test_no_read_of_a_day_or_of_recent_items_scans_the_cases(edge_store: EdgeStore) -> None:
    """Each accept writes every index of cases: rather than an index on day or clerk, these
    reads find their cases through the indexes an accept writes anyway."""
    store = edge_store.store
    statements: list[str] = []
    conn = store.db.conn
    conn.set_trace_callback(statements.append)
    try:
        day_report(store, DAY)
        list_cases(store, day=DAY)
        recent_items(store, "clerk1")
    finally:
        conn.set_trace_callback(None)
    plans = _plans(conn, statements)
    assert len({statement for statement, _ in plans}) >= 9  # each read was seen
    assert [(s, detail) for s, detail in plans if FULL_SCAN.match(detail)] == []


@pytest.fixture
def new_york() -> Iterator[None]:
    """The PC's zone set far from the hall's: a naive time is no longer UTC by accident."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "America/New_York")
        time.tzset()
        yield
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_a_naive_moment_gives_the_day_and_created_at_of_one_instant(
    intake_store: Store, clerk: User
) -> None:
    """The store's timestamps take a naive time as UTC; the case's day must too, or a case
    taken at 22:00 in the hall would carry the next day and drop out of its day's reads."""
    naive = datetime(2026, 9, 24, 14, 0)  # 22:00 in the hall; 02:00 on the 25th if New York's
    case_id = _accept(intake_store, clerk, ALLOWANCE, naive, 1)
    day, created_at = intake_store.db.execute(
        "SELECT day, created_at FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    assert (day, created_at) == ("2026-09-24", "2026-09-24T14:00:00.000000Z")
    assert [c.case_id for c in list_cases(intake_store, day=date(2026, 9, 24))] == [case_id]
