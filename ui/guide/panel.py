"""The guide beside the portal: the steps with the current one highlighted, its text in large type, what the
citizen needs, "Xem video" and "Nghe hướng dẫn" (read aloud), Back/Next for steps the page cannot reveal,
and "Quét giấy tờ" at the scanning step.

It shows a `Guide` (kiosk/guide/follow.py) and feeds it the browser's address and title changes, so it moves
on by itself as the citizen goes through the portal — but a step the citizen picked stays until the page
clearly moves on. The first step asks about the VNeID account; "Chưa có" shows the police checklist, with a
QR code to take it along on a phone, and a polite way to finish.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QScrollArea, QVBoxLayout, QWidget

from kiosk import log
from kiosk.guide.follow import Guide
from kiosk.guide.journey import JourneyError, load
from ui.guide.read_aloud import ReadAloud
from ui.qr import qr_png
from ui.widgets import Translate, button, label

QR_MODULE_PX = 110  # one QR module per this many pixels of panel width: 3 px at 1366x768, 4 px at 1920x1080


def _qr(text: str, panel_width: int) -> QPixmap:
    return QPixmap.fromImage(QImage.fromData(qr_png(text, scale=max(3, panel_width // QR_MODULE_PX))))


class GuidePanel(QFrame):
    """Emits `step_changed(id)`, `scan_requested()` and `finish_requested()` (no VNeID account: end politely)."""

    step_changed = Signal(str)
    video_requested = Signal(str)  # the step whose video chapter to play
    scan_requested = Signal()
    finish_requested = Signal()
    point_requested = Signal(tuple)  # "Chỉ cho tôi": the step's selectors of what to tap next on the page

    def __init__(self, width: int) -> None:  # noqa: PLR0915 - one panel, built in reading order
        super().__init__()
        self.setObjectName("GuidePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFixedWidth(width)
        self._tr: Translate | None = None
        self.language = "vi"
        try:
            self.guide: Guide | None = Guide(load())
        except JourneyError as error:
            log.shell.error("journey file unusable, the guide panel is hidden:\n%s", error)
            self.guide = None
        self.heading = label("hint")
        self.steps = QListWidget()
        self.steps.setObjectName("GuideSteps")
        self.steps.setWordWrap(True)  # whole step titles, never a sideways scroll
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.itemClicked.connect(lambda item: self.choose(self.steps.row(item)))
        self.title = label("subtitle")
        self.text = label("body")
        self.needs = label("hint")
        # What the page says that matters most here, large under the step's title: the dossier's status.
        self.fact_box, self.fact_heading, self.fact = QFrame(), label("hint"), label("fact")
        self.fact_box.setObjectName("GuideFact")
        fact_layout = QVBoxLayout(self.fact_box)
        fact_layout.setContentsMargins(12, 6, 12, 6)
        fact_layout.setSpacing(0)
        fact_layout.addWidget(self.fact_heading)
        fact_layout.addWidget(self.fact)
        self.fact_box.hide()
        self._fact_step = ""
        self.buttons = {name: button(kind=kind) for name, kind in (
            ("back", "tool"), ("next", "tool"), ("yes", "good"), ("no", "tool"), ("scan", "tool"), ("point", "tool"),
            ("finish", "help"), ("video", "tool"), ("listen", "tool"), ("steps", "tool"))}
        self.read_aloud = ReadAloud(self)
        self.read_aloud.playing_changed.connect(lambda _playing: self._listen_label())
        self.read_aloud.failed.connect(self._listen_failed)
        self.buttons["listen"].clicked.connect(lambda: self.read_aloud.toggle(self.spoken_text(), self.language))
        self.buttons["video"].clicked.connect(lambda: self.video_requested.emit(self.guide.current.id)
                                              if self.guide is not None else None)
        self.buttons["back"].clicked.connect(self.back)
        self.buttons["next"].clicked.connect(self.next)
        self.buttons["yes"].clicked.connect(self.next)
        self.buttons["no"].clicked.connect(self._no_account)
        self.buttons["scan"].clicked.connect(self.scan_requested)
        self.buttons["point"].clicked.connect(lambda: self.point_requested.emit(self.guide.current.point)
                                              if self.guide is not None else None)
        self.buttons["finish"].clicked.connect(self.finish_requested)
        self.buttons["steps"].clicked.connect(self._back_to_steps)
        self.listen_notice = label("hint")
        self.listen_notice.hide()
        self.checklist = label("body")
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.qr_caption = label("hint")
        self.step_page, self.account_page = step_page, account_page = QWidget(), QWidget()
        step_layout = QVBoxLayout(step_page)
        step_layout.setContentsMargins(0, 0, 0, 0)
        for part in (self.title, self.fact_box, self.text, self.needs):
            step_layout.addWidget(part)
        # The step's buttons in one part, which gives way while the on-screen keyboard leaves too little room
        # for them: the step's own words stay whole (see _share_height).
        self.step_buttons = QWidget()
        actions = QVBoxLayout(self.step_buttons)
        actions.setContentsMargins(0, 0, 0, 0)
        media = QHBoxLayout()  # two buttons a row: the panel must fit a 1366x768 screen under two banners
        media.addWidget(self.buttons["video"])
        media.addWidget(self.buttons["listen"])
        actions.addLayout(media)
        # "Đã có"/"Chưa có" at the first step, "Quét giấy tờ" at the scanning step, else "Chỉ cho tôi"
        answer = QHBoxLayout()
        answer.addWidget(self.buttons["yes"])
        answer.addWidget(self.buttons["no"])
        answer.addWidget(self.buttons["scan"])
        answer.addWidget(self.buttons["point"])  # at the steps that name what to tap on the page
        actions.addLayout(answer)
        actions.addWidget(self.listen_notice)
        actions.addStretch(1)
        moves = QHBoxLayout()
        moves.addWidget(self.buttons["back"])
        moves.addWidget(self.buttons["next"])
        actions.addLayout(moves)
        step_layout.addWidget(self.step_buttons, 1)
        self.no_title, self.no_text = label("subtitle"), label("body")
        account_layout = QVBoxLayout(account_page)
        account_layout.setContentsMargins(0, 0, 0, 0)
        for part in (self.no_title, self.no_text, self.checklist):
            account_layout.addWidget(part)
        # The caption and the way back beside the code: the page must fit 1366x768 with its code unsquashed.
        code, beside = QHBoxLayout(), QVBoxLayout()
        code.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        beside.addWidget(self.qr_caption)
        beside.addStretch(1)
        beside.addWidget(self.buttons["steps"])
        code.addLayout(beside, 1)
        account_layout.addLayout(code)
        account_layout.addStretch(1)
        account_layout.addWidget(self.buttons["finish"])
        account_page.hide()
        # Both pages in one column, one shown; it scrolls only when even the whole panel is too short for it
        # (the keyboard up): the step list gives way first (see _share_height).
        self.pages = QWidget()
        self.pages.setObjectName("GuidePages")
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        pages_layout.addWidget(step_page)
        pages_layout.addWidget(account_page)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("GuidePage")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(self.pages)
        self.scroller.viewport().setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        # The step list takes what the current step's text and buttons leave (see _share_height).
        layout.addWidget(self.steps, 4)
        layout.addWidget(self.scroller, 1)
        self.setVisible(self.guide is not None)

    @property
    def showing_account(self) -> bool:
        """Whether the "Chưa có" page (the police checklist) is on show rather than the current step."""
        return not self.account_page.isHidden()

    def _show_page(self, account: bool) -> None:
        self.step_page.setVisible(not account)
        self.account_page.setVisible(account)
        self._share_height()

    def _back_to_steps(self) -> None:
        self._show_page(False)

    def retranslate(self, tr: Translate) -> None:
        """Catalogue texts, and the journey's texts in the same language."""
        self._tr = tr
        self.language = getattr(tr, "language", "vi")
        self.heading.setText(tr("guide.heading"))
        for name, action in self.buttons.items():
            action.setText(tr(f"guide.{name}"))
        self.qr_caption.setText(tr("guide.qr"))
        self.listen_notice.setText(tr("guide.listen_failed"))
        self._listen_label()
        self.show_step()

    def reset(self) -> None:
        """A new citizen: the first step."""
        if self.guide is not None:
            self.guide = Guide(self.guide.journey)
            self.read_aloud.stop()
            self._show_page(False)
            self.show_step()

    # --- what moves the guide ------------------------------------------------------------------

    def page(self, url: str, title: str, text: str = "") -> None:
        """The portal showed a page (its visible text comes once it has loaded)."""
        if self.guide is not None and self.guide.page(url, title, text):
            self._show_page(False)
            self.show_step()

    def choose(self, index: int) -> None:
        """A step tapped in the list."""
        if self.guide is not None:
            self.guide.choose(index)
            self._show_page(False)
            self.show_step()

    def next(self) -> None:
        """"Tiếp" (or "Đã có" at the VNeID question)."""
        if self.guide is not None:
            self.choose(self.guide.index + 1)

    def back(self) -> None:
        """"Quay lại"."""
        if self.guide is not None:
            self.choose(self.guide.index - 1)

    def _no_account(self) -> None:
        if self.guide is None or self.guide.current.if_not is None:
            return
        advice, language = self.guide.current.if_not, self.language
        self.no_title.setText(advice.title(language))
        self.no_text.setText(advice.text(language))
        items = [item(language) for item in advice.checklist]
        self.checklist.setText("\n".join(f"• {item}" for item in items))
        self.qr.setPixmap(_qr("\n".join([advice.title(language), *items]), self.width()))
        self.read_aloud.stop()
        self._show_page(True)

    # --- read aloud --------------------------------------------------------------------------------

    def spoken_text(self) -> str:
        """What "Nghe hướng dẫn" says: the texts shown on the panel now."""
        if self.showing_account:
            parts = [self.no_title.text(), self.no_text.text(), self.checklist.text().replace("• ", "")]
        else:
            parts = [self.title.text(), self.text.text(), self.needs.text() if self.needs.isVisibleTo(self) else ""]
        return "\n".join(part for part in parts if part)

    def _listen_label(self) -> None:
        if self._tr is not None:
            self.buttons["listen"].setText(self._tr("guide.listen_stop" if self.read_aloud.playing else "guide.listen"))
        if self.read_aloud.playing:
            self.listen_notice.hide()

    def _listen_failed(self) -> None:
        self.listen_notice.show()
        self._listen_label()

    # --- showing the step ------------------------------------------------------------------------

    def show_step(self) -> None:
        """The step list and the current step's texts."""
        if self.guide is None or self._tr is None:
            return
        language, steps = self.language, self.guide.journey.steps
        current = self.guide.current
        if self.steps.count() != len(steps) or self.steps.property("language") != language:
            self.steps.clear()
            self.steps.addItems([f"{number}. {step.title(language)}" for number, step in enumerate(steps, 1)])
            self.steps.setProperty("language", language)
        self.steps.setCurrentRow(self.guide.index)
        if self.title.text() != current.title(language):
            self.read_aloud.stop()  # the guide moved on: the old step's speech is out of date
        self.title.setText(current.title(language))
        self.text.setText(current.text(language))
        needs = [item(language) for item in current.needs]
        self.needs.setText(self._tr("guide.needs", items=", ".join(needs)) if needs else "")
        if current.id != self._fact_step:
            self.show_fact("", "")
        self.needs.setVisible(bool(needs) and self.fact_box.isHidden())  # what it needs, it has when a fact shows
        question = current.if_not is not None
        for name, shown in (("yes", question), ("no", question), ("scan", current.id == "scan"),
                            ("point", bool(current.point)),
                            ("next", not question and self.guide.index < len(steps) - 1),
                            ("back", self.guide.index > 0)):
            self.buttons[name].setVisible(shown)
        self._share_height()
        # Once more when the column has laid itself out: hidden buttons shown again can leave it a row too tall.
        QTimer.singleShot(0, self._share_height)
        self.step_changed.emit(current.id)

    def show_fact(self, heading: str, value: str) -> None:
        """`value` large under the step's title, `heading` above it (the status the tracking page shows);
        an empty value hides it. It belongs to the step it came with and goes when the guide moves on."""
        self._fact_step = self.guide.current.id if value and self.guide is not None else ""
        self.fact_heading.setText(heading)
        self.fact.setText(value)
        if self.fact_box.isHidden() == bool(value):
            self.fact_box.setVisible(bool(value))
            self.needs.setVisible(not value and bool(self.needs.text()))
            self._share_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_height()

    def _share_height(self) -> None:
        """The current step's text and buttons are never cut: the step list gets only the height they leave, and
        gives way altogether (with its heading) when less than three lines would be left of it; with even less
        room (the keyboard up) the step's buttons give way too, and its words stay whole."""
        layout = self.layout()
        if layout is None:
            return
        margins, gap = layout.contentsMargins(), max(0, layout.spacing())
        inside = self.contentsRect()  # within the panel's border
        # Measured as wrapped beside a scroll bar: a scroll bar that came for a moment narrows the column, its text
        # then takes a line more, and the bar would stay for good over buttons cut in half.
        bar = self.scroller.verticalScrollBar().sizeHint().width()
        width = inside.width() - margins.left() - margins.right() - bar
        room = inside.height() - margins.top() - margins.bottom()
        self.step_buttons.setVisible(True)
        needed = self._needed(width)
        if needed > room and not self.showing_account:
            self.step_buttons.setVisible(False)
            needed = self._needed(width)
        spare = room - 2 * gap - self.heading.sizeHint().height() - needed
        fits = spare >= self.steps.fontMetrics().height() * 3 + self.steps.frameWidth() * 2
        self.heading.setVisible(fits)
        self.steps.setVisible(fits)
        self.steps.setMaximumHeight(max(0, spare))

    def _needed(self, width: int) -> int:
        """The height the shown page needs at this width."""
        for part in (self.step_buttons, self.step_page, self.account_page):
            part.updateGeometry()  # new texts, buttons shown or hidden: the column must not answer from its cache
        wrapped = self.pages.heightForWidth(width) if self.pages.hasHeightForWidth() else self.pages.sizeHint().height()
        # The scroll area never makes the column shorter than its minimum, which a wrapped label can put above its
        # height at this width (English "Back"/"Next" were cut at step 2 at 1366x768).
        return max(wrapped, self.pages.minimumSizeHint().height())
