"""Identity in the window: a passport's chip read after its MRZ (on the real PC/SC rig and
on the simulator), its fields marked as from the chip and passive authentication shown; an
expired card warned about, and accepted only with a stated reason; the case detail says
where the identity came from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app.identity.mrz import build_td3
from counter_app.identity.pcsc import PcscReader
from counter_app.identity.samples import SAMPLES_BY_KEY
from tests.pcsc_rig import PcscService, vicc_card
from tests.ui.conftest import login, window_on
from tests.ui.intake_steps import choose_residence_item, confirm_automatically, open_detail
from ui.app import RunningApp
from ui.intake.dialogs import ExpiredDocumentDialog, MrzDialog
from ui.intake.identity_drafts import to_draft

PASSPORT_MRZ = SAMPLES_BY_KEY["passport"].passport.mrz  # type: ignore[union-attr]


def type_mrz(monkeypatch, text: str) -> None:
    """The MRZ dialog is modal; the test plays the clerk typing (or scanning) the MRZ."""

    def exec_(self: MrzDialog) -> int:
        self.text.setPlainText(text)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(MrzDialog, "exec", exec_)


def give_expiry_reason(monkeypatch, reason: str) -> list[str]:
    """Answers the expired-document dialog with ``reason``; returns the warnings it showed."""
    shown: list[str] = []

    def exec_(self: ExpiredDocumentDialog) -> int:
        shown.append(self.findChild(QLabel, "expiredWarning").text())
        self.text.setPlainText(reason)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(ExpiredDocumentDialog, "exec", exec_)
    return shown


def assert_chip_shown(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.name.text() == "MAIMAITI AILI" and panel.id_number.text() == "EA1234567"
    assert panel.name.property("fromChip") is True and panel.name.toolTip() == "来自芯片"
    assert "来自芯片" in panel.origin.text()
    assert "签名有效" in panel.chip_auth.text() and "CSCA" in panel.chip_auth.text()
    # Not anchored to the country's root certificate: amber, never the green of a pass.
    assert panel.chip_auth.property("state") == "partial"
    assert panel.sex.text() == "男"
    assert not panel.photo.pixmap().isNull()  # the JPEG face from DG2


@pytest.fixture
def pcsc_running(qtbot, seeded_home, pcscd: PcscService) -> Iterator[RunningApp]:
    """The window on the real PC/SC reader, the sample passport (vicc) on it."""
    with (
        vicc_card("passport") as reader_name,
        window_on(qtbot, seeded_home, PcscReader(reader_name)) as app,
    ):
        yield app


@pytest.mark.integration
def test_typed_mrz_reads_the_chip_over_pcsc(qtbot, pcsc_running, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, pcsc_running)
    intake = pcsc_running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    type_mrz(monkeypatch, PASSPORT_MRZ)
    intake.open_mrz()
    qtbot.waitUntil(lambda: intake.identity.source == "chip", timeout=30_000)
    assert_chip_shown(intake.identity)
    source = intake.identity.identity_source()
    assert source.reader == "pcsc:Virtual PCD 00 00"
    choose_residence_item(qtbot, intake)
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    facts, history = open_detail(qtbot, pcsc_running, str(stored.args[0]))
    assert (
        "护照芯片" in facts["证件来源"] and "PC/SC 读卡器（Virtual PCD 00 00）" in facts["证件来源"]
    )
    assert "签名有效" in facts["证件来源"] and "机读码校验位 ✓" in facts["证件来源"]
    assert any("证件来源 护照芯片" in text for text in history), history


def test_mrz_typed_before_the_passport_is_placed(qtbot, running, monkeypatch) -> None:
    login(qtbot, running)
    intake = running.window.intake
    type_mrz(monkeypatch, PASSPORT_MRZ)
    intake.open_mrz()
    assert intake.identity.source == "mrz" and "未读芯片" in intake.identity.origin.text()
    assert intake.identity.name.property("fromChip") is not True
    qtbot.waitUntil(lambda: "以读取芯片" in intake.identity.card_state.text(), timeout=20_000)
    running.reader.place("passport")
    qtbot.waitUntil(lambda: intake.identity.source == "chip", timeout=20_000)
    assert_chip_shown(intake.identity)
    assert "已读取护照芯片" in intake.identity.card_state.text()
    # Typing over a chip field makes the identity typed, and the marks go.
    intake.identity.name.setFocus()
    qtbot.keyClick(intake.identity.name, Qt.Key.Key_End)
    qtbot.keyClicks(intake.identity.name, "X")
    assert intake.identity.source == "manual"
    assert intake.identity.name.property("fromChip") is False
    assert intake.identity.chip_auth.isHidden()


def test_mrz_of_another_passport_does_not_open_the_chip(qtbot, running, monkeypatch) -> None:
    login(qtbot, running)
    intake = running.window.intake
    running.reader.place("passport")
    qtbot.waitUntil(lambda: intake.identity.source == "chip", timeout=20_000)
    other = build_td3(
        code="P",
        state="CHN",
        surname="ZHANG",
        given="SAN",
        number="EB7654321",
        nationality="CHN",
        birth="900101",
        sex="F",
        expiry="340101",
    )
    type_mrz(monkeypatch, other)
    intake.open_mrz()
    # The chip refuses the other passport's key; the typed MRZ stays, not marked as chip.
    qtbot.waitUntil(lambda: "拒绝了访问密钥" in intake.identity.card_state.text(), timeout=20_000)
    assert intake.identity.source == "mrz" and intake.identity.name.text() == "ZHANG SAN"


def test_expired_card_warns_and_accepting_needs_a_reason(qtbot, running, monkeypatch) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident_expired")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "李𠮷", timeout=20_000)
    expiry = intake.identity.valid_to.text()
    warning = intake.identity.expiry_warning
    assert not warning.isHidden() and expiry in warning.text() and "过期" in warning.text()
    assert expiry in intake.summary_label.text()
    choose_residence_item(qtbot, intake)
    assert expiry in intake.summary_label.text()

    shown = give_expiry_reason(monkeypatch, "")  # no reason: nothing is stored
    intake.decide("accept")
    assert shown and expiry in shown[0]
    assert not intake.busy and intake.last_case is None

    give_expiry_reason(monkeypatch, "新证在办，已核验临时身份证明")
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    facts, history = open_detail(qtbot, running, str(stored.args[0]))
    assert facts["过期证件受理理由"] == "新证在办，已核验临时身份证明"
    assert "读卡器读取" in facts["证件来源"] and expiry in facts["证件来源"]
    assert any("过期证件受理理由 新证在办" in text for text in history), history


def test_jpeg2000_face_qt_cannot_decode_is_said_so(qtbot) -> None:
    from counter_app.identity.document import DocType, IdentityDocument
    from ui.intake.identity_panel import IdentityPanel

    panel = IdentityPanel()
    qtbot.addWidget(panel)
    jp2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n" + bytes(64)  # a JP2 signature, no image Qt can read
    panel.fill_from_document(
        IdentityDocument(
            doc_type=DocType.PASSPORT,
            name="MAIMAITI AILI",
            id_number="EA1234567",
            photo=jp2,
            photo_format="jp2",
            photo_decodable=True,
        ),
        "pcsc",
    )
    assert panel.photo.pixmap().isNull()
    assert "JPEG 2000" in panel.photo.text()


def test_another_card_placed_on_an_occupied_reader_replaces_the_first(qtbot, running) -> None:
    login(qtbot, running)
    intake = running.window.intake
    running.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    foreigner = SAMPLES_BY_KEY["foreign_2023"]
    running.reader.place("foreign_2023")  # no removal in between: a swap
    qtbot.waitUntil(
        lambda: intake.identity.id_number.text() == foreigner.base_fields["id_number"],
        timeout=20_000,
    )
    assert intake.identity.name.text() != "王建国"


def test_a_passport_chip_reads_in_the_window_s_language(qtbot, window_in: RunningApp) -> None:
    """The sex a chip gives ("男") shows as the window's word for it and is kept as the chip
    gave it; its passive authentication, short of the CSCA, is not green."""
    login(qtbot, window_in)
    intake = window_in.window.intake
    window_in.reader.place("passport")
    qtbot.waitUntil(lambda: intake.identity.source == "chip", timeout=20_000)
    english = window_in.session.lang == "en"
    assert intake.identity.sex.text() == ("Male" if english else "男")
    assert to_draft(intake.identity)["sex"] == "男"
    assert intake.identity.chip_auth.property("state") == "partial"
