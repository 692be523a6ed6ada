"""A hand-over retried on a window restored from a backup older than it, the case given back
the platform's newest version (``platform_cases.keep_platform_case``, as the next sync does):
the store no longer holds the version the hand-over wrote, only the newest, and the retry
answers as a replay at the case's version now instead of failing."""

from __future__ import annotations

from pathlib import Path

from counter_app.config import Config
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.delivery import Collector
from counter_app.home import Home
from counter_app.services import case_progress, delivery, intake
from counter_app.services.auth import User
from counter_app.services.evaluations import record_evaluation
from counter_app.store import case_plaintext
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from counter_app.store.platform_cases import keep_platform_case
from counter_app.store.timestamps import now_text
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

CLERK = User("clerk1", "窗口一", "clerk", None, False)
APPLICANT = resident_number()


def _versions(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM case_versions WHERE case_id = ? ORDER BY data_version",
        (case_id,),
    ).fetchall()
    return [row[0] for row in rows]


def test_a_handover_retried_after_a_restore_replays_at_the_cases_version(
    home: Home, config: Config, tmp_path: Path
) -> None:
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    item = item_named(store, "老年综合津贴申领")
    case = intake.accept(
        store, request_for(item, complete_marks(item), number=APPLICANT), CLERK, now=MOMENT
    )
    case_progress.apply_progress(store, case.case_id, "completed_approved")
    case_progress.apply_progress(store, case.case_id, "result_ready")
    backup = create_backup(store, tmp_path / "before-handover.db").database
    handed = delivery.hand_over(store, case.case_no, CLERK, id_number=APPLICANT)
    record_evaluation(store, case.case_id, 5, actor=CLERK.username)  # a version after it
    newest = CaseDocument.from_json(case_plaintext.case_document(store, case.case_id))
    assert newest.data_version > handed.data_version
    store.close()

    restore_backup(home, config, backup, discard_unsynced=True)
    store = open_store(home, config)
    try:
        with store.transaction() as db:
            keep_platform_case(
                db, store.pii, store.audit, newest, state="delivered", actor="sync", at=now_text()
            )
        held = _versions(store, case.case_id)
        assert handed.data_version not in held

        again = delivery.hand_over(store, case.case_no, CLERK, id_number=APPLICANT)

        assert again.replayed is True
        assert (again.data_version, again.state) == (newest.data_version, "delivered")
        assert again.collector is Collector.APPLICANT
        assert _versions(store, case.case_id) == held  # nothing written
    finally:
        store.close()
