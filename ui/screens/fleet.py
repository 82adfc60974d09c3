"""The technician's "Kết nối tỉnh": this kiosk's link to the province (connected or not, last sync, statistics days
waiting, the last refused push and why), in large text. It only displays what the fleet part hands in."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.config.loader import ConfigProblem
from kiosk.fleet.store import LinkState
from ui.style import PAPER
from ui.widgets import Screen, Translate, button, label, tell


class FleetScreen(Screen):
    """`show_state(kiosk path, broker, state)`; emits `refresh_requested()` ("Làm mới") and `back_requested()`."""

    refresh_requested = Signal()
    back_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "FleetScreen")
        self.setStyleSheet(f"#FleetScreen {{ background: {PAPER}; }}")  # a page over the menu, not beside it
        self._tr: Translate | None = None
        self._shown: tuple[str, str, LinkState] | None = None
        self.title = label("title", wrap=False)
        self.link = label("message")
        self.details = label("hint")
        self.refused = label("hint")
        self.refused.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.refresh = button(kind="primary")
        self.refresh.clicked.connect(self.refresh_requested)
        self.back = button(kind="quiet")
        self.back.clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.setSpacing(self.px(24))
        header.addWidget(self.title, 1)
        header.addWidget(self.refresh)
        header.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(40), self.px(96), self.px(32))
        layout.setSpacing(self.px(24))
        layout.addLayout(header)
        layout.addWidget(self.link)
        layout.addWidget(self.details)
        layout.addWidget(self.refused)
        layout.addStretch(1)

    def show_state(self, kiosk: str, broker: str, state: LinkState) -> None:
        """What the fleet store says now."""
        self._shown = (kiosk, broker, state)
        if self._tr is not None:
            self.retranslate(self._tr)

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("fleet.screen.title"))
        self.refresh.setText(tr("fleet.screen.refresh"))
        self.back.setText(tr("admin.back"))
        if self._shown is None:
            return
        kiosk, broker, state = self._shown
        # Connected in green, not connected in the warning colour.
        tell(self.link, tr("fleet.screen.connected" if state.connected else "fleet.screen.disconnected",
                           broker=broker), "good" if state.connected else "")
        when = datetime.datetime.fromtimestamp(state.last_sync).strftime("%H:%M %d/%m/%Y") if state.last_sync \
            else tr("fleet.screen.never")
        self.details.setText("\n".join([tr("fleet.screen.kiosk", kiosk=kiosk), tr("fleet.screen.last_sync", when=when),
                                        tr("fleet.screen.queued", count=state.queued)]))
        refused = state.refused
        if refused is None:
            self.refused.setText(tr("fleet.screen.none_refused"))
            return
        at = datetime.datetime.fromtimestamp(refused["at"]).strftime("%H:%M %d/%m/%Y")
        lines = [tr("fleet.screen.refused", kind=tr(f"fleet.kind.{refused['kind']}"), when=at,
                    reason=tr(refused["reason"], **refused.get("params", {})))]
        lines += [ConfigProblem(**problem).render(tr) for problem in refused.get("problems", [])[:6]]
        self.refused.setText("\n".join(lines))
