"""The window's session on the GUI thread: its state (the signed-in clerk, the lock), its
signals, the two workers that run the core facade (``ui.core_facade``: the store) and the
platform facade (``ui.platform_facade``: calls to the platform, which may hang), and the
small pure helpers screens call on the GUI thread (search in the loaded catalog, checklist
summary).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from counter_app.config import Config
from counter_app.home import Home
from ui.i18n import current_lang, error_text
from ui.worker import CoreWorker

if TYPE_CHECKING:
    from counter_app.domain.catalog import ServiceItem
    from counter_app.identity.document import IdentityDocument
    from counter_app.identity.mrz import BacKey
    from counter_app.services.auth import User
    from ui.core_facade import Workstation
    from ui.idle_lock import HeldCard
    from ui.platform_facade import PlatformDesk


@dataclass(frozen=True)
class ChecklistSummary:
    """What the intake screen shows live: can the case be accepted, what is missing."""

    can_accept: bool
    can_defer: bool
    missing: tuple[str, ...]


def _open_workstation(home: Home, config: Config) -> Workstation:
    from ui.core_facade import Workstation

    return Workstation.open(home, config)


def _close_workstation(workstation: Workstation) -> None:
    workstation.close()


def _holding_the_store(workstation: Workstation) -> AbstractContextManager[object]:
    """Held through each store job: the platform worker shares the store's connection, and
    a transaction it had open there meanwhile would be read by the job (or join it)."""
    return workstation.store.reading()


class Session(QObject):
    """Created once per application run; ``username`` is set while someone is signed in."""

    signed_in = Signal(object)  # the core's User
    signed_out = Signal()
    error = Signal(str)
    sync_now_requested = Signal()
    case_recorded = Signal()

    def __init__(
        self,
        home: Home,
        config: Config,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.home = home
        self.config = config
        self.user: User | None = None
        # The idle lock (or Ctrl+L) is on: nothing opens a window showing case data.
        self.locked = False
        # The last card read while locked, for the form at the unlock (``ui.idle_lock``).
        self.held_card: HeldCard | None = None
        self.read_card_request: Callable[[], None] = lambda: None
        # A dialog waiting for a card (the collector's, at 出件) takes the next card read
        # instead of the intake form; None: cards go to intake.
        self.card_claim: Callable[[IdentityDocument], None] | None = None
        # Set by the card reader's start-up: read a passport chip with a BAC key (None
        # forgets the key), and the open reader's name.
        self.read_chip_request: Callable[[BacKey | None], None] = lambda _key: None
        self.reader_name: Callable[[], str] = lambda: ""
        self._workstation: Workstation | None = None

        def opened() -> Workstation:
            # The workstation module (store, accounts) is imported on the worker thread.
            self._workstation = _open_workstation(home, config)
            return self._workstation

        self.worker: CoreWorker[Workstation] = CoreWorker(
            opened, _close_workstation, self, start=False, hold=_holding_the_store
        )
        # Calls to the platform run on a worker of their own: one that hangs (a platform
        # that accepts the connection and never answers) holds up no store job. Started at
        # the first sign-in, when the store worker has opened (and migrated) the store,
        # whose one writer connection it shares; stopped before the store worker closes it.
        self.platform_worker: CoreWorker[PlatformDesk] = CoreWorker(
            self._platform_desk, None, self, start=False, name="platform-worker"
        )

    def _platform_desk(self) -> PlatformDesk:
        from ui.platform_facade import PlatformDesk

        assert self._workstation is not None  # started at a sign-in, a store worker's job
        return PlatformDesk(self._workstation.store)

    @property
    def username(self) -> str | None:
        return self.user.username if self.user is not None else None

    @property
    def lang(self) -> str:
        return current_lang()

    def set_user(self, user: User | None) -> None:
        self.user = user
        self.held_card = None  # a card read at the lock is not the next user's
        # Queued ahead of any platform call the user makes: the desk checks roles on it.
        self.platform_worker.submit(
            lambda desk: desk.set_user(user), None, self.report_error, name="platform_user"
        )
        if user is None:
            self.signed_out.emit()
        else:
            self.platform_worker.start()
            self.signed_in.emit(user)

    def report_error(self, exc: BaseException) -> None:
        """A job's error in the clerk's words (the worker has logged its traceback)."""
        self.error.emit(error_text(exc))

    # -- pure helpers run on the GUI thread (no store access) ---------------------------
    def summarize_checklist(
        self, item: ServiceItem, situation_code: str | None, entries: Sequence[dict[str, Any]]
    ) -> ChecklistSummary:
        from counter_app.domain.checklist import ShortfallKind, assess
        from ui.checklist_marks import marks_from_entries

        situation = item.situation(situation_code) or item.default_situation
        checklist = assess(situation, marks_from_entries(entries))
        shortfalls = checklist.shortfalls
        missing = tuple(
            s.line.requirement.name for s in shortfalls if s.kind != ShortfallKind.DEFERRED
        )
        deferred = checklist.deferred
        can_defer = (
            not checklist.errors
            and not missing
            and bool(deferred)
            and not any(line.requirement.core for line in deferred)
        )
        return ChecklistSummary(
            can_accept=not checklist.problems_for_accept(),
            can_defer=can_defer,
            missing=missing + tuple(line.requirement.name for line in deferred),
        )

    def parse_mrz(self, lines: Sequence[str]) -> tuple[IdentityDocument, BacKey]:
        """A typed passport MRZ as an identity the panel can show, and the chip's BAC key; a
        typo raises a ValidationError naming the line, position or field (the dialog keeps
        the text)."""
        from counter_app.identity.mrz import parse_typed_mrz
        from ui.core_facade import Workstation

        mrz = parse_typed_mrz("\n".join(lines))
        return Workstation.identity_from_mrz(mrz), mrz.bac_key

    # -- hooks other parts connect -------------------------------------------------------
    def read_card_now(self) -> None:
        self.read_card_request()

    def read_chip(self, key: BacKey | None) -> None:
        """Read the passport chip with the BAC key of its MRZ (None: the applicant is done)."""
        self.read_chip_request(key)

    def sync_nudge(self) -> None:
        """A case was stored: sync soon."""
        self.case_recorded.emit()

    def stop(self) -> None:
        self.platform_worker.stop()
        self.worker.stop()
