"""GA 467 serial frames: the codec, a resynchronising stream parser and the status codes.

Frame: ``AA AA AA 96 69``, a 2-byte big-endian length counting every byte after it
(checksum included), then the body and an XOR checksum over the length bytes and the body.
A command body is ``CMD PARA data``; a response body is ``SW1 SW2 SW3 data`` where SW3 is
the status (``90`` ok, ``9F`` card found, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from .errors import BadCardData, CardRemoved, NoCard, ReaderError, SamFault, UnsupportedCard

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
MAX_BODY = 4096  # the longest real response (base + fingerprint) is 2314 bytes

FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_BASE = (0x30, 0x01)
READ_BASE_FP = (0x30, 0x10)
SAM_STATUS = (0x11, 0xFF)

OK = 0x90
CARD_FOUND = 0x9F
STATUS_TEXT: dict[int, str] = {
    0x10: "the reader received a command with a bad checksum",
    0x11: "the reader received a command with a bad length",
    0x21: "unknown command",
    0x23: "command not allowed",
    0x24: "unrecognised error",
    0x31: "card failed to authenticate the reader",
    0x32: "reader failed to authenticate the card",
    0x33: "information check failed",
    0x40: "unknown card type",
    0x41: "read failed",
    0x47: "random number failed",
    0x60: "SAM self-test failed",
    0x66: "SAM not authorised",
    0x80: "find card failed",
    0x81: "select card failed",
    0x91: "no such content on the card",
    OK: "ok",
    CARD_FOUND: "card found",
}


def _xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def encode_frame(body: bytes) -> bytes:
    if not body or len(body) + 1 > MAX_BODY:
        raise ValueError(f"frame body of {len(body)} bytes")
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([_xor(length + body)])


def encode_command(command: tuple[int, int], data: bytes = b"") -> bytes:
    return encode_frame(bytes(command) + data)


def encode_response(status: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode_frame(bytes([sw1, sw2, status]) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    status: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> Response:
        if len(body) < 3:
            raise BadCardData(
                "length",
                f"读卡器应答（{len(body)} 字节）缺少状态字",
                f"response body of {len(body)} bytes has no status",
            )
        return cls(body[0], body[1], body[2], body[3:])


@dataclass(frozen=True)
class FrameFault:
    """Bytes the parser had to throw away, and why ("garbage", "checksum", "length")."""

    what: str
    discarded: int


class FrameParser:
    """Feed it bytes in any chunks; it yields whole frame bodies and the faults it skipped.

    It never raises and never holds more than one frame's worth of bytes: garbage before a
    preamble is dropped, a bad checksum or impossible length drops the preamble's first
    byte and searches again, so a frame hidden inside a corrupted one is still found.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes | FrameFault]:
        self._buffer += data
        out: list[bytes | FrameFault] = []
        while True:
            start = self._buffer.find(PREAMBLE)
            if start < 0:
                # Keep a tail that could be the start of a preamble split across reads.
                keep = next(
                    (
                        k
                        for k in range(min(4, len(self._buffer)), 0, -1)
                        if PREAMBLE.startswith(self._buffer[-k:])
                    ),
                    0,
                )
                dropped = len(self._buffer) - keep
                if dropped:
                    out.append(FrameFault("garbage", dropped))
                    del self._buffer[:dropped]
                return out
            if start:
                out.append(FrameFault("garbage", start))
                del self._buffer[:start]
            if len(self._buffer) < 7:
                return out
            length = int.from_bytes(self._buffer[5:7], "big")
            if length < 2 or length > MAX_BODY:
                out.append(FrameFault("length", 1))
                del self._buffer[:1]
                continue
            end = 7 + length
            if len(self._buffer) < end:
                return out
            body = bytes(self._buffer[7 : end - 1])
            if _xor(bytes(self._buffer[5 : end - 1])) != self._buffer[end - 1]:
                out.append(FrameFault("checksum", 1))
                del self._buffer[:1]
                continue
            out.append(body)
            del self._buffer[:end]


def raise_for_status(response: Response, expected: int) -> None:
    """Turn a GA 467 status into the error a clerk understands."""
    status = response.status
    if status == expected:
        return
    text = STATUS_TEXT.get(status, "unknown status")
    if status == 0x80:
        raise NoCard()
    if status in (0x41, 0x81, 0x31, 0x32, 0x33, 0x47):
        raise CardRemoved()
    if status == 0x40:
        raise UnsupportedCard("读卡器报告证件类型未知", text)
    if status in (0x60, 0x66):
        raise SamFault(status)
    if status == 0x10:
        raise BadCardData(
            "checksum", "读卡器认为收到的命令校验和错误", "the reader rejected the command frame"
        )
    raise ReaderError(
        f"读卡器返回错误状态 {status:02X}（{text}），请重试；如反复出现请联系信息技术人员。",
        f"The reader answered status {status:02X} ({text}); try again, and call IT if it repeats.",
    )
