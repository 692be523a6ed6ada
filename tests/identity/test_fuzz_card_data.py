"""Fuzzing what a card or a line can send back: secure-messaging responses, passport data
groups, GA 467 read responses. Each must decode or raise BadCardData saying what."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.identity.bac import SecureMessaging
from counter_app.identity.errors import BadCardData
from counter_app.identity.passport import parse_dg1, parse_dg2
from counter_app.identity.serial_reader import split_base_message

KS = bytes.fromhex("979EC13B1CBFE9DCD01AB0FED307EAE5")


@pytest.mark.timeout(60)
@settings(max_examples=300)
@given(st.binary(max_size=120), st.integers(min_value=0, max_value=0xFFFF))
def test_fuzz_secure_messaging_response(data: bytes, sw: int) -> None:
    sm = SecureMessaging(KS, KS, 0)
    try:
        sm.unwrap_response(data, sw)
    except BadCardData as exc:
        assert exc.what == "secure messaging"


@pytest.mark.timeout(60)
@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_fuzz_data_groups(data: bytes) -> None:
    for parse in (parse_dg1, parse_dg2):
        try:
            parse(data)
        except BadCardData as exc:
            assert exc.what and exc.en


@pytest.mark.timeout(60)
@settings(max_examples=300)
@given(st.binary(max_size=1400), st.booleans())
def test_fuzz_read_response(data: bytes, fingerprint: bool) -> None:
    try:
        text, photo = split_base_message(data, fingerprint=fingerprint)
    except BadCardData as exc:
        assert exc.what == "length"
    else:
        assert len(text) == 256 and len(photo) <= 1024
