"""The GA 467 serial reader against the device simulator over a real pty."""

from __future__ import annotations

import logging
import threading

import pytest

from counter_app.identity.errors import (
    BadCardData,
    CardRemoved,
    NoCard,
    ReaderTimeout,
    ReaderUnavailable,
    SamFault,
)
from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.samples import SAMPLES, SAMPLES_BY_KEY
from counter_app.identity.serial_reader import GA467SerialReader

GA467_SAMPLES = [card.key for card in SAMPLES if card.base_fields]


@pytest.mark.parametrize("key", GA467_SAMPLES)
def test_reads_every_card_type(ga467_device: GA467DeviceSimulator, key: str) -> None:
    card = SAMPLES_BY_KEY[key]
    ga467_device.place(card)
    with GA467SerialReader(ga467_device.port_path) as reader:
        document = reader.read()
    assert document.doc_type == card.doc_type
    assert document.name == card.base_fields["name"]
    assert document.id_number == card.base_fields["id_number"]
    assert document.photo == card.photo


def test_fingerprint_variant(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path) as reader:
        assert reader.read(fingerprint=True).name == "王建国"
    assert (0x30, 0x10) in ga467_device.commands_seen


def test_no_card(ga467_device: GA467DeviceSimulator) -> None:
    with GA467SerialReader(ga467_device.port_path) as reader:
        assert not reader.card_present()
        with pytest.raises(NoCard):
            reader.read()
        with pytest.raises(ReaderTimeout):
            reader.wait_for_card(0.3)


def test_garbage_and_split_frames_are_survived(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident_rare"])
    ga467_device.faults.garbage_before_response = b"\x00\xaa\xaa\x96\x13\x37"
    ga467_device.faults.split_chunk = 5
    with GA467SerialReader(ga467_device.port_path) as reader:
        assert reader.read().name == "陈𪚥"


def test_one_bad_checksum_is_retried(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path) as reader:
        ga467_device.faults.bad_checksum_responses = 1
        assert reader.read().name == "王建国"


def test_persistent_bad_checksum_says_checksum(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path, command_timeout=0.5) as reader:
        ga467_device.faults.bad_checksum_responses = 10
        with pytest.raises(BadCardData) as info:
            reader.read()
    assert info.value.what == "checksum" and "checksum" in info.value.en


def test_card_removed_mid_read(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    ga467_device.faults.remove_card_during_read = True
    with GA467SerialReader(ga467_device.port_path) as reader:
        with pytest.raises(CardRemoved) as info:
            reader.read()
        assert "移开" in info.value.zh
        reader.wait_for_removal(1)


def test_sam_fault_on_open(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.faults.sam_fault = True
    with pytest.raises(SamFault) as info, GA467SerialReader(ga467_device.port_path):
        pass
    assert info.value.status == 0x60


def test_missing_port_is_reader_unavailable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReaderUnavailable), GA467SerialReader(str(tmp_path / "ttyNONE")):
        pass


def test_unplug_and_replug_reconnects(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path, reconnect_timeout=5) as reader:
        assert reader.read().name == "王建国"
        ga467_device.unplug()
        # Plug back in from another thread while the reader is waiting for the port.
        replug = threading.Timer(0.3, ga467_device.start)
        replug.start()
        try:
            assert reader.read().name == "王建国"
        finally:
            replug.join()
        assert reader.reconnects == 1


def test_unplugged_for_good_is_reader_unavailable(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path, reconnect_timeout=0.3) as reader:
        ga467_device.unplug()
        with pytest.raises(ReaderUnavailable):
            reader.read()


def test_card_data_never_logged(
    ga467_device: GA467DeviceSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    card = SAMPLES_BY_KEY["resident_uyghur"]
    ga467_device.place(card)
    ga467_device.faults.bad_checksum_responses = 1
    with GA467SerialReader(ga467_device.port_path) as reader:
        document = reader.read()
        logging.getLogger("counter_app.test").info("read %r", document)
    logged = caplog.text
    assert caplog.records  # the retry and the document repr were logged...
    for secret in (
        card.base_fields["name"],
        card.base_fields["id_number"],
        card.base_fields["address"],
    ):
        assert secret not in logged  # ...but no personal data
    assert card.photo.hex()[:16] not in logged
