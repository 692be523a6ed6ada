"""E-licences (两个免于提交) against a real platform: a licence in the register exempts its
material online, with the applicant's authorisation only; marked 待核验 while the platform is
down, it is verified by the next sync, or becomes a task when the register has no such
licence (flagged in the hall queue); every lookup leaves a record the platform signed."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from counter_app.config import Config
from counter_app.domain.case_document import canonical_json
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.cases import case_document
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from counter_app.store.elicence_checks import checks_in_state
from sync.elicences import Consent, licences_for
from sync.engine import platform_transport
from sync.errors import PlatformRefused
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import make_engine

pytestmark = pytest.mark.integration

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记, S01: M03 结婚证 has an e-licence
HOLDER = "31010419900101123" + check_character("31010419900101123")
MARRIAGE = "结婚证电子证照"
SENIOR_CARD = "11310104002425207D006001200001"  # 敬老卡申领, S01: 本市户籍65周岁以上


def register_marriage(central: RunningCentral) -> dict[str, str]:
    return central.cli(
        "elicence", "add", "--holder", HOLDER, "--type", MARRIAGE, "--number", "J310104-2020-7",
        "--issuer", "上海市徐汇区民政局", "--json",
    )  # fmt: skip


def consent_code(central: RunningCentral, holder: str = HOLDER) -> str:
    return str(central.cli("elicence", "consent", "--holder", holder, "--json")["code"])


def accept_without_paper(store: Store, clerk: User, licences: list[LicenceFound], **kw) -> str:
    """Accept 生育登记 with every paper material but the marriage certificate (M03)."""
    situation = get_item(store, BIRTH_REGISTRATION).default_situation
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in situation.materials
        if m.code != "M03"
    ]
    applicant = intake.ApplicantInput(name="王芳", id_type="111", id_number=HOLDER)
    request = intake.IntakeRequest(BIRTH_REGISTRATION, applicant, marks, licences=licences, **kw)
    return intake.accept(store, request, clerk).case_id


@pytest.fixture
def clerk(sync_store: Store) -> User:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    return Accounts(sync_store).add_user("clerk07", "correct-horse-9", "clerk")


def test_an_e_licence_exempts_its_material_online_and_the_signed_record_verifies(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    cli: Callable[..., CliResult],
) -> None:
    register_marriage(central)
    code = consent_code(central)
    checked = cli(
        "elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION,
        "--consent", code, "--json",
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    rows = {row["code"]: row for row in json.loads(checked.stdout)["materials"]}
    assert rows["M03"]["exempt"] is True and rows["M03"]["verified"] is True
    assert rows["M03"]["licence_number"] == "J310104-2020-7"
    assert rows["M03"]["basis"] == f"电子证照：{MARRIAGE} J310104-2020-7（上海市徐汇区民政局）"
    assert (rows["M04"]["exempt"], rows["M04"]["verified"]) == (False, False)
    senior = cli(
        "elicence", "check", "--id-number", HOLDER, "--item", SENIOR_CARD, "--json"
    )  # fmt: skip  (no consent: nothing is looked up; the rule needs no lookup)
    assert senior.returncode == 0, senior.stderr
    rows = {row["code"]: row for row in json.loads(senior.stdout)["materials"]}
    assert rows["M02"] == {
        "code": "M02", "name": "申请人居民户口簿", "exempt": True,
        "basis": "本市部门核发（上海市公安局），免于提交",
        "basis_en": "issued by a city department (上海市公安局); not to be submitted",
        "licence_number": None, "issuer": None, "verified": True,
    }  # fmt: skip
    assert (rows["M01"]["exempt"], rows["M01"]["verified"]) == (False, False)

    transport = platform_transport(home, enrolled)
    try:
        licences = licences_for(
            transport,
            get_item(sync_store, BIRTH_REGISTRATION).default_situation,
            id_number=HOLDER,
            consent=Consent(code.lower().replace("-", " "), datetime.now(UTC)),  # as typed
            clerk=clerk.username,
            serves="intake",
        )
    finally:
        transport.close()
    case_id = accept_without_paper(sync_store, clerk, licences, elicence_consent_code=code)
    line = next(m for m in case_document(sync_store, case_id)["materials"] if m["code"] == "M03")
    assert (line["status"], line["licence"]["issuer"]) == ("exempt", "上海市徐汇区民政局")

    log = central.cli("elicence", "log", "--json")
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(log["signing_key"]))
    assert [e["record"]["outcome"] for e in log["entries"]] == ["answered", "answered"]
    assert log["entries"][1]["record"]["clerk"] == "clerk07"
    for entry in log["entries"]:
        public.verify(base64.b64decode(entry["signature"]), canonical_json(entry["record"]))
    assert HOLDER not in json.dumps(log)  # the holder is a keyed hash in the log


def test_a_lookup_without_the_applicants_consent_is_refused_and_logged(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, clerk: User
) -> None:
    register_marriage(central)
    someone_elses = consent_code(
        central, "31010419850101123" + check_character("31010419850101123")
    )
    transport = platform_transport(home, enrolled)
    try:
        with pytest.raises(PlatformRefused) as refused:
            licences_for(
                transport,
                get_item(sync_store, BIRTH_REGISTRATION).default_situation,
                id_number=HOLDER,
                consent=Consent(someone_elses, datetime.now(UTC)),
                clerk=clerk.username,
                serves="intake",
            )
    finally:
        transport.close()
    assert refused.value.platform_code == "consent_required"
    (entry,) = central.cli("elicence", "log", "--json")["entries"]
    assert entry["record"]["outcome"] == "refused"


def test_offline_the_material_is_pending_and_the_next_sync_verifies_it(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral, clerk: User
) -> None:
    register_marriage(central)
    central.stop()
    offline = platform_transport(home, enrolled)
    try:
        licences = licences_for(
            offline,
            get_item(sync_store, BIRTH_REGISTRATION).default_situation,
            id_number=HOLDER,
            consent=Consent(None, datetime.now(UTC)),  # the card read at the window
            clerk=clerk.username,
            serves="intake",
        )
    finally:
        offline.close()
    assert {(x.material_code, x.verification) for x in licences} == {
        ("M01", Verification.PENDING),
        ("M02", Verification.PENDING),
        ("M03", Verification.PENDING),
    }
    case_id = accept_without_paper(
        sync_store, clerk, [x for x in licences if x.material_code == "M03"]
    )
    line = next(m for m in case_document(sync_store, case_id)["materials"] if m["code"] == "M03")
    assert (line["status"], line["exemption"]) == ("exempt", f"电子证照待核验（{MARRIAGE}）")
    assert [c.state for c in checks_in_state(sync_store, "pending")] == ["pending"]

    back = central.restart()
    try:
        config = replace(enrolled, sync=replace(enrolled.sync, url=back.url))
        summary = make_engine(home, config, sync_store).run_once()
        assert summary.error is None and summary.elicences_verified == 1
    finally:
        back.stop()
    assert checks_in_state(sync_store, "pending") == []
    (verified,) = checks_in_state(sync_store, "verified")
    assert (verified.licence_number, verified.issuer) == ("J310104-2020-7", "上海市徐汇区民政局")
    settled = case_document(sync_store, case_id)  # version 2, sent with the next run
    assert settled["data_version"] == 2
    line = next(m for m in settled["materials"] if m["code"] == "M03")
    assert line["exemption"] == f"电子证照：{MARRIAGE} J310104-2020-7（上海市徐汇区民政局）"
    assert (line["licence"]["verification"], line["licence"]["number"]) == (
        "verified",
        "J310104-2020-7",
    )


def test_a_failed_verification_becomes_a_task_for_the_clerk_and_supervisor(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    cli: Callable[..., CliResult],
) -> None:
    pending = LicenceFound("M03", MARRIAGE, None, None, None, None, None, Verification.PENDING)
    case_id = accept_without_paper(sync_store, clerk, [pending])  # offline; no such licence
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.elicences_verified == 0
    listed = cli("elicence", "tasks", "--json")
    assert listed.returncode == 0, listed.stderr
    (task,) = json.loads(listed.stdout)["tasks"]
    assert (task["material_code"], task["state"]) == ("M03", "failed")
    assert "电子证照库中没有申请人的结婚证电子证照" in task["detail"]
    line = next(m for m in case_document(sync_store, case_id)["materials"] if m["code"] == "M03")
    assert line["licence"]["verification"] == "failed"
    queue = cli("queue", "--json")  # where the supervisor's tasks show
    assert queue.returncode == 0, queue.stderr
    (case,) = json.loads(queue.stdout)["cases"]
    assert (case["case_no"], case["flags"]) == (task["case_no"], ["elicence_unverified"])
