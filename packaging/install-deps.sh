#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what building and testing Scuttlescope needs on Debian 12:
# Debian's packages (as root, or through sudo) and the npm peers for interop tests.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libgl-dev   # Qt 6.4: Core, Network, Widgets, Test
    qt6-charts-dev libqt6opengl6-dev             # Qt Charts: the Sync Health dock (Qt6Charts' CMake package needs Qt6OpenGL's, which Debian 12's qt6-charts-dev does not pull in)
    libssl-dev openssh-client                    # OpenSSL 3: signatures and keys; ssh-keygen keys in tests
    nodejs npm                                   # the reference peers (npm scuttlebutt)
    xvfb xauth imagemagick xdotool               # screenshots of the real window (xdotool: keys)
    dpkg-dev file binutils groff-base            # the .debs (dpkg-shlibdeps) and tests/install
    desktop-file-utils appstream                 # tests/install validates the desktop entry and metainfo
    libsystemd-dev                               # sd_notify: sbpeer@.service is Type=notify
    lintian shared-mime-info xdg-utils libfile-mimeinfo-perl systemd  # tests/install: lintian, file types, the unit
    clang-14 libclang-rt-14-dev                  # libFuzzer, ASan, UBSan: tests/fuzz (.ci/run)
    clang-format-14                              # the layout of the C++ (packaging/format.sh, tests/licence)
    fonts-dejavu-core
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# node may come from elsewhere than Debian (as on the CI image): keep it if it works.
if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d "$here/tests/interop/node_modules/scuttlebutt" ] || [ ! -d "$here/tests/interop/node_modules/scuttlebutt4" ]; then
    echo "install-deps: npm ci in tests/interop"
    (cd "$here/tests/interop" && npm ci --no-audit --no-fund --loglevel=error)
fi
