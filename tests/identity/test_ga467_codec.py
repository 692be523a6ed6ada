"""GA 467 frame codec and the resynchronising parser, incl. fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.identity import ga467
from counter_app.identity.ga467 import FrameFault, FrameParser


def test_find_card_command_matches_the_standard_bytes() -> None:
    assert ga467.encode_command(ga467.FIND_CARD).hex() == "aaaaaa9669000320 0122".replace(" ", "")
    assert ga467.encode_command(ga467.SAM_STATUS).hex() == "aaaaaa9669000311ffed"


def test_response_round_trip() -> None:
    frame = ga467.encode_response(ga467.CARD_FOUND, b"\x00" * 4)
    assert frame.hex() == "aaaaaa9669000800009f0000000097"
    [body] = FrameParser().feed(frame)
    assert ga467.Response.from_body(body) == ga467.Response(0, 0, 0x9F, b"\x00" * 4)


def test_garbage_partial_and_bad_checksum_resync() -> None:
    good = ga467.encode_response(ga467.OK, b"hello")
    bad = bytearray(ga467.encode_response(ga467.OK, b"corrupt"))
    bad[-1] ^= 0x55
    stream = b"\x01\x02\xaa\xaa" + bytes(bad) + good
    parser = FrameParser()
    results: list[object] = []
    for i in range(0, len(stream), 3):  # partial frames: 3 bytes at a time
        results += parser.feed(stream[i : i + 3])
    frames = [r for r in results if isinstance(r, bytes)]
    faults = [r.what for r in results if isinstance(r, FrameFault)]
    assert frames == [bytes([0, 0, 0x90]) + b"hello"]
    assert "checksum" in faults and "garbage" in faults
    assert parser.pending == 0


def test_incomplete_frame_is_held_until_complete() -> None:
    frame = ga467.encode_response(ga467.OK, bytes(300))
    parser = FrameParser()
    assert parser.feed(frame[:100]) == []
    assert parser.pending == 100
    assert parser.feed(frame[100:]) == [bytes([0, 0, 0x90]) + bytes(300)]


@pytest.mark.timeout(60)  # a hang in a parser fails here, not at the suite's limit
@settings(max_examples=300)
@given(noise=st.binary(max_size=600), cut=st.integers(min_value=1, max_value=50))
def test_fuzz_parser_never_crashes_and_finds_the_frame_after_noise(noise: bytes, cut: int) -> None:
    good = ga467.encode_response(ga467.OK, b"payload")
    parser = FrameParser()
    stream = noise + good + good
    out: list[object] = []
    for i in range(0, len(stream), cut):
        out += parser.feed(stream[i : i + cut])
    frames = [o for o in out if isinstance(o, bytes)]
    # Noise can swallow at most the first frame (a fake preamble with a long length);
    # the parser resynchronises and the last good frame always comes through.
    assert frames and frames[-1] == bytes([0, 0, 0x90]) + b"payload"
    assert all(
        o.what in {"garbage", "checksum", "length"} for o in out if isinstance(o, FrameFault)
    )
    assert parser.pending <= ga467.MAX_BODY + 7
