"""The 补正材料收取凭证: issued when the correction the department asked for is handed in,
in A4 and on the 80 mm roll, saying what was corrected and the promised date it moved to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.domain.idnumber import credit_check_character
from counter_app.home import Home
from counter_app.services import case_progress, corrections, intake
from counter_app.services.auth import User
from counter_app.services.intake_request import AgentInput, ApplicantInput
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import DocumentNotApplicable, ReprintReasonRequired
from printing.fonts import load_fonts
from printing.render import render_pdf
from printing.service import issue_document, print_document
from printing.specimen import specimen_document
from tests.printing import pdf_tools
from tests.printing.fixtures import (
    CASE_TIME,
    CaseFactory,
    id_number,
    printing_config,
    request_serving,
)

# Monday 30 Nov and Wednesday 2 Dec 2026, 10:00 in Shanghai: two working days waited.
ASKED = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
BROUGHT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def _text(path: Path) -> str:
    """Text without spaces or line ends: pdftotext spaces CJK runs, the roll wraps phrases."""
    return pdf_tools.text(path).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize(
    ("lang", "must_read"),
    [
        ("zh", ("补正材料收取凭证", "补正要求：申请表签名不清", "原承诺办结日", "2026年12月8日",
                "2个工作日不计入", "材料1", "联系电话")),
        ("en", ("Receipt for Correction Materials", "Correction asked for: 申请表签名不清",
                "Promised before", "2026-12-08", "2 working day(s)", "材料1",
                "phone")),
    ],
)  # fmt: skip
def test_the_voucher_says_what_was_corrected_and_the_new_promised_date(
    tmp_path: Path, fmt: PaperFormat, lang: str, must_read: tuple[str, ...]
) -> None:
    pdf = tmp_path / f"correction-{fmt}-{lang}.pdf"
    pdf.write_bytes(render_pdf(specimen_document(DocumentKind.CORRECTION, lang), fmt, load_fonts()))
    text = _text(pdf)
    for phrase in must_read:
        assert phrase.replace(" ", "") in text, phrase
    # Only the corrected material is listed, not the whole application again.
    assert "材料2" not in text


def test_the_voucher_is_issued_for_a_corrected_case_only(
    store: Store, config: Config, home: Home, make_case: CaseFactory, clerk: User
) -> None:
    case = make_case("accept")
    case_progress.apply_progress(
        store, case.case_id, "correction_requested", note="申请表签名不清", at=ASKED,
        materials=("M04",),
    )  # fmt: skip
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, case.case_id, kind=DocumentKind.CORRECTION, actor="c")
    corrections.correct(store, case.case_no, clerk, ["M04"], now=BROUGHT)
    issued = issue_document(
        store, config, home, case.case_no, kind=DocumentKind.CORRECTION, actor="c"
    )
    text = _text(issued.pdf_path)
    assert "补正材料收取凭证" in text and "申请表签名不清" in text
    assert "上海市老年综合津贴申请表" in text and "居民户口簿" not in text
    assert "2026年12月10日" in text  # promised before: 10 working days from 26 Nov
    assert "2026年12月14日" in text  # two working days later


def test_a_second_correction_gets_a_voucher_of_its_own_not_a_reprint(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    clerk: User,
    output_dir: Path,
) -> None:
    """Each 补正 round hands over its own voucher (the first round's, left unprinted, is not
    the second's); only a further copy of the same round's once printed is a supervised 补打."""
    case = make_case("accept")
    config = printing_config(config, a4_printer=f"dir:{output_dir}")
    later = BROUGHT + timedelta(days=1)
    rounds = [(ASKED, BROUGHT, "申请表签名不清"), (later, later, "银行卡复印件不清晰")]
    for asked, brought, note in rounds:
        case_progress.apply_progress(
            store, case.case_id, "correction_requested", note=note, at=asked, materials=("M04",)
        )
        corrections.correct(store, case.case_no, clerk, ["M04"], now=brought)
        issued = issue_document(
            store, config, home, case.case_no, kind=DocumentKind.CORRECTION, actor="c",
            now=brought + timedelta(hours=1),
        )  # fmt: skip
        assert issued.reprint_no == 0
        assert note in _text(issued.pdf_path)
        case_progress.apply_progress(store, case.case_id, "in_process")  # already: no-op
    again = issue_document(
        store, config, home, case.case_no, kind=DocumentKind.CORRECTION, actor="c",
        now=later + timedelta(hours=2),
    )  # fmt: skip
    assert (again.serial, again.reprint_no) == (issued.serial, 0)  # not printed yet
    print_document(store, config, again, actor="c")
    with pytest.raises(ReprintReasonRequired):
        issue_document(
            store, config, home, case.case_no, kind=DocumentKind.CORRECTION, actor="c",
            now=later + timedelta(hours=2),
        )  # fmt: skip


_COMPANY = ApplicantInput(
    name="上海某某科技有限公司",
    id_type="990",
    id_number="91310104MA1FL0000" + credit_check_character("91310104MA1FL0000"),
    applicant_type="enterprise",
)


@pytest.mark.parametrize(
    ("applicant", "role"),
    [(ApplicantInput(name="王秀英", id_type="111", id_number=id_number(5)), "代办人"),
     (_COMPANY, "经办人")],
)  # fmt: skip
def test_the_voucher_names_the_agents_data_corrected_not_its_code(
    store: Store, config: Config, home: Home, clerk: User, applicant: ApplicantInput, role: str
) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    son = AgentInput("王小明", "111", id_number(77), phone="13800000000", relation="子女")
    case = intake.accept(store, request_serving(applicant, son), clerk, now=CASE_TIME)
    case_progress.apply_progress(
        store, case.case_id, "correction_requested", note="代办人电话打不通", at=ASKED,
        fields=("agent_phone", "agent_relation"),
    )  # fmt: skip
    corrections.correct(
        store, case.case_no, clerk, [], {"agent_phone": "13811112222", "agent_relation": "配偶"},
        now=BROUGHT,
    )  # fmt: skip
    for lang, labels in (
        ("zh", (f"{role}电话", f"{role}关系")),
        ("en", ("agent's phone", "agent's relation to the applicant")),
    ):
        issued = issue_document(
            store, config, home, case.case_no, kind=DocumentKind.CORRECTION, actor="c", lang=lang
        )
        text = _text(issued.pdf_path)
        assert all(label.replace(" ", "") in text for label in labels), text
        assert "agent_" not in text
