#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The two set-up commands of the README:
#   packaging/dev.sh run    install what is missing, build, launch Scuttlescope
#   packaging/dev.sh test   install what is missing, build, run every test
#   packaging/dev.sh bench  install what is missing, build, run the benchmarks against npm
# Options through the environment: BUILD_DIR (default build), SANITIZE=1 (ASan+UBSan).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
command=${1:-}
case "$command" in run|test|bench|build) ;; *) echo "usage: $0 run|test|bench|build" >&2; exit 2 ;; esac

"$here/packaging/install-deps.sh"

build=${BUILD_DIR:-$here/build}
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCUTTLESCOPE_WERROR=ON)
[ "${SANITIZE:-0}" = 1 ] && flags+=(-DSCUTTLESCOPE_SANITIZE=ON)
generator=()
[ -f "$build/CMakeCache.txt" ] || generator=(-G Ninja)
cmake -S "$here" -B "$build" "${generator[@]}" "${flags[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)"

case "$command" in
run)
    shift
    exec "$build/app/scuttlescope/scuttlescope" "$@"
    ;;
bench)
    shift
    exec node "$here/bench/run-benchmarks.js" --build "$build" "$@"
    ;;
test)
    cd "$build"
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)"
    ;;
esac
