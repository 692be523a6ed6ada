"""``counter-app results`` (the pick-up list), ``case handover`` (to the applicant or a proxy;
refused, non-zero, for a card that is not the applicant's) and ``case post`` (the waybill),
each audited with the clerk who proved their password; and the delivery choice on an
import line."""

from __future__ import annotations

import json

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.services import case_progress, intake
from counter_app.services.auth import Accounts
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services import import_lines
from tests.services.conftest import (
    MOMENT,
    PASSWORD,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)

ALLOWANCE = "老年综合津贴申领"
APPLICANT = resident_number()
PROXY = resident_number("31010419900202123")
ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"
AS_CLERK = ("--by", "clerk7", "--password-stdin")


def _ready(store: Store, choice: DeliveryChoice | None = None) -> intake.IntakeResult:
    """A case accepted by ``clerk7`` whose result the platform reports ready."""
    accounts = Accounts(store)
    if not any(user.username == "clerk7" for user in accounts.list_users()):
        accounts.add_user("clerk7", PASSWORD, "clerk")
    clerk = accounts.authenticate("clerk7", PASSWORD)
    item = item_named(store, ALLOWANCE)
    request = request_for(item, complete_marks(item), number=APPLICANT, delivery=choice)
    case = intake.accept(store, request, clerk, now=MOMENT)
    case_progress.apply_progress(store, case.case_id, "completed_approved")
    case_progress.apply_progress(store, case.case_id, "result_ready")
    return case


def _audit(store: Store, case_id: str) -> list[tuple[str, str]]:
    rows = store.db.execute("SELECT actor, action FROM audit_log WHERE target = ?", (case_id,))
    return [(row[0], row[1]) for row in rows]


def test_results_lists_the_ready_cases_with_how_each_goes_out(cli, intake_store):
    pickup = _ready(intake_store)
    posted = _ready(intake_store, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    listed = cli("results", "--json")
    assert listed.returncode == 0, listed.stderr
    results = {r["case_no"]: r for r in json.loads(listed.stdout)["results"]}
    assert results[pickup.case_no]["method"] == "pickup"
    assert results[posted.case_no]["method"] == "post"
    assert results[posted.case_no]["address_masked"] == "上海市徐汇区****"
    assert ADDRESS not in listed.stdout and APPLICANT not in listed.stdout
    text = cli("results")
    assert pickup.case_no in text.stdout and "窗口领取" in text.stdout
    assert "邮寄" in text.stdout


def test_handover_to_the_applicant_and_a_refused_card(cli, intake_store, tmp_path):
    case = _ready(intake_store)
    refused = cli(
        "case", "handover", case.case_no, "--id-number", PROXY, *AS_CLERK, input=PASSWORD + "\n"
    )
    assert refused.returncode != 0
    assert "不是申请人" in refused.stderr and "not the applicant's" in refused.stderr
    assert case_rows.get_case(intake_store, case.case_id).state == "result_ready"

    done = cli(
        "case",
        "handover",
        case.case_no,
        "--id-number",
        APPLICANT,
        *AS_CLERK,
        "--json",
        input=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["state"], result["data_version"], result["collector"]) == (
        "delivered",
        2,
        "applicant",
    )
    assert ("clerk7", "case.delivered") in _audit(intake_store, case.case_id)
    receipt = cli("receipt", case.case_no, "--out", str(tmp_path / "h.pdf"), "--json")
    assert receipt.returncode == 0, receipt.stderr
    assert json.loads(receipt.stdout)["document"] == "handover"


def test_handover_to_a_proxy(cli, intake_store):
    case = _ready(intake_store)
    done = cli(
        "case",
        "handover",
        case.case_no,
        "--id-number",
        APPLICANT,
        "--proxy-id-number",
        PROXY,
        "--proxy-name",
        "李四",
        *AS_CLERK,
        "--json",
        input=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["collector"] == "proxy"
    handover = case_plaintext.case_document(intake_store, case.case_id)["handover"]
    assert (handover["proxy_name"], handover["proxy_id_number"]) == ("李四", PROXY)
    half = cli(
        "case", "handover", case.case_no, "--id-number", APPLICANT, "--proxy-name", "李四",
        *AS_CLERK, input=PASSWORD + "\n",
    )  # fmt: skip
    assert half.returncode != 0 and "--proxy-id-number" in half.stderr


def test_post_records_the_waybill(cli, intake_store):
    case = _ready(intake_store, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    done = cli(
        "case",
        "post",
        case.case_no,
        "--waybill",
        "EA123456789CN",
        *AS_CLERK,
        "--json",
        input=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["waybill"], result["data_version"], result["state"]) == (
        "EA123456789CN",
        2,
        "result_ready",
    )
    assert ("clerk7", "case.posted") in _audit(intake_store, case.case_id)
    listed = json.loads(cli("results", "--json").stdout)["results"]
    assert [(r["waybill"], r["postal_status"]) for r in listed] == [("EA123456789CN", "posted")]
    shown = json.loads(cli("case", "show", case.case_no, "--json").stdout)["delivery"]
    assert (shown["method"], shown["waybill"], shown["address_masked"]) == (
        "post",
        "EA123456789CN",
        "上海市徐汇区****",
    )
    assert ADDRESS not in cli("case", "show", case.case_no, "--json").stdout


def test_an_import_line_carries_the_delivery_choice(cli, intake_store, tmp_path):
    source = tmp_path / "cases.jsonl"
    source.write_text(
        import_lines.line(1, delivery={"method": "post", "address": ADDRESS})
        + "\n"
        + import_lines.line(2, delivery={"method": "drone"})
        + "\n",
        encoding="utf-8",
    )
    done = cli("import", str(source), "--json")
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["status"] == "accepted", first
    document = case_plaintext.case_document(intake_store, first["case_id"])
    assert document["delivery"]["method"] == "post"
    assert document["delivery"]["address"] == ADDRESS
    assert second["status"] == "error"
    assert [e["field"] for e in second["errors"]] == ["delivery.method"]


def test_handover_and_post_in_the_contract_form_act_as_the_os_user(cli, intake_store):
    """CONTRACTS.md: ``case handover CASE --id-number N [--json]`` and ``case post CASE
    --waybill NO`` need no ``--by``; the command line then acts as the OS user (cli:<user>)."""
    handed = _ready(intake_store)
    done = cli("case", "handover", handed.case_no, "--id-number", APPLICANT, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "delivered"
    posted = _ready(intake_store, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    sent = cli("case", "post", posted.case_no, "--waybill", "EA123456789CN")
    assert sent.returncode == 0, sent.stderr
    assert "EA123456789CN" in sent.stdout
    audited = [
        (actor.split(":")[0], action)
        for case in (handed, posted)
        for actor, action in _audit(intake_store, case.case_id)
        if action in ("case.delivered", "case.posted")
    ]
    assert audited == [("cli", "case.delivered"), ("cli", "case.posted")]
