"""Route Qt's own warnings into the `qt` logger so they land in kiosk.log, not on a console."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from kiosk import log

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log.qt.log(_LEVELS.get(kind, logging.WARNING), "%s (%s)", message, context.category)


def install_qt_message_handler() -> None:
    """Install once, in the real app only: tests keep pytest-qt's own handler."""
    qInstallMessageHandler(_handler)
