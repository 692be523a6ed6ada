"""WLT photo decoding through the vendor's licensed library (``libwlt.so`` / ``WltRS.dll``,
function ``int unpack(char *wlt, char *bmp, int save_bmp)``, 1 on success). Without a
configured library the photo stays WLT bytes and the document says it cannot be decoded."""

from __future__ import annotations

import ctypes
import threading

from .errors import BadCardData, ReaderUnavailable
from .native import load_native_library

# 102 x 126 pixels, 24-bit, rows padded to 308 bytes, plus the 54-byte BMP header.
BMP_SIZE = 38862


class WltDecoder:
    def __init__(self, library_path: str) -> None:
        try:
            self._lib = load_native_library(library_path)
            self._unpack = self._lib.unpack
        except (OSError, AttributeError) as exc:
            raise ReaderUnavailable(
                f"（照片解码库无法加载：{exc}）", f"(photo library cannot be loaded: {exc})"
            ) from None
        self._unpack.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        self._unpack.restype = ctypes.c_int
        self._lock = threading.Lock()

    def __call__(self, wlt: bytes) -> bytes:
        out = ctypes.create_string_buffer(BMP_SIZE)
        with self._lock:
            ok = self._unpack(wlt, out, 0)
        if ok != 1 or out.raw[:2] != b"BM":
            raise BadCardData(
                "photo",
                "厂商解码库无法解码 WLT 照片",
                "the vendor library could not decode the WLT photo",
            )
        return out.raw
