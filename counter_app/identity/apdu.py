"""ISO 7816-4 command APDUs over any transport, with the status-word dances every reader
meets: ``61xx`` (fetch the rest with GET RESPONSE) and ``6Cxx`` (resend with Le = xx)."""

from __future__ import annotations

from typing import Protocol

from .errors import BadCardData

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than Le: the data is valid, the file has ended
SW_RECORD_NOT_FOUND = 0x6A83
SW_FILE_NOT_FOUND = 0x6A82
MAX_CHAINED_RESPONSES = 64


class ApduTransport(Protocol):
    """Sends one raw APDU and returns ``(data, sw)``; raises NoCard/CardRemoved."""

    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


def command(  # noqa: PLR0917 (the APDU's own field order)
    cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None
) -> bytes:
    """A short APDU; ``le`` 256 is encoded as 00."""
    if len(data) > 255 or (le is not None and not 0 <= le <= 256):
        raise ValueError("short APDU limits exceeded")
    out = bytes([cla, ins, p1, p2])
    if data:
        out += bytes([len(data)]) + data
    if le is not None:
        out += bytes([le % 256])
    return out


def transceive(transport: ApduTransport, apdu: bytes) -> tuple[bytes, int]:
    """Send ``apdu`` and resolve ``61xx``/``6Cxx`` into the final ``(data, sw)``."""
    data, sw = transport.transmit(apdu)
    if sw >> 8 == 0x6C:
        # Wrong Le: the card says how many bytes it has; ask again with exactly that.
        header = apdu[:4]
        body = apdu[4:]
        if len(body) in (0, 1):  # case 1 or 2: replace or add Le
            data, sw = transport.transmit(header + bytes([sw & 0xFF]))
        else:
            lc = body[0]
            data, sw = transport.transmit(header + body[: 1 + lc] + bytes([sw & 0xFF]))
    collected = data
    rounds = 0
    while sw >> 8 == 0x61:
        rounds += 1
        if rounds > MAX_CHAINED_RESPONSES:
            raise BadCardData(
                "response chaining",
                "卡片不断返回 61xx，应答无法取完",
                "the card keeps answering 61xx",
            )
        more, sw = transport.transmit(bytes([apdu[0] & 0x03, 0xC0, 0x00, 0x00, sw & 0xFF]))
        collected += more
    return collected, sw
