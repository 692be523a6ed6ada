"""Loading a vendor's native library: stdcall ``WinDLL`` on Windows, ``CDLL`` elsewhere."""

from __future__ import annotations

import ctypes
import sys


def load_native_library(path: str) -> ctypes.CDLL:
    """Raises OSError when the file is missing or not a loadable library."""
    if sys.platform == "win32":
        return ctypes.WinDLL(path)
    return ctypes.CDLL(path)
