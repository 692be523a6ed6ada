"""Build the interface translations: every ``ui/translations/*.ts`` (Qt Linguist source) to
``.qm`` with ``pyside6-lrelease``. ``--update`` first refreshes the ``.ts`` files from the
``tr()`` calls in ``ui/`` with ``pyside6-lupdate`` (existing translations are kept; those of
strings the window no longer shows are dropped).

``make translations`` runs this; ``.qm`` files are build output and not committed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

UI_DIR = Path(__file__).parent
TRANSLATIONS_DIR = UI_DIR / "translations"


def tool(name: str) -> str:
    """The PySide6 tool named by ``$PYSIDE6_LUPDATE``-style variables (``name`` in capitals,
    ``_`` for ``-``), else the one next to this interpreter (the venv), else on PATH."""
    chosen = os.environ.get(name.upper().replace("-", "_"))
    beside = Path(sys.executable).parent / name
    found = chosen or (str(beside) if beside.exists() else shutil.which(name))
    if not found:
        raise SystemExit(f"{name} not found; install PySide6 (make setup)")
    return found


# What PySide6 6.11's lupdate says when it throws away the English plural translations (and
# some plural messages with them): it takes en_US for a language of one form.
DROPPED_PLURALS = "Removed plural forms"


def update_sources() -> None:
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py"))
    for ts in sorted(TRANSLATIONS_DIR.glob("*.ts")):
        before = ts.read_text(encoding="utf-8")
        ran = subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                "-source-language",
                "zh_CN",
                "-no-obsolete",
                "-ts",
                str(ts),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        print(ran.stdout + ran.stderr, end="")
        if DROPPED_PLURALS in ran.stdout + ran.stderr:
            ts.write_text(before, encoding="utf-8")
            raise SystemExit(
                f"{ts.name} left as it was: this pyside6-lupdate drops plural translations "
                "(PySide6 6.11). Run the update with 6.12's: python3 -m venv ~/.cache/lupdate && "
                "~/.cache/lupdate/bin/pip install PySide6-Essentials==6.12.0 && "
                "PYSIDE6_LUPDATE=~/.cache/lupdate/bin/pyside6-lupdate "
                ".venv/bin/python -m ui.translations_build --update"
            )


def build() -> list[Path]:
    built = []
    for ts in sorted(TRANSLATIONS_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.translations_build")
    parser.add_argument("--update", action="store_true", help="refresh the .ts sources first")
    args = parser.parse_args(argv)
    if args.update:
        update_sources()
    for qm in build():
        print(qm.relative_to(UI_DIR.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
