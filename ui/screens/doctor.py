"""The technician's "Kiểm tra máy": one row per check of `kiosk doctor`, a mark and what was found, and the fix
under any that failed, in large text. It only displays: the doctor part runs the checks and hands in results."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.doctor.check import Check
from ui.style import ACCENT, GOOD
from ui.widgets import Screen, Translate, button, label

PASS_MARK, FAIL_MARK, PENDING_MARK = "✓", "✗", "…"


class DoctorScreen(Screen):
    """`begin(names)` lists the checks as pending, `show_check(check)` fills a row in, `finish()` says how it
    went. Emits `again_requested()` ("Kiểm tra lại") and `back_requested()` ("Quay lại")."""

    again_requested = Signal()
    back_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "DoctorScreen")
        self._tr: Translate | None = None
        self.names: list[str] = []
        self.results: dict[str, Check] = {}
        self.running = False
        self.title = label("title", wrap=False)
        self.status = label("message")
        self.rows = QWidget()
        self._grid = QGridLayout(self.rows)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(self.px(20))
        self._grid.setVerticalSpacing(self.px(4))
        self._grid.setColumnStretch(1, 1)
        self.marks: dict[str, QLabel] = {}
        self.lines: dict[str, QLabel] = {}
        self.fixes: dict[str, QLabel] = {}
        scroll = QScrollArea()
        scroll.setWidget(self.rows)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The rows sit on the screen's paper, with a scroll bar wide enough for a finger (ten lines and their fixes
        # can overflow a 1366x768 screen).
        scroll.setStyleSheet(f"QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; }}"
                             f" QScrollBar:vertical {{ width: {self.px(28)}px; }}")
        self.again = button(kind="primary")
        self.again.clicked.connect(self.again_requested)
        self.back = button(kind="quiet")
        self.back.clicked.connect(self.back_requested)
        header = QHBoxLayout()  # the buttons beside the title: every line of height goes to the checks
        header.setSpacing(self.px(24))
        header.addWidget(self.title)
        header.addWidget(self.status, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.again)
        header.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(40), self.px(96), self.px(32))
        layout.setSpacing(self.px(20))
        layout.addLayout(header)
        layout.addWidget(scroll, 1)

    def begin(self, names: list[str]) -> None:
        """A new run: every check pending, "Kiểm tra lại" off until it ends."""
        self.running = True
        self.results = {}
        if names != self.names:
            self._build_rows(names)
        self.again.setEnabled(False)
        self._refresh()

    def _build_rows(self, names: list[str]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.names = names
        self.marks, self.lines, self.fixes = {}, {}, {}
        for index, name in enumerate(names):
            mark = label("subtitle", wrap=False, align=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            line = label("body")
            fix = label("hint")
            self._grid.addWidget(mark, index * 2, 0)
            self._grid.addWidget(line, index * 2, 1)
            self._grid.addWidget(fix, index * 2 + 1, 1)
            self.marks[name], self.lines[name], self.fixes[name] = mark, line, fix
        self._grid.setRowStretch(len(names) * 2, 1)

    def show_check(self, check: object) -> None:
        """One check ended (its row shows the mark, what was found and the fix)."""
        if isinstance(check, Check) and check.name in self.lines:
            self.results[check.name] = check
            self._refresh()

    def finish(self) -> None:
        """Every check has ended: the summary, and "Kiểm tra lại" again."""
        self.running = False
        self.again.setEnabled(True)
        self._refresh()

    @property
    def failed(self) -> list[str]:
        """The checks that failed in the last run, by name."""
        return [name for name, check in self.results.items() if not check.ok]

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("doctor.title"))
        self.again.setText(tr("doctor.again"))
        self.back.setText(tr("doctor.back"))
        self._refresh()

    def _refresh(self) -> None:
        tr = self._tr
        if tr is None:
            return
        for name in self.names:
            check = self.results.get(name)
            mark, line, fix = self.marks[name], self.lines[name], self.fixes[name]
            if check is None:
                mark.setText(PENDING_MARK)
                mark.setStyleSheet("")
                line.setText(tr(f"doctor.{name}"))
                fix.setVisible(False)
                continue
            mark.setText(PASS_MARK if check.ok else FAIL_MARK)
            mark.setStyleSheet(f"color: {GOOD if check.ok else ACCENT};")
            line.setText(f"{check.title(tr)}: {check.finding(tr)}")
            fix.setText(check.advice(tr))
            fix.setVisible(not check.ok)
        if self.running:
            self.status.setText(tr("doctor.running", done=len(self.results), total=len(self.names)))
        elif self.failed:
            self.status.setText(tr("doctor.summary.failed", count=len(self.failed)))
        else:
            self.status.setText(tr("doctor.summary.ok"))
