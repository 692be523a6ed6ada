"""The payment platform's confirmation of a payment the window recorded from the applicant's
voucher is kept with the payment: a window restored from a backup older than the
confirmation (or than the case) and given the platform's newest version back
(``platform_cases.keep_platform_case``, as the next sync does) shows the payment confirmed,
though its history lacks the confirmation's event."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from counter_app.config import Config
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.fees import PaymentMethod
from counter_app.home import Home
from counter_app.services import intake, payments
from counter_app.services.auth import User
from counter_app.store import case_plaintext
from counter_app.store import payments as payment_rows
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from counter_app.store.platform_cases import keep_platform_case
from counter_app.store.timestamps import now_text
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

CLERK = User("clerk1", "窗口一", "clerk", None, False)
SHOWN = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)
CONFIRMED = datetime(2026, 9, 24, 5, 30, tzinfo=UTC)


def _recorded(store: Store, seq: int) -> intake.IntakeResult:
    """A case whose fee the window recorded paid on the payment platform from the voucher."""
    item = item_named(store, "上海市居住证卡补领、换领")
    number = resident_number(f"310104198001011{seq:02d}")
    request = request_for(item, complete_marks(item), number=number)
    accepted = intake.accept(store, request, CLERK, now=MOMENT)
    payments.pay_at_window(
        store, accepted.case_id, CLERK, f"SSB-{seq}", method=PaymentMethod.PLATFORM, now=SHOWN
    )
    return accepted


def _confirmed(store: Store, case: intake.IntakeResult) -> CaseDocument:
    """The platform's confirmation applied; the platform's newest version of the case."""
    assert payments.apply_platform_payment(
        store, case.case_id, f"JF-{case.case_no}", 2000, CONFIRMED
    )
    return CaseDocument.from_json(case_plaintext.case_document(store, case.case_id))


def _confirmation_events(store: Store, case_id: str) -> int:
    return store.db.execute(
        "SELECT count(*) FROM case_events WHERE case_id = ?"
        " AND json_extract(detail, '$.payment_confirmed') = 1",
        (case_id,),
    ).fetchone()[0]


def test_the_confirmation_survives_a_restore_and_the_recovery_from_the_platform(
    home: Home, config: Config, tmp_path: Path
) -> None:
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    held = _recorded(store, 1)
    backup = create_backup(store, tmp_path / "before-confirmation.db").database
    lost = _recorded(store, 2)  # accepted after the backup: the restore loses it
    newest = [_confirmed(store, held), _confirmed(store, lost)]
    store.close()

    restore_backup(home, config, backup, discard_unsynced=True)
    store = open_store(home, config)
    try:
        payment = payment_rows.case_payment(store, held.case_id)
        assert payment is not None and payment.awaiting_confirmation
        assert payment_rows.case_payment(store, lost.case_id) is None

        with store.transaction() as db:
            for document in newest:
                keep_platform_case(
                    db, store.pii, store.audit, document, state="accepted", actor="sync",
                    at=now_text(),
                )  # fmt: skip

        for case, transaction_no in ((held, "SSB-1"), (lost, "SSB-2")):
            payment = payment_rows.case_payment(store, case.case_id)
            assert payment is not None and payment.paid and payment.confirmed is True
            assert payment.receipt_no == transaction_no and not payment.awaiting_confirmation
            assert _confirmation_events(store, case.case_id) == 0
    finally:
        store.close()
