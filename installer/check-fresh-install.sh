#!/usr/bin/env bash
# Installs a built commune-kiosk .deb into a fresh Debian 12 minbase root with apt, as a technician would, checks
# what it installed, upgrades it, purges it and lists every file left behind: tests/test_deb_install.py, run on
# the package given instead of one it builds (e.g. the xz package `make deb` makes, before it goes to a commune).
#
# Usage (as root, after `make install`): installer/check-fresh-install.sh dist/commune-kiosk_<version>_amd64.deb
# KIOSK_DEB_ROOT=folder keeps the root (debootstrapped once, ~1 min, with the package's Debian dependencies,
# ~1 min) for the next run. Exit 0 only when every check passed and the purge left no file behind.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
KIOSK_DEB=$(realpath "${1:?the .deb to check}")
export KIOSK_DEB
cd "$root"
exec "$root/.venv/bin/python" -m pytest tests/test_deb_install.py -p no:randomly -q
