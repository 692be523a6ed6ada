"""``python -m ui.translations_build --update`` leaves the translations as they were when
the lupdate it runs throws plural translations away (PySide6 6.11's does), and says how to
run it with one that does not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ui import translations_build

LUPDATE_611 = """#!/bin/sh
# What PySide6 6.11's lupdate does to the English plurals, and what it says.
for last; do :; done
printf '<TS version="2.1" language="en_US"></TS>\\n' > "$last"
echo "Removed plural forms as the target language has less forms."
"""


def test_an_update_that_drops_plurals_is_undone_and_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    translations = tmp_path / "translations"
    translations.mkdir()
    ts = translations / "counter_app_en.ts"
    ts.write_text("<TS><!-- finished plurals --></TS>\n", encoding="utf-8")
    lupdate = tmp_path / "pyside6-lupdate"
    lupdate.write_text(LUPDATE_611, encoding="utf-8")
    os.chmod(lupdate, 0o755)
    monkeypatch.setenv("PYSIDE6_LUPDATE", str(lupdate))
    monkeypatch.setattr(translations_build, "TRANSLATIONS_DIR", translations)

    with pytest.raises(SystemExit) as refused:
        translations_build.update_sources()

    assert ts.read_text(encoding="utf-8") == "<TS><!-- finished plurals --></TS>\n"
    assert "PYSIDE6_LUPDATE=" in str(refused.value.code)
