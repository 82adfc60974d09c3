"""The technician's scanner settings as a form: connection, device, backends, network scanners, and
how each kind of paper is scanned. It reads and produces `ScannerSettings`; it saves nothing itself."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.base import COMMON_DPI, Device
from kiosk.config.schema import ScannerSettings
from ui.widgets import Translate, button, label

DRIVERS = ("sane", "escl", "camera", "none")
# (setting, choices) per paper kind, in the grid's column order: source, dpi, mode
KIND_FIELDS = {
    "a4": (("a4_source", ("flatbed", "adf", "camera")), ("a4_dpi", COMMON_DPI[1:7]), ("a4_mode", ("color", "gray"))),
    "card": (("card_source", ("flatbed", "camera")), ("card_dpi", COMMON_DPI[2:]), None),
    "batch": (None, ("batch_dpi", COMMON_DPI[1:7]), ("batch_mode", ("color", "gray"))),
}


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.setMinimumHeight(56)
    return combo


class ScannerForm(QWidget):
    """Emits `add_url_requested(url)` (checked by the screen before it is added with `add_url`)."""

    add_url_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.settings = ScannerSettings()
        self.driver = _combo()
        self.device = _combo()
        self.backends = QLineEdit()
        self.urls = QListWidget()
        self.urls.setMaximumHeight(120)
        self.url = QLineEdit()
        self.add = button(kind="tool")
        self.remove = button(kind="tool")
        self.add.clicked.connect(lambda: self.add_url_requested.emit(self.url.text().strip()))
        self.remove.clicked.connect(self._remove_url)
        self.labels = {name: label("hint") for name in ("driver", "device", "backends", "network", "kinds",
                                                       "source", "dpi", "mode", "a4", "card", "batch")}
        connection = QFormLayout()
        connection.addRow(self.labels["driver"], self.driver)
        connection.addRow(self.labels["device"], self.device)
        connection.addRow(self.labels["backends"], self.backends)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.add)
        url_row.addWidget(self.remove)
        self.fields: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for column, name in enumerate(("source", "dpi", "mode"), start=1):
            grid.addWidget(self.labels[name], 0, column)
        for row, (kind, fields) in enumerate(KIND_FIELDS.items(), start=1):
            grid.addWidget(self.labels[kind], row, 0)
            for column, field in enumerate(fields, start=1):
                if field is not None:
                    combo = _combo()
                    self.fields[field[0]] = combo
                    grid.addWidget(combo, row, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(connection)
        layout.addWidget(self.labels["network"])
        layout.addWidget(self.urls)
        layout.addLayout(url_row)
        layout.addWidget(self.labels["kinds"])
        layout.addLayout(grid)
        self._tr: Translate | None = None

    def retranslate(self, tr: Translate) -> None:
        """Labels and choice names in the kiosk's language (the chosen values stay)."""
        self._tr = tr
        for name, widget in self.labels.items():
            widget.setText(tr(f"tech.{name}"))
        self.url.setPlaceholderText(tr("tech.url_placeholder"))
        self.add.setText(tr("tech.add"))
        self.remove.setText(tr("tech.remove"))
        self.show_settings(self.read())

    def show_settings(self, settings: ScannerSettings, devices: list[Device] | None = None) -> None:
        """Fill the form from `settings` (and the device choice from `devices`, when given)."""
        self.settings = settings
        tr = self._tr or (lambda key, **_: key)
        self._fill(self.driver, [(tr(f"tech.driver.{name}"), name) for name in DRIVERS], settings.driver)
        if devices is not None or self.device.count() == 0:
            found = [(f"{device.label} — {device.id}", device.id) for device in devices or []]
            if settings.device and settings.device not in {value for _, value in found}:
                found.append((settings.device, settings.device))
            self._fill(self.device, [(tr("tech.device.first"), ""), *found], settings.device)
        self.backends.setText(", ".join(settings.sane_backends))
        self.urls.clear()
        self.urls.addItems(list(settings.escl_urls))
        for kind_fields in KIND_FIELDS.values():
            for field in kind_fields:
                if field is None:
                    continue
                name, choices = field
                names: list[tuple[str, object]] = [
                    (tr(f"tech.{name.split('_')[1]}.{choice}") if isinstance(choice, str) else str(choice), choice)
                    for choice in choices]
                self._fill(self.fields[name], names, getattr(settings, name))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]], current: object) -> None:
        combo.blockSignals(True)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def read(self) -> ScannerSettings:
        """The settings as the form shows them now."""
        if self.driver.count() == 0:
            return self.settings
        values: dict[str, object] = {
            "driver": self.driver.currentData(),
            "device": self.device.currentData() or "",
            "sane_backends": tuple(part.strip() for part in self.backends.text().split(",") if part.strip()),
            "escl_urls": tuple(self.urls.item(row).text() for row in range(self.urls.count())),
        }
        for name, combo in self.fields.items():
            values[name] = combo.currentData()
        return dataclasses.replace(self.settings, **values)  # type: ignore[arg-type]

    def add_url(self, url: str) -> None:
        """A checked network scanner address joins the list."""
        existing = {self.urls.item(row).text() for row in range(self.urls.count())}
        if url not in existing:
            self.urls.addItem(url)
        self.url.clear()

    def _remove_url(self) -> None:
        for item in self.urls.selectedItems():
            self.urls.takeItem(self.urls.row(item))
