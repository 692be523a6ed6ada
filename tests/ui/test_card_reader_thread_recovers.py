"""The card reader thread with the GA 467 simulator on a pty: a reader unplugged for
longer than its reconnect window, or one that does not answer, is shown 不可用 with the
reason and comes back by itself, without spinning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.reader import CardReader
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.serial_reader import GA467SerialReader
from ui import card_reader_thread
from ui.card_reader_thread import CardReaderThread


@pytest.fixture
def device() -> Iterator[GA467DeviceSimulator]:
    device = GA467DeviceSimulator()
    device.start()
    yield device
    device.stop()


def _thread(device: GA467DeviceSimulator, **options: float) -> CardReaderThread:
    def make_reader() -> CardReader:
        return GA467SerialReader(device.port_path, reconnect_timeout=0.2, **options)

    return CardReaderThread(make_reader)


def test_unplugged_reader_is_shown_unavailable_and_recovers(
    qtbot, device: GA467DeviceSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(card_reader_thread, "RETRY_OPEN_SECONDS", 0.3)
    thread = _thread(device)
    states: list[str] = []
    prompts: list[str] = []
    names: list[str] = []
    thread.state_changed.connect(states.append)
    thread.prompt.connect(prompts.append)
    thread.document_read.connect(lambda document: names.append(document.name))
    thread.start()
    try:
        qtbot.waitUntil(lambda: states == ["就绪"], timeout=30_000)
        device.unplug()
        qtbot.waitUntil(lambda: "不可用" in states, timeout=30_000)
        assert prompts[0].startswith("未找到可用的读卡器")
        device.place(SAMPLES_BY_KEY["resident"])
        device.start()
        qtbot.waitUntil(lambda: names == ["王建国"], timeout=30_000)
    finally:
        thread.stop()
    assert "读卡器已连接，请将证件放在读卡器上" in prompts
    # Paced by the retry pause, not a loop: a handful of reports, not thousands.
    assert len(prompts) < 50


def test_a_reader_that_stops_answering_is_reported(
    qtbot, device: GA467DeviceSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(card_reader_thread, "RETRY_OPEN_SECONDS", 0.3)
    thread = _thread(device, command_timeout=0.3)
    states: list[str] = []
    prompts: list[str] = []
    thread.state_changed.connect(states.append)
    thread.prompt.connect(prompts.append)
    thread.start()
    try:
        qtbot.waitUntil(lambda: states == ["就绪"], timeout=30_000)
        respond = device.respond
        device.respond = lambda body: b""  # type: ignore[method-assign]
        qtbot.waitUntil(lambda: "不可用" in states, timeout=30_000)
        assert "没有响应" in prompts[0]
        device.respond = respond  # type: ignore[method-assign]
        qtbot.waitUntil(lambda: states[-1] == "就绪", timeout=30_000)
    finally:
        thread.stop()
