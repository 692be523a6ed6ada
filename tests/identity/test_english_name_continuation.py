"""A 2023 foreigner's card whose English name fills its 35 characters and goes on in the
continuation field (GA 450-2023): the space that ends the first field is the one between two
words of the name, and it survives the decoder and a real read through the GA 467 reader."""

from __future__ import annotations

from dataclasses import replace

from counter_app.identity.basetext import decode_base_message
from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.serial_reader import GA467SerialReader

FIRST_FIELD = "O'BRIEN-SMITH, MARY ANNE ELIZABETH "  # all 35 characters, the last a space
FULL_NAME = "O'BRIEN-SMITH, MARY ANNE ELIZABETH CATHERINE"

SAMPLE = SAMPLES_BY_KEY["foreign_2023"]
LONG_NAMED = replace(
    SAMPLE,
    base_fields={
        **SAMPLE.base_fields,
        "english_name": FIRST_FIELD,
        "english_name_more": "CATHERINE",
    },
)


def test_the_space_before_the_continuation_is_kept() -> None:
    assert len(FIRST_FIELD) == 35
    document = decode_base_message(LONG_NAMED.base_text, b"")
    assert document.english_name == FULL_NAME


def test_a_name_ending_within_its_field_loses_only_the_padding() -> None:
    document = decode_base_message(SAMPLE.base_text, b"")
    assert document.english_name == "ROSSI, MARIA"


def test_the_serial_reader_reads_the_whole_name(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(LONG_NAMED)
    with GA467SerialReader(ga467_device.port_path) as reader:
        document = reader.read()
    assert document.english_name == FULL_NAME
