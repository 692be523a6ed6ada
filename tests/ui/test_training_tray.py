"""The training card tray names its sample cards in the interface language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow

from counter_app.identity.samples import SAMPLES
from counter_app.identity.simulator import SimulatedReader
from ui.i18n import install_language
from ui.training_tray import TrainingTray


@pytest.fixture
def english() -> Iterator[None]:
    assert install_language("en"), "run `make translations` first"
    yield
    install_language("zh")


@pytest.fixture
def window(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


def tray_labels(window: QMainWindow) -> tuple[TrainingTray, list[str]]:
    tray = TrainingTray(SimulatedReader(use_pty=False), window)
    return tray, [tray.cards.item(i).text() for i in range(tray.cards.count())]


def test_the_tray_shows_english_labels_in_english(window: QMainWindow, english: None) -> None:
    tray, labels = tray_labels(window)
    assert labels[0] == "Resident ID card (valid long-term)"
    assert "Passport (ICAO 9303)" in labels
    # Every card, and nothing of the Chinese interface left on the tray.
    assert all(label.isascii() or "·" in label for label in labels), labels
    assert tray.windowTitle() == "Training card tray"
    assert tray.place_button.text() == "Place card"


def test_the_tray_shows_chinese_labels_in_chinese(window: QMainWindow) -> None:
    tray, labels = tray_labels(window)
    assert labels == [card.label for card in SAMPLES]
    assert labels[0] == "居民身份证（长期有效）"
    assert tray.windowTitle() == "培训卡盒"
