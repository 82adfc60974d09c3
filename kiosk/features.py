"""Which parts of practice mode this installation has: the practice portal and the SANE test scanner.

Practice mode selects them by name; until their issues land, the start screen lists what
is missing instead of failing.
"""

from __future__ import annotations

import importlib.util

PRACTICE_PARTS = {
    # catalogue key of the part's name -> module that provides it
    "practice.part.portal": "kiosk.practice_portal",
    "practice.part.scanner": "sane",  # python-sane: the SANE `test` scanner is reached through it
}


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def missing_practice_parts() -> list[str]:
    """Catalogue keys of the practice-mode parts not installed here."""
    return [key for key, module in PRACTICE_PARTS.items() if not _importable(module)]
