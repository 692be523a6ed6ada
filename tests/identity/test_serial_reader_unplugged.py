"""The GA 467 serial reader when the line goes wrong for longer: unplugged past the
reconnect window, a reader that never answers, one that answers garbage."""

from __future__ import annotations

import os

import pytest

from counter_app.identity.errors import ReaderTimeout, ReaderUnavailable
from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.serial_reader import GA467SerialReader


def test_unplugged_past_the_reconnect_window_reads_again_once_back(
    ga467_device: GA467DeviceSimulator,
) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path, reconnect_timeout=0.2) as reader:
        ga467_device.unplug()
        with pytest.raises(ReaderUnavailable):
            reader.card_present()
        with pytest.raises(ReaderUnavailable) as still_gone:
            reader.card_present()
        assert "无法打开" in still_gone.value.zh  # looked for the port again, not "未打开"
        ga467_device.start()
        assert reader.card_present()
        assert reader.read().name == "王建国"
        assert reader.reconnects == 1


def test_a_reader_that_never_answers_says_so() -> None:
    master, slave = os.openpty()  # a port nobody answers on
    try:
        with pytest.raises(ReaderTimeout) as info:
            GA467SerialReader(os.ttyname(slave), command_timeout=0.3).open()
    finally:
        os.close(master)
        os.close(slave)
    assert "没有响应" in info.value.zh and "无应答" in info.value.zh


def test_a_reader_answering_garbage_says_unreadable(ga467_device: GA467DeviceSimulator) -> None:
    with GA467SerialReader(ga467_device.port_path, command_timeout=0.3) as reader:
        ga467_device.faults.garbage_before_response = b"\x13\x37" * 8
        ga467_device.faults.split_chunk = 0
        # The simulator's frame follows the garbage; cut it off so only garbage arrives.
        ga467_device.respond = lambda body: b""  # type: ignore[method-assign]
        with pytest.raises(ReaderUnavailable) as info:
            reader.card_present()
    assert "无法识别" in info.value.zh and "没有响应" not in info.value.zh
    assert "baud rate" in info.value.en
