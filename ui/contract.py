"""What a part of the kiosk (scanner, videos, portal, officer) may ask of the shell: this one small contract.

A part gets an object of this shape when it is made and never reaches into the shell's attributes; what a
part has to tell the shell beyond these calls, it emits as a Qt signal the shell connects. So no part imports
ui/shell.py, and the shell stays the one place that decides which screen shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.config import Config
    from kiosk.i18n import Translator
    from kiosk.owner import Owner
    from kiosk.session import Session
    from ui.widgets import Screen


class Shell(Protocol):
    """The shell as its parts see it."""

    @property
    def config(self) -> Config:
        """The settings in force (the site file as it is on disk after a technician saved it)."""
        ...

    @property
    def translate(self) -> Translator:
        """The catalogue in the citizen's current language (it follows language switches by itself)."""
        ...

    @property
    def scale(self) -> float:
        """Size factor of the screen (1.0 at 1920x1080)."""
        ...

    @property
    def practising(self) -> bool:
        """The kiosk runs as a practice kiosk (practice portal, SANE's test scanner)."""
        ...

    @property
    def session(self) -> Session | None:
        """The citizen's session, None on the attract screen."""
        ...

    @property
    def owner(self) -> Owner:
        """This process's folders in RAM (sessions, the scanner's private configuration)."""
        ...

    @property
    def live_owners(self) -> tuple[str, ...]:
        """The kiosk processes running now, this one included (their open sessions were not interrupted)."""
        ...

    def add_screen(self, screen: Screen) -> None:
        """A screen made on first use joins the window and the language switch."""
        ...

    def show_in_session(self, screen: QWidget) -> None:
        """Show a citizen's screen (kept as the session's screen behind the idle warning)."""
        ...

    def show_staff(self, screen: Screen) -> None:
        """Show a staff screen (the staff idle timer runs)."""
        ...

    def show_staff_menu(self) -> None:
        """Back to the staff menu."""
        ...

    def call_officer(self, where: str) -> None:
        """"Gọi cán bộ" from the screen named `where`."""
        ...

    def reach_step(self, name: str) -> None:
        """The citizen reached a step of the journey (for the statistics)."""
        ...
