"""Start the counter window: Qt application, fonts, language, crash handler and the login
screen first; the store, sync, card reader and work area once the login has been painted."""

from __future__ import annotations

import gc
import logging
import os
import re
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.errors import CounterError
from counter_app.file_lock import FileLock, HomeBusy
from ui import qtlog
from ui.crash import CrashHandler
from ui.dialog_lifetime import delete_on_close
from ui.gui_thread_gc import GuiThreadCollector
from ui.i18n import error_text, install_language

if TYPE_CHECKING:
    from counter_app.config import Config
    from counter_app.home import Home
    from counter_app.identity.reader import CardReader
    from ui.core_facade import Workstation
    from ui.main_window import MainWindow
    from ui.window_session import Session

log = logging.getLogger(__name__)

STYLE_PATH = Path(__file__).parent / "style.qss"
# The UI uses the TrueType CJK fonts the app carries for printing (printing/fonts), so the
# screen looks the same on every workstation; the system copy is the fallback.
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/wqy"),
    Path("/usr/share/fonts/truetype/hanazono"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
# The printing fonts' chain (printing.fonts.FONT_FILES), in its order: the main CJK face,
# then CJK Extension B, Latin/Greek/Cyrillic letters and the rest of the BMP.
UI_FONT_FILES = ("wqy-zenhei.ttc", "HanaMinB.ttf", "DejaVuSans.ttf", "HanaMinA.ttf")
# The size style.qss is written for: its sizes are scaled to the window's text size.
UI_POINT_SIZE = 10
_QSS_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")
# Placeholder text is the only label of some fields (the lock screen's password, the case
# search): Fusion's half-transparent black (#808080 on white, 3.9:1) is below WCAG's 4.5:1;
# this grey is 7:1 on white and over 6:1 on the tinted fields.
PLACEHOLDER_GREY = "#595959"
WARM_UP_DELAY_MS = 500
SIGNAL_POLL_MS = 250


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Qt messages routed to logging (call once per process)."""
    qtlog.install()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or ["counter-app"])
    app.setApplicationName("counter-app")
    app.setOrganizationName("counter-app")
    return app


def _register_font(name: str) -> list[str]:
    # printing/fonts is where the app carries its fonts (printing.fonts.BUNDLED_FONT_DIR);
    # the path is spelled out so the window does not import reportlab to start.
    import printing

    for directory in (Path(printing.__file__).parent / "fonts", *SYSTEM_FONT_DIRS):
        path = directory / name
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            return QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return []


def interface_point_size(config: Config) -> float:
    """The window's text size: the workstation's ``[ui] font_point_size``, or the desktop's
    default font size when that is larger (an enlarged system font, 适老化)."""
    desktop = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return max(float(config.ui.font_point_size), desktop)


def load_fonts(app: QApplication, point_size: float) -> str:
    """Register the app's main CJK font and make it the interface's at ``point_size``;
    returns its family."""
    families = _register_font(UI_FONT_FILES[0])
    primary = next(
        (f for f in families if "Zen Hei" in f and "Mono" not in f and "Sharp" not in f), ""
    )
    if not primary:
        log.warning("no CJK font found; Chinese text may not render")
    font = QFont(primary) if primary else QFont(app.font())
    font.setPointSizeF(point_size)
    app.setFont(font)
    return primary


def load_rare_character_font(app: QApplication, primary: str) -> None:
    """Add the rest of the chain as the fallbacks, in order: CJK Extension B (𠮷, 𪚥), the
    letters of foreign names (Ř, ễ), compatibility ideographs (﨑). They are large, so this
    runs once the window is up."""
    rare = [family for name in UI_FONT_FILES[1:] for family in _register_font(name)]
    if primary and rare:
        font = QFont(app.font())
        font.setFamilies([primary, *rare])
        app.setFont(font)


def apply_style(app: QApplication, point_size: float) -> None:
    """Fusion with a readable placeholder grey, and style.qss with its sizes scaled from
    10 pt to ``point_size`` (headings stay as much larger than the text as they were)."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_GREY))
    app.setPalette(palette)
    scale = point_size / UI_POINT_SIZE
    sheet = _QSS_POINTS.sub(
        lambda size: f"{float(size[1]) * scale:g}pt", STYLE_PATH.read_text(encoding="utf-8")
    )
    app.setStyleSheet(sheet)


@dataclass
class RunningApp:
    """Everything a running counter holds, so it can be stopped in order (tests use it too)."""

    app: QApplication
    window: MainWindow
    session: Session
    crash: CrashHandler
    # Held for the window's lifetime: restore refuses while it is (see hold_home).
    home_lock: FileLock
    collector: GuiThreadCollector  # cyclic garbage freed on the GUI thread only
    devices: list[Any] = field(default_factory=list)
    sync: Any = None
    reader: CardReader | None = None
    # Every start-up step after the first frame has run (the card reader among them): a
    # login may finish before them on a busy machine.
    started: bool = False
    warmed_up: bool = False  # intake, printing and sync imported on the worker
    # Why the store did not open (said once; the window then closes and ``run`` raises it).
    store_refusal: BaseException | None = None
    stopped: bool = False

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        for device in reversed(self.devices):
            device.stop()
        self.session.stop()
        self.collector.stop()
        self.crash.uninstall()
        self.home_lock.release()


def hold_home(home: Home) -> FileLock:
    """Take the home's window lock: one counter window per home, and none while a restore
    replaces its database. Raises :class:`HomeBusy` when another program holds it."""
    lock = FileLock(home.window_lock_path)
    if not lock.acquire():
        raise HomeBusy(
            f"数据目录 {home.root} 已有柜台窗口打开，或正在从备份恢复。"
            "请使用已打开的窗口；如正在恢复，请等恢复完成后再启动。",
            f"A counter window is already open on {home.root}, or a restore from backup is "
            "running. Use the open window; if a restore is running, start again once it is done.",
        )
    return lock


def build(
    home: Home, config: Config, lang: str, training: Any = None, reader: CardReader | None = None
) -> RunningApp:
    """Build the window and start its background parts; the caller shows it and runs the loop.

    ``reader``: a reader instance to use instead of the configured one (the training hall's
    simulator, or a test's).
    """
    from ui.main_window import MainWindow
    from ui.window_session import Session

    home_lock = hold_home(home)
    try:
        app = create_application()
        point_size = interface_point_size(config)
        primary_font = load_fonts(app, point_size)
        QTimer.singleShot(WARM_UP_DELAY_MS, lambda: load_rare_character_font(app, primary_font))
        apply_style(app, point_size)
        install_language(lang)
        session = Session(home, config)
        window = MainWindow(session, training)
        crash = CrashHandler(home.crash_dir, before_report=window.save_draft)
        crash.install()
        running = RunningApp(app, window, session, crash, home_lock, GuiThreadCollector(app))
    except BaseException:
        home_lock.release()
        raise
    running.collector.start()
    if training is not None:
        window.login.show_training_accounts(training.accounts_for_login())

    def start_sync() -> None:
        from sync.background import SyncProcess

        if running.stopped:  # the window closed while the store was being opened
            return
        runner = SyncProcess(home, config, window.sync_bridge.publish)
        session.sync_now_requested.connect(runner.sync_now)
        session.case_recorded.connect(runner.case_accepted)
        runner.start()
        running.devices.append(runner)
        running.sync = runner

    # Nothing but the login screen runs before its first frame. Then, one step per turn of
    # the event loop (keys typed meanwhile are handled between steps): the store is opened
    # (and the core imported) on the worker, the training hall's platform started, its
    # sample data and enrolment done on the worker, the sync process started (it opens its
    # own store connection, after the main one has migrated), the card reader, the work
    # area, and a little later the worker warms up.
    def start_up_error(exc: BaseException) -> None:
        # A job queued behind the store's opening fails with its refusal, already said.
        if exc is not running.store_refusal:
            session.report_error(exc)

    def warm_up() -> None:
        if not _halted(running):
            session.worker.submit(
                _warm_up, lambda _none: _warmed_up(running), start_up_error, name="warm_up"
            )

    # The worker's first job does nothing: it fails only when the store did not open, which
    # it tells once (every job queued behind it fails with the same error).
    session.worker.submit(
        lambda _ws: None, None, lambda exc: _refuse_store(running, exc), name="open_store"
    )
    if training is not None:
        # Queued before the worker starts, ahead of anything a clerk does.
        session.worker.submit(
            lambda ws: training.finish_on_worker(ws.store),
            None,
            start_up_error,
            name="training_hall",
        )
    steps: list[Callable[[], object]] = [
        session.worker.start,
        # Overdue 容缺 deferrals end before the first sync, which then pushes their ends.
        lambda: session.worker.submit(
            _expire_deferrals, None, start_up_error, name="deferral_expiry"
        ),
        # A job runs once the worker has opened (and migrated) the store.
        lambda: session.worker.submit(
            lambda _ws: None, lambda _none: start_sync(), start_up_error, name="start_sync"
        ),
        lambda: _start_card_reader(running, config, lang, reader),
        window.build_work_area,
        lambda: QTimer.singleShot(WARM_UP_DELAY_MS, warm_up),
    ]
    if training is not None:
        # The training platform starts beside the login, not before it: its start-up (a
        # Python process importing the web stack) took the CPU from the window's.
        steps.insert(1, lambda: _launch_training_platform(running, training))
    window.ready.connect(lambda: _run_in_turns(running, steps))
    return running


def _launch_training_platform(running: RunningApp, training: Any) -> None:
    """Start the training hall's platform (a no-op once it runs: a language switch rebuilds
    the window around the same platform). From the GUI thread, which lives as long as the
    window: the platform ends with the thread that started it."""
    try:
        training.launch_platform()
    except CounterError as exc:
        log.exception("the training platform did not start")
        running.session.report_error(exc)  # the window works on; its sync reports offline


def _refuse_store(running: RunningApp, exc: BaseException) -> None:
    """The store did not open: written by a newer counter-app (its message names the safety
    copy this version can restore, docs/operations.md §10), damaged, under another key, held
    by another program. Nothing in this window can work, so it says why once, in the store's
    own words, starts nothing more, and closes when the box does; ``run`` then raises the
    error for the terminal and the exit code."""
    from ui.widgets import show_as_text

    running.store_refusal = exc
    box = delete_on_close(
        QMessageBox(
            QMessageBox.Icon.Critical,
            "counter-app",
            error_text(exc),
            QMessageBox.StandardButton.Ok,
            running.window,
        )
    )
    box.setObjectName("storeRefusal")
    show_as_text(box)  # the store's words name files
    box.finished.connect(running.window.close)
    box.open()


def _halted(running: RunningApp) -> bool:
    """The window closed, or its store did not open: no more start-up steps."""
    return running.stopped or running.store_refusal is not None


def _expire_deferrals(workstation: Workstation) -> None:
    from counter_app.services.deferrals import EXPIRY_ACTOR, expire_overdue

    expire_overdue(workstation.store, actor=EXPIRY_ACTOR)


def _warm_up(workstation: Workstation) -> None:
    """Import intake, printing and sync, and start the document renderer (which parses the
    45 MB of CJK TrueType in its own process) while the login shows: the first receipt
    waits for none of it."""
    workstation.warm_up()


def _warmed_up(running: RunningApp) -> None:
    # Everything the counter keeps for its lifetime exists now (modules, Qt wrappers, fonts).
    # Frozen, the garbage collector no longer walks it on each full collection: one took
    # 140 ms holding the GIL on the sync thread, a stall of the window.
    gc.freeze()
    running.warmed_up = True


def _run_in_turns(running: RunningApp, steps: Sequence[Callable[[], object]]) -> None:
    if _halted(running):
        return
    if not steps:
        running.started = True
        return
    steps[0]()
    QTimer.singleShot(0, lambda: _run_in_turns(running, steps[1:]))


def _start_card_reader(
    running: RunningApp, config: Config, lang: str, reader: CardReader | None
) -> None:
    from counter_app.identity.specs import open_reader, parse_spec
    from ui.card_reader_thread import CardReaderThread

    window = running.window
    spec = parse_spec(config.reader.spec)
    if reader is None and spec.kind == "sim":
        # The simulator is made here so the training card tray can place cards on it.
        reader = open_reader(spec, training=config.is_training)
    chosen = running.reader = reader
    card_thread = CardReaderThread(
        # Real readers are made (and probed, for ``auto``) on the reader thread.
        (lambda: chosen)
        if chosen is not None
        else (lambda: open_reader(spec, training=config.is_training)),
        lang,
    )
    card_thread.document_read.connect(window.card_read)
    card_thread.card_removed.connect(window.card_removed)
    card_thread.state_changed.connect(window.set_reader_state)
    card_thread.prompt.connect(window.card_prompt)
    running.session.read_card_request = card_thread.read_now
    running.session.read_chip_request = card_thread.read_chip
    running.session.reader_name = lambda: card_thread.reader_name
    card_thread.start()
    running.devices.append(card_thread)
    if chosen is not None and hasattr(chosen, "place"):
        from ui.training_tray import TrainingTray

        window.training_tray = TrainingTray(chosen, window)


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM/SIGINT close the window cleanly (draft saved, threads joined, the training
    platform stopped). Python handles signals only when it runs, hence the idle timer."""
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_args: app.quit())
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(SIGNAL_POLL_MS)


def first_start(
    home: Home,
    config: Config,
    lang: str,
    actor: str,
    *,
    config_file: str | None = None,
    provision_file: Path | None = None,
) -> bool:
    """Show the first-start screen of an unprovisioned production window until it is
    provisioned (True) or closed (False); the login follows only the first. With IT's
    ``provision_file`` the screen provisions from it at once."""
    from ui.first_start import FirstStartScreen

    lock = _hold_home_or_say_so(home, lang)
    try:
        app = create_application()
        point_size = interface_point_size(config)
        load_fonts(app, point_size)
        apply_style(app, point_size)
        install_language(lang)
        screen = FirstStartScreen(home, config, actor, config_file, provision_file)
        done: list[bool] = []

        def provisioned() -> None:
            done.append(True)
            screen.close()

        screen.provisioned.connect(provisioned)
        screen.resize(1366, 768)
        screen.show()
        try:
            app.exec()
        finally:
            screen.stop()
            screen.deleteLater()
        return bool(done)
    finally:
        lock.release()


def _hold_home_or_say_so(home: Home, lang: str) -> FileLock:
    try:
        return hold_home(home)
    except HomeBusy as exc:
        show_refusal(exc, lang)
        raise


def show_refusal(error: CounterError, lang: str) -> None:
    """Say why the window does not open: started from the desktop, there is no terminal to
    print the refusal on (the caller raises it too, for the terminal and the exit code)."""
    create_application()
    QMessageBox.critical(None, "counter-app", error.message(lang))


def run(home: Home, config: Config, lang: str, training: Any = None) -> int:
    """Run the counter until the window closes; returns the exit code.

    Choosing another language on the login screen reopens the window in it at once (its
    workers and the sync process are stopped and started again; the training platform
    keeps running)."""
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    geometry = None
    while True:
        try:
            running = build(home, config, lang, training)
        except HomeBusy as exc:
            show_refusal(exc, lang)
            raise
        window = running.window
        chosen: list[str] = []

        def relaunch(
            new_lang: str, running: RunningApp = running, chosen: list[str] = chosen
        ) -> None:
            chosen.append(new_lang)
            running.app.exit(0)

        window.relaunch_requested.connect(relaunch)
        if geometry is None:
            # The log file is opened once the login is on screen (until then warnings go to
            # stderr).
            window.ready.connect(lambda: home.log_to_file("gui.log"))
            _quit_on_signals(running.app)
            window.resize(1366, 768)
        else:
            window.restoreGeometry(geometry)
        window.show()
        try:
            code = int(running.app.exec())
        finally:
            running.stop()
        if running.store_refusal is not None:
            raise running.store_refusal
        if not chosen:
            return code
        lang, geometry = chosen[0], window.saveGeometry()
        window.hide()
        window.deleteLater()
