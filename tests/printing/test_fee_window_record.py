"""The fee on paper: a platform payment the window recorded from the applicant's voucher says
it waits for the platform's confirmation, with the transaction number, in every language of
the documents; other payments keep 已缴费 / 待缴费."""

from __future__ import annotations

from printing.texts import BILINGUAL, fmt_fee

TRANSACTION = "SSB-20260924-0001"


def test_an_unconfirmed_window_record_waits_for_the_platform() -> None:
    assert fmt_fee(2000, True, "zh", confirmed=False, transaction_no=TRANSACTION) == (
        f"20.00 元（已缴费（统一支付平台，待平台确认，流水号 {TRANSACTION}））"
    )
    assert fmt_fee(2000, True, "en", confirmed=False, transaction_no=TRANSACTION) == (
        "20.00 yuan (Paid (unified public payment platform, awaiting the platform's "
        f"confirmation, transaction {TRANSACTION}))"
    )


def test_a_confirmed_window_record_says_so() -> None:
    assert fmt_fee(2000, True, "zh", confirmed=True, transaction_no=TRANSACTION) == (
        f"20.00 元（已缴费（统一支付平台已确认，流水号 {TRANSACTION}））"
    )


def test_bilingual_documents_give_both_with_the_number() -> None:
    text = fmt_fee(2000, True, BILINGUAL, confirmed=False, transaction_no=TRANSACTION)
    assert "待平台确认" in text and "awaiting the platform's confirmation" in text
    assert text.count(TRANSACTION) == 2


def test_other_payments_keep_their_words() -> None:
    assert fmt_fee(2000, True, "zh") == "20.00 元（已缴费）"
    assert fmt_fee(2000, False, "zh") == "20.00 元（待缴费）"
    assert fmt_fee(2000, None, "zh") == "20.00 元"
