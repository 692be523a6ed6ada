"""Doctor names the cases taken while the clock read behind cases the window had taken
(probe q6: a case accepted at 08:11 after a 09:09 record): their numbers and days are earlier
than those of cases taken before them. Cases the platform sent back after a restore come in
late with the time they were taken: not out of order."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from counter_app.config import Config
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_number import parse_case_number
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.doctor import run_checks
from counter_app.store import case_plaintext
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.case_order import newest_case_taken_at
from counter_app.store.database import Store, open_store
from counter_app.store.platform_cases import keep_platform_case
from counter_app.store.timestamps import now_text, to_text
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.monday_clock import MONDAY_0910


def _take(store: Store, clerk: User, now: datetime) -> str:
    item = item_named(store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    return intake.accept(store, request, clerk, now=now).case_no


def test_doctor_names_cases_taken_out_of_order(
    intake_store: Store, clerk: User, home: Home, config: Config
) -> None:
    """A training hall takes cases on any clock; the order of its records still tells."""
    _take(intake_store, clerk, MONDAY_0910)
    checks = {c.name for c in run_checks(home, config, now=lambda: MONDAY_0910)}
    assert "case_order" not in checks  # nothing out of order: no check shown
    earlier = _take(intake_store, clerk, MONDAY_0910 - timedelta(hours=1))
    _take(intake_store, clerk, MONDAY_0910 + timedelta(minutes=1))

    found = {c.name: c for c in run_checks(home, config, now=lambda: MONDAY_0910)}

    order = found["case_order"]
    assert order.status == "fail" and order.detail.startswith("1 件办件")
    assert earlier in order.detail and "counter-app cases --day 2026-12-07" in order.detail
    assert "08:10" in order.detail and "09:10" in order.detail and "日结" in order.detail


def _copy(document: CaseDocument, case_no: str, taken: datetime) -> CaseDocument:
    update = {"case_id": str(uuid.uuid4()), "case_no": case_no, "received_at": to_text(taken)}
    return document.model_copy(update=update)


def test_a_case_the_platform_sent_back_after_a_restore_is_not_out_of_order(
    intake_store: Store, clerk: User, home: Home, config: Config, tmp_path: Path
) -> None:
    """Taken at 09:10, lost with a restore from an older backup, a case comes back from the
    platform after one taken at 10:10: inserted after it, dated before it, yet in order."""
    _take(intake_store, clerk, MONDAY_0910 - timedelta(hours=1))
    backup = create_backup(intake_store, tmp_path / "before.db").database
    lost = _take(intake_store, clerk, MONDAY_0910)
    case_id = intake_store.db.execute(
        "SELECT case_id FROM cases WHERE case_no = ?", (lost,)
    ).fetchone()[0]
    document = CaseDocument.from_json(case_plaintext.case_document(intake_store, case_id))
    intake_store.close()
    restore_backup(home, config, backup, discard_unsynced=True)
    store = open_store(home, config)
    try:
        _take(store, clerk, MONDAY_0910 + timedelta(hours=1))
        number = parse_case_number(lost)
        sent_back = [
            document,
            # This PC's, taken at 11:10, and one the PC it replaced took at 12:10 (its clock
            # ahead): only this PC's own cases tell where its clock was.
            _copy(document, str(replace(number, seq=998)), MONDAY_0910 + timedelta(hours=2)),
            _copy(
                document,
                str(replace(number, device="OLDPC", seq=999)),
                MONDAY_0910 + timedelta(hours=3),
            ),
        ]
        with store.transaction() as db:
            for case in sent_back:
                keep_platform_case(
                    db, store.pii, store.audit, case, state="accepted", actor="sync",
                    at=now_text(),
                )  # fmt: skip
        assert newest_case_taken_at(store) == MONDAY_0910 + timedelta(hours=2)
    finally:
        store.close()

    checks = {c.name for c in run_checks(home, config, now=lambda: MONDAY_0910)}
    assert "case_order" not in checks
