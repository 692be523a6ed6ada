"""The core work behind the counter window, composed from ``counter_app``, ``printing`` and
``sync``. Qt-free (but for the Qt print route and the printer list, imported when used):
every method runs on the one worker thread that owns the store.

The work is split by area of the window into the desks of ``ui.desks``; :class:`Workstation`
puts them together as the one object every screen is handed. They only compose the other
packages' APIs (and adapt them to what the screens need); the rules live there. What
screens hand it and get back are the dataclasses of ``ui.facade_types``, so mypy checks
every call from the window.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import open_store
from ui.desks.case_lifecycle import CaseLifecycleDesk
from ui.desks.cases import CaseDesk
from ui.desks.elicences import ElicenceDesk
from ui.desks.hall import HallDesk
from ui.desks.intake import IntakeDesk
from ui.desks.staff import StaffDesk
from ui.desks.supervision import SupervisorDesk

WARM_MODULES = (
    "counter_app.domain.catalog",  # pypinyin, for item search on the GUI thread
    "counter_app.domain.checklist",
    "counter_app.services.intake",
    "printing.service",
    "sync.enrolment",
    "ui.qt_printing",  # QtPrintSupport: loaded before the first print, not during it
)


class Workstation(
    IntakeDesk, CaseDesk, CaseLifecycleDesk, SupervisorDesk, ElicenceDesk, HallDesk, StaffDesk
):
    """The signed-in counter's core session on the store's writer connection: every store
    job of the window. Open with :meth:`open` on the worker thread; ``user`` is who signed
    in (and unlocked) here last."""

    @classmethod
    def open(cls, home: Home, config: Config) -> Workstation:
        return cls(open_store(home, config))

    def warm_up(self) -> None:
        """Import intake, printing and sync on the worker once the window is up, and start
        the process that renders documents: the login screen waits for none of it, and
        neither does the first receipt."""
        from printing.document_process import DocumentProcess

        for module in WARM_MODULES:
            importlib.import_module(module)
        font_dir = self.config.printing.font_dir
        self._document_process = DocumentProcess(Path(font_dir) if font_dir else None)

    def close(self) -> None:
        if self._document_process is not None:
            self._document_process.close()
        self.store.close()
