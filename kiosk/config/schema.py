"""Every setting of the kiosk, declared once: name, type, default, description, who may change it.

The settings reference (`kiosk config docs`, docs/settings.md) and the file checks are
generated from these dataclasses; the rest of the code reads typed attributes
(`config.session.idle_timeout_s`), never raw dictionary keys.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import Any, Literal

from kiosk.config import checks


class Role(enum.Enum):
    """Who may change a setting (through the admin screens, or by editing the file)."""

    OFFICER = "officer"
    TECHNICIAN = "technician"


def setting(  # noqa: PLR0913 - a declaration: its limits are keyword-only
    default: Any,
    description: str,
    changed_by: Role = Role.TECHNICIAN,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    check: Callable[[Any], checks.Problem | None] | None = None,
) -> Any:
    """Declare one setting as a dataclass field carrying its documentation and limits."""
    meta = {
        "description": description,
        "changed_by": changed_by,
        "minimum": minimum,
        "maximum": maximum,
        "check": check,
    }
    if isinstance(default, (list, tuple)):
        return dataclasses.field(default=tuple(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


DEFAULT_ALLOWED_HOSTS = (
    "dichvucong.gov.vn",
    "*.dichvucong.gov.vn",
    "sso.dancuquocgia.gov.vn",
    "*.dancuquocgia.gov.vn",
    "vneid.gov.vn",
)


@dataclasses.dataclass(frozen=True)
class PortalSettings:
    """The public-service portal shown in the kiosk browser."""

    start_url: str = setting(
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
        "Page the kiosk browser opens first.",
        check=checks.web_url,
    )
    allowed_hosts: tuple[str, ...] = setting(
        DEFAULT_ALLOWED_HOSTS,
        "Hosts the kiosk browser may load; `*.` allows sub-domains. Whole national domains "
        "such as `*.gov.vn` are refused.",
        check=checks.host_patterns,
    )
    tracking_url: str = setting(
        "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}",
        "The portal's page that shows a dossier's progress; `{code}` is replaced by the code the citizen typed "
        "(the query name on the real portal is unverified). The practice portal uses its own.",
        check=checks.tracking_url,
    )
    connect_timeout_s: float = setting(
        3.0, "Seconds the connectivity check waits for the portal before showing the offline page.",
        minimum=0.5, maximum=30,
    )
    practice: bool = setting(
        False,
        "Use the built-in practice portal instead of the real one (also `kiosk --practice`).",
        Role.OFFICER,
    )


@dataclasses.dataclass(frozen=True)
class PracticeSettings:
    """The built-in practice portal (kiosk --practice, kiosk practice-portal)."""

    portal_port: int = setting(
        0, "Port of the practice portal on 127.0.0.1; 0 picks a free one.", minimum=0, maximum=65535
    )
    sso_host: str = setting(
        "127.0.0.2",
        "Loopback address of the practice VNeID login server: a different host from the portal, "
        "so its cookies are really separate.",
        check=checks.loopback_host,
    )
    sso_port: int = setting(0, "Port of the practice login server; 0 picks a free one.", minimum=0, maximum=65535)
    qr_lifetime_s: int = setting(
        120, "Seconds before the login QR code expires and must be reloaded.", Role.OFFICER, minimum=20, maximum=600
    )
    status_step_s: int = setting(
        120, "Seconds between status changes of a practice dossier (so tracking has something to show).",
        Role.OFFICER, minimum=1, maximum=86400,
    )
    allowed_types: tuple[str, ...] = setting(
        ("pdf", "jpeg", "png"), "File types accepted by uploads, checked by content: pdf, jpeg, png.",
        check=checks.file_kinds,
    )
    max_file_mb: float = setting(10.0, "Largest accepted file, in MB.", minimum=0.1, maximum=500)
    max_dossier_mb: float = setting(50.0, "Largest total of one dossier's files, in MB.", minimum=0.1, maximum=2000)


@dataclasses.dataclass(frozen=True)
class SessionSettings:
    """How long a citizen's session lasts without a touch, and where its files live."""

    idle_timeout_s: int = setting(
        120,
        "Seconds without a touch before the kiosk asks \"Bạn còn ở đây không?\".",
        Role.OFFICER,
        minimum=15,
        maximum=1800,
    )
    warning_countdown_s: int = setting(
        30,
        "Seconds the question stays up before the session ends and everything is wiped.",
        Role.OFFICER,
        minimum=5,
        maximum=120,
    )
    root_dir: str = setting(
        "",
        "Folder for per-citizen session folders. Empty: a RAM folder under /run/user when "
        "there is one, else the system temp folder.",
    )
    process_per_citizen: bool = setting(
        True,
        "Serve each citizen in a fresh kiosk process (the next one waits ready, hidden), so nothing of one "
        "citizen stays in memory for the next. Off: one process serves everyone (development).",
    )


@dataclasses.dataclass(frozen=True)
class UiSettings:
    """What the citizen sees."""

    language: Literal["vi", "en"] = setting(
        "vi", "Language a new session starts in.", Role.OFFICER
    )
    hide_cursor: bool = setting(False, "Hide the mouse pointer (touch screens).")
    on_screen_keyboard: bool = setting(
        True, "Show the on-screen keyboard (Vietnamese layout) when a text field is touched; read at start."
    )
    accent_typing: Literal["telex", "vni", "off"] = setting(
        "telex", "How Vietnamese marks are typed on a physical keyboard, as Unikey does: Telex (\"Nguyeenx\"), "
        "VNI (\"Nguye6n4\") or off.", Role.OFFICER,
    )


@dataclasses.dataclass(frozen=True)
class ScannerSettings:
    """The attached scanner, and how each kind of paper is scanned (see docs/scanner-drivers.md)."""

    driver: Literal["sane", "escl", "camera", "none"] = setting(
        "sane", "Scanner backend: SANE (USB), a network eSCL scanner, a document camera, or none."
    )
    device: str = setting(
        "", "Device id as `kiosk devices` lists it. Empty: the first device found (`test` in practice mode)."
    )
    sane_backends: tuple[str, ...] = setting(
        ("genesys", "plustek", "fujitsu", "canon_dr", "avision", "epjitsu", "gt68xx"),
        "SANE backends the kiosk loads (USB ones; backends that broadcast on the LAN stay out unless listed). "
        "Practice mode adds `test`.",
        check=checks.sane_backends,
    )
    escl_urls: tuple[str, ...] = setting(
        (), "Network scanners by eSCL address, e.g. `http://192.168.1.50/eSCL` (no discovery on the LAN).",
        check=checks.web_urls,
    )
    camera_sources: tuple[str, ...] = setting(
        ("0",), "Document cameras: a camera number (0 = /dev/video0) or a video file."
    )
    page_timeout_s: int = setting(
        120, "Seconds one page may take before the scanner counts as hung (its driver is restarted).",
        minimum=10, maximum=900,
    )
    a4_source: Literal["flatbed", "adf", "camera"] = setting(
        "flatbed", "Where an A4 document goes: the glass, the feeder (sheet-fed scanners) or under the camera."
    )
    a4_dpi: int = setting(200, "Resolution for A4 documents.", minimum=100, maximum=600)
    a4_mode: Literal["gray", "color"] = setting(
        "color", "Scan A4 documents in colour (the pipeline keeps colour only where it matters) or grey."
    )
    card_source: Literal["flatbed", "camera"] = setting(
        "flatbed", "Where an ID card (CCCD) goes, one side at a time."
    )
    card_dpi: int = setting(300, "Resolution for ID cards (small print).", minimum=150, maximum=600)
    batch_dpi: int = setting(200, "Resolution for many pages through the feeder.", minimum=100, maximum=600)
    batch_mode: Literal["gray", "color"] = setting("gray", "Colour mode for feeder batches.")


@dataclasses.dataclass(frozen=True)
class PrinterSettings:
    """The printer for receipts (printed by the kiosk itself, never through an OS dialog)."""

    queue: str = setting(
        "", "The CUPS queue receipts print on (as `lpstat -p` names it). Empty: CUPS's default destination."
    )


@dataclasses.dataclass(frozen=True)
class CentreSettings:
    """The commune centre the kiosk stands in, as the citizen's printed slip names it."""

    name: str = setting(
        "Bộ phận Một cửa UBND xã", "The centre's name on the citizen's printed slip (\"In phiếu hẹn\").", Role.OFFICER
    )
    hotline: str = setting(
        "", "The centre's phone number on the printed slip, as it should be read (e.g. `0214 3880 123`). Empty: "
        "the slip names no number.", Role.OFFICER,
    )


@dataclasses.dataclass(frozen=True)
class AdminSettings:
    """Staff PINs, stored only as scrypt hashes made by `kiosk admin hash-pin`."""

    officer_pin_hash: str = setting(
        "", "Officer PIN hash. Empty: no officer PIN.", check=checks.pin_hash
    )
    technician_pin_hash: str = setting(
        "", "Technician PIN hash. Empty: no technician PIN (the admin pad stays shut).",
        check=checks.pin_hash,
    )
    lockout_failures: int = setting(
        5, "Wrong PINs in a row that lock the PIN pad.", minimum=3, maximum=10
    )
    lockout_minutes: int = setting(
        5, "Minutes the PIN pad stays locked.", minimum=1, maximum=60
    )


@dataclasses.dataclass(frozen=True)
class OfficerSettings:
    """Calling an officer, the end-of-session survey and the officers' follow-up list."""

    kiosk_name: str = setting("Máy tự phục vụ 1", "This kiosk's name in help-call notifications.", Role.OFFICER)
    webhook_url: str = setting(
        "", "Address that receives a JSON POST on every help call (officer's PC or phone gateway). Empty: none.",
        check=checks.optional_web_url,
    )
    chime: bool = setting(True, "Play a chime on the kiosk when a citizen calls an officer.", Role.OFFICER)
    survey_seconds: int = setting(
        10, "Seconds the end-of-session survey waits before it closes by itself.", Role.OFFICER,
        minimum=5, maximum=60,
    )
    survey_url: str = setting(
        "", "The province's official satisfaction survey, shown as a QR code after ours. Empty: none.",
        Role.OFFICER, check=checks.optional_web_url,
    )
    followup_retention_days: int = setting(
        30, "Days a submitted dossier code stays on the officers' follow-up list before it is deleted.",
        Role.OFFICER, minimum=1, maximum=365,
    )
    followup_alert_hours: int = setting(
        8, "Hours after which a dossier on the follow-up list is highlighted as overdue.", Role.OFFICER,
        minimum=1, maximum=72,
    )


@dataclasses.dataclass(frozen=True)
class PathSettings:
    """Where logs, the kiosk's own data and the tutorial videos are (empty log or data folder: platformdirs')."""

    log_dir: str = setting("", "Folder for kiosk.log and audit.log.")
    data_dir: str = setting("", "Folder for statistics and other kiosk data.")
    videos_dir: str = setting(
        "",
        "Folder of the tutorial videos: its `manifest.toml` (a commune's own videos, or rendered ones) or "
        "`build/manifest.toml` (`make videos`). Empty: the checkout's `videos/` when the kiosk runs from a checkout "
        "that has them, else the installed package's `/usr/share/commune-kiosk/videos`.",
    )


@dataclasses.dataclass(frozen=True)
class FleetSettings:
    """The province's fleet link: status, statistics, config and videos over its MQTT broker (docs/fleet.md)."""

    enabled: bool = setting(False, "Connect this kiosk to the province's broker (off: the kiosk stands alone).")
    broker_url: str = setting(
        "", "The province's MQTT broker, `mqtts://host:8883` (TLS) or `mqtt://host:1883` (a test broker only).",
        check=checks.optional_broker_url,
    )
    ca_file: str = setting("", "CA certificate (PEM) the broker's TLS certificate is checked against. Empty: the "
                               "system's CAs.")
    username: str = setting("", "This kiosk's user name on the broker (its ACL lets it write only its own topics).")
    password: str = setting("", "This kiosk's password on the broker.")
    province_key: str = setting(
        "", "The province's public signing key, as `kiosk fleet keygen` prints it: config and videos pushes signed "
            "by any other key are refused.", check=checks.optional_public_key,
    )
    province: str = setting("", "Province id in the topic tree (`kiosks/<province>/<commune>/<kiosk>`).",
                            check=checks.topic_level)
    commune: str = setting("", "Commune id in the topic tree.", check=checks.topic_level)
    kiosk_id: str = setting("", "This kiosk's id within its commune.", check=checks.topic_level)
    keepalive_s: int = setting(
        60, "Seconds between the kiosk's keep-alive pings: the broker shows it offline within 1.5 times this.",
        minimum=2, maximum=3600,
    )


@dataclasses.dataclass(frozen=True)
class Config:
    """All settings, grouped by the TOML table they live in."""

    portal: PortalSettings = dataclasses.field(default_factory=PortalSettings)
    practice: PracticeSettings = dataclasses.field(default_factory=PracticeSettings)
    session: SessionSettings = dataclasses.field(default_factory=SessionSettings)
    ui: UiSettings = dataclasses.field(default_factory=UiSettings)
    scanner: ScannerSettings = dataclasses.field(default_factory=ScannerSettings)
    printer: PrinterSettings = dataclasses.field(default_factory=PrinterSettings)
    centre: CentreSettings = dataclasses.field(default_factory=CentreSettings)
    admin: AdminSettings = dataclasses.field(default_factory=AdminSettings)
    officer: OfficerSettings = dataclasses.field(default_factory=OfficerSettings)
    paths: PathSettings = dataclasses.field(default_factory=PathSettings)
    fleet: FleetSettings = dataclasses.field(default_factory=FleetSettings)
