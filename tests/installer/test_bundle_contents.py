"""What the PyInstaller spec bundles, checked against what the code loads at run time.

No PyInstaller build here (minutes on this machine): the spec's inputs come from
``installer.bundle``, and these tests compare them with the package tree, the modules'
own resource paths and pyproject.toml's entry points.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from installer.bundle import (
    DATA_SUFFIXES,
    DISTRIBUTION,
    ENTRY_POINT_GROUPS,
    EXECUTABLES,
    GUI_TWIN,
    PROGRAMS,
    REPO_ROOT,
    data_files,
    entry_point_modules,
    version,
)

SPEC = REPO_ROOT / "installer" / "counter-app.spec"
RUNTIME_HOOK = REPO_ROOT / "installer" / "rthook_child_environment.py"
COUNTER_APP = next(p for p in PROGRAMS if p.name == "counter-app")
CENTRAL = next(p for p in PROGRAMS if p.name == "counter-central")


def _bundled(packages: tuple[str, ...]) -> dict[Path, Path]:
    """Source file → the directory it lands in, relative to the bundle's _internal/."""
    return {Path(source): Path(dest) for source, dest in data_files(packages)}


def _assert_bundled_in_place(path: Path, bundled: dict[Path, Path]) -> None:
    relative = path.resolve().relative_to(REPO_ROOT)
    assert path.resolve() in bundled, f"{relative} is loaded at run time but not bundled"
    assert bundled[path.resolve()] == relative.parent


def test_catalog_and_calendar_the_store_loads_are_bundled() -> None:
    from importlib.resources import files

    from counter_app.store.calendar import BUNDLED_CALENDAR
    from counter_app.store.catalog import BUNDLED_CATALOG

    bundled = _bundled(COUNTER_APP.packages)
    for name in (BUNDLED_CATALOG, BUNDLED_CALENDAR):
        resource = Path(str(files("counter_app.data").joinpath(name)))
        _assert_bundled_in_place(resource, bundled)


def test_fonts_the_documents_embed_are_bundled_with_their_licences() -> None:
    from printing.fonts import BUNDLED_FONT_DIR, FONT_FILES

    bundled = _bundled(COUNTER_APP.packages)
    for font in FONT_FILES:
        _assert_bundled_in_place(BUNDLED_FONT_DIR / font.filename, bundled)
    licences = [p for p in bundled if p.parent == BUNDLED_FONT_DIR and p.name.startswith("COPYING")]
    assert len(licences) == len({font.debian_package for font in FONT_FILES})


def test_style_sheet_and_translations_of_the_gui_are_bundled(tmp_path: Path) -> None:
    from ui.app import STYLE_PATH
    from ui.i18n import TRANSLATIONS_DIR

    bundled = _bundled(COUNTER_APP.packages)
    _assert_bundled_in_place(STYLE_PATH, bundled)
    for compiled in sorted(TRANSLATIONS_DIR.glob("*.qm")):
        _assert_bundled_in_place(compiled, bundled)
    # `make translations` output may not exist in this tree yet: the same rule on a copy.
    (tmp_path / "ui" / "translations").mkdir(parents=True)
    (tmp_path / "ui" / "translations" / "counter_app_en.qm").write_bytes(b"qm")
    (tmp_path / "ui" / "translations" / "counter_app_en.ts").write_text("<TS/>", "utf-8")
    (tmp_path / "ui" / "__pycache__").mkdir()
    (tmp_path / "ui" / "__pycache__" / "stale.json").write_text("{}", "utf-8")
    assert data_files(("ui",), root=tmp_path) == [
        (str(tmp_path / "ui" / "translations" / "counter_app_en.qm"), "ui/translations")
    ]


def test_every_data_file_in_the_packages_is_bundled_and_nothing_else() -> None:
    for program in PROGRAMS:
        bundled = _bundled(program.packages)
        for package in program.packages:
            for path in (REPO_ROOT / package).rglob("*"):
                if "__pycache__" in path.parts or not path.is_file():
                    continue
                should = path.suffix in DATA_SUFFIXES or path.name.startswith("COPYING")
                assert (path in bundled) == should, path.relative_to(REPO_ROOT)


def test_bundle_carries_at_least_what_the_wheel_carries() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    suffixes = {pattern.removeprefix("*") for pattern in patterns}
    assert suffixes <= DATA_SUFFIXES


def test_entry_point_modules_are_hidden_imports_of_the_counter() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {
        target.split(":")[0]
        for group in ENTRY_POINT_GROUPS
        for target in pyproject["project"]["entry-points"][group].values()
    }
    assert set(entry_point_modules()) == declared
    for module in declared:
        assert module.split(".")[0] in COUNTER_APP.packages, module
        importlib.import_module(module)


def test_programs_match_the_console_scripts() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    scripts = pyproject["project"]["scripts"]
    assert set(EXECUTABLES) == set(scripts)
    twin = (GUI_TWIN, COUNTER_APP)  # counter-app's program under a second name
    for name, program in [*((p.name, p) for p in PROGRAMS), twin]:
        module, function = scripts[name].split(":")
        tree = ast.parse(program.script.read_text(encoding="utf-8"))
        imports = [
            (node.module, alias.name)
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        ]
        assert (module, function) in imports, program.script
        assert module.split(".")[0] in program.packages
    assert "central" not in COUNTER_APP.packages  # the training hall runs it as a program
    assert "ui" not in CENTRAL.packages


def test_spec_uses_the_computed_lists_metadata_and_runtime_hook() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    calls = {
        node.func.id: node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    for name in ("Analysis", "EXE", "PYZ", "COLLECT", "data_files", "entry_point_modules"):
        assert name in calls, name
    metadata = calls["copy_metadata"]
    assert [a.id for a in metadata.args if isinstance(a, ast.Name)] == ["DISTRIBUTION"]
    assert DISTRIBUTION == "counter-app"
    keywords = {k.arg for k in calls["Analysis"].keywords}
    assert {"datas", "hiddenimports", "runtime_hooks", "pathex"} <= keywords
    assert "rthook_child_environment.py" in SPEC.read_text(encoding="utf-8")
    assert RUNTIME_HOOK.is_file()


def test_version_is_the_programs() -> None:
    import counter_app

    assert version() == counter_app.__version__


def _run_hook(env: dict[str, str], bundle: Path) -> dict[str, str]:
    code = (
        "import json, os, runpy, sys\n"
        f"sys._MEIPASS = {str(bundle)!r}\n"
        f"runpy.run_path({str(RUNTIME_HOOK)!r})\n"
        "print(json.dumps({k: v for k, v in os.environ.items() if 'LD_' in k or 'PYINSTALLER' in k}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded: dict[str, str] = json.loads(result.stdout)
    return loaded


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"LD_LIBRARY_PATH": "{b}", "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"}, "/usr/local/lib"),
        ({"LD_LIBRARY_PATH": "{b}"}, None),
        ({"LD_LIBRARY_PATH": "{b}:/opt/reader/lib"}, "/opt/reader/lib"),
        ({}, None),
    ],
)
def test_runtime_hook_gives_children_the_workstation_library_path(
    tmp_path: Path, given: dict[str, str], expected: str | None
) -> None:
    bundle = tmp_path / "_internal"
    bundle.mkdir()
    env = {key: value.format(b=bundle) for key, value in given.items()}
    result = _run_hook(env, bundle)
    assert result.get("LD_LIBRARY_PATH") == expected
    assert "LD_LIBRARY_PATH_ORIG" not in result
    assert result["PYINSTALLER_RESET_ENVIRONMENT"] == "1"
