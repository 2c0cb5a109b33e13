#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The packages as a user gets them, one step per CTest test (CMakeLists.txt beside it):
#   check-install.sh package    cpack builds the .debs; checks their fields and
#                               files; dpkg -x unpacks them into $ROOT/tree
#   check-install.sh versions   the unpacked programs print the project version
#   check-install.sh gui        the unpacked GUI starts offscreen, an unpacked
#                               sbpeer syncs with it, and it is told to quit
#   check-install.sh desktop    desktop-file-validate and appstreamcli accept the
#                               desktop entry and metainfo, which agree with the tree
#   check-install.sh manuals    the man pages format without warnings and name
#                               every option of the programs' --help
#   check-install.sh consumer   a project of its own (consumer/) builds and runs
#                               against the unpacked tree with find_package(sblib)
# CTest gives it BUILD_DIR ROOT VERSION CPACK CMAKE GENERATOR CXX_COMPILER.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
step=${1:-}
debs=$ROOT/debs
tree=$ROOT/tree
bin=$tree/usr/bin
app_id=org.scuttlescope.Scuttlescope
desktop_file=$tree/usr/share/applications/$app_id.desktop
metainfo=$tree/usr/share/metainfo/$app_id.metainfo.xml

fail() {
    echo "FAIL ($step): $*" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null || fail "$1 not found (Debian package $2; packaging/install-deps.sh installs it)"
}

# field DEB NAME: one field of a package's control file.
field() {
    dpkg-deb --field "$1" "$2"
}

# depends_on DEB PACKAGE: DEB's Depends names PACKAGE.
depends_on() {
    field "$1" Depends | tr ',|' '\n\n' | sed 's/^ *//; s/ .*//' | grep -qx -- "$2"
}

step_package() {
    need dpkg-deb dpkg
    need dpkg-shlibdeps dpkg-dev
    need file file
    need readelf binutils
    rm -rf "$ROOT"
    mkdir -p "$debs" "$tree"
    # gzip instead of the packages' xz: the same files and fields, and most of cpack's
    # time saved (some 18 of 26 s of CPU in a sanitizer build).
    if ! "$CPACK" --config "$BUILD_DIR/CPackConfig.cmake" -B "$debs" -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip \
            >"$ROOT/cpack.log" 2>&1; then
        cat "$ROOT/cpack.log" >&2
        fail "cpack failed"
    fi
    local arch app_deb dev_deb
    arch=$(dpkg --print-architecture)
    app_deb=$debs/scuttlescope_${VERSION}_$arch.deb
    dev_deb=$debs/libsblib-dev_${VERSION}_$arch.deb
    for deb in "$app_deb" "$dev_deb"; do
        [ -f "$deb" ] || fail "cpack made no $(basename "$deb"); it made: $(cd "$debs" && ls ./*.deb)"
        [ "$(field "$deb" Version)" = "$VERSION" ] || fail "$(basename "$deb") has version $(field "$deb" Version)"
        [ -n "$(field "$deb" Maintainer)" ] || fail "$(basename "$deb") names no maintainer"
        [ "$(field "$deb" Description | wc -l)" -gt 2 ] || fail "$(basename "$deb") has no long description"
        dpkg-deb --extract "$deb" "$tree"
    done
    echo "scuttlescope Depends: $(field "$app_deb" Depends)"
    echo "libsblib-dev Depends: $(field "$dev_deb" Depends)"
    [ "$(field "$app_deb" Section)" = net ] || fail "scuttlescope is in section $(field "$app_deb" Section)"
    [ "$(field "$dev_deb" Section)" = libdevel ] || fail "libsblib-dev is in section $(field "$dev_deb" Section)"
    for package in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libssl3 libc6 libstdc++6; do
        depends_on "$app_deb" "$package" || fail "scuttlescope does not depend on $package"
    done
    for package in qt6-base-dev libssl-dev; do
        depends_on "$dev_deb" "$package" || fail "libsblib-dev does not depend on $package"
    done

    # What the tree holds, and nothing of the build (tests, benchmarks) besides.
    [ "$(ls "$bin" | tr '\n' ' ')" = "sbpeer scuttlescope " ] || fail "usr/bin holds $(ls "$bin" | tr '\n' ' ')"
    for program in sbpeer scuttlescope; do
        file --brief "$bin/$program" | grep -q ', stripped' || fail "$program is not stripped"
        if readelf --dynamic "$bin/$program" | grep -qE 'RPATH|RUNPATH'; then
            fail "$program has a library search path: $(readelf --dynamic "$bin/$program" | grep -E 'RPATH|RUNPATH')"
        fi
    done
    local icons=$tree/usr/share/icons/hicolor
    for size in 16 22 24 32 48 64 128 256; do
        local icon=$icons/${size}x$size/apps/$app_id.png
        [ -f "$icon" ] || fail "no ${size}x$size icon"
        file --brief "$icon" | grep -q "PNG image data, $size x $size," || fail "$icon is $(file --brief "$icon")"
    done
    for path in usr/share/icons/hicolor/scalable/apps/$app_id.svg \
            usr/share/applications/$app_id.desktop usr/share/metainfo/$app_id.metainfo.xml \
            usr/share/man/man1/sbpeer.1.gz usr/share/man/man1/scuttlescope.1.gz \
            usr/include/sblib/model.h usr/include/sblib/jsoncodec.h usr/include/sblib/result.h; do
        [ -f "$tree/$path" ] || fail "no $path"
    done
    for path in libsblib.a libsbjson.a cmake/sblib/sblibConfig.cmake cmake/sblib/sblibConfigVersion.cmake; do
        [ -n "$(find "$tree/usr/lib" -path "*/$path")" ] || fail "no $path under usr/lib"
    done
    for library in $(find "$tree/usr/lib" -name '*.a'); do
        if readelf --section-headers "$library" | grep -q '\.debug_info'; then
            fail "$(basename "$library") still carries debug information"
        fi
    done
}

step_versions() {
    local output
    output=$("$bin/sbpeer" --version) || fail "sbpeer --version exited with $?"
    [ "$output" = "sbpeer $VERSION" ] || fail "sbpeer --version printed '$output', not 'sbpeer $VERSION'"
    output=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin/scuttlescope" --version) || fail "scuttlescope --version exited with $?"
    [ "$output" = "scuttlescope $VERSION" ] || fail "scuttlescope --version printed '$output', not 'scuttlescope $VERSION'"
    echo "sbpeer $VERSION, scuttlescope $VERSION"
}

gui_pid=
gui_work=
stop_gui() {
    [ -z "$gui_pid" ] || kill "$gui_pid" 2>/dev/null || true
    [ -z "$gui_work" ] || rm -rf "$gui_work"
}

step_gui() {
    gui_work=$(mktemp -d)
    trap stop_gui EXIT
    local work=$gui_work
    # Settings of this run only, and no display: offscreen is the only platform.
    export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
    export XDG_RUNTIME_DIR=$work/runtime
    mkdir -m 700 "$XDG_RUNTIME_DIR"
    unset DISPLAY WAYLAND_DISPLAY

    QT_QPA_PLATFORM=offscreen "$bin/scuttlescope" --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
    gui_pid=$!
    local pid=$gui_pid deadline=$((SECONDS + 20))
    until grep -q '^listening ' "$work/out"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            local status=0
            wait "$pid" || status=$?
            gui_pid=
            cat "$work/err" >&2
            fail "scuttlescope exited with status $status before listening"
        fi
        [ $SECONDS -lt $deadline ] || { cat "$work/err" >&2; fail "scuttlescope was not listening after 20 s"; }
        sleep 0.1
    done
    local address
    address=$(sed -n 's/^listening //p' "$work/out" | head -n1)

    # The window is up and its event loop turns: a packaged sbpeer syncs with it.
    local replica
    replica=$("$bin/sbpeer" sync "$address" --timeout 20 --set from-sbpeer=true 2>"$work/sbpeer.err") \
        || { cat "$work/sbpeer.err" "$work/err" >&2; fail "sbpeer could not sync with scuttlescope at $address"; }
    echo "sbpeer synced with scuttlescope at $address: $replica"
    kill -0 "$pid" 2>/dev/null || fail "scuttlescope ended by itself"

    # Quit: scuttlescope has no option or signal handler for a clean quit, so
    # SIGTERM's default action ends it; a clean exit 0 is taken too, should it
    # learn to handle SIGTERM. A crash or abort fails.
    kill -TERM "$pid"
    local status=0
    wait "$pid" || status=$?
    gui_pid=
    case $status in
    0) echo "scuttlescope quit cleanly on SIGTERM" ;;
    143) echo "scuttlescope was ended by SIGTERM (it has no clean quit from outside)" ;;
    *) cat "$work/err" >&2; fail "scuttlescope ended with status $status on SIGTERM" ;;
    esac
    if [ -s "$work/err" ]; then
        echo "scuttlescope stderr:"
        cat "$work/err"
    fi
}

step_desktop() {
    need desktop-file-validate desktop-file-utils
    need appstreamcli appstream
    local report
    report=$(desktop-file-validate "$desktop_file" 2>&1) || { echo "$report" >&2; fail "desktop-file-validate refused $app_id.desktop"; }
    [ -z "$report" ] || { echo "$report" >&2; fail "desktop-file-validate has remarks on $app_id.desktop"; }
    appstreamcli validate --no-net "$metainfo" || fail "appstreamcli refused $app_id.metainfo.xml"

    local exec icon launchable release
    exec=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop_file")
    [ -x "$bin/$exec" ] || fail "the desktop entry runs '$exec', which the package does not hold"
    icon=$(sed -n 's/^Icon=//p' "$desktop_file")
    [ -f "$tree/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "the desktop entry's icon '$icon' is not installed"
    launchable=$(sed -n 's:.*<launchable type="desktop-id">\(.*\)</launchable>.*:\1:p' "$metainfo")
    [ "$launchable" = "$app_id.desktop" ] || fail "the metainfo launches '$launchable', not $app_id.desktop"
    release=$(grep -o '<release version="[^"]*"' "$metainfo" | head -n1 | sed 's/.*version="//; s/"//')
    [ "$release" = "$VERSION" ] || fail "the newest release in the metainfo is '$release', not the project's $VERSION: add a <release>"
}

step_manuals() {
    need groff groff-base
    for program in sbpeer scuttlescope; do
        local page warnings help
        page=$(zcat "$tree/usr/share/man/man1/$program.1.gz")
        warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z <<<"$page" 2>&1)
        [ -z "$warnings" ] || { echo "$warnings" >&2; fail "groff warns about $program.1"; }
        help=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin/$program" --help)
        for option in $(grep -oE -- '--[a-z][a-z-]*[a-z]' <<<"$help" | sort -u); do
            # roff writes each - of an option as \-.
            grep -qF -- "${option//-/\\-}" <<<"$page" || fail "$program.1 does not document $option"
        done
    done
}

step_consumer() {
    local build=$ROOT/consumer output
    rm -rf "$build"
    if ! "$CMAKE" -S "$here/consumer" -B "$build" -G "$GENERATOR" -DCMAKE_BUILD_TYPE=Release \
            -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DCMAKE_PREFIX_PATH="$tree/usr" >"$build.log" 2>&1; then
        cat "$build.log" >&2
        fail "configuring the consumer project failed"
    fi
    # It must have found the unpacked package, not one installed on this machine.
    grep -q "^sblib_DIR:PATH=$tree/usr/lib" "$build/CMakeCache.txt" \
        || fail "find_package(sblib) found $(grep '^sblib_DIR' "$build/CMakeCache.txt"), not the unpacked tree"
    "$CMAKE" --build "$build" >>"$build.log" 2>&1 || { cat "$build.log" >&2; fail "building the consumer project failed"; }
    output=$("$build/sblib-consumer") || fail "sblib-consumer exited with $?"
    [ "$output" = '{"greeting":"hello"} signed listening' ] || fail "sblib-consumer printed '$output'"
    echo "find_package(sblib) from $tree/usr: sblib-consumer printed: $output"
}

case $step in
package | versions | gui | desktop | manuals | consumer) "step_$step" ;;
*) echo "usage: $0 package|versions|gui|desktop|manuals|consumer" >&2; exit 2 ;;
esac
