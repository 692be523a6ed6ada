"""E-licences (两个免于提交) against a real platform: a licence in the register exempts its
material online, with the applicant's authorisation only; marked 待核验 while the platform is
down, it is verified by the next sync, or becomes a task when the register has no such
licence (flagged in the hall queue); every lookup leaves a record the platform signed."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from counter_app.store.elicence_checks import checks_in_state, licence_document
from sync.device_transport import platform_transport
from sync.elicences import (
    ELICENCE_LOOKUP_PATH,
    Consent,
    fetch_document,
    licences_for,
    lookup,
)
from sync.errors import ElicenceDocumentMismatch, PlatformRefused
from sync.transport import PlatformTransport
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import local_outbox, make_engine, platform_versions

pytestmark = pytest.mark.integration

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记, S01: M03 结婚证 has an e-licence
HOLDER = "31010419900101123" + check_character("31010419900101123")
MARRIAGE = "结婚证电子证照"
SENIOR_CARD = "11310104002425207D006001200001"  # 敬老卡申领, S01: 本市户籍65周岁以上


MARRIAGE_PDF = b"%PDF-1.7\n% marriage certificate J310104-2020-7, Xuhui\n%%EOF\n"


def register_marriage(central: RunningCentral, document: Path | None = None) -> dict[str, str]:
    with_file = ["--file", str(document)] if document is not None else []
    return central.cli(
        "elicence", "add", "--holder", HOLDER, "--type", MARRIAGE, "--number", "J310104-2020-7",
        "--issuer", "上海市徐汇区民政局", *with_file, "--json",
    )  # fmt: skip


def marriage_file(tmp_path: Path) -> Path:
    path = tmp_path / "marriage.pdf"
    path.write_bytes(MARRIAGE_PDF)
    return path


def consent_code(central: RunningCentral, holder: str = HOLDER) -> str:
    return str(central.cli("elicence", "consent", "--holder", holder, "--json")["code"])


def accept_without_paper(store: Store, clerk: User, licences: list[LicenceFound], **kw) -> str:
    """Accept 生育登记 with every paper material but the marriage certificate (M03); the
    applicant's card read at the window is the lookups' consent unless ``kw`` says otherwise."""
    kw.setdefault("card_read_at", datetime.now(UTC))
    situation = get_item(store, BIRTH_REGISTRATION).default_situation
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in situation.materials
        if m.code != "M03"
    ]
    applicant = ApplicantInput(name="王芳", id_type="111", id_number=HOLDER)
    request = IntakeRequest(BIRTH_REGISTRATION, applicant, marks, licences=licences, **kw)
    return intake.accept(store, request, clerk).case_id


@pytest.fixture
def clerk(sync_store: Store, central: RunningCentral) -> User:
    central.publish_bundled_catalog()  # a lookup serves an item of the platform's catalog
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    return Accounts(sync_store).add_user("clerk07", "correct-horse-9", "clerk")


def look_up_birth_registration_licences(
    home: Home, enrolled: Config, store: Store, clerk: User, consent: Consent
) -> list[LicenceFound]:
    """The applicant's licences for 出生登记's materials, looked up as the window does at F4."""
    transport = platform_transport(home, enrolled)
    try:
        return licences_for(
            transport,
            get_item(store, BIRTH_REGISTRATION).default_situation,
            id_number=HOLDER,
            consent=consent,
            clerk=clerk.username,
            serves=f"{BIRTH_REGISTRATION}/intake",
        )
    finally:
        transport.close()


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
        "licence_number": None, "issuer": None, "file_sha256": None,
        "verified": True,
    }  # fmt: skip
    # Not looked up without consent: whether the applicant holds the licence is not known.
    assert (rows["M01"]["exempt"], rows["M01"]["verified"]) == (None, "not_looked_up")

    as_typed = Consent(code.lower().replace("-", " "), datetime.now(UTC))
    licences = look_up_birth_registration_licences(home, enrolled, sync_store, clerk, as_typed)
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
    with pytest.raises(PlatformRefused) as refused:
        look_up_birth_registration_licences(
            home, enrolled, sync_store, clerk, Consent(someone_elses, datetime.now(UTC))
        )
    assert refused.value.platform_code == "consent_required"
    (entry,) = central.cli("elicence", "log", "--json")["entries"]
    assert entry["record"]["outcome"] == "refused"


def test_a_mistyped_authorisation_code_is_refused_in_words_before_any_lookup(
    enrolled: Config, sync_store: Store, central: RunningCentral, cli: Callable[..., CliResult]
) -> None:
    no_catalog = cli("elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION)
    assert no_catalog.returncode == 2 and "本机还没有事项目录" in no_catalog.stderr
    ensure_bundled_catalog(sync_store)
    typed = cli(
        "elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION,
        "--consent", "A!", "--json",
    )  # fmt: skip
    assert typed.returncode == 2 and "Traceback" not in typed.stderr
    assert "授权码“A!”不对" in typed.stderr
    assert central.cli("elicence", "log", "--json")["entries"] == []
    spaced = Consent("ab12 cd34", datetime.now(UTC)).to_wire()  # read aloud, typed with spaces
    assert spaced.code == "AB12CD34"


def test_offline_the_material_is_pending_and_the_next_sync_verifies_it(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    tmp_path: Path,
) -> None:
    register_marriage(central, marriage_file(tmp_path))
    central.stop()
    card_read = Consent(None, datetime.now(UTC))  # the card read at the window is the consent
    licences = look_up_birth_registration_licences(home, enrolled, sync_store, clerk, card_read)
    # The spouses' ID cards (M01) are the couple's, not the applicant's: never looked up.
    assert {(x.material_code, x.verification) for x in licences} == {
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
    attached = licence_document(sync_store, case_id, "M03")  # fetched by the verification
    assert attached is not None and attached.content == MARRIAGE_PDF
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


def test_the_verification_sends_the_cards_read_time_and_serves_the_case(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register_marriage(central)
    read_at = datetime.now(UTC) - timedelta(hours=2)  # the card read long before the sync
    pending = LicenceFound("M03", MARRIAGE, None, None, None, None, None, Verification.PENDING)
    case_id = accept_without_paper(sync_store, clerk, [pending], card_read_at=read_at)
    case_no = case_document(sync_store, case_id)["case_no"]
    sent: list[dict[str, Any]] = []
    real = PlatformTransport.request_json

    def recorded(self: PlatformTransport, method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path == ELICENCE_LOOKUP_PATH:
            sent.append(args[0])
        return real(self, method, path, *args, **kw)

    monkeypatch.setattr(PlatformTransport, "request_json", recorded)
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.elicences_verified == 1
    (body,) = sent
    assert body["serves"] == f"{BIRTH_REGISTRATION}/{case_no}"  # a case of the hall it holds
    assert body["consent"]["kind"] == "card_read"
    assert datetime.fromisoformat(body["consent"]["read_at"]) == read_at


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
    assert case["case_no"] == task["case_no"] and "elicence_unverified" in case["flags"]
    # The case's history says what the register answered, not only that it was asked.
    (event,) = sync_store.db.execute(
        "SELECT detail FROM case_events WHERE case_id = ? AND kind = 'elicence'", (case_id,)
    ).fetchall()
    assert json.loads(event[0])["verification"] == "failed"


def test_the_licence_document_is_attached_sealed_and_the_platform_confirms_the_reference(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    tmp_path: Path,
    cli: Callable[..., CliResult],
) -> None:
    kept = register_marriage(central, marriage_file(tmp_path))
    code = consent_code(central)
    licences = look_up_birth_registration_licences(
        home, enrolled, sync_store, clerk, Consent(code, datetime.now(UTC))
    )
    (marriage,) = licences
    assert marriage.document == MARRIAGE_PDF  # fetched with the lookup, its hash checked
    case_id = accept_without_paper(sync_store, clerk, licences, elicence_consent_code=code)

    attached = licence_document(sync_store, case_id, "M03")
    assert attached is not None
    assert (attached.number, attached.file_sha256, attached.content) == (
        "J310104-2020-7",
        kept["file_sha256"],
        MARRIAGE_PDF,
    )
    (sealed,) = sync_store.db.execute("SELECT document_enc FROM elicence_documents").fetchone()
    assert b"marriage certificate" not in sealed  # sealed at rest like the rest of the PII
    shown = cli("case", "show", case_id, "--json")
    assert shown.returncode == 0, shown.stderr
    line = next(m for m in json.loads(shown.stdout)["materials"] if m["code"] == "M03")
    assert (line["licence"]["number"], line["licence_document_sha256"]) == (
        "J310104-2020-7",
        kept["file_sha256"],
    )
    assert line["licence"]["file_sha256"] == kept["file_sha256"]

    # A case referencing a licence the register does not hold (a forged number and hash) is
    # refused by the platform; the genuine one is stored.
    forged = LicenceFound(
        "M03", MARRIAGE, "J310104-2020-9", "上海市徐汇区民政局", None, "ab" * 32, "x",
        Verification.VERIFIED,
    )  # fmt: skip
    forged_id = accept_without_paper(sync_store, clerk, [forged], elicence_consent_code=code)
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.error, summary.pushed, summary.rejected) == (None, 1, 1)
    assert set(platform_versions(central.db)) == {case_id}
    outbox = local_outbox(sync_store)
    assert outbox[(forged_id, 1)][0] == "rejected"
    log = central.cli("elicence", "log", "--json")
    assert [e["record"]["outcome"] for e in log["entries"]] == ["answered", "document"]


def test_a_document_that_does_not_match_the_lookups_hash_is_refused(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    tmp_path: Path,
) -> None:
    register_marriage(central, marriage_file(tmp_path))
    code = consent_code(central)
    transport = platform_transport(home, enrolled)
    try:
        answer = lookup(
            transport,
            id_number=HOLDER,
            types=[MARRIAGE],
            consent=Consent(code, datetime.now(UTC)),
            clerk=clerk.username,
            serves=f"{BIRTH_REGISTRATION}/intake",
        )
        (found,) = answer.licences
        doctored = found.model_copy(update={"file_sha256": "00" * 32})
        with pytest.raises(ElicenceDocumentMismatch) as mismatch:
            fetch_document(
                transport,
                answer.lookup_id,
                doctored,
                clerk=clerk.username,
                serves=f"{BIRTH_REGISTRATION}/intake",
            )
    finally:
        transport.close()
    assert "J310104-2020-7" in mismatch.value.zh


def failed_task(home: Home, enrolled: Config, sync_store: Store, clerk: User) -> str:
    """A case whose 待核验 marriage certificate the register did not confirm; its id."""
    pending = LicenceFound("M03", MARRIAGE, None, None, None, None, None, Verification.PENDING)
    case_id = accept_without_paper(sync_store, clerk, [pending])
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.elicences_verified == 0
    assert [c.case_id for c in checks_in_state(sync_store, "failed")] == [case_id]
    return case_id


def test_the_clerk_closes_a_task_with_the_paper_material_as_one_new_version(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    cli: Callable[..., CliResult],
) -> None:
    case_id = failed_task(home, enrolled, sync_store, clerk)
    case_no = case_document(sync_store, case_id)["case_no"]
    before = case_document(sync_store, case_id)["data_version"]

    closed = cli(
        "elicence", "resolve", case_no, "--material", "M03", "--paper",
        "--by", "clerk07", "--password-stdin", "--json", input="correct-horse-9\n",
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    assert json.loads(closed.stdout) == {
        "case_no": case_no, "material_code": "M03", "state": "paper",
        "data_version": before + 1,
    }  # fmt: skip
    assert json.loads(cli("elicence", "tasks", "--json").stdout) == {"tasks": []}
    (case,) = json.loads(cli("queue", "--json").stdout)["cases"]
    assert "elicence_unverified" not in case["flags"]
    line = next(m for m in case_document(sync_store, case_id)["materials"] if m["code"] == "M03")
    assert (line["status"], line["exemption"], line.get("licence")) == ("received", None, None)
    (actor, detail) = sync_store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'case.elicence_paper'"
    ).fetchone()
    assert actor == "clerk07" and json.loads(detail)["material"] == "M03"

    again = cli(
        "elicence", "resolve", case_no, "--material", "M03", "--paper",
        "--by", "clerk07", "--password-stdin", input="correct-horse-9\n",
    )  # fmt: skip
    assert again.returncode != 0 and "没有待处理" in again.stderr

    first = make_engine(home, enrolled, sync_store).run_once()
    second = make_engine(home, enrolled, sync_store).run_once()
    assert (first.error, second.error, second.pushed) == (None, None, 0)
    held = [version for version, _ in platform_versions(central.db)[case_id]]
    assert held == list(range(1, before + 2))  # the closing version, once


def test_the_supervisor_closes_a_task_by_looking_the_licence_up_again(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    tmp_path: Path,
    cli: Callable[..., CliResult],
) -> None:
    Accounts(sync_store).add_user("super01", "battery-staple-7", "supervisor")
    case_id = failed_task(home, enrolled, sync_store, clerk)
    case_no = case_document(sync_store, case_id)["case_no"]
    register_marriage(central, marriage_file(tmp_path))  # the licence reached the register since
    code = consent_code(central)  # the applicant authorises the lookup again

    closed = cli(
        "elicence", "resolve", case_no, "--material", "M03", "--recheck", "--consent", code,
        "--by", "super01", "--password-stdin", "--json", input="battery-staple-7\n",
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    assert json.loads(closed.stdout)["state"] == "verified"
    assert json.loads(cli("elicence", "tasks", "--json").stdout) == {"tasks": []}
    line = next(m for m in case_document(sync_store, case_id)["materials"] if m["code"] == "M03")
    assert line["exemption"] == f"电子证照：{MARRIAGE} J310104-2020-7（上海市徐汇区民政局）"
    attached = licence_document(sync_store, case_id, "M03")
    assert attached is not None and attached.content == MARRIAGE_PDF
    (actor,) = sync_store.db.execute(
        "SELECT actor FROM audit_log WHERE action = 'case.elicence_verified'"
    ).fetchone()
    assert actor == "super01"
