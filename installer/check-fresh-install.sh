#!/usr/bin/env bash
# Installs a built commune-kiosk .deb into a fresh Debian 12 minbase root with apt, as a technician would, checks
# what it installed, paints the attract screen as the kiosk user, then purges it and lists every file left behind.
#
# Usage (as root): installer/check-fresh-install.sh dist/commune-kiosk_<version>_amd64.deb
# The root is debootstrapped once (~1 min) under $FRESH_ROOT and the package's dependencies installed into it
# (~1 min); later runs reuse it. Exit 0 only when every check passed and the purge left no file behind.
set -euo pipefail
deb=$(realpath "${1:?the .deb to check}")
R=${FRESH_ROOT:-${TMPDIR:-/tmp}/commune-kiosk-fresh-root}
if [ ! -x "$R/bin/bash" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
  debootstrap --variant=minbase bookworm "$R" >/dev/null
fi
mounted=()
cleanup() { for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done; }
trap cleanup EXIT
mnt() { mountpoint -q "$2" || { mount "${@:3}" "$1" "$2"; mounted+=("$2"); }; }
mnt proc "$R/proc" -t proc
mnt /dev "$R/dev" --bind
mnt /sys "$R/sys" --bind
cp -f /etc/resolv.conf "$R/etc/resolv.conf"
cp -f /etc/apt/sources.list "$R/etc/apt/sources.list" 2>/dev/null || true
cp -rf /etc/apt/sources.list.d/. "$R/etc/apt/sources.list.d/" 2>/dev/null || true
in_root() {
  chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "$1"
}
listing='find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /run -o -path /var/cache/apt \
  -o -path /var/lib/apt -o -path /var/log -o -path /root \) -prune -o -print | sort'
cp "$deb" "$R/root/package.deb"
# The package's dependencies go in before the listing: purging the package leaves them installed (apt removes no
# dependency on purge), so their files (polkitd's, unattended-upgrades') are not the package's leftovers.
in_root "apt-get update -qq >/dev/null 2>&1; apt-get purge -y -qq commune-kiosk >/dev/null 2>&1 || true
  apt-get install -y -qq \$(dpkg-deb -f /root/package.deb Depends | sed -e 's/([^)]*)//g' -e 's/,/ /g') >/dev/null
  $listing > /tmp/before.txt"

start=$(date +%s.%N)
in_root 'apt-get install -y -qq /root/package.deb 2>&1 | grep -E "PIN|Mở menu|^E:" | grep -v "Can not write log" || true'
echo "apt install: $(awk "BEGIN { printf \"%.0f\", $(date +%s.%N) - $start }") s (the package; its dependencies were in)"
in_root '
  getent passwd kiosk | grep -q ":/var/lib/commune-kiosk:/usr/sbin/nologin$"
  id -nG kiosk
  test "$(stat -c "%U %a" /etc/commune-kiosk/kiosk.toml)" = "kiosk 600"
  grep -q "^technician_pin_hash = \"scrypt" /etc/commune-kiosk/kiosk.toml
  /opt/commune-kiosk/bin/kiosk config check
  test "$(readlink /etc/systemd/system/ctrl-alt-del.target)" = /dev/null
  test -L /etc/systemd/system/graphical.target.wants/commune-kiosk.service
  systemd-analyze verify /lib/systemd/system/commune-kiosk.service /lib/systemd/system/commune-kiosk-recover.service
  systemd-analyze cat-config systemd/logind.conf | grep -qx NAutoVTs=0
  # (a minbase root has a dangling 99-sysctl.conf link, which cat-config reports; the rest is still shown)
  { systemd-analyze cat-config sysctl.d 2>/dev/null || true; } | grep -qx "kernel.sysrq = 0"
  cd / && runuser -u kiosk -- env HOME=/var/lib/commune-kiosk XDG_CACHE_HOME=/var/cache XDG_STATE_HOME=/var/log \
    XDG_DATA_HOME=/var/lib QT_QPA_PLATFORM=offscreen /opt/commune-kiosk/bin/kiosk --practice --windowed \
    --exit-after-paint 2>/dev/null | grep -x attract-painted
  echo "installed: user, site config, units, lockdown and the attract screen OK"'

in_root "apt-get purge -y -qq commune-kiosk >/dev/null; $listing > /tmp/after.txt
  left=\$(comm -13 /tmp/before.txt /tmp/after.txt)
  if [ -n \"\$left\" ]; then echo \"left behind by the purge:\"; echo \"\$left\"; exit 1; fi
  test ! -e /etc/commune-kiosk && test ! -e /var/lib/commune-kiosk && test ! -e /var/log/commune-kiosk
  echo 'purged: no file of the package left (the system user kiosk stays, as Debian keeps system users)'"
