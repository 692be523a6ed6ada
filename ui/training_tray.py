"""The training card tray: sample cards the newcomer can place on the simulated reader."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.identity.samples import SAMPLES
from ui.i18n import current_lang


class TrainingTray(QDockWidget):
    """A dock on the main window; ``simulator`` has ``place(key)`` and ``remove()``."""

    def __init__(self, simulator: Any, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("培训卡盒"))
        self.setObjectName("trainingTray")
        self.simulator = simulator
        body = QWidget()
        body.setObjectName("trainingTray")
        layout = QVBoxLayout(body)
        hint = QLabel(self.tr("选择一张示例证件，放到模拟读卡器上："))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.cards = QListWidget()
        self.cards.setObjectName("sampleCards")
        self.cards.setWordWrap(True)  # English labels are longer than the tray is wide
        lang = current_lang()
        for card in SAMPLES:
            entry = QListWidgetItem(card.label_in(lang))
            entry.setToolTip(card.label_in(lang))
            entry.setData(Qt.ItemDataRole.UserRole, card.key)
            self.cards.addItem(entry)
        self.cards.setCurrentRow(0)
        layout.addWidget(self.cards, 1)
        self.place_button = QPushButton(self.tr("放卡"))
        self.place_button.setObjectName("placeCard")
        self.remove_button = QPushButton(self.tr("取卡"))
        self.remove_button.setObjectName("removeCard")
        layout.addWidget(self.place_button)
        layout.addWidget(self.remove_button)
        body.setMaximumWidth(230)
        self.setWidget(body)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.place_button.clicked.connect(self.place_current)
        self.cards.itemActivated.connect(lambda _i: self.place_current())
        self.remove_button.clicked.connect(self.simulator.remove)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)

    def place_current(self) -> None:
        current = self.cards.currentItem()
        if current is not None:
            self.simulator.remove()
            self.simulator.place(current.data(Qt.ItemDataRole.UserRole))
