""""Kết thúc và xoá dữ liệu": the citizen ends their visit — at once when they made nothing here, else asked first
(ui/confirm.py), since the end wipes their scans, downloads and the receipt of a dossier just submitted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from kiosk.lifecycle import EndReason
from kiosk.session_documents import list_documents
from ui.confirm import ConfirmPanel

if TYPE_CHECKING:
    from kiosk.i18n import Translator
    from kiosk.lifecycle import Lifecycle
    from kiosk.session import Session
    from ui.officer_part import OfficerPart
    from ui.window import KioskWindow


class Ending(Protocol):
    """What of the shell the end needs."""

    @property
    def session(self) -> Session | None: ...
    @property
    def translate(self) -> Translator: ...

    lifecycle: Lifecycle
    officer: OfficerPart
    window: KioskWindow


def finish(shell: Ending) -> None:
    """The citizen tapped "Kết thúc" on the screen showing now."""
    session = shell.session
    if session is None:
        return
    downloads = session.directory / "downloads"  # ui/browser/session_browser.py DOWNLOADS
    made = bool(list_documents(session.directory)) or any(downloads.glob("*"))
    if not made and not shell.officer.recorder.submitted:
        shell.lifecycle.end(EndReason.CITIZEN)
        return
    tr = shell.translate
    asker = shell.window.stack.currentWidget() or shell.window
    ConfirmPanel.over(shell.window).ask(asker, (tr("end.question"), tr("confirm.keep"), tr("end.confirm")),
                                        lambda: shell.lifecycle.end(EndReason.CITIZEN))
