#!/usr/bin/env bash
# Starts the kiosk in practice mode. On first use it makes a site config with a fresh
# technician PIN (printed once) so the admin menu, and so the exit, can be reached.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
site=$($bin/python -c "from kiosk.paths import site_config_file; print(site_config_file())")
if [ ! -e "$site" ]; then
  pin=$(shuf -i 100000-999999 -n 1)
  hash=$(echo "$pin" | $bin/kiosk admin hash-pin)
  mkdir -p "$(dirname "$site")"
  umask 077
  printf '# Made by `make run` on %s. All settings: docs/settings.md\n[admin]\ntechnician_pin_hash = "%s"\n' \
    "$(date -I)" "$hash" > "$site"
  echo "Mã PIN kỹ thuật viên / technician PIN: $pin  (ghi lại — chỉ hiện một lần; written to $site)"
  echo "Mở menu: chạm 5 lần vào góc trên bên trái trong 3 giây / open the menu: 5 taps in the top-left corner."
fi
if [ -z "${DISPLAY:-}" ]; then
  echo "Không thấy màn hình (DISPLAY trống): chạy trên màn hình ảo Xvfb. / No screen: running on a virtual Xvfb screen."
  exec xvfb-run -a -s "-screen 0 1920x1080x24" $bin/kiosk --practice "$@"
fi
exec $bin/kiosk --practice "$@"
