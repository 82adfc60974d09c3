"""The scanner drivers' one logger. The kiosk's registry of loggers is kiosk/log.py, which takes this one in:
drivers/ may import nothing of the kiosk (they run alone in their worker process)."""

from __future__ import annotations

import logging

scanner = logging.getLogger("scanner")
