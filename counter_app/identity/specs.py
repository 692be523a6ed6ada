"""Reader specs as written in config and on the command line, and ``auto`` detection.

``serial:/dev/ttyUSB0[@115200]``, ``sdtapi:/path/libsdtapi.so[:port]``, ``pcsc[:READER NAME]``,
``sim[:CARD]``, ``auto``. ``auto`` tries, in order: the configured SDT library, serial ports
answering a GA 467 SAM status request, PC/SC readers; then, only in a training hall, the
simulator; otherwise it raises ``ReaderUnavailable`` naming what it tried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from serial.tools import list_ports

from counter_app.errors import ConfigError

from .basetext import PhotoDecoder
from .errors import ReaderError, ReaderUnavailable
from .reader import CardReader
from .serial_reader import DEFAULT_BAUD, GA467SerialReader

log = logging.getLogger(__name__)
KINDS = ("serial", "sdtapi", "pcsc", "sim", "auto")
PROBE_TIMEOUT = 0.3


@dataclass(frozen=True)
class ReaderSpec:
    kind: str
    target: str = ""  # port, library path, reader name or sample card
    baudrate: int = DEFAULT_BAUD
    port: int = 1001  # SDT API port number

    def __str__(self) -> str:
        if self.kind == "serial":
            return f"serial:{self.target}@{self.baudrate}"
        if self.kind == "sdtapi":
            return f"sdtapi:{self.target}:{self.port}"
        return f"{self.kind}:{self.target}" if self.target else self.kind


def _bad(spec: str, why_zh: str, why_en: str) -> ConfigError:
    return ConfigError(
        f"读卡器设置“{spec}”无效：{why_zh}。示例：serial:/dev/ttyUSB0@115200、sdtapi:/opt/reader/libsdtapi.so:1001、pcsc、sim、auto",
        f"Reader spec '{spec}' is invalid: {why_en}. Examples: serial:/dev/ttyUSB0@115200, "
        "sdtapi:/opt/reader/libsdtapi.so:1001, pcsc, sim, auto",
        field="reader.spec",
    )


def parse_spec(text: str) -> ReaderSpec:
    raw = text.strip()
    kind, _, rest = raw.partition(":")
    if kind not in KINDS:
        raise _bad(
            raw, f"类型应为 {'、'.join(KINDS)} 之一", f"the kind must be one of {', '.join(KINDS)}"
        )
    if kind == "serial":
        port, _, baud = rest.partition("@")
        if not port:
            raise _bad(raw, "缺少串口名", "the serial port is missing")
        if baud and not (baud.isdigit() and 1200 <= int(baud) <= 921600):
            raise _bad(raw, "波特率应为 1200–921600 的整数", "the baud rate must be 1200-921600")
        return ReaderSpec("serial", port, int(baud) if baud else DEFAULT_BAUD)
    if kind == "sdtapi":
        path, number = rest, ""
        head, sep, tail = rest.rpartition(":")
        if sep and tail.isdigit():
            path, number = head, tail
        if not path:
            raise _bad(raw, "缺少驱动库路径", "the library path is missing")
        return ReaderSpec("sdtapi", path, port=int(number) if number else 1001)
    if kind == "auto" and rest:
        raise _bad(raw, "auto 不带参数", "auto takes no argument")
    return ReaderSpec(kind, rest)


def open_reader(
    spec: ReaderSpec | str,
    *,
    training: bool = False,
    sdtapi_library: str = "",
    photo_decoder: PhotoDecoder | None = None,
) -> CardReader:
    """A reader for ``spec`` (not yet opened; use it as a context manager)."""
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    if parsed.kind == "serial":
        return GA467SerialReader(parsed.target, parsed.baudrate, photo_decoder=photo_decoder)
    if parsed.kind == "sdtapi":
        from .sdtapi import SdtApiReader

        return SdtApiReader(parsed.target, parsed.port, photo_decoder=photo_decoder)
    if parsed.kind == "pcsc":
        from .pcsc import PcscReader

        return PcscReader(parsed.target)
    if parsed.kind == "sim":
        from .simulator import SimulatedReader

        return SimulatedReader(parsed.target or None)
    return detect_reader(
        training=training, sdtapi_library=sdtapi_library, photo_decoder=photo_decoder
    )


def probe_serial_ports(timeout: float = PROBE_TIMEOUT) -> list[str]:
    """Serial ports whose device answers a GA 467 SAM status request."""
    found = []
    for info in list_ports.comports():
        reader = GA467SerialReader(info.device, command_timeout=timeout, reconnect_timeout=0)
        try:
            reader.open()
        except ReaderError as exc:
            log.debug("port %s is not a GA 467 reader: %s", info.device, exc.en)
            continue
        finally:
            reader.close()
        found.append(info.device)
    return found


def detect_reader(
    *, training: bool, sdtapi_library: str = "", photo_decoder: PhotoDecoder | None = None
) -> CardReader:
    tried: list[tuple[str, str]] = []  # each kind of reader tried, and what it met
    if sdtapi_library:
        from .sdtapi import SdtApiReader

        reader = SdtApiReader(sdtapi_library, photo_decoder=photo_decoder)
        try:
            reader.open()
            reader.close()
            return reader
        except ReaderError as exc:
            zh, en = _met(exc)
            tried.append((f"厂商驱动库 {sdtapi_library}{zh}", f"sdtapi {sdtapi_library} {en}"))
    ports = probe_serial_ports()
    if ports:
        return GA467SerialReader(ports[0], photo_decoder=photo_decoder)
    tried.append(("串口（没有 GA 467 读卡器应答）", "serial ports (none answered GA 467)"))
    try:
        from .pcsc import PcscReader, list_pcsc_readers

        if list_pcsc_readers():
            return PcscReader()
        tried.append(("PC/SC（没有读卡器）", "PC/SC (no readers)"))
    except ReaderUnavailable as exc:
        zh, en = _met(exc)
        tried.append((f"PC/SC{zh}", f"PC/SC {en}"))
    if training:
        from .simulator import SimulatedReader

        return SimulatedReader()
    raise ReaderUnavailable(
        "（已尝试：" + "；".join(zh for zh, _ in tried) + "）",
        "Tried: " + "; ".join(en for _, en in tried) + ".",
    )


def _met(exc: ReaderError) -> tuple[str, str]:
    """What one kind of reader met, in parentheses: an unavailable reader's own detail
    (not the advice every such error starts with), else the whole message."""
    if isinstance(exc, ReaderUnavailable) and exc.detail_zh and exc.detail_en:
        return exc.detail_zh, exc.detail_en
    return f"（{exc.zh}）", f"({exc.en})"
