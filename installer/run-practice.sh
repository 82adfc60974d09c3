#!/usr/bin/env bash
# Starts the kiosk in practice mode. On first use it makes a site config with a fresh
# technician PIN (printed once) so the admin menu, and so the exit, can be reached.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
# Makes nothing when the site config exists; else one with a fresh PIN, printed once (as the kiosk package does).
$bin/kiosk admin first-config --made-by '`make run`'
if [ -z "${DISPLAY:-}" ]; then
  echo "Không thấy màn hình (DISPLAY trống): chạy trên màn hình ảo Xvfb. / No screen: running on a virtual Xvfb screen."
  exec xvfb-run -a -s "-screen 0 1920x1080x24" $bin/kiosk --practice "$@"
fi
exec $bin/kiosk --practice "$@"
