"""``counter-app case accept`` asks what intake asks: accepting a returned applicant whose
card contradicts the situation's eligibility rule needs ``--eligibility-reason``."""

from __future__ import annotations

import json

from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for


def test_case_accept_against_the_rule_needs_the_reason(cli, intake_store):
    accounts = Accounts(intake_store)
    accounts.add_user("clerk8", PASSWORD, "clerk")
    clerk = accounts.authenticate("clerk8", PASSWORD)
    item = item_named(intake_store, "敬老卡申领")  # 65 or older; the applicant was born 1980
    marks = complete_marks(item)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)
    accept = (
        "case",
        "accept",
        notified.case_no,
        "--received",
        ",".join(m.code for m in marks[1:]),
        "--by",
        "clerk8",
        "--password-stdin",
        "--json",
    )
    refused = cli(*accept, input=PASSWORD + "\n")
    assert refused.returncode != 0
    assert "申请条件" in refused.stderr and "65" in refused.stderr
    assert case_rows.get_case(intake_store, notified.case_id).state == "notified"

    done = cli(*accept, "--eligibility-reason", "已核验户口簿，出生日期有误", input=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "accepted"
    document = case_plaintext.case_document(intake_store, notified.case_id)
    assert document["eligibility_override"]["reason"] == "已核验户口簿，出生日期有误"
