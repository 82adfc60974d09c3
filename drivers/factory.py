"""Which driver class serves which kind: the one place that knows all backends."""

from __future__ import annotations

from drivers.base import DriverKind, DriverSetup, ScanDriver


def open_driver(kind: DriverKind, setup: DriverSetup) -> ScanDriver:
    """A ready driver of `kind` in this process (the kiosk calls it inside the worker process)."""
    if kind is DriverKind.SANE:
        from drivers.sane_driver import SaneDriver  # loads libsane only when asked

        return SaneDriver(setup)
    if kind is DriverKind.ESCL:
        from drivers.escl import EsclDriver

        return EsclDriver(setup)
    if kind is DriverKind.CAMERA:
        from drivers.camera import CameraDriver

        return CameraDriver(setup)
    raise ValueError(f"no driver for {kind}")
