"""The shell's video part: the library screen, made on first use (QtMultimedia loads with the first video)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.videos.library_screen import VideoLibraryScreen
    from ui.widgets import Screen


class VideoScreens:
    """`open(step, return_to)`: the library (at a step's chapter), then back to wherever the citizen was."""

    def __init__(self, scale: float, add_screen: Callable[[Screen], None], show_in_session: Callable[[Screen], None],
                 help_requested: Callable[[], None]) -> None:
        self.scale = scale
        self._add_screen, self._show, self._help = add_screen, show_in_session, help_requested
        self.library: VideoLibraryScreen | None = None
        self._return: Callable[[], None] = lambda: None

    def open(self, step: str | None, return_to: Callable[[], None]) -> None:
        """Show the library; with `step`, play its chapter."""
        if self.library is None:
            from ui.videos.library_screen import VideoLibraryScreen  # noqa: PLC0415

            self.library = VideoLibraryScreen(self.scale)
            self.library.back_requested.connect(lambda: self._return())
            self.library.help_requested.connect(self._help)
            self._add_screen(self.library)
        self._return = return_to
        self._show(self.library)
        self.library.open(step)

    def stop(self) -> None:
        """The session ended: no video keeps playing for the next citizen."""
        if self.library is not None:
            self.library.player.stop()
