"""The interface language: Chinese by default (the source strings), English from ``.qm`` files.

Source strings in ``self.tr()`` are Chinese; ``ui/translations/counter_app_en.ts`` holds the
English, compiled to ``.qm`` by ``make translations``. Qt's own strings (a message box's
"Show Details...", a dialog's standard buttons) are English at the source: the Chinese
window loads Qt's Chinese for them (``qtbase_zh_CN.qm``, shipped with PySide6). Typed core
errors carry both languages themselves, so ``error_text`` picks the right one.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counter_app.errors import CounterError, disk_refusal

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).parent / "translations"

_state = {"lang": "zh"}
_installed: list[QTranslator] = []


def current_lang() -> str:
    return _state["lang"]


def is_available(lang: str) -> bool:
    """Whether the interface can show ``lang``: Chinese always, others once their ``.qm`` is
    built."""
    return lang == "zh" or (TRANSLATIONS_DIR / f"counter_app_{lang}.qm").is_file()


def install_language(lang: str) -> bool:
    """Switch the application's translator; returns False when the ``.qm`` is missing.

    Widgets built afterwards use the new language; the window itself is built again in it
    (``ui.app.run`` reopens it when the clerk picks another language).
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            QCoreApplication.removeTranslator(translator)
    _installed.clear()
    _state["lang"] = "zh"
    if lang == "zh":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _install_qt_chinese()
        return True
    translator = QTranslator()
    if not translator.load(str(TRANSLATIONS_DIR / f"counter_app_{lang}.qm")):
        log.warning("translation %s not built (run `make translations`); staying in Chinese", lang)
        _install_qt_chinese()
        return False
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    _state["lang"] = lang
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return True


def in_language(texts: tuple[str, str], lang: str) -> str:
    """Of a core text given in Chinese and English, the one in ``lang``."""
    zh, en = texts
    return en if lang == "en" else zh


def error_text(exc: BaseException) -> str:
    """The message a clerk should read for ``exc``, in the interface language."""
    if isinstance(exc, OSError):
        exc = disk_refusal(exc) or exc
    if isinstance(exc, sqlite3.DatabaseError):
        # Imported here: the store's module is not needed before the store is, and the
        # login shows sooner without it.
        from counter_app.store.database import damage_refusal

        exc = damage_refusal(exc) or exc
    if isinstance(exc, CounterError):
        return exc.message(current_lang())
    return QCoreApplication.translate(
        "errors", "操作没有完成：{error}。请重试；如果反复出现，请联系信息技术人员。"
    ).format(error=type(exc).__name__)


def _install_qt_chinese() -> None:
    """Qt's own strings in Chinese; without its ``.qm`` they stay English (logged), the
    window's own strings are Chinese all the same."""
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning(
            "Qt's Chinese (qtbase_zh_CN.qm) not found in %s; its buttons stay English", folder
        )
        return
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
