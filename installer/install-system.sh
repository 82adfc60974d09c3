#!/usr/bin/env bash
# Installs the Debian packages listed in apt-packages.txt (run time) and apt-packages-dev.txt (building, tests), as
# root. Skips apt when all are present, so `make test` on a prepared machine does not touch the network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t wanted < <(cat "$here/apt-packages.txt" "$here/apt-packages-dev.txt" | grep -vE '^\s*(#|$)')
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Cần quyền root để cài các gói: ${missing[*]}" >&2
  echo "Run as root (or with sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
