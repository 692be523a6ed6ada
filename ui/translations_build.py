"""Build the interface translations: every ``ui/translations/*.ts`` (Qt Linguist source) to
``.qm`` with ``pyside6-lrelease``. ``--update`` first refreshes the ``.ts`` files from the
``tr()`` calls in ``ui/`` with ``pyside6-lupdate`` (existing translations are kept; those of
strings the window no longer shows are dropped).

``make translations`` runs this; ``.qm`` files are build output and not committed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

UI_DIR = Path(__file__).parent
TRANSLATIONS_DIR = UI_DIR / "translations"


def tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6 (make setup)")
    return found


def update_sources() -> None:
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py"))
    for ts in sorted(TRANSLATIONS_DIR.glob("*.ts")):
        subprocess.run(
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
