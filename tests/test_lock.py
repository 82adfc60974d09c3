"""installer/requirements.lock pins every run-time dependency of pyproject.toml with hashes (`make lock`), and the
development venv runs exactly those pins (`make install` installs from it), so tests run what a kiosk runs."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "installer" / "requirements.lock"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")


def locked() -> dict[str, tuple[str, list[str]]]:
    """Each locked package's canonical name: its version and its hashes."""
    entries: dict[str, tuple[str, list[str]]] = {}
    name = ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)
        if pin:
            name = canonicalize_name(pin["name"])
            entries[name] = (pin["version"], [])
        elif line.strip().startswith("--hash=sha256:") and name:
            entries[name][1].append(line.strip().removeprefix("--hash=sha256:").rstrip(" \\"))
    return entries


def runtime_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def test_the_lock_pins_every_runtime_dependency_within_its_range():
    pins = locked()
    requirements = runtime_requirements()
    assert len(requirements) > 10
    missing = [str(r) for r in requirements if canonicalize_name(r.name) not in pins]
    assert missing == [], "pyproject.toml has dependencies the lock lacks: run `make lock`"
    outside = [f"{r} (locked {pins[canonicalize_name(r.name)][0]})" for r in requirements
               if not r.specifier.contains(pins[canonicalize_name(r.name)][0], prereleases=True)]
    assert outside == [], "the lock pins versions pyproject.toml no longer allows: run `make lock`"


def test_every_locked_package_has_hashes_and_babel_is_not_one_of_them():
    pins = locked()
    assert {"pyside6", "shiboken6", "flask", "werkzeug", "jinja2"} <= set(pins)  # transitive ones too
    unhashed = [name for name, (_, hashes) in pins.items() if not hashes]
    assert unhashed == []
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for _, hashes in pins.values() for digest in hashes)
    assert "babel" not in pins  # compiles the catalogues when the wheel is built; a kiosk never runs it


def test_the_development_venv_runs_the_locked_versions():
    drift = []
    for name, (version, _) in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            drift.append(f"{name}: locked {version}, installed {installed}")
    assert drift == [], "run `make install` (it installs from the lock)"
