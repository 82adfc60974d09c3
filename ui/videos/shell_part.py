"""The shell's video part: the library screen, made on first use (QtMultimedia loads with the first video)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.contract import Shell

if TYPE_CHECKING:
    from kiosk.session import Session
    from ui.videos.library_screen import VideoLibraryScreen


class VideoScreens:
    """`open(step, return_to)`: the library (at a step's chapter), then back to wherever the citizen was."""

    def __init__(self, shell: Shell) -> None:
        self._shell = shell
        self.library: VideoLibraryScreen | None = None
        self._return: Callable[[], None] = lambda: None
        self._session: Session | None = None

    def open(self, step: str | None, return_to: Callable[[], None]) -> None:
        """Show the library; with `step`, play its chapter."""
        if self.library is None:
            from kiosk.guide.videos import manifest_path, videos_folder
            from ui.videos.library_screen import VideoLibraryScreen

            folder = videos_folder(self._shell.config.paths.videos_dir)
            self.library = VideoLibraryScreen(self._shell.scale, manifest_path(folder))
            self.library.back_requested.connect(self._go_back)
            self.library.help_requested.connect(lambda: self._shell.call_officer("videos"))
            self._shell.add_screen(self.library)
        self._return = return_to
        session = self._shell.session
        if session is not None and session is not self._session:
            self._session = session
            session.add_cleanup("video", self.stop)  # no video, no position, keeps playing for the next citizen
        self._shell.show_in_session(self.library)
        self.library.open(step)

    def _go_back(self) -> None:
        self._return()

    def stop(self) -> None:
        """The session ended: no video keeps playing for the next citizen."""
        self._session = None
        if self.library is not None:
            self.library.player.stop()
