"""``counter-app case edit`` for the agent's data and for a case of a 一件事: the result names
every case corrected and the bundle's cases left as they were."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.services import case_endings
from counter_app.services.auth import Accounts
from counter_app.services.bundle_intake import BundleRequest, BundleResult, decide_bundle
from counter_app.services.intake_request import AgentInput, ApplicantInput
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.conftest import MOMENT, PASSWORD, resident_number

# 失业一件事 (YJS-0001: 失业登记 + 就业困难人员认定): its merged checklist, each row received.
ROWS = {
    "申请人居民身份证": "original",
    "申请人居民户口簿": "original",
    "解除或终止劳动合同证明": "copy",
    "失业登记表": "electronic",
    "就业困难人员认定申请表": "electronic",
    "失业登记证明": "original",
    "困难情形证明（残疾证、低保证明或年龄等）": "copy",
}
SPOUSE = AgentInput(
    name="李四",
    id_type="111",
    id_number=resident_number("31010419900215002"),
    phone="13800000000",
    relation="配偶",
)


def _bundle(store: Store) -> BundleResult:
    accounts = Accounts(store)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    accounts.add_user("chief7", PASSWORD, "supervisor")
    clerk = accounts.authenticate("clerk7", PASSWORD)
    request = BundleRequest(
        bundle="YJS-0001",
        applicant=ApplicantInput(
            name="张𠮷", id_type="111", id_number=resident_number(), phone="13900000000"
        ),
        materials={
            name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm(form), 1)
            for name, form in ROWS.items()
        },
        agent=SPOUSE,
    )
    return decide_bundle(store, request, clerk, now=MOMENT)


def _edit(
    cli: Callable[..., CliResult], case_no: str, field: str, value: str, *json_: str
) -> CliResult:
    return cli(
        "case", "edit", case_no, "--field", field, "--value", value, "--reason", "录入有误",
        "--by", "clerk7", "--approved-by", "chief7", "--password-stdin", *json_,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip


def test_case_edit_corrects_the_agent_on_every_open_case_of_the_bundle(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    first, second = _bundle(intake_store).cases
    done = _edit(cli, second.case_no, "agent_phone", "13811112222", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["case_no"], result["data_version"]) == (second.case_no, 2)
    assert [(c["case_no"], c["data_version"]) for c in result["cases"]] == [
        (second.case_no, 2),
        (first.case_no, 2),
    ]
    assert (result["closed"], result["unchanged"]) == ([], [])
    for case in (first, second):
        agent = case_plaintext.case_document(intake_store, case.case_id)["agent"]
        assert agent["phone"] == "13811112222"
    words = cli("case", "show", first.case_no).stdout
    assert "代办人（经办人）联系电话 138****0000 → 138****2222" in words


def test_case_edit_in_words_names_the_cases_corrected_and_the_finished_one_left(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    first, second = _bundle(intake_store).cases
    clerk = Accounts(intake_store).authenticate("clerk7", PASSWORD)
    case_endings.withdraw(intake_store, first.case_id, clerk, "不办了", applicant_confirmed=True)
    done = _edit(cli, second.case_no, "name", "张吉")
    assert done.returncode == 0, done.stderr
    assert f"{second.case_no} 申请人姓名已更正（v2，chief7 审批）" in done.stdout
    assert f"同一件事中已办结的办件未更正（保留原记录）：{first.case_no}" in done.stdout
    agent = _edit(cli, second.case_no, "agent_relation", "子女")
    assert agent.returncode == 0, agent.stderr
    assert f"{second.case_no} 代办人（经办人）与申请人关系已更正" in agent.stdout


def test_case_edit_refuses_the_agents_id_number(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    _, second = _bundle(intake_store).cases
    refused = _edit(cli, second.case_no, "agent_id_number", resident_number("31010419900215003"))
    assert refused.returncode == 2 and "invalid choice" in refused.stderr
