"""出件 in the real window, from the keyboard: the applicant's choice of postal delivery at
intake; Ctrl+R lists the results the platform reported ready; F10 on a case waits for the
collector's card (the simulated reader): a card that is not the applicant's is refused in
words and changes nothing; the applicant's own card hands the result over and the 领取回执
is printed; a proxy's card with the power of attorney and the applicant's number from it
hands it over too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from counter_app.config import Config, load_config
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.home import Home
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.simulator import SimulatedReader
from counter_app.services import case_progress, intake
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import open_store
from tests.services.conftest import complete_marks, item_named
from tests.ui.conftest import login, training_home, window_on
from tests.ui.intake_steps import confirm_automatically, fill_from_card_and_choose_item

APPLICANT = SAMPLES_BY_KEY["resident"]  # 王建国
OTHER = SAMPLES_BY_KEY["resident_rare"]  # 陈𪚥
ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"


def _ready_case(
    home: Home, config: Config, choice: DeliveryChoice | None = None
) -> tuple[str, str]:
    """王建国's allowance case, accepted and reported ready by the platform."""
    with open_store(home, config) as store:
        item = item_named(store, "老年综合津贴申领")
        applicant = ApplicantInput(
            name=APPLICANT.base_fields["name"],
            id_type="111",
            id_number=APPLICANT.base_fields["id_number"],
        )
        request = IntakeRequest(
            service_item=item.code,
            applicant=applicant,
            materials=complete_marks(item),
            delivery=choice,
        )
        case = intake.accept(store, request, User("clerk9", "窗口九", "clerk", None, False))
        case_progress.apply_progress(store, case.case_id, "completed_approved")
        case_progress.apply_progress(store, case.case_id, "result_ready")
        return case.case_id, case.case_no


def _row_of(results, case_no: str) -> int:
    """The pick-up list's row of ``case_no``; -1 when it is not listed."""
    table = results.table
    return next((r for r in range(table.rowCount()) if table.item(r, 0).text() == case_no), -1)


def _open_from_results(qtbot, app, case_no: str, method: str = "窗口领取"):
    """Ctrl+R in the case list, then Enter on the ready result: its case detail."""
    window = app.window
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    cases = window.cases
    cases.query.setFocus()
    qtbot.keyClick(cases.query, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    # The training hall's own sample result is in the list too.
    qtbot.waitUntil(lambda: cases.results is not None and _row_of(cases.results, case_no) >= 0)
    results = cases.results
    row = _row_of(results, case_no)
    assert results.table.item(row, 3).text() == method
    results.table.setCurrentCell(row, 0)
    qtbot.keyClick(results.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cases.detail is not None and cases.detail.detail is not None)
    return cases.detail


def test_a_wrong_card_is_refused_and_the_applicants_own_card_collects(
    qtbot, tmp_path: Path
) -> None:
    home, config = training_home(tmp_path / "home")
    case_id, case_no = _ready_case(home, config)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        detail = _open_from_results(qtbot, app, case_no)
        assert detail.handover_button.isEnabled() and not detail.post_button.isEnabled()
        qtbot.keyClick(detail, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: detail.handover is not None and detail.handover.isVisible())
        handover = detail.handover

        app.reader.place("resident_rare")
        qtbot.waitUntil(handover.error.isVisible, timeout=20_000)
        assert "不是申请人" in handover.error.text() and "代领" in handover.error.text()
        assert OTHER.base_fields["id_number"] not in handover.error.text()
        assert app.window.intake.identity.name.text() == ""  # the card went to 出件 only

        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            app.reader.place("resident")
        assert detail.detail.state == "delivered"
        assert not handover.isVisible() and not detail.handover_button.isEnabled()
        results = app.window.cases.results
        qtbot.waitUntil(lambda: _row_of(results, case_no) < 0, timeout=20_000)  # it follows
        qtbot.waitUntil(
            lambda: any(p.kind == "handover" for p in detail.detail.documents), timeout=60_000
        )
        detail.close()
    with open_store(home, load_config(home)) as store:
        record = case_rows.get_case(store, case_id)
        handed = case_plaintext.case_document(store, case_id)["handover"]
    assert record.state == "delivered" and record.data_version == 2
    assert (handed["collector"], handed["handed_over_by"]) == ("applicant", "clerk01")


def test_a_proxy_collects_with_the_power_of_attorney(qtbot, tmp_path: Path) -> None:
    home, config = training_home(tmp_path / "home")
    case_id, case_no = _ready_case(home, config)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        detail = _open_from_results(qtbot, app, case_no)
        assert detail.handover_button.isEnabled() and not detail.post_button.isEnabled()
        qtbot.keyClick(detail, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: detail.handover is not None and detail.handover.isVisible())
        handover = detail.handover
        app.reader.place("resident_rare")
        qtbot.waitUntil(handover.error.isVisible, timeout=20_000)
        assert handover.holder_name.text() == OTHER.base_fields["name"]
        assert OTHER.base_fields["id_number"] not in handover.card_holder.text()  # masked

        handover.by_proxy.setFocus()
        qtbot.keyClick(handover.by_proxy, Qt.Key.Key_Space)
        assert handover.by_proxy.isChecked() and handover.applicant_number.hasFocus()
        qtbot.keyClicks(handover.applicant_number, APPLICANT.base_fields["id_number"])
        qtbot.keyClick(handover.applicant_number, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "须核验并登记" in handover.error.text(), timeout=20_000)
        handover.attorney.setFocus()
        qtbot.keyClick(handover.attorney, Qt.Key.Key_Space)
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(handover.applicant_number, Qt.Key.Key_Return)
        assert detail.detail.state == "delivered"
        facts = " ".join(
            detail.facts.itemAt(row, detail.facts.ItemRole.FieldRole).widget().text()
            for row in range(detail.facts.rowCount())
        )
        assert "凭授权委托书代领" in facts and OTHER.base_fields["id_number"] not in facts
        detail.close()
    with open_store(home, load_config(home)) as store:
        handed = case_plaintext.case_document(store, case_id)["handover"]
    assert (handed["collector"], handed["proxy_name"]) == ("proxy", OTHER.base_fields["name"])
    assert handed["proxy_id_number"] == OTHER.base_fields["id_number"]


def test_postal_delivery_is_chosen_at_intake_from_the_keyboard(qtbot, running, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    identity = running.window.intake.identity
    assert not identity.delivery_address.isEnabled()
    identity.delivery_method.setFocus()
    qtbot.keyClick(identity.delivery_method, Qt.Key.Key_Down)
    assert identity.delivery_address.isEnabled()
    qtbot.keyClick(identity.delivery_method, Qt.Key.Key_Tab)
    assert identity.delivery_address.hasFocus()
    identity.delivery_address.insert(ADDRESS)  # typed through the input method
    intake_screen = running.window.intake
    intake_screen.checklist.receive_all_required()
    with qtbot.waitSignal(intake_screen.case_stored, timeout=30_000) as stored:
        intake_screen.decide("accept")
    case_id = str(stored.args[0])
    home = running.session.home
    with open_store(home, load_config(home)) as store:
        chosen = case_plaintext.case_document(store, case_id)["delivery"]
    assert (chosen["method"], chosen["address"]) == ("post", ADDRESS)


def test_the_waybill_of_a_posted_result_is_recorded_with_f11(qtbot, tmp_path: Path) -> None:
    home, config = training_home(tmp_path / "home")
    case_id, case_no = _ready_case(home, config, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        detail = _open_from_results(qtbot, app, case_no, "邮寄送达（EMS）")
        assert detail.post_button.isEnabled()
        results = app.window.cases.results
        assert "上海市徐汇区****" in results.table.item(_row_of(results, case_no), 4).text()
        qtbot.keyClick(detail, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: detail.posting is not None and detail.posting.isVisible())
        posting = detail.posting
        qtbot.keyClicks(posting.waybill, "EA123456789CN")
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(posting.waybill, Qt.Key.Key_Return)
        assert detail.detail.state == "result_ready"
        assert detail.detail.delivery is not None
        assert detail.detail.delivery.waybill == "EA123456789CN"
        assert not detail.post_button.isEnabled() and not detail.handover_button.isEnabled()
        detail.close()
    with open_store(home, load_config(home)) as store:
        assert (
            case_plaintext.case_document(store, case_id)["delivery"]["waybill"] == "EA123456789CN"
        )


def test_a_card_goes_back_to_intake_once_the_hand_over_is_closed(qtbot, tmp_path: Path) -> None:
    home, config = training_home(tmp_path / "home")
    _case_id, case_no = _ready_case(home, config)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        detail = _open_from_results(qtbot, app, case_no)
        qtbot.keyClick(detail, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: detail.handover is not None and detail.handover.isVisible())
        detail.accept()  # the case closed with its hand-over still waiting for a card
        assert not detail.handover.isVisible()
        app.reader.place("resident")
        intake_name = app.window.intake.identity.name
        qtbot.waitUntil(lambda: intake_name.text() == APPLICANT.base_fields["name"], timeout=20_000)
