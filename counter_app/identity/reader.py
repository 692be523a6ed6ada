"""The one interface every card reader offers, and the events it reports.

A reader is used as a context manager (``open``/``close``); ``wait_for_card`` and
``wait_for_removal`` block at most ``timeout`` seconds and raise ``ReaderTimeout``;
``read`` returns an :class:`IdentityDocument` or raises a typed ``ReaderError``.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

from .document import CardEvent, CardEventKind, IdentityDocument
from .errors import ReaderTimeout
from .mrz import BacKey

POLL_INTERVAL = 0.1


class CardReader(ABC):
    """Base of the reader backends. Subclasses implement ``open``, ``close``,
    ``card_present`` and ``read``; the waiting is shared."""

    name = "reader"
    reads_passport_chips = False  # whether ``read(bac_key=…)`` can read an eMRTD chip

    def __init__(self) -> None:
        self._closing = threading.Event()

    @abstractmethod
    def open(self) -> None:
        """Connect; raises ReaderUnavailable or SamFault."""

    @abstractmethod
    def close(self) -> None:
        """Release the device; also cuts short a wait in progress."""

    @abstractmethod
    def card_present(self) -> bool:
        """Whether a card is on the reader now."""

    @abstractmethod
    def read(self, *, bac_key: BacKey | None = None) -> IdentityDocument:
        """Read the card on the reader. ``bac_key`` is needed for passports only."""

    def cancel_waits(self) -> None:
        """From another thread: make a ``wait_for_*`` in progress (and any until the next
        ``open``) end at once with ReaderTimeout, e.g. when the window closes."""
        self._closing.set()

    def wait_for_card(self, timeout: float) -> CardEvent:
        return self._wait(True, timeout)

    def wait_for_removal(self, timeout: float) -> CardEvent:
        return self._wait(False, timeout)

    def _wait(self, present: bool, timeout: float) -> CardEvent:
        deadline = time.monotonic() + timeout
        while True:
            if self.card_present() == present:
                return CardEvent(
                    CardEventKind.INSERTED if present else CardEventKind.REMOVED, self.name
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise waiting_timeout(present, timeout)
            # Waiting on the closing event (not sleeping) lets close() cut the wait short.
            if self._closing.wait(min(POLL_INTERVAL, remaining)):
                raise ReaderTimeout.closed(timeout)

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def waiting_timeout(present: bool, timeout: float) -> ReaderTimeout:
    return ReaderTimeout.no_card(timeout) if present else ReaderTimeout.card_not_removed(timeout)
