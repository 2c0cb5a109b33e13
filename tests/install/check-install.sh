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
#   check-install.sh mime       the file types: update-mime-database builds a database
#                               from the tree's, where xdg-mime finds .sbreplica and
#                               .sbtrace files Scuttlescope's, with its icon
#   check-install.sh lintian    lintian finds no error or warning in either package
#   check-install.sh service    systemd-analyze verifies sbpeer@.service in the tree
#                               and rates its exposure; the unit runs what it says
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
unit=$tree/usr/lib/systemd/system/sbpeer@.service

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
    for package in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6charts6 libssl3 libsystemd0 libc6 libstdc++6; do
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
    # sblib's internals (NAME_p.h, as in Qt) are built against, never installed.
    local internal
    internal=$(find "$tree/usr/include" -name '*_p.h' | head -n1)
    [ -z "$internal" ] || fail "an internal header is installed: ${internal#"$tree"/}"
    for path in usr/share/mime/packages/$app_id.xml usr/lib/systemd/system/sbpeer@.service \
            usr/share/doc/scuttlescope/examples/sbpeer.conf; do
        [ -f "$tree/$path" ] || fail "no $path"
    done
    # The licence and the changelog in each package, the changelog at the packages' version.
    for package in scuttlescope libsblib-dev; do
        local doc=$tree/usr/share/doc/$package
        [ -f "$doc/copyright" ] || fail "$package has no usr/share/doc/$package/copyright"
        head -n1 "$doc/copyright" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' \
            || fail "usr/share/doc/$package/copyright is not in the machine-readable (DEP-5) format"
        grep -q '^License: MIT$' "$doc/copyright" || fail "usr/share/doc/$package/copyright names no MIT licence"
        [ -f "$doc/changelog.gz" ] || fail "$package has no usr/share/doc/$package/changelog.gz"
        local version
        version=$(zcat "$doc/changelog.gz" | head -n1 | sed -n 's/^[a-z0-9.+-]* (\([^)]*\)).*/\1/p')
        [ "$version" = "$VERSION" ] || fail "$package's changelog begins with version '$version', not $VERSION (packaging/changelog)"
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
    grep -q '<project_license>MIT</project_license>' "$metainfo" || fail "the metainfo's project_license is not MIT"
    grep -q '^Exec=scuttlescope %F$' "$desktop_file" || fail "the desktop entry does not run scuttlescope %F"
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

# A database of the freedesktop.org types and the package's, outside the tree (the
# package ships the source file only; Debian's shared-mime-info builds the database
# by a trigger), and the desktop entry's types in an applications folder beside it.
step_mime() {
    need update-mime-database shared-mime-info
    need update-desktop-database desktop-file-utils
    need xdg-mime xdg-utils
    need mimetype libfile-mimeinfo-perl
    local data=$ROOT/xdg work=$ROOT/mime-files
    rm -rf "$data" "$work"
    mkdir -p "$data/mime/packages" "$data/applications" "$work" "$ROOT/xdg-config"
    cp /usr/share/mime/packages/freedesktop.org.xml "$tree/usr/share/mime/packages/$app_id.xml" "$data/mime/packages/"
    update-mime-database "$data/mime" >/dev/null || fail "update-mime-database refused usr/share/mime/packages/$app_id.xml"
    cp "$desktop_file" "$data/applications/"
    update-desktop-database "$data/applications" || fail "update-desktop-database refused $app_id.desktop"

    # xdg-mime as a desktop without an environment of its own asks (generic: the
    # mimetype program, which reads the database of XDG_DATA_DIRS).
    xdg() {
        env -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION -u KDE_FULL_SESSION -u GNOME_DESKTOP_SESSION_ID \
            XDG_DATA_HOME="$data" XDG_DATA_DIRS="$data" XDG_CONFIG_HOME="$ROOT/xdg-config" \
            XDG_CONFIG_DIRS="$ROOT/xdg-config" xdg-mime "$@"
    }
    printf '{"id":"A","clock":{"A":1},"meta":{"type":"model"}}\n[["k",1],1,"A"]\n"SYNC"\n' >"$work/mesh.sbreplica"
    printf '{"sbtrace":1,"tool":"sbpeer %s","id":"A","type":"model","dialect":"5","started":1}\n' "$VERSION" \
        >"$work/session.sbtrace"
    cp "$work/session.sbtrace" "$work/trace-without-extension"
    printf '{"id":"A","clock":{}}\n' >"$work/other.json"
    local file expected type
    for file in mesh.sbreplica:application/x-scuttlebutt-replica session.sbtrace:application/x-scuttlebutt-trace \
            trace-without-extension:application/x-scuttlebutt-trace other.json:application/json; do
        expected=${file#*:}
        file=${file%%:*}
        type=$(xdg query filetype "$work/$file") || fail "xdg-mime query filetype $file failed"
        [ "$type" = "$expected" ] || fail "xdg-mime says $file is $type, not $expected"
        echo "$file: $type"
        [ "$expected" = application/json ] && continue
        local handler
        handler=$(xdg query default "$type") || fail "xdg-mime query default $type failed"
        [ "$handler" = "$app_id.desktop" ] || fail "$type opens with '$handler', not $app_id.desktop"
        grep -qx "$type:$app_id" "$data/mime/icons" || fail "$type has not the icon $app_id"
    done
    echo "both types open with $app_id.desktop, with its icon"
}

# lintian on both packages: any error or warning fails. A tag that had to stay would
# be overridden in the package itself (usr/share/lintian/overrides/PACKAGE, with a
# comment saying why); overridden tags are printed. Info tags are printed, not failed:
# hardening-no-bindnow and hardening-no-fortify-functions (the build takes no flags from
# dpkg-buildflags) and .comment sections (the compiler's version string).
step_lintian() {
    need lintian lintian
    local arch report status=0
    arch=$(dpkg --print-architecture)
    report=$(lintian --display-info --show-overrides --fail-on error,warning \
        "$debs/scuttlescope_${VERSION}_$arch.deb" "$debs/libsblib-dev_${VERSION}_$arch.deb" 2>&1 \
        | grep -v '^running with root privileges is not recommended!$') || status=$?
    if [ $status -ne 0 ] || grep -qE '^[EW]: ' <<<"$report"; then
        echo "$report" >&2
        fail "lintian reports errors or warnings (exit $status)"
    fi
    grep -E '^O: ' <<<"$report" || true
    echo "lintian: no errors or warnings in either package; $(grep -c '^O: ' <<<"$report") overridden; info tags:"
    grep -E '^I: ' <<<"$report" | sed 's/ (.*\.o)//; s/ \[.*//' | sort | uniq -c || true
}

# systemd-analyze verify with the tree as root: it loads an instance of the template
# from the tree, checks each directive, that ExecStart's program is there and that the
# man page of Documentation= is; it only warns about an unknown or bad directive, so
# any output fails. The tree needs the targets the unit's default dependencies name.
step_service() {
    need systemd-analyze systemd
    local root=$ROOT/service-root output
    rm -rf "$root"
    mkdir -p "$root/usr/lib/systemd/system"
    cp -a "$tree/." "$root/"
    cp -a /lib/systemd/system/*.target /lib/systemd/system/*.slice "$root/usr/lib/systemd/system/"
    output=$(MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" sbpeer@mesh.service 2>&1) \
        || { echo "$output" >&2; fail "systemd-analyze verify refused sbpeer@.service"; }
    [ -z "$output" ] || { echo "$output" >&2; fail "systemd-analyze verify has remarks on sbpeer@.service"; }
    echo "systemd-analyze verify accepts sbpeer@mesh.service"

    local exec
    exec=$(sed -n 's/^ExecStart=//p' "$unit")
    [ "$exec" = "/usr/bin/sbpeer serve --file %S/sbpeer/%i.sbreplica --config /etc/sbpeer/%i.conf" ] \
        || fail "sbpeer@.service runs '$exec'"
    for directive in Type=notify DynamicUser=yes StateDirectory=sbpeer Restart=on-failure \
            ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes; do
        grep -qx "$directive" "$unit" || fail "sbpeer@.service lacks $directive"
    done

    # The exposure systemd-analyze rates (0 safe to 10 exposed), from the unit as
    # installed; 2 or more would mean hardening got lost.
    local report exposure
    report=$(systemd-analyze security --offline=true --root="$root" sbpeer@mesh.service 2>&1) \
        || { echo "$report" >&2; fail "systemd-analyze security failed on sbpeer@.service"; }
    exposure=$(sed -n 's/.*Overall exposure level for sbpeer@mesh.service: \([0-9.]*\).*/\1/p' <<<"$report")
    [ -n "$exposure" ] || { echo "$report" >&2; fail "systemd-analyze security gave no exposure level"; }
    grep -E '^✗' <<<"$report" || true
    echo "systemd-analyze security: exposure $exposure"
    awk -v e="$exposure" 'BEGIN { exit !(e < 2) }' || fail "sbpeer@.service is rated $exposure exposed (2 or more)"
}

case $step in
package | versions | gui | desktop | manuals | consumer | mime | lintian | service) "step_$step" ;;
*) echo "usage: $0 package|versions|gui|desktop|manuals|consumer|mime|lintian|service" >&2; exit 2 ;;
esac
