"""Migrations of a case's payment: whether the payment platform confirmed a payment the
window recorded from the applicant's voucher, kept in the payment row (m0042)."""

from __future__ import annotations

from sqlite_utils import Database


def m0042_platform_confirmed_in_payment_row(db: Database) -> None:
    # Whether the payment platform confirmed a payment on it that the window recorded from
    # the applicant's voucher (method 'platform' with the transaction number the clerk
    # typed): 0 or 1 for such a payment, NULL for any other. It was read from the 'sync'
    # event the confirmation wrote, which a case recovered from the platform after a
    # restore does not have: the row carries it from now on, written with the payment
    # (payment_writes), and takes it from those events here. The events stay as history.
    db.executescript(
        """
        ALTER TABLE case_payments ADD COLUMN platform_confirmed INTEGER
            CHECK (platform_confirmed IN (0, 1));
        UPDATE case_payments SET platform_confirmed = EXISTS (
            SELECT 1 FROM case_events e WHERE e.case_id = case_payments.case_id
            AND e.kind = 'sync' AND json_extract(e.detail, '$.payment_confirmed') = 1)
        WHERE method = 'platform' AND receipt_no IS NOT NULL;
        """
    )
