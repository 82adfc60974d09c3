"""What the attract screen does with the province's pushes: the staged config becomes the fleet layer of the
settings, the verified videos are swapped in. Between two citizens only, so nobody's session changes under them.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config.loader import FLEET_CONFIG
from kiosk.fleet.content import swap_in
from kiosk.fleet.store import FleetStore

PENDING_CONFIG = "pending-config.toml"


def stage_config(fleet: Path, text: str) -> None:
    """An accepted config waits for the next attract screen."""
    partial = fleet / f".{PENDING_CONFIG}.new"
    partial.write_text(text, encoding="utf-8")
    partial.replace(fleet / PENDING_CONFIG)


def apply_pending(fleet: Path) -> list[str]:
    """At an attract screen: take what waits (config, content); the kinds taken, for the caller to reload."""
    applied = []
    pending = fleet / PENDING_CONFIG
    if pending.is_file():
        pending.replace(fleet / FLEET_CONFIG)
        applied.append("config")
    if swap_in(fleet) is not None:
        applied.append("content")
    if applied:
        store = FleetStore(fleet)
        try:
            for kind in applied:
                document = store.document(kind)
                if document is not None:
                    store.set_state(kind, document.serial, "applied")
        finally:
            store.close()
    return applied
