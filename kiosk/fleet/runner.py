"""Which process keeps the fleet link: the supervisor when the kiosk serves each citizen in a fresh process (it
outlives them all), else the one kiosk process. Never both: the broker would keep cutting one off for the other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import paths

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.fleet.agent import FleetAgent


def start_agent(config: Config) -> FleetAgent | None:
    """The fleet link of this kiosk, started; None when `fleet.enabled` is off."""
    if not config.fleet.enabled:
        return None
    from kiosk.doctor.check import Context
    from kiosk.doctor.runner import run_checks
    from kiosk.fleet.agent import FleetAgent  # paho-mqtt loads only on a kiosk of a fleet

    def doctor() -> list[str]:
        return [check.name for check in run_checks(Context(config, practice=config.portal.practice)) if not check.ok]

    agent = FleetAgent(config.fleet, paths.data_dir(config.paths.data_dir), doctor=doctor)
    agent.start()
    return agent
