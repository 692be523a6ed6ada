"""The card reader thread: a reader that cannot be opened is retried, and once it is back
the line under the photo says so instead of keeping the old error."""

from __future__ import annotations

import pytest

from counter_app.identity.errors import ReaderUnavailable
from counter_app.identity.reader import CardReader
from counter_app.identity.simulator import SimulatedReader
from ui import card_reader_thread
from ui.card_reader_thread import CardReaderThread


def test_the_prompt_says_the_reader_is_back_once_it_opens_again(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(card_reader_thread, "RETRY_OPEN_SECONDS", 0.05)
    attempts: list[int] = []

    def make_reader() -> CardReader:
        attempts.append(1)
        if len(attempts) == 1:  # unplugged at first
            raise ReaderUnavailable()
        return SimulatedReader(use_pty=False)

    thread = CardReaderThread(make_reader)
    prompts: list[str] = []
    states: list[str] = []
    thread.prompt.connect(prompts.append)
    thread.state_changed.connect(states.append)
    thread.start()
    try:
        qtbot.waitUntil(lambda: len(prompts) == 2, timeout=30_000)
    finally:
        thread.stop()
    assert prompts[0].startswith("未找到可用的读卡器")
    assert prompts[1] == "读卡器已连接，请将证件放在读卡器上"
    assert states[:2] == ["不可用", "就绪"]
