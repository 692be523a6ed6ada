"""Issuing documents from stored cases: register, archive, reprints, audit, printing to a
simulated printer, failures that leave the case reprintable, retention."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.approval import SamePerson
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.cases import find_case
from counter_app.store.database import MIGRATIONS_TABLE, Store, open_store
from counter_app.store.migrations.registry import DOCUMENT_SEQUENCE_MIGRATION
from counter_app.store.sequences import DOCUMENT_SERIALS
from printing import archive
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import (
    ArchivedDocumentExists,
    ArchiveDiskFull,
    DocumentNotApplicable,
    PrinterNotConfigured,
    ReprintApprovalRequired,
    ReprintReasonRequired,
)
from printing.service import issue_document, print_document
from tests.printing import pdf_tools
from tests.printing.fixtures import (
    ELDERLY_ALLOWANCE,
    RARE_NAME,
    RESIDENCE_ENDORSEMENT,
    CaseFactory,
    id_number,
    print_record,
    printing_config,
)


def _events(store: Store, case_id: str) -> list[dict[str, object]]:
    rows = store.db.execute(
        "SELECT detail FROM case_events WHERE case_id = ? AND kind = 'print' ORDER BY event_id",
        (case_id,),
    ).fetchall()
    return [json.loads(row[0]) for row in rows]


def _audit(store: Store, case_id: str) -> list[tuple[str, str, dict[str, object]]]:
    rows = store.db.execute(
        "SELECT action, actor, detail FROM audit_log WHERE target = ? AND action LIKE 'document.%'"
        " ORDER BY seq",
        (case_id,),
    ).fetchall()
    return [(row[0], row[1], json.loads(row[2])) for row in rows]


def test_issue_registers_archives_and_audits(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_no, actor="clerk07")
    assert issued.kind is DocumentKind.RECEIPT  # accepted → the acceptance receipt
    assert issued.reprint_no == 0
    local = issued.issued_at.astimezone(HALL_TIMEZONE)
    assert (
        issued.pdf_path
        == home.documents_dir / f"{local:%Y}" / f"{local:%m}" / f"{issued.serial}.pdf"
    )
    assert issued.pdf_path.is_file() and issued.pdf_path.stat().st_mode & 0o077 == 0
    row = store.db.execute(
        "SELECT serial, kind, format, lang, issued_by, reprint_no, pdf_path, print_status"
        " FROM documents WHERE document_id = ?",
        (issued.document_id,),
    ).fetchone()
    assert row == (
        issued.serial,
        "receipt",
        "a4",
        "zh",
        "clerk07",
        0,
        str(issued.pdf_path),
        "not_printed",
    )
    text = pdf_tools.text(issued.pdf_path)
    assert case.case_no in text and RARE_NAME in text
    assert id_number(1) not in text  # only the masked number is on paper
    assert find_case(store, case.case_id).applicant_masked_id in text
    assert _events(store, case.case_id)[0]["action"] == "issued"
    assert [a[0] for a in _audit(store, case.case_id)] == ["document.issue"]


def test_serials_are_unique_and_sequential(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    first = issue_document(store, config, home, make_case("accept").case_id, actor="clerk07")
    second = issue_document(store, config, home, make_case("accept").case_id, actor="clerk07")
    assert first.serial != second.serial
    assert int(second.serial.rsplit("-", 1)[1]) == int(first.serial.rsplit("-", 1)[1]) + 1
    assert first.serial.startswith("WS-")


def test_reprint_needs_reason_is_marked_and_audited(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    supervisor: User,
    output_dir: Path,
) -> None:
    case = make_case("accept")
    config = printing_config(config, a4_printer=f"dir:{output_dir}")
    original = issue_document(store, config, home, case.case_id, actor="clerk07")
    print_document(store, config, original, actor="clerk07")  # on paper: a copy is a 补打
    with pytest.raises(ReprintReasonRequired) as refused:
        issue_document(store, config, home, case.case_id, actor="clerk07")
    assert "补打" in refused.value.zh and refused.value.field == "reprint_reason"
    with pytest.raises(ReprintApprovalRequired):
        issue_document(store, config, home, case.case_id, actor="clerk07", reprint_reason="遗失")
    with pytest.raises(SamePerson):  # four eyes: the supervisor asking cannot approve it
        issue_document(
            store,
            config,
            home,
            case.case_id,
            actor="super01",
            reprint_reason="遗失",
            approved_by=supervisor,
        )
    reprint = issue_document(
        store,
        config,
        home,
        case.case_id,
        fmt=PaperFormat.ROLL_80MM,
        actor="clerk07",
        reprint_reason="申请人遗失回执",
        approved_by=supervisor,
    )
    assert reprint.reprint_no == 1
    text = pdf_tools.text(reprint.pdf_path)
    assert "第1次补打" in text
    again = issue_document(
        store,
        config,
        home,
        case.case_id,
        lang="en",
        actor="clerk07",
        reprint_reason="English copy",
        approved_by=supervisor,
    )
    assert again.reprint_no == 2 and "REPRINT · No. 2" in pdf_tools.text(again.pdf_path)
    actions = _audit(store, case.case_id)
    assert [a[0] for a in actions] == [
        "document.issue",
        "document.printed",
        "document.reprint",
        "document.reprint",
    ]
    assert actions[2][2]["reprint_reason"] == "申请人遗失回执"
    assert actions[2][2]["approved_by"] == "super01"
    stored = store.db.execute(
        "SELECT reprint_no, reprint_reason FROM documents WHERE case_id = ? ORDER BY document_id",
        (case.case_id,),
    ).fetchall()
    assert stored == [(0, None), (1, "申请人遗失回执"), (2, "English copy")]


@pytest.mark.parametrize(
    ("decision", "kind", "must_read"),
    [
        ("accept", DocumentKind.RECEIPT, "予以受理"),
        ("deferral", DocumentKind.DEFERRAL, "2026年12月4日前"),
        ("notify", DocumentKind.NOTICE, "一次性告知"),
        ("refuse", DocumentKind.REFUSAL, "六十日内"),
        ("withdraw", DocumentKind.WITHDRAWAL, "撤回原因：申请人不再需要办理"),
    ],
)
def test_default_document_follows_the_decision(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    decision: str,
    kind: DocumentKind,
    must_read: str,
) -> None:
    case = make_case(decision)
    issued = issue_document(store, config, home, case.case_no, actor="clerk07")
    assert issued.kind is kind
    text = pdf_tools.text(issued.pdf_path).replace(" ", "")
    assert must_read in text
    if decision == "notify":
        # every missing required material is listed, with the standard it must meet
        record = find_case(store, case.case_id)
        missing = [m for m in record.materials if m.status == "missing"]
        assert missing
        for material in missing:
            assert material.name.replace(" ", "") in text
    if decision == "refuse":
        assert "户籍不在本区" in text and "第三十二条第一款第（二）项" in text


def test_document_must_match_the_decision(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    refused = make_case("refuse")
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, refused.case_id, kind=DocumentKind.RECEIPT, actor="c")
    accepted = make_case("accept")
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, accepted.case_id, kind=DocumentKind.REFUSAL, actor="c")
    voucher = issue_document(
        store, config, home, accepted.case_id, kind=DocumentKind.VOUCHER, actor="c"
    )
    assert voucher.kind is DocumentKind.VOUCHER


def test_print_to_simulated_printer_marks_receipt_printed(
    store: Store, config: Config, home: Home, make_case: CaseFactory, output_dir: Path
) -> None:
    case = make_case("accept")
    config = printing_config(config, a4_printer=f"dir:{output_dir}")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    outcome = print_document(store, config, issued, actor="clerk07")
    assert (output_dir / outcome.job_id).read_bytes() == issued.pdf_path.read_bytes()
    assert find_case(store, case.case_id).receipt_printed
    assert print_record(store, issued) == ("printed", None)
    assert _events(store, case.case_id)[-1]["action"] == "printed"


def test_no_printer_configured_keeps_case_reprintable(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    output_dir: Path,
    supervisor: User,
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, fmt=PaperFormat.ROLL_80MM, actor="c")
    with pytest.raises(PrinterNotConfigured) as failure:
        print_document(store, config, issued, actor="c")
    assert "未设置打印机" in failure.value.zh and "No printer" in failure.value.en
    record = find_case(store, case.case_id)
    assert record.state == "accepted" and not record.receipt_printed
    status, error = print_record(store, issued)
    assert status == "failed" and "未设置打印机" in error
    assert [a[0] for a in _audit(store, case.case_id)][-1] == "document.print_failed"
    # the reprint after fixing the configuration works and is marked
    config = printing_config(config, receipt_printer=f"dir:{output_dir}")
    again = issue_document(
        store,
        config,
        home,
        case.case_id,
        fmt=PaperFormat.ROLL_80MM,
        actor="c",
        reprint_reason="打印机未配置，补打",
        approved_by=supervisor,
    )
    print_document(store, config, again, actor="c")
    assert find_case(store, case.case_id).receipt_printed
    assert "第1次补打" in pdf_tools.text(again.pdf_path)


def test_retention_purge_removes_old_copies_keeps_register(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    old_moment = datetime(2020, 3, 1, 8, 0, tzinfo=UTC)
    old = issue_document(
        store, config, home, make_case("accept").case_id, actor="c", now=old_moment
    )
    assert old.pdf_path.parent == home.documents_dir / "2020" / "03"
    assert archive.purge_expired(store, home, 365, old_moment + timedelta(days=300)) == 0
    assert archive.purge_expired(store, home, 365, old_moment + timedelta(days=400)) == 1
    assert not old.pdf_path.exists() and not (home.documents_dir / "2020").exists()
    # issuing runs the purge by itself (once a day): an expired copy does not survive it
    older = issue_document(
        store, config, home, make_case("accept").case_id, actor="c", now=old_moment
    )
    assert older.pdf_path.exists()
    config = printing_config(config, retention_days=365)
    fresh = issue_document(store, config, home, make_case("accept").case_id, actor="c")
    assert not older.pdf_path.exists()
    assert fresh.pdf_path.exists()
    rows = store.db.execute(
        "SELECT serial, pdf_path FROM documents ORDER BY document_id"
    ).fetchall()
    assert rows == [(old.serial, None), (older.serial, None), (fresh.serial, str(fresh.pdf_path))]
    assert archive.purge_expired(store, home, 365, datetime.now(UTC) + timedelta(days=1)) == 0


def test_retention_purge_removes_the_copies_no_register_row_keeps(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    """A copy an issue cut short by a crash left (and its unfinished ``.part``), or one
    issued after the backup a restore went back to, has no register row: past retention it
    goes as the others do; a recent one stays, as does a copy its row keeps."""
    old_moment = datetime(2020, 3, 1, 8, 0, tzinfo=UTC)
    # Issued first: an issue runs the purge of its day, which would take the old copies.
    recent = issue_document(store, config, home, make_case("accept").case_id, actor="c")
    kept = issue_document(
        store, config, home, make_case("accept").case_id, actor="c", now=old_moment
    )
    folder = kept.pdf_path.parent
    serial_of_day = kept.serial.rsplit("-", 1)[0]
    left = [folder / f"{serial_of_day}-0099.pdf", folder / f"{serial_of_day}-0098.part"]
    for path in left:
        path.write_bytes(b"%PDF-1.4 unfinished")
    unregistered = recent.pdf_path.with_name(f"{recent.serial.rsplit('-', 1)[0]}-0099.pdf")
    unregistered.write_bytes(b"%PDF-1.4 after the backup")
    not_a_copy = folder / "README.txt"
    not_a_copy.write_text("kept", encoding="utf-8")

    assert archive.purge_expired(store, home, 365, old_moment + timedelta(days=300)) == 0
    assert kept.pdf_path.exists() and all(path.exists() for path in left)
    assert archive.purge_expired(store, home, 365, old_moment + timedelta(days=400)) == 3
    assert not kept.pdf_path.exists() and not any(path.exists() for path in left)
    assert not_a_copy.exists() and unregistered.exists() and recent.pdf_path.exists()


def test_tracking_url_carries_the_case_token_and_nothing_personal(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    from counter_app.domain.tracking import TOKEN_PATTERN
    from counter_app.store.case_plaintext import case_document
    from printing.case_documents import tracking_url

    case = make_case("accept")
    token = case_document(store, case.case_id)["track_token"]
    assert TOKEN_PATTERN.fullmatch(token)
    url = tracking_url(config, token)
    assert url == f"https://zwdt.sh.gov.cn/track/{token}"
    for personal in (case.case_id, case.case_no, RARE_NAME, id_number(1), id_number(1)[-4:]):
        assert personal not in url
    # Each case its own secret.
    assert case_document(store, make_case("accept").case_id)["track_token"] != token


def test_tracking_url_refuses_the_former_case_id_template(config: Config) -> None:
    from counter_app.errors import ConfigError
    from printing.case_documents import tracking_url

    legacy = printing_config(config, tracking_url_template="https://x.example/track/{case_id}")
    with pytest.raises(ConfigError, match=r"\{token\}"):
        tracking_url(legacy, "A" * 32)


def test_training_hall_qr_points_at_its_own_platform_never_a_government_site(
    config: Config,
) -> None:
    from printing.case_documents import tracking_url

    training = replace(
        config,
        hall=replace(config.hall, training=True),
        printing=replace(config.printing, tracking_url_template="https://zwdt.sh.gov.cn/t/{token}"),
    )
    running = replace(training, sync=replace(training.sync, url="http://127.0.0.1:41234"))
    assert tracking_url(running, "T" * 32) == f"http://127.0.0.1:41234/track/{'T' * 32}"
    # A production platform's address in a training hall's files still never gets printed.
    elsewhere = replace(training, sync=replace(training.sync, url="https://zwdt.sh.gov.cn"))
    assert tracking_url(elsewhere, "T" * 32) == f"http://127.0.0.1/track/{'T' * 32}"
    assert tracking_url(training, None) is None


def test_a_city_wide_receipt_names_the_accepting_hall_and_the_handling_department(
    store: Store, config: Config, home: Home, clerk: User, make_case: CaseFactory
) -> None:
    from counter_app.store.case_plaintext import case_document

    make_case("accept")  # the catalog and calendar loaded
    request = IntakeRequest(
        service_item="11310115425014033B008000200001",  # 残疾人证换领（全市通办）
        applicant=ApplicantInput(name=RARE_NAME, id_type="111", id_number=id_number(7)),
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, count)
            for code, count in (("M01", 1), ("M02", 1), ("M03", 2))
        ],
    )
    case = intake.accept(store, request, clerk, now=datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    text = pdf_tools.text(issued.pdf_path)
    assert "受理单位" in text and config.hall.hall_name in text
    assert "办理部门" in text and "浦东新区残疾人联合会（全市通办）" in text
    assert "实施部门" not in text
    png = pdf_tools.render_png(issued.pdf_path, home.root / "receipt", 200, top_mm=120)
    token = case_document(store, case.case_id)["track_token"]
    assert dict(pdf_tools.barcodes(png))["QR-Code"] == f"https://zwdt.sh.gov.cn/track/{token}"


def test_doctor_reports_fonts_and_printers(config: Config, home: Home, output_dir: Path) -> None:
    from printing.doctor import printing_checks

    checks = {c.name: c for c in printing_checks(home, config)}
    assert checks["printing.fonts"].status == "ok"
    assert checks["printing.a4_printer"].status == "warn"
    configured = printing_config(
        config, a4_printer=f"dir:{output_dir}", receipt_printer=f"dir:{output_dir}/gone"
    )
    checks = {c.name: c for c in printing_checks(home, configured)}
    assert checks["printing.a4_printer"].status == "ok"
    assert checks["printing.tracking_url"].status == "ok"
    assert checks["printing.tracking_url"].detail == "https://zwdt.sh.gov.cn/track/{token}"
    legacy = printing_config(config, tracking_url_template="https://x.example/track/{case_id}")
    refused = {c.name: c for c in printing_checks(home, legacy)}["printing.tracking_url"]
    assert refused.status == "fail" and "{token}" in refused.detail
    assert checks["printing.receipt_printer"].status == "fail"
    assert "不存在" in checks["printing.receipt_printer"].detail


def test_printer_test_page(config: Config, output_dir: Path) -> None:
    from printing.service import print_test_page

    config = printing_config(config, receipt_printer=f"dir:{output_dir}")
    outcome = print_test_page(config, PaperFormat.ROLL_80MM)
    printed = output_dir / outcome.job_id
    assert "吉𠮷·𪚥" in pdf_tools.text(printed)
    with pytest.raises(PrinterNotConfigured):
        print_test_page(config, PaperFormat.A4)


def test_reprint_reason_with_personal_numbers_is_refused_and_leaves_nothing(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    from counter_app.errors import ValidationError

    case = make_case("accept")
    issue_document(store, config, home, case.case_id, actor="c")
    files = sorted(home.documents_dir.rglob("*.pdf"))
    for reason in (f"申请人 {id_number(1)} 遗失", "电话13900000000", "遗失\x1b[2J"):
        with pytest.raises(ValidationError) as refused:
            issue_document(store, config, home, case.case_id, actor="c", reprint_reason=reason)
        assert refused.value.field == "reprint_reason"
    assert sorted(home.documents_dir.rglob("*.pdf")) == files
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_failed_issue_rolls_back_row_and_copy(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = make_case("accept")

    def audit_fails(*args: object, **kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(store.audit, "append", audit_fails)
    with pytest.raises(OSError):
        issue_document(store, config, home, case.case_id, actor="c")
    assert list(home.documents_dir.rglob("*.pdf")) == []
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert _events(store, case.case_id) == []


def test_an_archived_document_is_never_overwritten(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    first = issue_document(store, config, home, make_case("accept").case_id, actor="c")
    # A store whose serial sequence is behind its own register (put there by hand): the next
    # issue takes the serial of a document a citizen holds.
    with store.transaction() as db:
        db.execute(f"UPDATE {DOCUMENT_SERIALS} SET last_seq = last_seq - 1")
    on_paper = first.pdf_path.read_bytes()
    case = make_case("accept")

    with pytest.raises(ArchivedDocumentExists) as refused:
        issue_document(store, config, home, case.case_id, actor="c")

    assert first.pdf_path.read_bytes() == on_paper
    assert str(first.pdf_path) in refused.value.zh and str(first.pdf_path) in refused.value.en
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert _events(store, case.case_id) == []


def test_the_copy_an_unfinished_issue_left_is_replaced_under_its_serial(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    """A crash or power cut between the copy and its register row leaves a copy no row
    holds, under the serial the next issue takes (``test_power_cut_receipt.py`` cuts the
    power there for real)."""
    first = issue_document(store, config, home, make_case("accept").case_id, actor="c")
    prefix, seq = first.serial.rsplit("-", 1)
    left = first.pdf_path.with_name(f"{prefix}-{int(seq) + 1:04d}.pdf")
    left.write_bytes(b"the copy of an issue that never committed")
    case = make_case("accept")

    issued = issue_document(store, config, home, case.case_id, actor="c")

    assert issued.pdf_path == left and left.read_bytes().startswith(b"%PDF")
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_a_full_disk_issues_no_document_and_says_so(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    first = issue_document(store, config, home, make_case("accept").case_id, actor="c")
    prefix, seq = first.serial.rsplit("-", 1)
    next_serial = f"{prefix}-{int(seq) + 1:04d}"
    # The next copy's temporary file is the kernel's full device: writing it fails with
    # ENOSPC, as on a full disk.
    temporary = first.pdf_path.with_name(f"{next_serial}.part")
    temporary.symlink_to("/dev/full")
    case = make_case("accept")

    with pytest.raises(ArchiveDiskFull) as full:
        issue_document(store, config, home, case.case_id, actor="c")

    assert "磁盘已满" in full.value.zh and "no document was issued" in full.value.en
    assert full.value.to_dict()["code"] == "disk_full"
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert _events(store, case.case_id) == []
    assert not first.pdf_path.with_name(f"{next_serial}.pdf").exists()
    # Space freed: the document is issued, under the serial that was not used.
    assert not temporary.is_symlink()
    again = issue_document(store, config, home, case.case_id, actor="c")
    assert again.serial == next_serial and again.pdf_path.read_bytes().startswith(b"%PDF")


def test_serials_go_on_after_the_migration_that_brings_their_sequence(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    """A store whose documents were numbered from the register before the sequence existed."""
    first = issue_document(store, config, home, make_case("accept").case_id, actor="c")
    case = make_case("accept")
    with store.transaction() as db:
        db.execute("DROP TABLE document_serial_sequence")
        db.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = ?", (DOCUMENT_SEQUENCE_MIGRATION,))
    store.close()

    with open_store(home, config) as migrated:
        after = issue_document(migrated, config, home, case.case_id, actor="c")

    assert int(after.serial.rsplit("-", 1)[1]) == int(first.serial.rsplit("-", 1)[1]) + 1


def _refusal_request(materials: list[SubmittedMaterial]) -> IntakeRequest:
    return IntakeRequest(
        service_item=ELDERLY_ALLOWANCE,
        applicant=ApplicantInput(name=RARE_NAME, id_type="111", id_number=id_number(901)),
        materials=materials,
    )


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_refusal_on_eligibility_states_where_to_apply_and_lists_nothing_as_missing(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    clerk: User,
    fmt: PaperFormat,
    lang: str,
) -> None:
    make_case("accept")  # the catalogue and calendar in place
    refused = intake.refuse(
        store,
        _refusal_request([]),  # nothing handed in: the applicant is not eligible here
        clerk,
        reason="申请人户籍不在本区",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        redirect_to="长宁区社区事务受理服务中心",
        now=datetime(2026, 11, 26, 2, 0, tzinfo=UTC),
    )
    issued = issue_document(store, config, home, refused.case_id, fmt=fmt, lang=lang, actor="c")
    text = pdf_tools.text(issued.pdf_path).replace(" ", "")
    assert "长宁区社区事务受理服务中心" in text
    assert ("缺少" not in text) and ("Missing" not in text)
    assert ("六十日内" in text) if lang == "zh" else ("reconsideration" in text)


def test_refusal_without_redirect_prints_the_generic_text(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    refused = make_case("refuse")
    text = pdf_tools.text(issue_document(store, config, home, refused.case_id, actor="c").pdf_path)
    assert "拨打12345市民服务热线" in text.replace(" ", "")


def test_acceptance_receipt_leaves_out_uncollected_optional_materials(
    store: Store, config: Config, home: Home, make_case: CaseFactory, clerk: User
) -> None:
    make_case("accept")
    # 上海市居住证签注: M03 is optional and not handed in
    accepted = intake.accept(
        store,
        IntakeRequest(
            service_item=RESIDENCE_ENDORSEMENT,
            applicant=ApplicantInput(name=RARE_NAME, id_type="111", id_number=id_number(902)),
            materials=[
                SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
                for code in ("M01", "M02")
            ],
        ),
        clerk,
        now=datetime(2026, 11, 26, 2, 0, tzinfo=UTC),
    )
    record = find_case(store, accepted.case_id)
    optional = next(m for m in record.materials if not m.required)
    text = pdf_tools.text(issue_document(store, config, home, accepted.case_id, actor="c").pdf_path)
    assert "缺少" not in text.replace(" ", "")
    assert optional.name.replace(" ", "") not in text.replace(" ", "")
