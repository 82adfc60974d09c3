"""eSCL's XML documents: reading ScannerCapabilities and ScannerStatus, writing ScanSettings.

Standard-library ElementTree is enough: the documents are small, come from a device the technician
configured, and only a few elements matter. Lengths in eSCL are in 1/300 inch.
"""

from __future__ import annotations

import dataclasses
from xml.etree import ElementTree

from drivers.base import Capabilities, Mode, ScanOptions, Source, resolutions_in_range

SCAN = "http://schemas.hp.com/imaging/escl/2011/05/03"
PWG = "http://www.pwg.org/schemas/2010/12/sm"
NAMES = {"scan": SCAN, "pwg": PWG}
UNITS_PER_INCH = 300
MODE_NAMES = {Mode.COLOR: "RGB24", Mode.GRAY: "Grayscale8"}


class BadDocument(ValueError):
    """The device sent XML we cannot read."""


@dataclasses.dataclass(frozen=True)
class Identity:
    """Who the device says it is."""

    make_and_model: str
    serial: str
    uuid: str


@dataclasses.dataclass(frozen=True)
class JobInfo:
    """One scan:JobInfo of a ScannerStatus: pwg:JobState (Pending, Processing, Completed, Aborted, Canceled) and
    its pwg:JobStateReason values (JobCompletedSuccessfully, ResourcesAreNotReady, JobCanceledByUser, …)."""

    uri: str
    state: str
    reasons: tuple[str, ...]
    images_completed: int

    def is_job(self, job_url: str) -> bool:
        """Whether this entry is the job at `job_url` (devices give the URI as a path or in full)."""
        mine, theirs = job_url.rstrip("/"), self.uri.rstrip("/")
        return bool(theirs) and (mine == theirs or mine.endswith(theirs if theirs.startswith("/") else "/" + theirs))


@dataclasses.dataclass(frozen=True)
class Status:
    """pwg:State (Idle, Processing, Testing, Stopped, Down), scan:AdfState (ScannerAdfLoaded, …Jam, …) and the
    jobs the device lists (many list none)."""

    state: str
    adf_state: str
    jobs: tuple[JobInfo, ...] = ()

    def job(self, job_url: str) -> JobInfo | None:
        """The entry for the job at `job_url`, if the device lists it."""
        return next((job for job in self.jobs if job.is_job(job_url)), None)


def mm(units: float) -> float:
    """eSCL length units as millimetres."""
    return units / UNITS_PER_INCH * 25.4


def units(millimetres: float) -> int:
    """Millimetres as eSCL length units."""
    return round(millimetres / 25.4 * UNITS_PER_INCH)


def _root(document: bytes, expected: str) -> ElementTree.Element:
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        raise BadDocument(f"not XML: {error}") from error
    if root.tag != f"{{{SCAN}}}{expected}":
        raise BadDocument(f"expected scan:{expected}, got {root.tag}")
    return root


def _text(element: ElementTree.Element | None, path: str, default: str = "") -> str:
    found = None if element is None else element.find(path, NAMES)
    return (found.text or "").strip() if found is not None and found.text else default


def identity(document: bytes) -> Identity:
    """The make/model, serial number and UUID in a ScannerCapabilities document."""
    root = _root(document, "ScannerCapabilities")
    return Identity(
        make_and_model=_text(root, "pwg:MakeAndModel") or _text(root, "pwg:ModelName") or "eSCL scanner",
        serial=_text(root, "pwg:SerialNumber"),
        uuid=_text(root, "scan:UUID"),
    )


def _input_caps(element: ElementTree.Element) -> tuple[set[Mode], set[int], float, float]:
    modes = {mode for mode, name in MODE_NAMES.items()
             if element.find(f".//scan:ColorModes[scan:ColorMode='{name}']", NAMES) is not None}
    dpis = {int(_text(resolution, "scan:XResolution", "0"))
            for resolution in element.iterfind(".//scan:DiscreteResolutions/scan:DiscreteResolution", NAMES)}
    for resolution_range in element.iterfind(".//scan:ResolutionRange/scan:XResolution", NAMES):
        dpis |= set(resolutions_in_range(float(_text(resolution_range, "scan:Min", "0")),
                                         float(_text(resolution_range, "scan:Max", "0"))))
    width = mm(float(_text(element, "scan:MaxWidth", "0")))
    return modes, dpis, width, mm(float(_text(element, "scan:MaxHeight", "0")))


def capabilities(document: bytes) -> Capabilities:
    """The sources, modes, resolutions and area a ScannerCapabilities document lists (ADF duplex included)."""
    root = _root(document, "ScannerCapabilities")
    inputs: list[tuple[Source, ElementTree.Element]] = []
    platen = root.find("scan:Platen/scan:PlatenInputCaps", NAMES)
    if platen is not None:
        inputs.append((Source.FLATBED, platen))
    simplex = root.find("scan:Adf/scan:AdfSimplexInputCaps", NAMES)
    if simplex is not None:
        inputs.append((Source.ADF, simplex))
    duplex = root.find("scan:Adf/scan:AdfDuplexInputCaps", NAMES) is not None
    if not inputs:
        raise BadDocument("neither a platen nor a feeder is listed")
    modes: set[Mode] = set()
    dpis: set[int] = set()
    widths, heights = [], []
    for _source, element in inputs:
        source_modes, source_dpis, width, height = _input_caps(element)
        modes |= source_modes
        dpis |= source_dpis
        widths.append(width)
        heights.append(height)
    return Capabilities(
        sources=tuple(source for source, _ in inputs),
        resolutions=tuple(sorted(dpi for dpi in dpis if dpi > 0)),
        modes=tuple(mode for mode in (Mode.COLOR, Mode.GRAY) if mode in modes),
        max_width_mm=min(widths) or 215.9,
        max_height_mm=min(heights) or 297.0,
        duplex=duplex,
    )


def status(document: bytes) -> Status:
    """The scanner and feeder state in a ScannerStatus document."""
    root = _root(document, "ScannerStatus")
    jobs = tuple(
        JobInfo(
            uri=_text(info, "pwg:JobUri"),
            state=_text(info, "pwg:JobState"),
            reasons=tuple((reason.text or "").strip() for reason in info.iterfind(
                "pwg:JobStateReasons/pwg:JobStateReason", NAMES) if reason.text),
            images_completed=_count(_text(info, "pwg:ImagesCompleted", "0")),
        )
        for info in root.iterfind("scan:Jobs/scan:JobInfo", NAMES))
    return Status(_text(root, "pwg:State", "Unknown"), _text(root, "scan:AdfState"), jobs)


def _count(text: str) -> int:
    return int(text) if text.isdigit() else 0


def scan_settings(options: ScanOptions) -> bytes:
    """The ScanSettings document for validated `options` (JPEG pages; duplex only asked for a feeder)."""
    ElementTree.register_namespace("scan", SCAN)
    ElementTree.register_namespace("pwg", PWG)
    root = ElementTree.Element(f"{{{SCAN}}}ScanSettings")

    def add(parent: ElementTree.Element, name: str, text: str | None = None) -> ElementTree.Element:
        prefix, _, local = name.partition(":")
        child = ElementTree.SubElement(parent, f"{{{NAMES[prefix]}}}{local}")
        if text is not None:
            child.text = text
        return child

    add(root, "pwg:Version", "2.0")
    region = add(add(root, "pwg:ScanRegions"), "pwg:ScanRegion")
    add(region, "pwg:ContentRegionUnits", "escl:ThreeHundredthsOfInches")
    add(region, "pwg:XOffset", "0")
    add(region, "pwg:YOffset", "0")
    add(region, "pwg:Width", str(units(options.width_mm)))
    add(region, "pwg:Height", str(units(options.height_mm)))
    add(root, "pwg:InputSource", "Feeder" if options.source is Source.ADF else "Platen")
    add(root, "scan:ColorMode", MODE_NAMES[options.mode])
    add(root, "pwg:DocumentFormat", "image/jpeg")
    add(root, "scan:XResolution", str(options.dpi))
    add(root, "scan:YResolution", str(options.dpi))
    if options.source is Source.ADF:
        add(root, "scan:Duplex", "true" if options.duplex else "false")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root)
