"""PC/SC readers through pyscard: the APDU transport, reader listing, and the ``pcsc``
backend that reads social security cards and (with an MRZ key) passports."""

from __future__ import annotations

import logging

from smartcard.Exceptions import CardConnectionException, NoCardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException
from smartcard.pcsc.PCSCReader import PCSCReader
from smartcard.scard import (
    SCARD_E_NO_READERS_AVAILABLE,
    SCARD_E_NO_SERVICE,
    SCARD_E_SERVICE_STOPPED,
    SCARD_F_COMM_ERROR,
    SCARD_S_SUCCESS,
    SCARD_SCOPE_USER,
    SCardEstablishContext,
    SCardListReaders,
    SCardReleaseContext,
)

from .document import IdentityDocument
from .errors import CardRemoved, MrzRequired, NoCard, ReaderUnavailable, UnsupportedCard
from .mrz import BacKey
from .passport import read_passport, select_mrtd_application
from .reader import CardReader
from .sscard import read_social_security_card

log = logging.getLogger(__name__)


# What pcsc-lite answers when pcscd is not running, was stopped, or restarted under us.
_SERVICE_GONE = {SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED, SCARD_F_COMM_ERROR}


def _service_unavailable(result: int) -> ReaderUnavailable:
    """The error for a PC/SC service that is gone (pcscd stopped or restarting), with what
    IT checks; the reader thread keeps retrying until pcscd answers again."""
    return ReaderUnavailable(
        "（智能卡服务 pcscd 不可用：请联系信息技术人员检查 pcscd 服务是否在运行，"
        "如 systemctl status pcscd；服务恢复后读卡器会自动重新连接）",
        f"(the smart card service pcscd is not available, PC/SC error {result & 0xFFFFFFFF:08X}: "
        "ask IT to check that the pcscd service is running, e.g. systemctl status pcscd; "
        "the reader reconnects by itself once it is back)",
    )


def list_pcsc_readers() -> list[str]:
    """Names of the PC/SC readers; raises ReaderUnavailable when pcscd is not running."""
    result, context = SCardEstablishContext(SCARD_SCOPE_USER)
    if result != SCARD_S_SUCCESS:
        raise _service_unavailable(result)
    try:
        result, names = SCardListReaders(context, [])
        if result == SCARD_E_NO_READERS_AVAILABLE:
            return []
        if result in _SERVICE_GONE:
            raise _service_unavailable(result)
        if result != SCARD_S_SUCCESS:
            raise ReaderUnavailable(
                "（智能卡服务无响应）", f"(PC/SC error {result & 0xFFFFFFFF:08X})"
            )
        return list(names)
    finally:
        SCardReleaseContext(context)


def _service_gone(exc: CardConnectionException | BaseSCardException) -> bool:
    return exc.hresult in _SERVICE_GONE


class PcscTransport:
    """ApduTransport over one pyscard connection."""

    def __init__(self, reader_name: str) -> None:
        if reader_name not in list_pcsc_readers():
            raise ReaderUnavailable(
                f"（找不到读卡器 {reader_name}）", f"(no reader named {reader_name})"
            )
        try:
            self._connection = PCSCReader(reader_name).createConnection()
        except CardConnectionException as exc:  # pcscd went away since the listing
            raise _service_unavailable(exc.hresult) from None
        try:
            self._connection.connect()
        except (NoCardException, CardConnectionException) as exc:
            self.close()
            if _service_gone(exc):
                raise _service_unavailable(exc.hresult) from None
            raise NoCard() from None

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        try:
            data, sw1, sw2 = self._connection.transmit(list(apdu))
        except (CardConnectionException, BaseSCardException) as exc:
            if _service_gone(exc):
                raise _service_unavailable(exc.hresult) from None
            raise CardRemoved() from None
        return bytes(data), (sw1 << 8) | sw2

    def close(self) -> None:
        """Disconnect and release the PC/SC context now (not in a finaliser, which would
        fail noisily if pcscd has gone away by then)."""
        try:
            self._connection.release()
        except (CardConnectionException, BaseSCardException):
            log.info("PC/SC release after the card or the service was gone")


class PcscReader(CardReader):
    """``pcsc[:READER NAME]``: the named reader, or the first one holding a card."""

    reads_passport_chips = True

    def __init__(self, reader_name: str = "") -> None:
        super().__init__()
        self.reader_name = reader_name
        self.name = f"pcsc:{reader_name}" if reader_name else "pcsc"

    def open(self) -> None:
        self._closing.clear()
        names = list_pcsc_readers()
        if self.reader_name and self.reader_name not in names:
            raise ReaderUnavailable(
                f"（找不到读卡器 {self.reader_name}）", f"(no reader named {self.reader_name})"
            )
        if not names:
            raise ReaderUnavailable("（没有连接 PC/SC 读卡器）", "(no PC/SC reader is connected)")

    def close(self) -> None:
        self._closing.set()

    def _reader_with_card(self) -> str | None:
        """The reader holding a card, if any. ReaderUnavailable (pcscd gone, the reader
        unplugged) is not "no card": it reaches the caller, which says so and reopens."""
        names = [self.reader_name] if self.reader_name else list_pcsc_readers()
        for name in names:
            try:
                PcscTransport(name).close()
            except NoCard:
                continue
            return name
        return None

    def card_present(self) -> bool:
        return self._reader_with_card() is not None

    def read(self, *, bac_key: BacKey | None = None) -> IdentityDocument:
        name = self._reader_with_card()
        if name is None:
            raise NoCard()
        transport = PcscTransport(name)
        try:
            try:
                return read_social_security_card(transport)
            except UnsupportedCard:
                if bac_key is None:
                    # Say "enter the MRZ" only to a chip that is a travel document.
                    select_mrtd_application(transport)
                    raise MrzRequired() from None
            return read_passport(transport, bac_key)
        finally:
            transport.close()
