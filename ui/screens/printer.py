"""The technician's printer screen ("Máy in" in the technician menu): which CUPS queue the citizens' slips and
receipts print on, chosen from the queues CUPS lists (or CUPS's default), a test page, and the queue's last jobs by
id, state and time. It only shows and forwards: ui/printer_part.py asks CUPS off the GUI thread and saves."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout

from kiosk.printing.queues import JobLine, Queue
from ui.widgets import Screen, Translate, button, label, tell

NAME_ROLE = Qt.ItemDataRole.UserRole


class PrinterScreen(Screen):
    """`show_queues(queues, configured)` and `show_jobs(jobs)` fill it; `say(text, tone)` tells how an action
    went. Emits `use_requested(queue name, "" for CUPS's default)`, `test_requested()`, `refresh_requested()` and
    `back_requested()`."""

    use_requested = Signal(str)
    test_requested = Signal()
    refresh_requested = Signal()
    back_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "PrinterScreen")
        self._tr: Translate | None = None
        self._queues: list[Queue] = []
        self._configured = ""
        self._jobs: list[JobLine] | None = None
        self.title = label("title", wrap=False)
        self.current = label("body")
        self.message = label("message")
        self.queues_title = label("subtitle")
        self.queue_list = QListWidget()
        self.queue_list.setObjectName("AttachList")  # the attach dialog's big, touchable rows
        self.jobs_title = label("subtitle")
        self.job_list = QListWidget()
        self.job_list.setObjectName("AttachList")
        self.job_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.use = button(kind="primary")
        self.test = button()
        self.refresh = button()
        self.back = button(kind="quiet")
        self.use.clicked.connect(self._use)
        self.test.clicked.connect(self.test_requested)
        self.refresh.clicked.connect(self.refresh_requested)
        self.back.clicked.connect(self.back_requested)
        self.queue_list.itemSelectionChanged.connect(self._selection_changed)
        self._lay_out()

    def _lay_out(self) -> None:
        """The title with "Làm mới" and "Quay lại"; the queues and their actions left, the last jobs right."""
        header = QHBoxLayout()
        header.setSpacing(self.px(24))
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.refresh)
        header.addWidget(self.back)
        body = QGridLayout()
        body.setHorizontalSpacing(self.px(40))
        body.setVerticalSpacing(self.px(12))
        body.addWidget(self.queues_title, 0, 0)
        body.addWidget(self.queue_list, 1, 0)
        actions = QHBoxLayout()
        actions.setSpacing(self.px(20))
        actions.addWidget(self.use)
        actions.addWidget(self.test)
        actions.addStretch(1)
        body.addLayout(actions, 2, 0)
        body.addWidget(self.jobs_title, 0, 1)
        body.addWidget(self.job_list, 1, 1, 2, 1)
        body.setColumnStretch(0, 1)
        body.setColumnStretch(1, 1)
        body.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(40), self.px(96), self.px(32))
        layout.setSpacing(self.px(16))
        layout.addLayout(header)
        layout.addWidget(self.current)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)

    def show_queues(self, queues: list[Queue], configured: str) -> None:
        """The queues CUPS lists, the configured one selected ("" is CUPS's default, the first row)."""
        self._queues, self._configured = queues, configured
        self._fill_queues()

    def show_jobs(self, jobs: list[JobLine] | None) -> None:
        """The queue's last jobs (None: not asked yet)."""
        self._jobs = jobs
        self._fill_jobs()

    def say(self, text: str, tone: str = "") -> None:
        """How the last action went ("" clears it)."""
        tell(self.message, text, tone)

    def selected(self) -> str | None:
        """The queue chosen in the list ("" for CUPS's default), None when no row is."""
        items = self.queue_list.selectedItems()
        return str(items[0].data(NAME_ROLE)) if items else None

    def _use(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.use_requested.emit(chosen)

    def _selection_changed(self) -> None:
        self.use.setEnabled(self.selected() not in (None, self._configured))

    def _fill_queues(self) -> None:
        if self._tr is None:
            return
        tr = self._tr
        self.queue_list.clear()
        default = next((queue.name for queue in self._queues if queue.default), "")
        rows = [("", tr("printer.queue.default") + (f" ({default})" if default else ""))]
        for queue in self._queues:
            text = tr("printer.queue.stopped" if queue.stopped else "printer.queue.ready", queue=queue.name)
            rows.append((queue.name, text + (tr("printer.queue.is_default") if queue.default else "")))
        for name, text in rows:
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, name)
            self.queue_list.addItem(item)
            if name == self._configured:
                item.setSelected(True)
        shown = self._configured or (tr("printer.current.default", queue=default) if default
                                     else tr("printer.current.none"))
        self.current.setText(tr("printer.current", queue=shown))
        self._selection_changed()

    def _fill_jobs(self) -> None:
        if self._tr is None:
            return
        tr = self._tr
        self.job_list.clear()
        if self._jobs is None:
            return
        if not self._jobs:
            self.job_list.addItem(tr("printer.jobs.none"))
        for job in self._jobs:
            when = time.strftime("%H:%M %d/%m", time.localtime(job.when)) if job.when else "?"
            self.job_list.addItem(tr("printer.job", job=job.job_id, state=tr(f"printer.job.{job.state}"), when=when))

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("printer.title"))
        self.queues_title.setText(tr("printer.queues"))
        self.jobs_title.setText(tr("printer.jobs"))
        self.use.setText(tr("printer.use"))
        self.test.setText(tr("printer.test"))
        self.refresh.setText(tr("printer.refresh"))
        self.back.setText(tr("printer.back"))
        self._fill_queues()
        self._fill_jobs()
