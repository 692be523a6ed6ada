"""The sync status in the window's status bar: a failed run shows as a problem, with the
reason in the clerk's language when the pointer rests on it; so does a disk running out."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from counter_app.config import Config
from sync.status import SyncStatus, revoked_words
from ui.sync_status import SyncDetailsDialog, SyncStatusBridge, SyncStatusButton

PROXY_404 = SyncStatus(
    connectivity="offline",
    backlog=6,
    last_attempt_at="2026-12-04T08:00:00.000000Z",
    last_error_zh="平台地址 https://platform.example 答复 HTTP 404：那里没有中心平台的接口。",
    last_error_en="The platform address https://platform.example answers HTTP 404: is sync.url right?",
    last_error_code="not_the_platform",
    enrolled=True,
)


@pytest.mark.parametrize(("lang", "reason"), [("zh", "那里没有"), ("en", "is sync.url right?")])
def test_a_failed_run_shows_offline_with_the_backlog_and_its_reason(
    qtbot, lang: str, reason: str
) -> None:
    button = SyncStatusButton(lang, Config())
    qtbot.addWidget(button)
    button.update_status(PROXY_404)
    if lang == "zh":  # no translator is installed for this bare button: its text stays Chinese
        assert "离线" in button.text() and "待上传 6" in button.text()
    assert button.property("problem") is True
    assert reason in button.toolTip()
    button.update_status(SyncStatus(connectivity="online", enrolled=True))
    assert button.property("problem") is False and button.toolTip() == ""


REVOKED = SyncStatus(
    connectivity="online",  # the platform answered: with its refusal of the device
    backlog=3,
    last_error_zh="中心平台拒绝了请求：设备已被吊销。",
    last_error_en="The central platform refused: the device was revoked.",
    last_error_code="device_revoked",
    enrolled=True,
    revoked=True,
)


def test_a_revoked_enrolment_shows_in_red_with_what_to_do_never_as_online(qtbot) -> None:
    config = Config()
    button = SyncStatusButton("zh", config)
    qtbot.addWidget(button)
    button.update_status(REVOKED)
    assert "登记已被吊销" in button.text() and "在线" not in button.text()
    assert button.property("problem") is True
    zh, en = revoked_words(config, 3)
    assert button.toolTip() == zh  # what to do: a new code, enrolled again
    details = SyncDetailsDialog(REVOKED, "en", config)
    qtbot.addWidget(details)
    assert details.fields["last_error"].text() == en
    assert details.fields["enrolled"].text() == "已被中心平台吊销"  # no translator: Chinese


LOW_DISK = SyncStatus(
    connectivity="online",
    enrolled=True,
    disk_warning_zh="本机磁盘剩余空间不足：/home/counter 所在磁盘只剩 180 MB",
    disk_warning_en="The disk is running out of space: 180 MB left",
)


def test_a_disk_running_out_shows_on_the_button_and_in_the_details(qtbot) -> None:
    button = SyncStatusButton("zh", Config())
    qtbot.addWidget(button)
    button.update_status(LOW_DISK)
    assert "磁盘将满" in button.text() and button.property("problem") is True
    assert "只剩 180 MB" in button.toolTip()
    details = SyncDetailsDialog(LOW_DISK, "en", Config())
    qtbot.addWidget(details)
    assert details.fields["disk"].text() == "The disk is running out of space: 180 MB left"
    details.update_status(SyncStatus(connectivity="online", enrolled=True))
    assert details.fields["disk"].text() == "充足"  # no translator installed: Chinese


def test_a_status_from_the_reader_thread_is_emitted_on_the_gui_thread(qtbot) -> None:
    """``changed`` is emitted on the GUI thread alone, so connecting to it there never races
    an emission on the reader thread."""
    bridge = SyncStatusBridge()
    emitted_on: list[bool] = []
    bridge.changed.connect(
        lambda _status: emitted_on.append(
            QThread.currentThread() is QApplication.instance().thread()
        ),
        Qt.ConnectionType.DirectConnection,  # runs where the signal is emitted
    )
    reader = threading.Thread(target=bridge.publish, args=(PROXY_404,))
    with qtbot.waitSignal(bridge.changed, timeout=10_000) as caught:
        reader.start()
    reader.join()
    assert caught.args == [PROXY_404]
    assert emitted_on == [True]


def test_a_catalog_the_window_could_not_load_shows_on_the_button(qtbot) -> None:
    from sync.status_refusals import RefusedDocument

    refused = RefusedDocument(
        "catalog", 5, "缺少版本号。", "'version' is missing.", "2026-12-07T03:00:00Z", 3
    )
    button = SyncStatusButton("zh", Config())
    qtbot.addWidget(button)
    button.update_status(
        SyncStatus(connectivity="online", enrolled=True, refused_documents=(refused,))
    )
    assert button.property("problem") is True
    assert button.toolTip() == refused.words()[0]
    assert "事项目录第 5 版无法载入" in button.toolTip() and "仍使用第 3 版" in button.toolTip()
