from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.case_number import CaseNumber, looks_like_case_number, parse_case_number
from counter_app.errors import ValidationError

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
halls = st.from_regex(r"[A-Z0-9]([A-Z0-9-]{0,14}[A-Z0-9])?", fullmatch=True)
codes = st.text(ALNUM, min_size=1, max_size=8)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2099, 12, 31))


def test_example_and_round_trip():
    number = CaseNumber("310104-TRAIN", "W01", "A1B2C3D4", date(2026, 11, 27), 1)
    assert str(number) == "310104-TRAIN-W01-A1B2C3D4-20261127-0001"
    assert parse_case_number(str(number)) == number
    assert parse_case_number(" 310104-train-w01-a1b2c3d4-20261127-0001 ") == number
    assert len(str(number)) <= 40  # fits a receipt line and a Code128 barcode


@settings(max_examples=100, deadline=None)
@given(
    devices=st.lists(st.tuples(halls, codes, codes), min_size=1, max_size=12, unique=True),
    workload=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 3)), min_size=1, max_size=400),
    first_day=days,
)
def test_simulated_devices_never_collide_and_numbers_parse_back(devices, workload, first_day):
    """Each simulated device keeps its own daily sequence (as its own store does) and takes
    cases offline on several days; no two cases anywhere share a number."""
    sequences: dict[tuple[int, date], int] = {}
    issued: dict[str, tuple[int, date, int]] = {}
    for raw_index, day_offset in workload:
        device_index = raw_index % len(devices)
        day = first_day + timedelta(days=day_offset)
        seq = sequences.get((device_index, day), 0) + 1
        sequences[(device_index, day)] = seq
        hall, window, device = devices[device_index]
        number = CaseNumber(hall, window, device, day, seq)
        text = str(number)
        assert text not in issued, f"collision: {text}"
        issued[text] = (device_index, day, seq)
        assert looks_like_case_number(text)
        assert parse_case_number(text) == number


def test_large_sequences_widen_the_number():
    number = CaseNumber("H", "W", "D", date(2026, 1, 1), 123456)
    assert str(number).endswith("-123456")
    assert parse_case_number(str(number)).seq == 123456


@pytest.mark.parametrize(
    "text",
    ["", "310104-W01-D-20261127", "H-W-D-20261332-0001", "H-W-D-20261127-01", "H-W-D-X-0001"],
)
def test_foreign_text_is_refused(text):
    with pytest.raises(ValidationError):
        parse_case_number(text)


@pytest.mark.parametrize(
    ("hall", "window", "device"),
    [("-H", "W", "D"), ("H", "W-1", "D"), ("H", "W", "d1"), ("H", "W", "123456789")],
)
def test_bad_parts_are_refused(hall, window, device):
    with pytest.raises(ValidationError):
        CaseNumber(hall, window, device, date(2026, 1, 1), 1)
