"""A social security card SIMULATOR: the card side of SELECT by DF name, READ RECORD (by
number within an SFI) and GET RESPONSE, answering through the ApduTransport interface.

``t0_style`` makes it answer like a T=0 card (``61xx`` then GET RESPONSE); a wrong
non-zero Le gets ``6Cxx``; past the last record ``6A83``.
"""

from __future__ import annotations

from .apdu import SW_FILE_NOT_FOUND, SW_OK, SW_RECORD_NOT_FOUND
from .errors import CardRemoved
from .samples import SocialSecurityData
from .sscard import DF_NAME, EF_CARD, EF_HOLDER, card_records


class SocialSecurityCardSimulator:
    def __init__(self, data: SocialSecurityData, *, t0_style: bool = False) -> None:
        ef05, ef06 = card_records(data)
        self._files = {EF_CARD: [r for _, r in ef05], EF_HOLDER: [r for _, r in ef06]}
        self.t0_style = t0_style
        self.present = True
        self._selected = False
        self._pending = b""

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if not self.present:
            raise CardRemoved()
        if len(apdu) < 4:
            return b"", 0x6700
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if ins == 0xA4 and p1 == 0x04:
            lc = body[0] if body else 0
            self._selected = body[1 : 1 + lc] == DF_NAME
            return b"", SW_OK if self._selected else SW_FILE_NOT_FOUND
        if ins == 0xC0:
            data, self._pending = self._pending, b""
            return data, SW_OK if data else 0x6985
        if ins == 0xB2:
            if not self._selected:
                return b"", 0x6986
            sfi = p2 >> 3
            records = self._files.get(sfi)
            if records is None or p2 & 0x07 != 0x04:
                return b"", 0x6A82 if records is None else 0x6A86
            if not 1 <= p1 <= len(records):
                return b"", SW_RECORD_NOT_FOUND
            record = records[p1 - 1]
            le = body[0] if len(body) == 1 else 0
            if le and le != len(record):
                return b"", 0x6C00 | len(record)
            if self.t0_style:
                self._pending = record
                return b"", 0x6100 | len(record)
            return record, SW_OK
        del cla
        return b"", 0x6D00
