"""Start screen: the big choices of what a citizen came to do, and the language switch."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from ui.widgets import Screen, Tile, Translate, button, label

# (choice id, tile colour, grid row, column, column span)
CHOICES = (
    ("submit", "primary", 0, 0, 2),
    ("videos", "", 0, 2, 1),
    ("scan", "", 1, 0, 1),
    ("track", "", 1, 1, 1),
    ("help", "help", 1, 2, 1),
)


class StartScreen(Screen):
    """Emits `chosen(choice_id)`, `language_chosen(code)` and `finish_requested()`."""

    chosen = Signal(str)
    language_chosen = Signal(str)
    finish_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "StartScreen")
        self.title = label("title", wrap=False)
        self.languages: dict[str, QPushButton] = {}
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for code in ("vi", "en"):
            choice = button(kind="lang")
            choice.setCheckable(True)
            choice.clicked.connect(lambda _=False, code=code: self.language_chosen.emit(code))
            self.languages[code] = choice
            header.addWidget(choice)

        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(self.px(28))
        for choice_id, kind, row, column, span in CHOICES:
            tile = Tile(kind)
            tile.setMinimumHeight(self.px(200))
            tile.clicked.connect(lambda _=False, choice_id=choice_id: self.chosen.emit(choice_id))
            grid.addWidget(tile, row, column, 1, span)
            self.tiles[choice_id] = tile
        for column in range(3):
            grid.setColumnStretch(column, 1)

        self.finish = button(kind="quiet")
        self.finish.clicked.connect(self.finish_requested)
        self.privacy = label("hint")
        footer = QHBoxLayout()
        footer.addWidget(self.privacy, 1)
        footer.addWidget(self.finish)
        self.notice = label("message")
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(64), self.px(40), self.px(64), self.px(40))
        layout.setSpacing(self.px(32))
        layout.addLayout(header)
        layout.addLayout(grid, 1)
        layout.addWidget(self.notice)
        layout.addLayout(footer)

    def retranslate(self, tr: Translate) -> None:
        self.title.setText(tr("start.title"))
        for code, choice in self.languages.items():
            choice.setText(tr(f"language.{code}"))
        for choice_id, tile in self.tiles.items():
            tile.set_texts(tr(f"start.{choice_id}"), tr(f"start.{choice_id}.hint"))
        self.finish.setText(tr("start.finish"))
        self.privacy.setText(tr("attract.privacy"))

    def show_language(self, code: str) -> None:
        """Mark the current language's button as selected."""
        for each, choice in self.languages.items():
            choice.setChecked(each == code)

    def set_notice(self, text: str) -> None:
        """A line above the footer, e.g. what practice mode is still missing; empty hides it."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
