"""What the frozen bundle must carry besides the Python code PyInstaller finds by itself.

Read by ``counter-app.spec`` and by the tests, so the lists are computed from the source
tree and ``pyproject.toml`` rather than written out by hand: a new data file or a new
entry point is bundled without anybody touching the spec. Needs no PyInstaller.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# The distribution whose metadata (version, entry points) the frozen app reads at run time:
# `counter-app` discovers sub-commands and doctor checks through importlib.metadata.
DISTRIBUTION = "counter-app"
ENTRY_POINT_GROUPS = ("counter_app.commands", "counter_app.doctor_checks")

# Files the code opens from its own package directory (Path(__file__).parent / ... or
# importlib.resources): data, styles, compiled translations, fonts and their licences.
DATA_SUFFIXES = frozenset({".json", ".toml", ".qm", ".qss", ".ttf", ".ttc", ".svg", ".png", ".sql"})
LICENCE_PREFIX = "COPYING"

# Third-party packages that import their own modules by a computed name, which PyInstaller
# cannot follow: reportlab's barcode widgets exec "from ...barcode.<kind> import ...".
DYNAMIC_IMPORT_PACKAGES = ("reportlab.graphics.barcode",)


@dataclass(frozen=True)
class Program:
    """One executable of the shared bundle: its name, entry script and top-level packages."""

    name: str
    script: Path
    packages: tuple[str, ...]


PROGRAMS = (
    Program(
        "counter-app",
        REPO_ROOT / "installer" / "entry_counter_app.py",
        ("counter_app", "sync", "printing", "ui"),
    ),
    Program(
        "counter-central",
        REPO_ROOT / "installer" / "entry_counter_central.py",
        ("central", "sync"),
    ),
)
# The counter window's launcher: counter-app's executable built a second time under this
# name; its entry script opens the window at once when started under it (windowed on
# Windows, where a console program would open a console).
GUI_TWIN = "counter-app-gui"
EXECUTABLES = (*(program.name for program in PROGRAMS), GUI_TWIN)


def _is_data_file(path: Path) -> bool:
    if "__pycache__" in path.parts or not path.is_file():
        return False
    return path.suffix in DATA_SUFFIXES or path.name.startswith(LICENCE_PREFIX)


def data_files(packages: tuple[str, ...], root: Path = REPO_ROOT) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` entries ``(source file, destination dir)`` for ``packages``.

    The destination mirrors the package path, so ``Path(__file__).parent / name`` and
    ``importlib.resources.files(package)`` find the file in the frozen app as in the tree.
    """
    entries: list[tuple[str, str]] = []
    for package in packages:
        for path in sorted((root / package).rglob("*")):
            if _is_data_file(path):
                entries.append((str(path), str(path.parent.relative_to(root))))
    return entries


def entry_point_modules(pyproject: Path = REPO_ROOT / "pyproject.toml") -> list[str]:
    """The modules behind the plug-in entry points: loaded by name at run time, so
    PyInstaller's import analysis cannot see them and they are declared hidden imports."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    modules: set[str] = set()
    for group in ENTRY_POINT_GROUPS:
        for target in project.get("entry-points", {}).get(group, {}).values():
            modules.add(target.split(":", 1)[0].strip())
    return sorted(modules)


def version(root: Path = REPO_ROOT) -> str:
    """The program version, read from ``counter_app/__init__.py`` without importing it.

    Refused when the installed distribution's metadata says another: the bundle copies that
    metadata and ``counter-central`` reports its version, so a package built after the
    version was raised but before the distribution was installed again would carry two.
    """
    source = root / "counter_app" / "__init__.py"
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            written = line.split("=", 1)[1].strip().strip("\"'")
            break
    else:
        raise ValueError(f"no __version__ in {source}")
    installed = metadata.version(DISTRIBUTION)
    if installed != written:
        raise ValueError(
            f"{source} says {written} but the installed {DISTRIBUTION} says {installed}: "
            "install it again (.venv/bin/pip install -e .) before building"
        )
    return written
