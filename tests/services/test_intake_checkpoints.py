"""Checkpoints stay off the clerk's path: accepting never copies the WAL into the database
(SQLite's automatic checkpoint once did, 3.1 s at once on a 2.5 GB store); the idle
checkpoint (the sync process after each run, ``counter-app sync --once``) does, and keeps
the WAL file bounded. Between cases it waits for a WAL worth copying, so that accepts do not
start the WAL afresh (a header rewritten and synced: a second fsync) one after another."""

from counter_app.services import intake
from counter_app.store.database import (
    IDLE_CHECKPOINT_FRAMES,
    WAL_HEADER_BYTES,
)
from counter_app.store.wal_index import wal_frames_pending
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

# SQLite's default wal_autocheckpoint: the WAL size (in pages) at which a commit checkpoints.
SQLITE_AUTOCHECKPOINT_PAGES = 1000
WAL_FRAME_HEADER_BYTES = 24


def test_accepts_never_checkpoint_and_the_idle_checkpoint_does(intake_store, clerk):
    db_path = intake_store.home.db_path
    wal_path = db_path.with_name(db_path.name + "-wal")
    page_size = intake_store.db.execute("PRAGMA page_size").fetchone()[0]
    item = item_named(intake_store, "老年综合津贴申领")
    intake_store.checkpoint()  # the set-up's writes are in the database file
    untouched = db_path.read_bytes()
    frames = accepted = 0
    while frames <= SQLITE_AUTOCHECKPOINT_PAGES:
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
        accepted += 1
        # Everything an accept writes goes to the WAL; only a checkpoint writes the file.
        assert db_path.read_bytes() == untouched, f"accept {accepted} ran a checkpoint"
        frames = (wal_path.stat().st_size - WAL_HEADER_BYTES) // (
            page_size + WAL_FRAME_HEADER_BYTES
        )
    intake_store.checkpoint()
    assert db_path.read_bytes() != untouched
    busy, in_wal, copied = intake_store.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, in_wal) == (0, copied)  # every frame is in the database file now


def test_the_idle_checkpoint_truncates_a_wal_grown_past_its_limit(intake_store, clerk):
    db_path = intake_store.home.db_path
    wal_path = db_path.with_name(db_path.name + "-wal")
    item = item_named(intake_store, "老年综合津贴申领")
    for _ in range(3):
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    grown = wal_path.stat().st_size
    intake_store.checkpoint(wal_limit_bytes=grown + 1)
    assert wal_path.stat().st_size == grown  # under the limit: left for reuse
    intake_store.checkpoint(wal_limit_bytes=grown - 1)
    assert wal_path.stat().st_size == 0
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert result.created


def test_the_wal_index_tells_the_frames_not_yet_copied(intake_store, clerk):
    db_path = intake_store.home.db_path
    item = item_named(intake_store, "老年综合津贴申领")
    intake_store.checkpoint()
    assert wal_frames_pending(db_path) == 0
    for _ in range(3):
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    pending = wal_frames_pending(db_path)
    busy, in_wal, copied = intake_store.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, copied) == (0, in_wal) and pending == in_wal > 0
    assert wal_frames_pending(db_path) == 0


def test_between_cases_the_checkpoint_waits_for_a_wal_worth_copying(intake_store, clerk):
    db_path = intake_store.home.db_path
    wal_path = db_path.with_name(db_path.name + "-wal")
    item = item_named(intake_store, "老年综合津贴申领")
    intake_store.checkpoint()

    def accept() -> None:
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)

    accept()  # starts the WAL afresh after the full checkpoint: a new header (new salts)
    header = wal_path.read_bytes()[:WAL_HEADER_BYTES]
    untouched = db_path.read_bytes()
    while wal_frames_pending(db_path) < IDLE_CHECKPOINT_FRAMES:
        intake_store.checkpoint(min_frames=IDLE_CHECKPOINT_FRAMES)
        assert db_path.read_bytes() == untouched
        accept()
        # The accept after a skipped checkpoint appends to the WAL: its header stays.
        assert wal_path.read_bytes()[:WAL_HEADER_BYTES] == header
    intake_store.checkpoint(min_frames=IDLE_CHECKPOINT_FRAMES)
    assert db_path.read_bytes() != untouched and wal_frames_pending(db_path) == 0
    accept()
    assert wal_path.read_bytes()[:WAL_HEADER_BYTES] != header  # started afresh, once
