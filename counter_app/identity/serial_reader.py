"""Resident-ID-type cards through a GA 467 reader on a serial port (pyserial)."""

from __future__ import annotations

import logging
import time

import serial

from . import ga467
from .basetext import PHOTO_LENGTH, TEXT_LENGTH, PhotoDecoder, decode_base_message
from .document import IdentityDocument
from .errors import BadCardData, CardRemoved, ReaderTimeout, ReaderUnavailable
from .mrz import BacKey
from .reader import CardReader

log = logging.getLogger(__name__)

# What a vanished port raises: pyserial's own error, the OS's, and on POSIX termios's
# (tcflush on a hung-up tty), which is not an OSError.
try:
    import termios

    PORT_ERRORS: tuple[type[Exception], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # Windows
    PORT_ERRORS = (serial.SerialException, OSError)

DEFAULT_BAUD = 115200


class GA467SerialReader(CardReader):
    """A certified resident-ID reader speaking GA 467 frames.

    ``command_timeout`` bounds each command's answer; ``reconnect_timeout`` bounds how long
    an unplugged reader may take to come back before ``ReaderUnavailable``.
    """

    def __init__(
        self,
        port: str,
        baudrate: int = DEFAULT_BAUD,
        *,
        command_timeout: float = 2.0,
        reconnect_timeout: float = 5.0,
        photo_decoder: PhotoDecoder | None = None,
    ) -> None:
        super().__init__()
        self.port = port
        self.baudrate = baudrate
        self.name = f"serial:{port}@{baudrate}"
        self.command_timeout = command_timeout
        self.reconnect_timeout = reconnect_timeout
        self.photo_decoder = photo_decoder
        self._serial: serial.Serial | None = None
        self._lost = False  # the port vanished and did not come back within reconnect_timeout
        self.reconnects = 0

    # -- lifecycle ----------------------------------------------------------------------
    def open(self) -> None:
        self._closing.clear()
        self._lost = False
        self._connect()
        self.check_sam()

    def close(self) -> None:
        self._closing.set()
        if self._serial is not None:
            self._serial.close()
            self._serial = None

    def _connect(self) -> None:
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0.02, write_timeout=1.0)
        except (serial.SerialException, OSError) as exc:
            raise ReaderUnavailable(
                f"（串口 {self.port} 无法打开）",
                f"(serial port {self.port} cannot be opened: {exc})",
            ) from None

    def _reconnect(self) -> None:
        """The port vanished (USB unplugged): wait for it to come back."""
        if self._serial is not None:
            self._serial.close()
            self._serial = None
        log.warning("reader %s lost; waiting up to %ss for it", self.port, self.reconnect_timeout)
        deadline = time.monotonic() + self.reconnect_timeout
        while True:
            try:
                self._connect()
            except ReaderUnavailable:
                if time.monotonic() >= deadline or self._closing.wait(0.05):
                    self._lost = True
                    raise
                continue
            self._back()
            return

    def _back(self) -> None:
        self._lost = False
        self.reconnects += 1
        log.info("reader %s back after reconnect", self.port)

    # -- commands -------------------------------------------------------------------------
    def transact(self, command: tuple[int, int], data: bytes = b"") -> ga467.Response:
        """Send one command and return the reader's response; a response with a bad
        checksum, or a command the reader received garbled, is retried once."""
        frame = ga467.encode_command(command, data)
        try:
            response = self._exchange(frame)
        except BadCardData:
            log.warning("reader %s: bad frame, retrying command %02X%02X", self.port, *command)
            return self._exchange(frame)
        if response.status == 0x10:
            log.warning("reader %s received a garbled command, resending", self.port)
            return self._exchange(frame)
        return response

    def _exchange(self, frame: bytes) -> ga467.Response:
        if self._lost:  # gave up waiting earlier: one quick try, the caller paces the retries
            self._connect()
            self._back()
        try:
            return self._send_and_receive(frame)
        except PORT_ERRORS:
            self._reconnect()
        try:
            return self._send_and_receive(frame)
        except PORT_ERRORS:
            raise ReaderUnavailable(
                "（读卡器断开后未恢复）", "(the reader did not come back)"
            ) from None

    def _send_and_receive(self, frame: bytes) -> ga467.Response:
        port = self._serial
        if port is None:
            raise ReaderUnavailable("（读卡器未打开）", "(the reader is not open)")
        port.reset_input_buffer()
        port.write(frame)
        parser = ga467.FrameParser()
        faults: list[str] = []
        deadline = time.monotonic() + self.command_timeout
        while time.monotonic() < deadline:
            chunk = port.read(port.in_waiting or 1)
            if not chunk:
                continue
            for item in parser.feed(chunk):
                if isinstance(item, bytes):
                    return ga467.Response.from_body(item)
                faults.append(item.what)
        if "checksum" in faults:
            raise BadCardData(
                "checksum",
                "读卡器应答的异或校验和不符",
                "the reader's answer failed its XOR checksum",
            )
        if faults:  # bytes came back, but never a frame: wrong baud rate, model or cable
            raise ReaderUnavailable(
                "（读卡器的应答无法识别，请检查连接线、波特率设置和读卡器型号）",
                f"(the reader answered with unreadable data: {', '.join(sorted(set(faults)))}; "
                "check the cable, the baud rate and the reader model)",
            )
        if parser.pending:
            raise ReaderTimeout.no_answer(
                self.command_timeout, "应答不完整", "incomplete answer frame"
            )
        raise ReaderTimeout.no_answer(self.command_timeout, "无应答", "no answer")

    def check_sam(self) -> None:
        ga467.raise_for_status(self.transact(ga467.SAM_STATUS), ga467.OK)

    def card_present(self) -> bool:
        response = self.transact(ga467.FIND_CARD)
        if response.status == ga467.CARD_FOUND:
            return True
        if response.status == 0x80:
            return False
        ga467.raise_for_status(response, ga467.CARD_FOUND)
        return False

    def read(self, *, bac_key: BacKey | None = None, fingerprint: bool = False) -> IdentityDocument:
        """Find, select and read the card. A reader reset by an unplug mid-read is reconnected
        and the whole sequence restarted once."""
        reconnects = self.reconnects
        try:
            return self._read_once(fingerprint)
        except CardRemoved:
            if self.reconnects == reconnects:
                raise
            return self._read_once(fingerprint)

    def _read_once(self, fingerprint: bool) -> IdentityDocument:
        ga467.raise_for_status(self.transact(ga467.FIND_CARD), ga467.CARD_FOUND)
        ga467.raise_for_status(self.transact(ga467.SELECT_CARD), ga467.OK)
        response = self.transact(ga467.READ_BASE_FP if fingerprint else ga467.READ_BASE)
        ga467.raise_for_status(response, ga467.OK)
        text, photo = split_base_message(response.data, fingerprint=fingerprint)
        return decode_base_message(text, photo, self.photo_decoder)


def split_base_message(data: bytes, *, fingerprint: bool = False) -> tuple[bytes, bytes]:
    """``text_len(2) photo_len(2) [fp_len(2)] text photo [fingerprint]`` -> (text, photo)."""
    header = 6 if fingerprint else 4
    if len(data) < header:
        raise BadCardData(
            "length", f"读卡应答只有 {len(data)} 字节", f"read response of {len(data)} bytes"
        )
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if fingerprint else 0
    if text_len != TEXT_LENGTH or photo_len > PHOTO_LENGTH:
        raise BadCardData(
            "length",
            f"文字信息 {text_len} 字节、照片 {photo_len} 字节，长度不符",
            f"text {text_len} bytes, photo {photo_len} bytes",
        )
    if len(data) != header + text_len + photo_len + fp_len:
        raise BadCardData(
            "length",
            f"应答共 {len(data)} 字节，报文头所示为 {header + text_len + photo_len + fp_len} 字节",
            f"response holds {len(data)} bytes, header says {header + text_len + photo_len + fp_len}",
        )
    text = data[header : header + text_len]
    photo = data[header + text_len : header + text_len + photo_len]
    return text, photo
