"""The ``sim[:CARD]`` backend for the training hall and the tests: a simulated reader on
which the UI or a test places and removes sample cards.

Resident-ID-type cards travel over the GA 467 wire: a device simulator on a pty and the
real serial reader code (where the OS has ptys). Social security cards and passports go
through their card simulators and the real APDU-level reader code.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from .basetext import decode_base_message
from .document import CardEvent, CardEventKind, DocType, IdentityDocument
from .errors import NoCard, ReaderError, UnsupportedCard
from .ga467_simulator import GA467DeviceSimulator
from .mrz import BacKey, parse_mrz
from .passport import read_passport
from .passport_simulator import PassportChipSimulator
from .reader import CardReader, waiting_timeout
from .samples import SAMPLES_BY_KEY, SampleCard, sample_names
from .serial_reader import GA467SerialReader
from .sscard import read_social_security_card
from .sscard_simulator import SocialSecurityCardSimulator

_GA467_TYPES = {
    DocType.RESIDENT_ID,
    DocType.FOREIGN_PERMANENT_2017,
    DocType.FOREIGN_PERMANENT_2023,
    DocType.HKMOTW_RESIDENCE_PERMIT,
}


class SimulatedReader(CardReader):
    reads_passport_chips = True

    def __init__(self, card: str | None = None, *, use_pty: bool | None = None) -> None:
        super().__init__()
        self.name = "sim"
        self._use_pty = hasattr(os, "openpty") if use_pty is None else use_pty
        self._device = GA467DeviceSimulator()
        self._serial: GA467SerialReader | None = None
        self._card: SampleCard | None = None
        # Which placement is on the reader and which one was read last: a card placed on an
        # occupied reader is a swap, and the card that was read counts as taken off.
        self._placements = 0
        self._read_placement: int | None = None
        self._changed = threading.Condition()
        self._listeners: list[Callable[[CardEvent], None]] = []
        if card:
            self.place(card)

    @staticmethod
    def sample_names() -> list[str]:
        return sample_names()

    def subscribe(self, listener: Callable[[CardEvent], None]) -> None:
        """Call ``listener`` (from the placing thread) on every place/remove."""
        self._listeners.append(listener)

    def place(self, card_name: str) -> None:
        """Put ``card_name`` on the reader, replacing (taking off) any card already there."""
        card = SAMPLES_BY_KEY.get(card_name)
        if card is None:
            raise UnsupportedCard(
                f"没有名为“{card_name}”的样例证件，可用：{', '.join(sample_names())}",
                f"no sample card '{card_name}'; samples: {', '.join(sample_names())}",
            )
        with self._changed:
            swapped = self._card is not None
            self._card = card
            self._placements += 1
            if card.doc_type in _GA467_TYPES:
                self._device.place(card)
            else:
                self._device.remove()
            self._changed.notify_all()
        events = [CardEventKind.REMOVED] if swapped else []
        for listener in self._listeners:
            for kind in (*events, CardEventKind.INSERTED):
                listener(CardEvent(kind, self.name))

    def remove(self) -> None:
        with self._changed:
            self._card = None
            self._device.remove()
            self._changed.notify_all()
        for listener in self._listeners:
            listener(CardEvent(CardEventKind.REMOVED, self.name))

    def open(self) -> None:
        self._closing.clear()
        if self._use_pty and self._serial is None:
            serial_reader = GA467SerialReader(self._device.start())
            try:
                serial_reader.open()
            except ReaderError:
                self._device.stop()
                raise
            self._serial = serial_reader

    def close(self) -> None:
        self._closing.set()
        with self._changed:
            self._changed.notify_all()
        if self._serial is not None:
            self._serial.close()
            self._serial = None
            self._device.stop()

    def card_present(self) -> bool:
        return self._card is not None

    def cancel_waits(self) -> None:
        super().cancel_waits()
        with self._changed:
            self._changed.notify_all()

    def _wait(self, present: bool, timeout: float) -> CardEvent:
        with self._changed:
            self._changed.wait_for(lambda: self._is(present) or self._closing.is_set(), timeout)
            matched = self._is(present)
        if not matched:
            raise waiting_timeout(present, timeout)
        return CardEvent(CardEventKind.INSERTED if present else CardEventKind.REMOVED, self.name)

    def _is(self, present: bool) -> bool:
        """Whether the reader is in the awaited state. The card read last was taken off
        when it was replaced by another (a swap), not only when the reader is empty."""
        if present:
            return self._card is not None
        swapped = self._read_placement not in (None, self._placements)
        return self._card is None or swapped

    def read(self, *, bac_key: BacKey | None = None) -> IdentityDocument:
        with self._changed:
            card = self._card
            self._read_placement = self._placements
        if card is None:
            raise NoCard()
        if card.doc_type in _GA467_TYPES:
            if self._serial is not None:
                return self._serial.read()
            return decode_base_message(card.base_text, card.photo)
        if card.social_security is not None:
            return read_social_security_card(SocialSecurityCardSimulator(card.social_security))
        assert card.passport is not None
        # Training: the clerk would type or scan the MRZ; the sample's own MRZ stands in.
        key = bac_key or parse_mrz(card.passport.mrz).bac_key
        return read_passport(PassportChipSimulator(card.passport), key)
