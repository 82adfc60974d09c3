"""Saving settings changed on the technician screen into the site config file.

tomlkit edits the file in place, so the technician's comments and layout survive. The new file is
checked with the same rules as at start-up before it replaces the old one (atomically): a save
never leaves a broken config behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import tomlkit

from kiosk.config.loader import ConfigProblem, read_file


class NotSaved(Exception):
    """The changed settings would make the file invalid; `problems` says why."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("; ".join(f"{problem.key}: {problem.code}" for problem in problems))
        self.problems = problems


def save_section(path: Path, section: str, values: dict[str, Any]) -> None:
    """Set `values` in `[section]` of the TOML file at `path` (created if missing), keeping the rest."""
    document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    table = document.get(section)
    if table is None:
        table = tomlkit.table()
        document[section] = table
    for key, value in values.items():
        table[key] = list(value) if isinstance(value, tuple) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(tomlkit.dumps(document))
            file.flush()
            os.fsync(file.fileno())
        _, problems = read_file(Path(temporary))
        if problems:
            raise NotSaved(problems)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
