"""Starting the kiosk: environment, config, logging, the QApplication and the shell.

QtWebEngine is not imported here: the attract screen must paint fast, and the portal
browser loads it when a citizen first needs it (the attribute set below allows that).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import log, paths
from kiosk import owner as owners
from kiosk.accent_typing import Method
from kiosk.config import LoadedConfig, load_layers
from kiosk.handover import Channel, die_with_parent
from kiosk.i18n import Translator
from kiosk.screen_blanking import BlankingError, keep_screen_on
from kiosk.watchdog import Notifier
from ui import keyboard
from ui.accent_keys import AccentKeys, AccentSwitch
from ui.fleet_part import FleetPart
from ui.handover_part import HandoverPart
from ui.lockdown import Lockdown
from ui.qt_messages import install_qt_message_handler
from ui.shell import KioskShell, ShellOptions
from ui.style import scale_for, stylesheet
from ui.watchdog_part import WatchdogPart, install_test_freeze

# Folders earlier versions (and Qt's QTemporaryDir under the application name) made in the system temp folder.
LEGACY_TEMP_PREFIXES = ("commune-kiosk-", "kiosk-sane-", "kiosk-test-scan-")


def prepare_environment(on_screen_keyboard: bool = True, language: str = "vi") -> None:
    """Environment Qt reads at start; docs/platform-facts.md says why each is needed."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS")
    if flags is None:
        # Chromium refuses to run as root with its sandbox on (kiosk images run as a kiosk user).
        flags = "--no-sandbox --disable-gpu" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    if "--lang=" not in flags:
        # Chromium's own strings (file button, validation bubbles, date pickers) follow this, not the system's
        # LANG (often C on a kiosk); fixed once QtWebEngine starts, so each kiosk process takes its home language.
        flags = f"{flags} --lang={language}".strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags
    QLocale.setDefault(QLocale(language))
    if on_screen_keyboard:
        keyboard.enable()


def session_root(loaded: LoadedConfig) -> Path:
    """The folder under which each citizen's session folder is made."""
    configured = loaded.config.session.root_dir
    return Path(configured) if configured else paths.default_session_root()


def application() -> QApplication:
    """The QApplication, created once with what QtWebEngine needs when it is loaded later."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("commune-kiosk")
    app.setQuitOnLastWindowClosed(False)
    return app


def build_shell(
    app: QApplication,
    args: argparse.Namespace,
    loaded: LoadedConfig,
    clock: Callable[[], float] = time.monotonic,
) -> KioskShell:
    """The shell for these arguments and config, styled for its screen, with the lockdown installed."""
    config = loaded.config
    screen = QGuiApplication.primaryScreen().geometry()
    width, height = args.size if args.windowed else (screen.width(), screen.height())
    scale = scale_for(width, height)
    app.setStyleSheet(stylesheet(scale))
    if config.ui.hide_cursor:
        app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    root = session_root(loaded)
    owner = owners.claim(root)
    owners.purge(root)  # what a crashed or killed kiosk process left; a running one keeps its folders
    options = ShellOptions(
        owner=owner,
        live_owners=owners.live_owners(root),
        scale=scale,
        practice=args.practice or config.portal.practice,
        problems=loaded.problems,
        clock=clock,
        language=args.lang or "",
        config_files=(paths.site_config_file(), args.config),
    )
    shell = KioskShell(config, Translator(options.language or config.ui.language), options)
    lockdown = Lockdown(shell.admin_corner, shell)
    lockdown.activity.connect(shell.on_activity)
    lockdown.admin_gesture.connect(shell.open_pin_pad)
    shell.window.winId()  # creates the QWindow the filter sits on
    window_handle = shell.window.windowHandle()
    assert window_handle is not None
    # Qt asks the filter installed last first: the lockdown sees every key (activity, blocked keys) before the
    # accent typing may replace one.
    accents = AccentKeys(Method(config.ui.accent_typing), shell)

    def translate(key: str, **values: object) -> str:  # in the language of the moment
        return shell.translate(key, **values)

    AccentSwitch(accents, shell.window, translate)
    window_handle.installEventFilter(accents)
    window_handle.installEventFilter(lockdown)
    if args.windowed:
        shell.window.fullscreen = False
        shell.window.resize(width, height)
    FleetPart(shell, shell.admin_menu, shell.attract, shell.window.stack, shell.reload_config)
    return shell


def screen_stays_on() -> None:
    """The X server's screen saver and DPMS off (kiosk/screen_blanking.py): only on X11, the kiosk's platform."""
    if QGuiApplication.platformName() != "xcb":
        return
    try:
        kept = keep_screen_on()
    except BlankingError as error:
        log.shell.warning("the screen may go blank: %s", error)
        return
    log.shell.info("screen saver off; DPMS %s", "off" if kept.dpms else "not offered by this X server")


def use_own_temp_folder(owner: owners.Owner) -> None:
    """Every temp file of this process goes to its own folder in RAM; when no other kiosk process runs, what older
    runs left in the system temp folder is removed."""
    system_temp = Path(tempfile.gettempdir())
    owner.use_as_temp()
    root = owner.folder.parent
    alone = owners.live_owners(root) == (owner.token,)
    removed = owners.purge_files_of_old_runs(system_temp, LEGACY_TEMP_PREFIXES, keep=root) if alone else 0
    if removed:
        log.session.warning("removed %d folder(s) an older kiosk run left in %s", removed, system_temp)


def run(
    args: argparse.Namespace,
    attach: Callable[[KioskShell], object] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Start the kiosk and return the process exit code; `attach(shell)` and `clock` serve tests and benches."""
    loaded = load_layers(paths.site_config_file(), args.config)
    config = loaded.config
    prepare_environment(config.ui.on_screen_keyboard, args.lang or config.ui.language)
    log.setup_file_logging(paths.log_dir(config.paths.log_dir))
    for problem in loaded.problems:
        log.config.warning("%s", problem.render(Translator("en")))

    app = application()
    install_qt_message_handler()
    screen_stays_on()
    shell = build_shell(app, args, loaded, clock)
    use_own_temp_folder(shell.owner)
    if attach is not None:
        attach(shell)
    if args.exit_after_paint:
        def painted() -> None:
            print("attract-painted", flush=True)
            QTimer.singleShot(0, lambda: shell.exit_kiosk("start-up bench"))

        shell.attract.first_painted.connect(painted)

    # Ctrl+C or SIGTERM from the technician's terminal or the session manager ends cleanly.
    signal.signal(signal.SIGINT, lambda *_: shell.exit_kiosk("SIGINT"))
    signal.signal(signal.SIGTERM, lambda *_: shell.exit_kiosk("SIGTERM"))
    wake = QTimer()
    wake.start(500)
    wake.timeout.connect(lambda: None)  # lets Python run signal handlers during the Qt loop

    install_test_freeze()
    notifier = Notifier.from_environment()
    watchdog = WatchdogPart(notifier, shell) if notifier is not None else None
    channel = Channel.from_environment()
    if channel is None:
        if watchdog is not None:
            shell.attract.first_painted.connect(watchdog.start)
        shell.window.restore()
    else:  # one process per citizen: shown when the supervisor says so
        die_with_parent()
        handover = HandoverPart(shell, channel)
        if watchdog is not None:  # only once on screen: the waiting process must not vouch for the kiosk
            handover.shown.connect(watchdog.start)
    log.shell.info("kiosk started (%s, practice=%s, supervised=%s)", "windowed" if args.windowed else "fullscreen",
                   shell.options.practice, channel is not None)
    try:
        return app.exec()
    finally:
        shell.shutdown()
        shell.owner.release()  # a clean end leaves no folder for the next process to clear up
