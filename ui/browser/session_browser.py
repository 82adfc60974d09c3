"""Everything web of one citizen: an off-the-record profile, its view and pages, and its downloads.

Created when the citizen first opens the portal; `close()` is registered with the session,
so the session's end deletes view, pages and then the profile (a page must go before its
profile, or QtWebEngine crashes at exit), and the session folder with the downloads.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWebEngineCore import QWebEngineDownloadRequest, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView

from kiosk import log
from kiosk.browser_policy import PolicyHolder
from kiosk.file_kinds import safe_file_name
from kiosk.session import Session, make_folder
from ui.browser.interceptor import AllowListInterceptor
from ui.browser.page import FileChooser, KioskPage, lock_settings

DOWNLOADS = "downloads"
# Web objects of ended sessions waiting for their deferred delete, oldest first.
_pending: list[QObject] = []
Finished = QWebEngineDownloadRequest.DownloadState.DownloadCompleted
ENDED = (
    Finished,
    QWebEngineDownloadRequest.DownloadState.DownloadCancelled,
    QWebEngineDownloadRequest.DownloadState.DownloadInterrupted,
)


def make_view(page: KioskPage) -> QWebEngineView:
    """A view with no context menu, showing `page`."""
    view = QWebEngineView()
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    view.setPage(page)
    return view


class SessionBrowser(QObject):
    """The web state of one session; nothing of it outlives `close()`."""

    download_finished = Signal(str)  # path of a completed download
    download_failed = Signal()

    def __init__(self, session: Session, policy: PolicyHolder, choose: FileChooser) -> None:
        super().__init__()
        self.profile = QWebEngineProfile()  # no storage name: off the record, nothing on disk
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
        self.interceptor = AllowListInterceptor(policy)  # Qt does not own it: keep the reference
        self.profile.setUrlRequestInterceptor(self.interceptor)
        lock_settings(self.profile.settings())
        self.downloads = make_folder(session.directory / DOWNLOADS)
        self.profile.setDownloadPath(str(self.downloads))
        self.profile.downloadRequested.connect(self._download)
        self.page = KioskPage(self.profile, policy, choose)
        self.view = make_view(self.page)
        self.popups: list[tuple[KioskPage, QWebEngineView]] = []
        self._requests: list[QWebEngineDownloadRequest] = []
        self.closed = False
        session.add_cleanup("browser profile", self.close)

    def add_popup(self, page: KioskPage) -> QWebEngineView:
        """Keep a popup page (from `createWindow`) and give it a view."""
        view = make_view(page)
        self.popups.append((page, view))
        return view

    def drop_popup(self, page: KioskPage) -> None:
        """The citizen closed a popup."""
        for pair in list(self.popups):
            if pair[0] is page:
                self.popups.remove(pair)
                pair[1].deleteLater()
                pair[0].deleteLater()

    def _download(self, request: QWebEngineDownloadRequest) -> None:
        request.setDownloadDirectory(str(self.downloads))
        request.setDownloadFileName(safe_file_name(request.downloadFileName()))
        self._requests.append(request)
        # Either signal may come first, and a small file can be complete before either is connected.
        request.stateChanged.connect(lambda _state: self._finished(request))
        request.isFinishedChanged.connect(lambda: self._finished(request))
        request.accept()
        self._finished(request)

    def _finished(self, request: QWebEngineDownloadRequest) -> None:
        if request.state() not in ENDED or request not in self._requests:
            return
        self._requests.remove(request)
        if request.state() == Finished:
            self.download_finished.emit(str(Path(request.downloadDirectory()) / request.downloadFileName()))
        else:
            log.shell.warning("download ended in state %s", request.state().name)
            self.download_failed.emit()

    def close(self) -> None:
        """Delete popups, view, page, then the profile — in that order, after the current event."""
        if self.closed:
            return
        self.closed = True
        for request in self._requests:
            request.cancel()
        for page, view in self.popups:
            view.deleteLater()
            page.deleteLater()
        self.popups.clear()
        for web_object in (self.view, self.page, self.profile):
            web_object.deleteLater()
            _pending.append(web_object)
            web_object.destroyed.connect(lambda _=None, gone=web_object: _forget(gone))


def _forget(web_object: QObject) -> None:
    if web_object in _pending:
        _pending.remove(web_object)


def flush_deletions() -> None:
    """Delete pending views, pages and profiles now, in order (at exit, before Qt's own teardown)."""
    for web_object in list(_pending):
        QCoreApplication.sendPostedEvents(web_object, QEvent.Type.DeferredDelete)
    _pending.clear()
