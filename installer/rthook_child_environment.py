"""PyInstaller runtime hook: programs the frozen app starts get the workstation's environment.

The bootloader puts the bundle's library directory on ``LD_LIBRARY_PATH`` for its own
process; inherited by ``lp``, ``lpstat`` or ``ipptool`` it would make them load the
bundle's OpenSSL or libz instead of the system's. The dynamic loader of this process has
read the variable already, so changing it here only affects children. Another frozen
program started from here (the training hall's ``counter-central``) is told to set up its
own environment from scratch.
"""

import os
import sys

_bundle = os.path.realpath(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)))
if "LD_LIBRARY_PATH_ORIG" in os.environ:
    os.environ["LD_LIBRARY_PATH"] = os.environ.pop("LD_LIBRARY_PATH_ORIG")
elif "LD_LIBRARY_PATH" in os.environ:
    _kept = [
        entry
        for entry in os.environ["LD_LIBRARY_PATH"].split(os.pathsep)
        if entry and os.path.realpath(entry) != _bundle
    ]
    if _kept:
        os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(_kept)
    else:
        del os.environ["LD_LIBRARY_PATH"]
os.environ["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
