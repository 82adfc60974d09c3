"""The officers' dashboard: sessions and submissions per day or week, completion, where citizens stop,
help calls, satisfaction, and the follow-up list of submitted dossiers with overdue ones highlighted.
An export is copied to the officer's USB stick (off the GUI thread); with none, the screen asks for one."""

from __future__ import annotations

import datetime
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from kiosk import log
from kiosk.stats.export import write_csv, write_xlsx
from kiosk.stats.report import DayRow, Report, build_report, followups
from kiosk.stats.usb import Stick, copy_to_stick, mounted_sticks
from ui.tasks import Task
from ui.widgets import Screen, Translate, button, label, tell

KPIS = ("sessions", "submitted", "completion_rate", "median_minutes", "help_calls", "rating_average")
OVERDUE = QColor("#fde2d2")
ALL_LABELS_UP_TO = 14  # days on the x axis that all keep their label
COPY_LIMIT_S = 60.0  # a slow stick takes a few seconds for a small file and its flush


class DashboardScreen(Screen):
    """Reads the statistics database on `open()`; emits `back_requested()`."""

    back_requested = Signal()

    def __init__(self, scale: float, db: sqlite3.Connection, export_dir: Path, alert_hours: int,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(scale, "DashboardScreen")
        self.db, self.export_dir, self.alert_hours, self.clock = db, export_dir, alert_hours, clock
        self.days = 7
        self.by_week = False
        self.report: Report | None = None
        self._shown_rows: tuple[DayRow, ...] | None = None
        self._tr: Translate | None = None
        self.title = label("title", wrap=False)
        self.buttons = {name: button(kind="tool") for name in ("days7", "days30", "weeks", "csv", "xlsx")}
        self.buttons["back"] = button(kind="quiet")
        self.buttons["days7"].clicked.connect(lambda: self._range(7))
        self.buttons["days30"].clicked.connect(lambda: self._range(30))
        self.buttons["weeks"].clicked.connect(self._toggle_weeks)
        self.buttons["csv"].clicked.connect(lambda: self.export("csv"))
        self.buttons["xlsx"].clicked.connect(lambda: self.export("xlsx"))
        self.buttons["back"].clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for name in ("days7", "days30", "weeks", "csv", "xlsx", "back"):
            header.addWidget(self.buttons[name])
        self.kpis = {name: (label("hint"), label("subtitle")) for name in KPIS}
        kpis = QGridLayout()
        for column, (caption, value) in enumerate(self.kpis.values()):
            kpis.addWidget(caption, 0, column)
            kpis.addWidget(value, 1, column)
        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(self.px(220))
        self.steps = QTableWidget(0, 4)
        self.follow = QTableWidget(0, 4)
        for table in (self.steps, self.follow):
            table.verticalHeader().setVisible(False)
            table.setMinimumHeight(self.px(140))
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            sections = table.horizontalHeader()
            sections.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            sections.setSectionResizeMode(1 if table is self.follow else 0, QHeaderView.ResizeMode.Stretch)
        self.steps_title, self.follow_title = label("body"), label("body")
        self.message = label("message")
        tables = QHBoxLayout()
        for title, table in ((self.steps_title, self.steps), (self.follow_title, self.follow)):
            pane = QVBoxLayout()
            pane.addWidget(title)
            pane.addWidget(table, 1)
            tables.addLayout(pane, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(40), self.px(16), self.px(40), self.px(16))
        layout.addLayout(header)
        layout.addLayout(kpis)
        layout.addWidget(self.chart_view, 3)
        layout.addLayout(tables, 2)
        layout.addWidget(self.message)

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("dashboard.title"))
        for name, action in self.buttons.items():
            action.setText(tr(f"dashboard.{name}"))
        for name, (caption, _) in self.kpis.items():
            caption.setText(tr(f"stats.col.{name}"))
        self.steps.setHorizontalHeaderLabels([tr(f"dashboard.steps.{name}") for name in
                                              ("step", "reached", "median", "dropped")])
        self.follow.setHorizontalHeaderLabels([tr(f"dashboard.follow.{name}") for name in
                                               ("code", "procedure", "submitted", "age")])
        self.steps_title.setText(tr("dashboard.steps"))
        self.follow_title.setText(tr("dashboard.follow", hours=self.alert_hours))
        if self.report is not None:
            self.refresh()

    def open(self) -> None:
        """Read the numbers again."""
        tell(self.message, "")
        self.refresh()

    def _range(self, days: int) -> None:
        self.days = days
        self.refresh()

    def _toggle_weeks(self) -> None:
        self.by_week = not self.by_week
        self.refresh()

    def refresh(self) -> None:
        """Build the report for the chosen range and show it."""
        if self._tr is None:
            return
        tr = self._tr
        today = datetime.date.fromtimestamp(self.clock())
        self.report = build_report(self.db, today - datetime.timedelta(days=self.days - 1), today)
        total = self.report.total
        shown = {
            "sessions": str(total.sessions), "submitted": str(total.submitted),
            "completion_rate": f"{total.completion_rate:.0%}" if total.completion_rate is not None else "—",
            "median_minutes": _number(_median_minutes(self.report)),
            "help_calls": str(total.help_calls),
            "rating_average": _number(total.rating_average),
        }
        for name, (_, value) in self.kpis.items():
            value.setText(shown[name])
        self._chart(self.report.weeks() if self.by_week else self.report.days, tr)
        self._fill_steps(tr)
        self._fill_followups()

    def _chart(self, rows: tuple[DayRow, ...], tr: Translate) -> None:
        # A fresh chart each time: axes removed from a QChart keep being drawn under the new ones.
        old, self.chart = self.chart, QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view.setChart(self.chart)
        old.deleteLater()
        sessions, submitted = QBarSet(tr("stats.col.sessions")), QBarSet(tr("stats.col.submitted"))
        sessions.setColor(QColor("#1d4ed8"))
        submitted.setColor(QColor("#15803d"))
        for row in rows:
            sessions.append(row.sessions)
            submitted.append(row.submitted)
        series = QBarSeries()
        series.append(sessions)
        series.append(submitted)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        # Thirty daily labels do not fit: every other one is left blank (categories must stay unique).
        step = 1 if len(rows) <= ALL_LABELS_UP_TO else 2
        categories.append([row.day.strftime("%d/%m") if index % step == 0 else " " * (index + 1)
                           for index, row in enumerate(rows)])
        values = QValueAxis()
        highest = max([row.sessions for row in rows] + [row.submitted for row in rows] + [1])
        # As many labels as the chart's height holds: Qt drops labels that would touch, leaving 0, 5, 15.
        top, step = whole_ticks(highest, max(2, min(6, self.chart_view.height() // self.px(80))))
        self._shown_rows = rows
        values.setRange(0, top)
        values.setTickType(QValueAxis.TickType.TicksDynamic)  # a tick on each whole `step`: 0, 1, 2 — never 0, 0, 1
        values.setTickAnchor(0)
        values.setTickInterval(step)
        values.setMinorTickCount(0)
        values.setLabelFormat("%d")
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.chart.setTitle(tr("dashboard.chart_weeks" if self.by_week else "dashboard.chart_days"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._shown_rows is not None and self._tr is not None:
            self._chart(self._shown_rows, self._tr)  # the axis' label count follows the chart's new height

    def _fill_steps(self, tr: Translate) -> None:
        assert self.report is not None
        self.steps.setRowCount(len(self.report.steps))
        for row, step in enumerate(self.report.steps):
            values = (tr(f"stats.step.{step.step}"), str(step.reached), _number(step.median_seconds, 0),
                      str(step.dropped_here))
            for column, text in enumerate(values):
                self.steps.setItem(row, column, QTableWidgetItem(text))

    def _fill_followups(self) -> None:
        entries = followups(self.db, self.clock())
        self.follow.setRowCount(len(entries))
        bold = QFont()
        bold.setBold(True)
        for row, entry in enumerate(entries):
            overdue = entry.age_hours >= self.alert_hours
            submitted = entry.submitted_at.strftime("%d/%m %H:%M")
            values = (entry.code, entry.procedure, submitted, f"{entry.age_hours:.0f} h")
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if overdue:
                    item.setBackground(QBrush(OVERDUE))
                    item.setFont(bold)
                self.follow.setItem(row, column, item)

    def export(self, kind: str) -> Path | None:
        """Write the shown range as CSV or XLSX into the export folder, then copy it to the USB stick."""
        if self.report is None or self._tr is None:
            return None
        self.export_dir.mkdir(parents=True, exist_ok=True)
        path = self.export_dir / f"thong-ke-{self.report.start.isoformat()}-{self.report.end.isoformat()}.{kind}"
        (write_csv if kind == "csv" else write_xlsx)(self.report, path, self._tr)
        log.audit.info("statistics exported as %s (%s to %s)", kind, self.report.start, self.report.end)
        sticks = mounted_sticks()
        if not sticks:
            tell(self.message, self._tr("dashboard.usb_missing"))
            return path
        self._copy(path, sticks[0])
        return path

    def _copy(self, path: Path, stick: Stick) -> None:
        tr = self._tr
        assert tr is not None
        tell(self.message, tr("dashboard.usb_copying", stick=stick.name), "busy")

        def copied(target: Path) -> None:
            log.audit.info("statistics export copied to a USB stick")
            tell(self.message, tr("dashboard.usb_copied", stick=stick.name, name=target.name), "good")

        def failed(error: BaseException) -> None:
            log.stats.warning("the export could not be copied to the USB stick (%s)", type(error).__name__)
            tell(self.message, tr("dashboard.usb_failed", stick=stick.name))

        Task(lambda _job: copy_to_stick(path, stick), "copy export to USB", owner=self, limit_s=COPY_LIMIT_S) \
            .success(copied).failure(failed).start()


def whole_ticks(highest: int, most: int = 6) -> tuple[int, int]:
    """The axis top and tick step for counts up to `highest`: a whole step of 1, 2 or 5 times a power of ten,
    with at most `most` steps."""
    scale = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * scale
            if -(-highest // step) <= most:
                return -(-highest // step) * step, step
        scale *= 10


def _median_minutes(report: Report) -> float | None:
    values = [day.median_minutes for day in report.days if day.median_minutes is not None]
    return sorted(values)[len(values) // 2] if values else None


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"
