"""The commune's reform report: the statistics of a date range as CSV (one row a day) or XLSX (days,
steps, survey). Headers come from the catalogue, so they are Vietnamese by default. No personal data:
the follow-up list with its dossier codes stays on the officers' screen."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from pathlib import Path

from kiosk.stats.report import DayRow, Report

Translate = Callable[..., str]
DAY_COLUMNS = ("day", "sessions", "submitted", "abandoned", "timed_out", "handed_to_officer", "interrupted",
               "completion_rate", "median_minutes", "help_calls", "pages_scanned", "documents_attached",
               "device_errors", "surveys", "rating_average")


def _value(row: DayRow, column: str) -> object:
    value = row.completion_rate if column == "completion_rate" else getattr(row, column)
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def day_rows(report: Report, tr: Translate) -> list[list[object]]:
    """The per-day table with its header row, and a total row."""
    rows: list[list[object]] = [[tr(f"stats.col.{column}") for column in DAY_COLUMNS]]
    rows += [[_value(day, column) for column in DAY_COLUMNS] for day in report.days]
    total = report.total
    rows.append([tr("stats.total"), *(_value(total, column) for column in DAY_COLUMNS[1:])])
    return rows


def write_csv(report: Report, path: Path, tr: Translate) -> None:
    """One row a day (UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese right)."""
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        csv.writer(file).writerows(day_rows(report, tr))


def write_xlsx(report: Report, path: Path, tr: Translate) -> None:
    """Three sheets: days, steps of the journey, survey answers."""
    from openpyxl import Workbook

    book = Workbook()
    days = book.active
    days.title = tr("stats.sheet.days")
    for row in day_rows(report, tr):
        days.append(row)
    steps = book.create_sheet(tr("stats.sheet.steps"))
    steps.append([tr("stats.col.step"), tr("stats.col.reached"), tr("stats.col.median_seconds"),
                  tr("stats.col.dropped_here")])
    for step in report.steps:
        median = round(step.median_seconds, 1) if step.median_seconds is not None else ""
        steps.append([tr(f"stats.step.{step.step}"), step.reached, median, step.dropped_here])
    survey = book.create_sheet(tr("stats.sheet.survey"))
    survey.append([tr("stats.col.rating"), tr("stats.col.count")])
    for rating, count in report.ratings.items():
        survey.append([rating, count])
    survey.append([])
    survey.append([tr("stats.col.reason"), tr("stats.col.count")])
    for reason, count in report.reasons.items():
        survey.append([tr(f"survey.reason.{reason}"), count])
    book.save(path)
