"""``counter-app case pay``: a card payment at the window's POS terminal recorded with the
terminal's receipt number, as a new data version queued for sync, audited as the clerk; the
fee shows in ``case show`` as integer cents."""

from __future__ import annotations

import json

from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.store import payments as payment_rows
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"


def _accepted(store):
    accounts = Accounts(store)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    clerk = accounts.authenticate("clerk7", PASSWORD)
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _pay(cli, case_no: str, *extra: str, password: str = PASSWORD):
    return cli(
        "case",
        "pay",
        case_no,
        "--method",
        "pos",
        *extra,
        "--by",
        "clerk7",
        "--password-stdin",
        input=password + "\n",
    )


def test_case_pay_records_the_pos_receipt_as_a_new_version(cli, intake_store):
    accepted = _accepted(intake_store)

    shown = cli("case", "show", accepted.case_no, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["payment"] == {
        "fee_cents": 2000,
        "reference": f"JF-{accepted.case_no}",
        "paid_at": None,
        "method": None,
        "receipt_no": None,
        "paid_twice": False,
    }
    text = cli("case", "show", accepted.case_no)
    assert "20.00 元" in text.stdout and "待缴费" in text.stdout

    done = _pay(cli, accepted.case_no, "--reference", "POS-000123", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["case_no"] == accepted.case_no
    assert result["data_version"] == 2
    assert result["payment"]["fee_cents"] == 2000
    assert result["payment"]["method"] == "pos"
    assert result["payment"]["receipt_no"] == "POS-000123"
    assert result["payment"]["paid_at"]
    outbox = intake_store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version",
        (accepted.case_id,),
    ).fetchall()
    assert [row[0] for row in outbox] == [1, 2]
    audit = intake_store.db.execute(
        "SELECT actor FROM audit_log WHERE target = ? AND action = 'case.paid'",
        (accepted.case_id,),
    ).fetchall()
    assert audit == [("clerk7",)]

    again = _pay(cli, accepted.case_no, "--reference", "POS-000124")
    assert again.returncode != 0
    assert "已缴费" in again.stderr and "charged twice" in again.stderr


def test_case_pay_in_words_and_its_refusals(cli, intake_store):
    accepted = _accepted(intake_store)
    missing = _pay(cli, accepted.case_no)
    assert missing.returncode == 2
    assert "--reference" in missing.stderr

    wrong_password = _pay(cli, accepted.case_no, "--reference", "1", password="wrong")
    assert wrong_password.returncode != 0
    assert "密码不正确" in wrong_password.stderr
    assert payment_rows.unpaid_cases(intake_store, [accepted.case_id]) == {accepted.case_id}

    done = _pay(cli, accepted.case_no, "--reference", "000777")
    assert done.returncode == 0, done.stderr
    assert accepted.case_no in done.stdout
    assert "20.00 元" in done.stdout and "000777" in done.stdout


def test_case_pay_in_the_contract_form_acts_as_the_os_user(cli, intake_store):
    accepted = _accepted(intake_store)
    done = cli(
        "case",
        "pay",
        accepted.case_no,
        "--method",
        "pos",
        "--reference",
        "POS-000125",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    payment = json.loads(done.stdout)["payment"]
    assert (payment["method"], payment["receipt_no"]) == ("pos", "POS-000125")
    [actor] = intake_store.db.execute(
        "SELECT actor FROM audit_log WHERE target = ? AND action = 'case.paid'",
        (accepted.case_id,),
    ).fetchall()
    assert actor[0].startswith("cli:")
