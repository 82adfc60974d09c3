"""The province's reform report: the kiosks' daily statistics summed per commune, and a total row.

Each day of each kiosk counts once (keyed by its message id, as the broker keeps one retained message per day);
the sums are of the very numbers each commune's own export shows, so the province's total equals the sum of the
communes' exports. Ratings are averaged over all survey answers, weighted by their counts.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

Translate = Callable[..., str]
SUMMED = ("sessions", "submitted", "abandoned", "timed_out", "handed_to_officer", "interrupted", "help_calls",
          "pages_scanned", "documents_attached", "device_errors", "surveys")
COLUMNS = ("commune", "kiosks", "days", *SUMMED, "completion_rate", "rating_average")


def _blank() -> dict[str, Any]:
    return {"kiosks": set(), "days": 0, "ratings": {}, **dict.fromkeys(SUMMED, 0)}


def _add(into: dict[str, Any], payload: dict[str, Any]) -> None:
    into["kiosks"].add(payload["kiosk"])
    into["days"] += 1
    for name in SUMMED:
        into[name] += int(payload["row"].get(name) or 0)
    for rating, count in payload.get("ratings", {}).items():
        into["ratings"][rating] = into["ratings"].get(rating, 0) + int(count)


def _finish(name: str, sums: dict[str, Any]) -> dict[str, Any]:
    rated = sum(sums["ratings"].values())
    average = sum(int(r) * c for r, c in sums["ratings"].items()) / rated if rated else None
    return {"commune": name, **{key: value for key, value in sums.items() if key in SUMMED}, "days": sums["days"],
            "kiosks": len(sums["kiosks"]), "rating_average": average,
            "completion_rate": sums["submitted"] / sums["sessions"] if sums["sessions"] else None}


def province_rows(payloads: list[dict[str, Any]], start: datetime.date, end: datetime.date) \
        -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One row per commune (sorted) and the total, from the days between `start` and `end` (inclusive)."""
    unique = {payload["message_id"]: payload for payload in payloads
              if start <= datetime.date.fromisoformat(payload["row"]["day"]) <= end}
    communes: dict[str, dict[str, Any]] = {}
    total = _blank()
    for payload in unique.values():
        _add(communes.setdefault(payload["commune"], _blank()), payload)
        _add(total, {**payload, "kiosk": f"{payload['commune']}/{payload['kiosk']}"})
    return [_finish(name, sums) for name, sums in sorted(communes.items())], _finish("", total)


def _cell(value: object) -> object:
    if isinstance(value, float):
        return round(value, 3)
    return "" if value is None else value


def table(rows: list[dict[str, Any]], total: dict[str, Any], tr: Translate) -> list[list[object]]:
    """The header, the communes and the total, as the CSV and the XLSX write them."""
    header: list[object] = [tr(f"fleet.col.{column}" if column in ("commune", "kiosks", "days")
                               else f"stats.col.{column}") for column in COLUMNS]
    body = [[_cell(row[column]) for column in COLUMNS] for row in rows]
    return [header, *body, [tr("stats.total"), *(_cell(total[column]) for column in COLUMNS[1:])]]


def write(rows: list[list[object]], path: Path, kind: str, tr: Translate) -> None:
    """CSV (UTF-8 with a byte-order mark) or XLSX with one sheet."""
    if kind == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as file:
            csv.writer(file).writerows(rows)
        return
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = tr("fleet.sheet.communes")
    for row in rows:
        sheet.append(row)
    book.save(path)
