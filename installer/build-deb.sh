#!/usr/bin/env bash
# Builds dist/commune-kiosk_<version>_amd64.deb: the kiosk in a venv under /opt/commune-kiosk, its systemd units,
# the operating-system lockdown files and the maintainer scripts (installer/deb/, docs/deploy.md).
#
# Usage: installer/build-deb.sh [--tree-only] [OUT_DIR]      (as root or not; Debian 12 with apt-packages*.txt)
#   --tree-only  everything but the venv (a few seconds instead of minutes: tests/test_deb_package.py checks the
#                package's layout, control data and scripts with it; it is not installable).
# Environment: DEB_COMPRESSION (xz, gzip or none) and DEB_COMPRESSION_LEVEL (dpkg-deb -z, 0-9), see the end;
# KIOSK_PYTHON, the Python that renders the tutorial videos (the checkout's .venv).
#
# A plain dpkg-deb tree rather than dh-virtualenv: the venv is made from the lock file with pip's --require-hashes,
# exactly as `make install` makes the development venv, and needs no debian/ source package, debhelper or
# dh-virtualenv's own rules about where pip runs; dpkg-deb is in every Debian system.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tree_only=false
if [ "${1:-}" = --tree-only ]; then tree_only=true; shift; fi
out=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)
prefix=/opt/commune-kiosk
# The venv is built on Debian's own interpreter, which the package depends on (python3.11), whatever python3 a
# developer's PATH finds first.
python=/usr/bin/python3.11
version=$($python -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
  "$root/pyproject.toml")
deb="$out/commune-kiosk_${version}_amd64.deb"
# Who answers for the package (control file and changelog): the province's IT team sets its own address.
maintainer=${DEB_MAINTAINER:-Commune kiosk project <commune-kiosk@example.org>}

work=$(mktemp -d "${TMPDIR:-/tmp}/build-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/tree
here=$root/installer/deb
started=$(date +%s)

# --- the kiosk: its wheel from a copy of the sources (nothing written into the checkout), into a fresh venv -----
if ! $tree_only; then
  mkdir -p "$work/source"
  tar -C "$root" --exclude=__pycache__ --exclude='*.pyc' -cf - pyproject.toml setup.py README.md kiosk ui drivers \
    | tar -C "$work/source" -xf -
  $python -m venv "$tree$prefix"
  venv_python=$tree$prefix/bin/python
  $venv_python -m pip install --quiet --no-compile --disable-pip-version-check --require-hashes \
    -r "$root/installer/requirements.lock"
  $venv_python -m pip wheel --quiet --no-deps --disable-pip-version-check --wheel-dir "$work/wheel" "$work/source"
  $venv_python -m pip install --quiet --no-compile --no-deps --disable-pip-version-check "$work"/wheel/*.whl
  # A kiosk installs nothing: without pip and setuptools the venv holds only what the lock and the wheel name.
  $venv_python -m pip uninstall --quiet --yes pip setuptools
  rm -f "$tree$prefix"/bin/activate* "$tree$prefix"/bin/Activate.ps1
  rmdir "$tree$prefix/include/python3.11" "$tree$prefix/include" 2>/dev/null || true  # empty: nothing compiles here
  find "$tree$prefix" -depth -type d -name __pycache__ -exec rm -rf {} +
  # Qt's wheels ship their shared libraries executable; the loader needs only read (Debian policy 8.1).
  find "$tree$prefix" -type f \( -name '*.so' -o -name '*.so.*' \) -perm /111 -exec chmod a-x {} +
  # The venv was made at $tree$prefix; it runs at $prefix (console scripts' #! lines, pyvenv.cfg).
  grep -rlI --null -F "$tree" "$tree$prefix" | xargs -0 -r sed -i "s#$tree##g"
  if grep -rqI -F "$tree" "$tree$prefix"; then echo "build-deb: $tree still named in the venv" >&2; exit 1; fi
fi

# --- the rest of the package ---------------------------------------------------------------------------------
install -D -m 0644 "$here/commune-kiosk.service" "$tree/lib/systemd/system/commune-kiosk.service"
install -D -m 0644 "$here/commune-kiosk-recover.service" "$tree/lib/systemd/system/commune-kiosk-recover.service"
install -D -m 0644 "$here/logind.conf" "$tree/usr/lib/systemd/logind.conf.d/commune-kiosk.conf"
install -D -m 0644 "$here/system.conf" "$tree/usr/lib/systemd/system.conf.d/commune-kiosk.conf"
install -D -m 0644 "$here/sysctl.conf" "$tree/usr/lib/sysctl.d/90-commune-kiosk.conf"
install -D -m 0644 "$here/pam" "$tree/etc/pam.d/commune-kiosk"
install -D -m 0644 "$here/polkit.rules" "$tree/usr/share/polkit-1/rules.d/50-commune-kiosk.rules"
install -D -m 0644 "$here/apt-unattended.conf" "$tree/etc/apt/apt.conf.d/52commune-kiosk"
install -D -m 0644 "$here/usb.rules" "$tree/lib/udev/rules.d/90-commune-kiosk-usb.rules"
install -D -m 0755 "$here/usb-mount" "$tree/usr/lib/commune-kiosk/usb-mount"
install -D -m 0644 "$root/installer/cupsd-kiosk.conf" "$tree/usr/share/commune-kiosk/cupsd-kiosk.conf"
install -D -m 0644 "$here/lintian-overrides" "$tree/usr/share/lintian/overrides/commune-kiosk"
doc=$tree/usr/share/doc/commune-kiosk
install -D -m 0644 "$here/copyright" "$doc/copyright"
if [ -f "$root/docs/deploy.md" ]; then install -m 0644 "$root/docs/deploy.md" "$doc/deploy.md"; fi
printf 'commune-kiosk (%s) stable; urgency=medium\n\n  * Built from the project repository%s.\n\n -- %s  %s\n' \
  "$version" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null | sed 's/^/ at /')" \
  "$maintainer" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$started}")" \
  | gzip -9n > "$doc/changelog.gz"
# The tutorial videos, recorded from the practice portal as `make videos` does (kiosk/guide/videos.py looks here).
"${KIOSK_PYTHON:-$root/.venv/bin/python}" -m ui.tutorial.render "$tree/usr/share/commune-kiosk/videos" \
  >/dev/null

# --- control data --------------------------------------------------------------------------------------------
mkdir -p "$tree/DEBIAN"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$tree/DEBIAN/"
# Every file under /etc is a conffile: dpkg keeps a technician's edits on upgrade and removes them only on purge.
(cd "$tree" && find etc -type f | sort | sed 's#^#/#') > "$tree/DEBIAN/conffiles"
depends=$(grep -vhE '^\s*(#|$)' "$root/installer/apt-packages.txt" | sed 's/\s*#.*//')
# Besides the run-time list: the compositor and its X server, the init system, what the maintainer scripts use
# (adduser; deb-systemd-helper is in init-system-helpers, essential), the C library the venv's extension modules
# link (wheels up to manylinux_2_36, installer/requirements.lock) and python3 for the scripts inside wheels
# that start with `#!/usr/bin/env python3`.
depends=$(printf '%s\n' $depends cage xwayland adduser systemd 'libc6_(>=_2.36)' python3 | paste -sd, - \
  | sed -e 's/,/, /g' -e 's/_/ /g')
size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" -e "s|@MAINTAINER@|$maintainer|" \
  "$here/control.in" \
  > "$tree/DEBIAN/control"
(cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 -r md5sum) \
  > "$tree/DEBIAN/md5sums"

# xz, dpkg's default and the only one lintian 2.116 accepts besides gzip (it calls zstd members malformed);
# DEB_COMPRESSION=gzip builds faster and downloads larger; DEB_COMPRESSION_LEVEL (dpkg-deb -z, 0-9) trades the
# same way: tests/test_deb_install.py builds with gzip level 1 (docs/deploy.md has the figures).
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" ${DEB_COMPRESSION_LEVEL:+-z"$DEB_COMPRESSION_LEVEL"} \
  --build "$tree" "$deb" >/dev/null
echo "$deb ($(du -h "$deb" | cut -f1), $(( $(date +%s) - started )) s)"
