"""Resident-ID-type cards through the vendor library's standard ``SDT_*`` API (ctypes).

``sdtapi.dll`` is stdcall (``WinDLL``) on Windows; ``libsdtapi.so`` is cdecl elsewhere.
Ports: 1-16 serial, 1001-1016 USB (the vendor convention). Every function returns a
GA 467 status (``0x90`` ok, ``0x9F`` card found, ...).
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

from . import ga467
from .basetext import PHOTO_LENGTH, TEXT_LENGTH, PhotoDecoder, decode_base_message
from .document import IdentityDocument
from .errors import BadCardData, ReaderUnavailable
from .mrz import BacKey
from .native import load_native_library
from .reader import CardReader

DEFAULT_PORT = 1001
FINGERPRINT_LENGTH = 1024
_UINT_P = ctypes.POINTER(ctypes.c_uint)
_UCHAR_P = ctypes.POINTER(ctypes.c_ubyte)


def load_library(path: str) -> ctypes.CDLL:
    if not Path(path).exists():
        raise ReaderUnavailable(
            f"（找不到读卡器驱动库 {path}）", f"(reader library {path} not found)"
        )
    try:
        library = load_native_library(path)
    except OSError as exc:
        raise ReaderUnavailable(
            f"（读卡器驱动库无法加载：{exc}）", f"(reader library cannot be loaded: {exc})"
        ) from None
    signatures = {
        "SDT_OpenPort": [ctypes.c_int],
        "SDT_ClosePort": [ctypes.c_int],
        "SDT_GetSAMStatus": [ctypes.c_int, ctypes.c_int],
        "SDT_StartFindIDCard": [ctypes.c_int, _UCHAR_P, ctypes.c_int],
        "SDT_SelectIDCard": [ctypes.c_int, _UCHAR_P, ctypes.c_int],
        "SDT_ReadBaseMsg": [ctypes.c_int, _UCHAR_P, _UINT_P, _UCHAR_P, _UINT_P, ctypes.c_int],
        "SDT_ReadBaseFPMsg": [
            ctypes.c_int,
            _UCHAR_P,
            _UINT_P,
            _UCHAR_P,
            _UINT_P,
            _UCHAR_P,
            _UINT_P,
            ctypes.c_int,
        ],
    }
    for name, argtypes in signatures.items():
        try:
            function = getattr(library, name)
        except AttributeError:
            raise ReaderUnavailable(
                f"（驱动库缺少 {name}）", f"(the library lacks {name})"
            ) from None
        function.argtypes = argtypes
        function.restype = ctypes.c_int
    return library


class SdtApiReader(CardReader):
    """``sdtapi:/path/libsdtapi.so[:port]``. The vendor libraries are not thread-safe, so
    every call holds one lock."""

    def __init__(
        self,
        library_path: str,
        port: int = DEFAULT_PORT,
        *,
        photo_decoder: PhotoDecoder | None = None,
    ) -> None:
        super().__init__()
        self.library_path = library_path
        self.port = port
        self.name = f"sdtapi:{library_path}:{port}"
        self.photo_decoder = photo_decoder
        self._lib: ctypes.CDLL | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        self._closing.clear()
        self._lib = load_library(self.library_path)
        with self._lock:
            status = self._lib.SDT_OpenPort(self.port)
        if status != ga467.OK:
            raise ReaderUnavailable(
                f"（端口 {self.port} 打开失败，状态 {status:02X}）",
                f"(port {self.port} failed to open, status {status:02X})",
            )
        self._status(self._lib.SDT_GetSAMStatus(self.port, 0), ga467.OK)

    def close(self) -> None:
        self._closing.set()
        if self._lib is not None:
            with self._lock:
                self._lib.SDT_ClosePort(self.port)
            self._lib = None

    def _library(self) -> ctypes.CDLL:
        if self._lib is None:
            raise ReaderUnavailable("（读卡器未打开）", "(the reader is not open)")
        return self._lib

    @staticmethod
    def _status(status: int, expected: int) -> None:
        ga467.raise_for_status(ga467.Response(0, 0, status & 0xFF, b""), expected)

    def card_present(self) -> bool:
        lib = self._library()
        info = (ctypes.c_ubyte * 8)()
        with self._lock:
            status = lib.SDT_StartFindIDCard(self.port, info, 0)
        if status == ga467.CARD_FOUND:
            return True
        if status == 0x80:
            return False
        self._status(status, ga467.CARD_FOUND)
        return False

    def read(self, *, bac_key: BacKey | None = None, fingerprint: bool = False) -> IdentityDocument:
        lib = self._library()
        info = (ctypes.c_ubyte * 8)()
        text = (ctypes.c_ubyte * TEXT_LENGTH)()
        photo = (ctypes.c_ubyte * PHOTO_LENGTH)()
        fp = (ctypes.c_ubyte * FINGERPRINT_LENGTH)()
        text_len, photo_len, fp_len = ctypes.c_uint(0), ctypes.c_uint(0), ctypes.c_uint(0)
        with self._lock:
            self._status(lib.SDT_StartFindIDCard(self.port, info, 0), ga467.CARD_FOUND)
            self._status(lib.SDT_SelectIDCard(self.port, info, 0), ga467.OK)
            if fingerprint:
                status = lib.SDT_ReadBaseFPMsg(
                    self.port,
                    text,
                    ctypes.byref(text_len),
                    photo,
                    ctypes.byref(photo_len),
                    fp,
                    ctypes.byref(fp_len),
                    0,
                )
            else:
                status = lib.SDT_ReadBaseMsg(
                    self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0
                )
        self._status(status, ga467.OK)
        if text_len.value != TEXT_LENGTH or photo_len.value > PHOTO_LENGTH:
            raise BadCardData(
                "length",
                f"读卡库返回文字信息 {text_len.value} 字节、照片 {photo_len.value} 字节，长度不符",
                f"library returned text {text_len.value}, photo {photo_len.value} bytes",
            )
        return decode_base_message(bytes(text), bytes(photo)[: photo_len.value], self.photo_decoder)
