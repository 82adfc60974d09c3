"""Reading layered TOML config files: defaults < site file < `--config FILE`.

Nothing here raises on a bad file. Each file's valid settings are applied and every
problem is returned with the file and line it came from, so the kiosk can start on
safe values and tell the technician exactly what to fix.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.config import schema
from kiosk.config.spec import SettingSpec, all_settings, build_config

Translate = Callable[..., str]


@dataclasses.dataclass(frozen=True)
class ConfigProblem:
    """Something wrong in a config file; `code` is a catalogue key, `params` its placeholders."""

    file: str
    line: int
    key: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def render(self, tr: Translate) -> str:
        """`FILE:LINE: key: problem`, the problem in the translator's language."""
        return f"{self.file}:{self.line}: {self.key}: {tr(self.code, **self.params)}"


@dataclasses.dataclass(frozen=True)
class LoadedConfig:
    """The effective config, the files it came from, and what was wrong in them."""

    config: schema.Config
    files: tuple[Path, ...] = ()
    problems: tuple[ConfigProblem, ...] = ()


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\- \"]+?)\s*\]\s*(#.*)?$")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_\-\"][A-Za-z0-9_.\- \"]*?)\s*=")


def read_file(path: Path) -> tuple[dict[str, Any], list[ConfigProblem]]:
    """The valid settings of one file (dotted name -> value) and the problems found in it."""
    file = str(path)

    def problem(line: int, key: str, code: str, **params: Any) -> ConfigProblem:
        return ConfigProblem(file, line, key, code, params)

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, [problem(0, "-", "config.problem.missing")]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return {}, [problem(0, "-", "config.problem.unreadable", reason=reason)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return {}, [problem(line, "-", "config.problem.not_utf8")]
    if not text.strip():
        return {}, [problem(1, "-", "config.problem.empty")]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else 1
        reason = _TOML_POSITION.sub("", message)
        return {}, [problem(line, "-", "config.problem.toml", reason=reason)]
    return _settings_from(document, _key_lines(text), problem)


def _settings_from(
    document: dict[str, Any], lines: dict[str, int], problem: Callable[..., ConfigProblem]
) -> tuple[dict[str, Any], list[ConfigProblem]]:
    specs = {spec.name: spec for spec in all_settings()}
    sections = {spec.section for spec in specs.values()}
    values: dict[str, Any] = {}
    problems: list[ConfigProblem] = []
    for section, table in document.items():
        if section not in sections:
            problems.append(_unknown(section, sorted(sections), lines, problem))
            continue
        if not isinstance(table, dict):
            problems.append(problem(lines.get(section, 1), section, "config.problem.not_table"))
            continue
        for key, value in table.items():
            name = f"{section}.{key}"
            spec: SettingSpec | None = specs.get(name)
            if spec is None:
                problems.append(_unknown(name, sorted(specs), lines, problem))
                continue
            converted, found = spec.validate(value)
            if found is None:
                values[name] = converted
            else:
                code, params = found
                problems.append(problem(lines.get(name, lines.get(section, 1)), name, code, **params))
    return values, problems


def _unknown(
    name: str, known: list[str], lines: dict[str, int], problem: Callable[..., ConfigProblem]
) -> ConfigProblem:
    line = lines.get(name, 1)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return problem(line, name, "config.problem.unknown_hint", suggestion=close[0])
    return problem(line, name, "config.problem.unknown")


def _key_lines(text: str) -> dict[str, int]:
    """First line of each table header and key, by dotted name (plain and dotted keys only)."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            name = _dotted(key.group(1))
            full = f"{table}.{name}" if table else name
            lines.setdefault(full, number)
            if not table and "." in name:
                lines.setdefault(name.split(".", 1)[0], number)
    return lines


def _dotted(key: str) -> str:
    return ".".join(part.strip().strip('"') for part in key.split("."))


def check_file(path: Path) -> list[ConfigProblem]:
    """Every problem in one config file; an empty list means it is valid."""
    return read_file(path)[1]


FLEET_CONFIG = "config.toml"  # in the fleet folder: the province's config as applied at an attract screen
FLEET_VIDEOS = "videos"  # in the fleet folder: the symlink to the province's videos (kiosk/fleet/content.py)


def load_layers(site_file: Path | None, extra_file: Path | None = None) -> LoadedConfig:
    """Defaults, then the site file (if it exists), then what the province pushed (with `fleet.enabled`), then
    `extra_file`; problems from all of them."""
    values: dict[str, Any] = {}
    problems: list[ConfigProblem] = []
    files: list[Path] = []
    layers = []
    if site_file is not None and (site_file.exists() or site_file.is_symlink()):
        layers.append(site_file)
    for path in layers:
        found, file_problems = read_file(path)
        values.update(found)
        problems.extend(file_problems)
        files.append(path)
    extra: dict[str, Any] = {}
    if extra_file is not None:
        extra, file_problems = read_file(extra_file)
        problems.extend(file_problems)
    if {**values, **extra}.get("fleet.enabled"):
        fleet = paths.fleet_dir(paths.data_dir({**values, **extra}.get("paths.data_dir", "")))
        if (fleet / FLEET_CONFIG).is_file():
            found, file_problems = read_file(fleet / FLEET_CONFIG)
            values.update({name: value for name, value in found.items() if not name.startswith("fleet.")})
            problems.extend(file_problems)
            files.append(fleet / FLEET_CONFIG)
        if (fleet / FLEET_VIDEOS).is_symlink():
            values["paths.videos_dir"] = str(fleet / FLEET_VIDEOS)
    if extra_file is not None:
        values.update(extra)
        files.append(extra_file)
    return LoadedConfig(build_config(values), tuple(files), tuple(problems))
