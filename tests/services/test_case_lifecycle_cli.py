"""``counter-app case withdraw`` and ``counter-app case accept`` (a notified case returns):
each a new data version with its outbox row, audited with the authenticated clerk."""

from __future__ import annotations

import json

from counter_app.cli.context import os_actor
from counter_app.domain.hall_time import hall_today
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.calendar import working_calendar
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


def _clerk(store: Store):
    accounts = Accounts(store)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    return accounts.authenticate("clerk7", PASSWORD)


def _accepted_case(store: Store) -> intake.IntakeResult:
    """An allowance case accepted by ``clerk7`` with every required material."""
    item = item_named(store, ALLOWANCE)
    return intake.accept(store, request_for(item, complete_marks(item)), _clerk(store), now=MOMENT)


def _outbox_versions(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    ).fetchall()
    return [row[0] for row in rows]


def _audit_actions(store: Store, case_id: str) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq", (case_id,)
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_case_withdraw_records_reason_and_confirmation_as_a_new_version(cli, intake_store):
    accepted = _accepted_case(intake_store)

    refused = cli(
        "case",
        "withdraw",
        accepted.case_no,
        "--reason",
        "申请人不再需要",
        "--by",
        "clerk7",
        "--password-stdin",
        "--json",
        input=PASSWORD + "\n",
    )
    assert refused.returncode != 0
    assert "--applicant-confirmed" in refused.stderr
    escaped = cli(
        "case",
        "withdraw",
        accepted.case_no,
        "--reason",
        "申请人不再需要\x1b[2J",
        "--json",
    )  # fmt: skip  (a terminal's clear-screen: it would reach screens and paper)
    assert escaped.returncode == 2 and "控制字符 U+001B" in escaped.stderr

    done = cli(
        "case",
        "withdraw",
        accepted.case_no,
        "--reason",
        "申请人不再需要",
        "--applicant-confirmed",
        "--by",
        "clerk7",
        "--password-stdin",
        "--json",
        input=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["case_no"] == accepted.case_no
    assert result["state"] == "withdrawn"
    assert result["data_version"] == 2
    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["withdrawal_reason"] == "申请人不再需要"
    assert document["state"] == "withdrawn"
    assert _outbox_versions(intake_store, accepted.case_id) == [1, 2]
    assert ("clerk7", "case.withdrawn") in _audit_actions(intake_store, accepted.case_id)

    again = cli(
        "case",
        "withdraw",
        accepted.case_no,
        "--reason",
        "再次",
        "--applicant-confirmed",
        "--by",
        "clerk7",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert again.returncode != 0
    assert "已撤回" in again.stderr
    assert _outbox_versions(intake_store, accepted.case_id) == [1, 2]


def test_case_withdraw_needs_the_clerks_password(cli, intake_store):
    accepted = _accepted_case(intake_store)
    done = cli(
        "case",
        "withdraw",
        accepted.case_no,
        "--reason",
        "申请人不再需要",
        "--applicant-confirmed",
        "--by",
        "clerk7",
        "--password-stdin",
        input="wrong\n",
    )
    assert done.returncode != 0
    assert "密码不正确" in done.stderr
    assert case_rows.get_case(intake_store, accepted.case_id).state == "accepted"


def test_case_accept_continues_the_notified_case_and_its_receipt_is_issued(
    cli, intake_store, tmp_path
):
    clerk = _clerk(intake_store)
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)
    missing = [m.code for m in marks[1:]]

    short = cli(
        "case",
        "accept",
        notified.case_no,
        "--received",
        ",".join(missing[:-1]),
        "--by",
        "clerk7",
        "--password-stdin",
        "--json",
        input=PASSWORD + "\n",
    )
    assert short.returncode != 0
    assert f"缺少“{item.default_situation.material(missing[-1]).name}”" in short.stderr
    assert case_rows.get_case(intake_store, notified.case_id).state == "notified"

    done = cli(
        "case",
        "accept",
        notified.case_no,
        "--received",
        ",".join(missing),
        "--by",
        "clerk7",
        "--password-stdin",
        "--json",
        input=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["case_id"], result["state"], result["data_version"]) == (
        notified.case_id,
        "accepted",
        2,
    )
    record = case_rows.get_case(intake_store, notified.case_id)
    expected = working_calendar(intake_store).add_working_days(
        hall_today(from_text(record.accepted_at)), item.promised_days
    )
    assert record.promised_date == expected.isoformat()
    assert result["promised_date"] == expected.isoformat()
    assert {m.code: m.status for m in record.materials if m.required} == {
        m.code: "received" for m in marks
    }
    assert _outbox_versions(intake_store, notified.case_id) == [1, 2]
    assert ("clerk7", "case.accepted") in _audit_actions(intake_store, notified.case_id)

    receipt = cli("receipt", notified.case_no, "--out", str(tmp_path / "r.pdf"), "--json")
    assert receipt.returncode == 0, receipt.stderr
    assert json.loads(receipt.stdout)["document"] == "receipt"


def _event_detail(store: Store, case_id: str, to_state: str) -> dict:
    row = store.db.execute(
        "SELECT actor, detail FROM case_events WHERE case_id = ? AND to_state = ?"
        " AND kind = 'transition'",
        (case_id, to_state),
    ).fetchone()
    return {"actor": row[0], **json.loads(row[1])}


# The fields CONTRACTS.md fixes for a case in ``cases --json``: a lifecycle command's JSON
# result carries them too.
CONTRACT_CASE_FIELDS = {"case_id", "case_no", "state", "sync_state"}


def test_case_withdraw_in_the_contract_form_acts_as_the_os_user(cli, intake_store):
    accepted = _accepted_case(intake_store)
    done = cli("case", "withdraw", accepted.case_no, "--reason", "申请人书面申请撤回", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result.keys() >= CONTRACT_CASE_FIELDS
    assert (result["case_id"], result["state"], result["data_version"]) == (
        accepted.case_id,
        "withdrawn",
        2,
    )
    assert case_plaintext.case_document(intake_store, accepted.case_id)["withdrawal_reason"] == (
        "申请人书面申请撤回"
    )
    assert _outbox_versions(intake_store, accepted.case_id) == [1, 2]
    actor = os_actor("cli")
    assert (actor, "case.withdrawn") in _audit_actions(intake_store, accepted.case_id)
    # The applicant confirmed outside the program; the record says so and who vouches for it.
    detail = _event_detail(intake_store, accepted.case_id, "withdrawn")
    assert detail["actor"] == actor
    assert detail["applicant_confirmed"] is True
    assert detail["confirmation"] == "outside_program"


def test_case_accept_in_the_contract_form_acts_as_the_os_user(cli, intake_store):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    notified = intake.notify(
        intake_store, request_for(item, marks[:1]), _clerk(intake_store), now=MOMENT
    )
    done = cli(
        "case",
        "accept",
        notified.case_no,
        "--received",
        ",".join(m.code for m in marks[1:]),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result.keys() >= CONTRACT_CASE_FIELDS
    assert (result["case_id"], result["state"], result["data_version"]) == (
        notified.case_id,
        "accepted",
        2,
    )
    assert _outbox_versions(intake_store, notified.case_id) == [1, 2]
    assert (os_actor("cli"), "case.accepted") in _audit_actions(intake_store, notified.case_id)


def test_a_password_without_a_user_is_refused_not_ignored(cli, intake_store):
    accepted = _accepted_case(intake_store)
    refused = cli(
        "case", "withdraw", accepted.case_no, "--reason", "不再需要", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert refused.returncode != 0 and "--by" in refused.stderr
    assert case_rows.get_case(intake_store, accepted.case_id).state == "accepted"
