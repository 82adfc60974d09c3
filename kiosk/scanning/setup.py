"""From the config to a driver: which kind, with which setup, and which of the found devices to use."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from drivers.base import Device, DriverKind, DriverSetup
from kiosk.config.schema import ScannerSettings

TEST_BACKEND = "test"


@dataclasses.dataclass(frozen=True)
class ScannerChoice:
    """The driver kind to run (None: the kiosk has no scanner) and its setup."""

    kind: DriverKind | None
    setup: DriverSetup


def scanner_choice(settings: ScannerSettings, practice: bool, sane_config_dir: Path | None = None) -> ScannerChoice:
    """The configured driver; practice mode adds SANE's `test` scanner behind any real one."""
    backends = tuple(settings.sane_backends)
    if practice and TEST_BACKEND not in backends:
        backends = (*backends, TEST_BACKEND)
    setup = DriverSetup(
        sane_backends=backends,
        sane_config_dir=sane_config_dir,
        escl_urls=tuple(settings.escl_urls),
        camera_sources=tuple(settings.camera_sources),
        page_timeout_s=float(settings.page_timeout_s),
    )
    kind = None if settings.driver == "none" else DriverKind(settings.driver)
    return ScannerChoice(kind, setup)


def pick_device(devices: list[Device], configured: str) -> Device | None:
    """The configured device, else the first real one, else (practice) the test scanner."""
    if configured:
        return next((device for device in devices if device.id == configured), None)
    real = [device for device in devices if not device.address.startswith(f"{TEST_BACKEND}:")]
    candidates = real or devices
    return candidates[0] if candidates else None
