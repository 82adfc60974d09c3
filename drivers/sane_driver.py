"""SANE backend through python-sane: flatbed and feeder scans, SANE statuses as typed device errors.

Run it in the worker process (drivers/worker.py): python-sane blocks its thread for a whole page and
kills the process if a progress callback raises. `SANE_CONFIG_DIR` points at the kiosk's private
configuration (drivers/sane_config.py) before the first `sane.init()`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from drivers import sane_config
from drivers.base import (
    A4_MM,
    COMMON_DPI,
    CancelFlag,
    Capabilities,
    Device,
    DriverKind,
    DriverSetup,
    Mode,
    Page,
    PageCallback,
    Progress,
    ProgressCallback,
    ScanOptions,
    Source,
    expected_lines,
    resolutions_in_range,
    validate,
)
from drivers.errors import (
    Busy,
    Cancelled,
    CoverOpen,
    DeviceError,
    FeederEmpty,
    NotFound,
    Offline,
    PaperJam,
)
from drivers.log import scanner as log

# python-sane raises `_sane.error` with SANE's status text only (sane_strstatus), so map by text.
STATUS_TEXT: dict[str, type[DeviceError]] = {
    "Document feeder jammed": PaperJam,
    "Document feeder out of documents": FeederEmpty,
    "Scanner cover is open": CoverOpen,
    "Device busy": Busy,
    "Error during device I/O": Offline,
    "Operation was canceled": Cancelled,
}
CANCEL_POLL_S = 0.05
# sane_cancel should return at once; the test backend's sanei_thread sometimes deadlocks in it after a
# read error (its reader thread is cancelled while holding malloc's lock: ~1 in 200 here).
RELEASE_TIMEOUT_S = 5.0
WIDE_SAMPLE_BYTES = 2  # a 16-bit sample: the pipeline wants 8 bits
BYTE_DEPTH = 8
CONSTRAINT = 8  # python-sane's option tuple: (index, name, title, desc, type, unit, size, cap, constraint)


def device_error(error: Exception) -> DeviceError:
    """The typed error for a python-sane exception (unknown statuses keep their text as the detail)."""
    text = str(error)
    return STATUS_TEXT.get(text, DeviceError)(f"SANE: {text}")


def _source_kind(name: str) -> tuple[Source, bool] | None:
    """Which of our sources a SANE source name is, and whether it is the duplex one."""
    lowered = name.lower()
    if "flatbed" in lowered or lowered == "normal":
        return Source.FLATBED, False
    if "adf" in lowered or "feeder" in lowered:
        return Source.ADF, "duplex" in lowered
    return None


class SaneDriver:
    """Scanners SANE can reach with the configured backends."""

    kind = DriverKind.SANE

    def __init__(self, setup: DriverSetup) -> None:
        import sane  # only the worker process loads the native library

        self._own_config: tempfile.TemporaryDirectory[str] | None = None
        config_dir = setup.sane_config_dir
        if config_dir is None:
            self._own_config = tempfile.TemporaryDirectory(prefix="kiosk-sane-")
            config_dir = Path(self._own_config.name)
        sane_config.write(config_dir, setup.sane_backends, setup.escl_urls)
        os.environ["SANE_CONFIG_DIR"] = str(config_dir)
        self._sane = sane
        code_and_version = sane.init()  # (version code, major, minor, build)
        self.version = "SANE " + ".".join(str(part) for part in code_and_version[1:])
        self._devices: dict[str, Device] = {}
        self.stuck = False  # SANE hung in releasing a device: this process must be replaced (drivers/worker.py)

    def close(self) -> None:
        """Leave SANE and remove the private configuration the driver made."""
        if not self.stuck:  # sane_exit closes the hung handle again and would hang with it
            self._sane.exit()
        if self._own_config is not None:
            self._own_config.cleanup()

    def list_devices(self) -> list[Device]:
        """The devices the configured backends find."""
        found: list[Device] = []
        seen: dict[str, int] = {}
        for address, vendor, model, _kind in self._sane.get_devices(localOnly=False):
            # SANE names of USB devices contain the bus path, which changes on replugging.
            base = f"sane:{vendor}:{model}"
            seen[base] = seen.get(base, 0) + 1
            device_id = base if seen[base] == 1 else f"{base}:{seen[base]}"
            found.append(Device(device_id, DriverKind.SANE, vendor, model, address))
        self._devices = {device.id: device for device in found}
        return found

    def _device(self, device_id: str) -> Device:
        if device_id not in self._devices:
            self.list_devices()
        if device_id not in self._devices:
            raise NotFound(f"no SANE device {device_id}")
        return self._devices[device_id]

    def _open(self, device: Device) -> Any:
        try:
            return self._sane.open(device.address)
        except self._sane._sane.error as error:
            raise NotFound(f"SANE open {device.address}: {error}") from error

    def capabilities(self, device: Device) -> Capabilities:
        """What `device` can do, read from its options."""
        handle = self._open(device)
        try:
            return _capabilities(handle)
        finally:
            handle.close()

    def scan(self, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
             on_progress: ProgressCallback | None = None, *, capture: CancelFlag | None = None) -> int:
        """Scan `options`, delivering each finished page; see `ScanDriver.scan` (a scanner needs no `capture`)."""
        del capture
        device = self._device(options.device_id)
        handle = self._open(device)
        try:
            checked = validate(options, _capabilities(handle))
            self._prepare(handle, checked)
            return self._pages(handle, checked, cancel, on_page, on_progress)
        finally:
            self._release(handle)

    def _release(self, handle: Any) -> None:
        """Cancel and close `handle`, giving up after RELEASE_TIMEOUT_S: the scan's outcome must still reach
        the kiosk when a backend hangs in sane_cancel (python-sane releases the GIL there)."""
        released = threading.Event()

        def release() -> None:
            try:
                self._cancel_handle(handle)
                handle.close()
            except Exception as error:  # noqa: BLE001 - the scan's own outcome matters, not the release's
                log.warning("SANE release failed: %s", error)
            finally:
                released.set()

        threading.Thread(target=release, name="sane-release", daemon=True).start()
        if not released.wait(RELEASE_TIMEOUT_S):
            log.warning("SANE did not release the device within %.0f s: its worker will be replaced",
                        RELEASE_TIMEOUT_S)
            self.stuck = True

    def _cancel_handle(self, handle: Any) -> None:
        handle.cancel()

    def _prepare(self, handle: Any, options: ScanOptions) -> None:
        _apply(handle, options)

    def _pages(self, handle: Any, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
               on_progress: ProgressCallback | None) -> int:
        delivered = 0
        while True:
            if cancel.is_set():
                raise Cancelled(f"cancelled after {delivered} pages")
            try:
                handle.start()
            except self._sane._sane.error as error:
                failure = device_error(error)
                if isinstance(failure, FeederEmpty) and delivered and options.source is Source.ADF:
                    return delivered  # the batch is done
                raise failure from error
            image = self._read_page(handle, options, cancel, delivered + 1, on_progress)
            delivered += 1
            on_page(Page(image, options.dpi, delivered))
            if options.source is not Source.ADF:
                return delivered

    def _read_page(self, handle: Any, options: ScanOptions, cancel: CancelFlag, number: int,
                   on_progress: ProgressCallback | None) -> np.ndarray:
        done = threading.Event()
        watcher = threading.Thread(target=_cancel_when_asked, args=(handle, cancel, done), daemon=True)
        watcher.start()

        def progress(read: int, total: int) -> None:
            # An exception escaping this callback kills the process (python-pillow/Sane#103): never raise.
            try:
                if on_progress is not None and total:
                    on_progress(Progress(number, read / total))
            except BaseException:  # noqa: BLE001 - see above: nothing may escape into libsane
                log.exception("progress callback failed")

        try:
            # no_cancel: a feeder must not be cancelled between pages; the job cancels once at its end.
            data = handle.dev.snap(True, True, progress)
        except self._sane._sane.error as error:
            raise device_error(error) from error
        finally:
            done.set()
            watcher.join()
        pixels, width, height, samples, sample_size = data
        if cancel.is_set():
            # A cancel makes SANE return a cut-off page without an error: never pass it off as complete.
            raise Cancelled(f"cancelled during page {number}")
        if height < expected_lines(options) * 0.98:
            raise Offline(f"page {number} ended after {height} of {expected_lines(options)} lines")
        if sample_size == WIDE_SAMPLE_BYTES:
            image = (np.frombuffer(pixels, np.uint16) >> 8).astype(np.uint8).reshape(height, width, samples)
        else:
            image = np.frombuffer(pixels, np.uint8).reshape(height, width, samples)
        return np.ascontiguousarray(image[:, :, 0] if samples == 1 else image[:, :, ::-1])


def _cancel_when_asked(handle: Any, cancel: CancelFlag, done: threading.Event) -> None:
    while not done.wait(CANCEL_POLL_S):
        if cancel.is_set():
            handle.cancel()  # returns at once; the reading snap() then ends with a short page
            return


def _options(handle: Any) -> dict[str, tuple[Any, ...]]:
    return {option[1]: option for option in handle.get_options() if option[1]}


def _capabilities(handle: Any) -> Capabilities:
    options = _options(handle)
    sources: list[Source] = []
    duplex = False
    for name in _constraint(options, "source") or ["Flatbed"]:
        kind = _source_kind(str(name))
        if kind and kind[0] not in sources:
            sources.append(kind[0])
        duplex = duplex or bool(kind and kind[1])
    modes = [mode for mode, words in ((Mode.COLOR, ("color",)), (Mode.GRAY, ("gray", "grey")))
             if any(str(name).lower() in words for name in _constraint(options, "mode") or [])]
    resolution = _constraint(options, "resolution")
    if isinstance(resolution, tuple):
        resolutions = resolutions_in_range(resolution[0], resolution[1])
    else:
        resolutions = tuple(int(dpi) for dpi in resolution or COMMON_DPI if int(dpi) in COMMON_DPI)
    width = _constraint(options, "br-x")
    height = _constraint(options, "br-y")
    return Capabilities(
        sources=tuple(sources) or (Source.FLATBED,),
        resolutions=resolutions,
        modes=tuple(modes) or (Mode.GRAY,),
        max_width_mm=float(width[1]) if isinstance(width, tuple) else A4_MM[0],
        max_height_mm=float(height[1]) if isinstance(height, tuple) else A4_MM[1],
        duplex=duplex,
    )


def _constraint(options: dict[str, tuple[Any, ...]], name: str) -> Any:
    option = options.get(name)
    return option[CONSTRAINT] if option is not None and len(option) > CONSTRAINT else None


def _apply(handle: Any, options: ScanOptions) -> None:
    """Set the validated options by their SANE names (every backend names its modes and sources its own way)."""
    named = _options(handle)
    words = ("color",) if options.mode is Mode.COLOR else ("gray", "grey")
    handle.mode = next(str(name) for name in _constraint(named, "mode") if str(name).lower() in words)
    if "source" in named:
        handle.source = next(
            str(name) for name in _constraint(named, "source")
            if _source_kind(str(name)) == (options.source, options.duplex)
        )
    handle.resolution = options.dpi
    if "depth" in named and BYTE_DEPTH in (_constraint(named, "depth") or []):
        handle.depth = BYTE_DEPTH
    for name, value in (("tl-x", 0.0), ("tl-y", 0.0), ("br-x", options.width_mm), ("br-y", options.height_mm)):
        if name in named:
            setattr(handle, name.replace("-", "_"), value)
