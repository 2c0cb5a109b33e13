#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders the PNG icons from resources/icons/scuttlescope.svg; run it after
# editing the SVG and commit what it writes:
#   resources/icons/scuttlescope.png           256x256, the window icon (ui/ qrc)
#   resources/icons/hicolor/NxN/scuttlescope.png  the smaller sizes that
#                                              `cmake --install` puts in the hicolor theme
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
icons=$here/resources/icons
command -v rsvg-convert >/dev/null || { echo "render-icons.sh: rsvg-convert not found (apt-get install librsvg2-bin)" >&2; exit 1; }

rsvg-convert -w 256 -h 256 "$icons/scuttlescope.svg" -o "$icons/scuttlescope.png"
for size in 16 22 24 32 48 64 128; do
    mkdir -p "$icons/hicolor/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" "$icons/scuttlescope.svg" -o "$icons/hicolor/${size}x${size}/scuttlescope.png"
done
echo "render-icons.sh: wrote $icons/scuttlescope.png and $icons/hicolor/*/scuttlescope.png"
