#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Takes docs/screenshot.png: Scuttlescope connected to a live sbpeer mesh;
# docs/wire.png: the same window with the Wire dock in front, a line selected;
# docs/health.png: the Sync Health dock after some seconds of live traffic; and
# docs/compare.png: Peers > Compare With... against a replica file that an
# earlier sbpeer left with other values; and docs/doc.png: a crdt Doc (its
# rows, sets and sequence) kept in a file and synced with a live sbpeer.
#   packaging/screenshot.sh [BUILD_DIR]     (default ./build; builds nothing)
# Starts Xvfb on a free display and a key store where "hub" and "laptop" have
# keys that everyone trusts; an `sbpeer serve` (hub, signing) that another
# signing sbpeer (laptop) dials; Scuttlescope, keeping its default replica in
# a fresh data directory, dialing the hub and listening for a third, unsigned
# sbpeer (phone). It waits until Scuttlescope has synced, sends a few live
# updates, and captures the screen. Every process it starts is stopped on
# exit, whatever happens.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-./build}" && pwd)
sbpeer=$build/app/sbpeer/sbpeer
scope=$build/app/scuttlescope/scuttlescope
out=$here/docs/screenshot.png
wire_out=$here/docs/wire.png
health_out=$here/docs/health.png
compare_out=$here/docs/compare.png
doc_out=$here/docs/doc.png
for tool in Xvfb import xdotool "$sbpeer" "$scope"; do
    command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
    exec 3>&- 4>&- 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# wait_for FILE PATTERN COUNT SECONDS: until FILE has COUNT lines matching PATTERN.
wait_for() {
    local deadline=$((SECONDS + $4)) count
    while count=$(grep -c -- "$2" "$1" 2>/dev/null || true); [ "${count:-0}" -lt "$3" ]; do
        [ $SECONDS -lt $deadline ] || { echo "screenshot.sh: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1; }
        sleep 0.1
    done
}

# A display nobody uses: Xvfb picks it and writes its number to fd 5.
Xvfb -displayfd 5 -screen 0 1440x900x24 -nolisten tcp 5>"$work/display" 2>"$work/xvfb.log" &
pids+=($!)
wait_for "$work/display" '[0-9]' 1 10
export DISPLAY=:$(head -n1 "$work/display")

# The config and data of this run only: no saved layout or replica id leaks in.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
export XDG_RUNTIME_DIR=$work/runtime && mkdir -m 700 "$XDG_RUNTIME_DIR"

# Keys for the signing peers, trusted by name in the key store Scuttlescope reads.
for name in hub laptop; do
    "$sbpeer" keygen "$name" >/dev/null
    "$sbpeer" trust add "$name" --name "$name" >/dev/null
done

# A replica file that went its own way: some of the mesh's keys with other
# values, one of its own. sbpeer compacts it on SIGTERM.
other=$work/offline.sbreplica
"$sbpeer" serve --listen 127.0.0.1:0 --file "$other" --name offline \
    --set 'doc:title="Quarterly plan (offline copy)"' \
    --set 'flags:beta=false' \
    --set 'user:dave={"name":"Dave","online":false}' \
    >"$work/o.out" 2>"$work/o.err" &
offline=$!
wait_for "$work/o.out" '^listening ' 1 10
kill "$offline" && wait "$offline" || true

mkfifo "$work/a.in" "$work/b.in"
"$sbpeer" serve --listen 127.0.0.1:0 --stdin --name hub --key hub \
    --set 'config={"theme":"dark","autosave":true,"interval":30,"plugins":["lint","git"]}' \
    --set 'doc:title="Quarterly plan"' \
    --set 'doc:owner="alice"' \
    --set 'user:alice={"name":"Alice","online":true,"role":"editor"}' \
    --set 'counter:views=1284' \
    --set 'flags:beta=true' \
    <"$work/a.in" >"$work/a.out" 2>"$work/a.err" &
pids+=($!)
exec 3>"$work/a.in"
wait_for "$work/a.out" '^listening ' 1 10
address=$(sed -n 's/^listening //p' "$work/a.out" | head -n1)

"$sbpeer" connect "$address" --stdin --name laptop --key laptop \
    --set 'user:bob={"name":"Bob","online":true,"role":"viewer"}' \
    --set 'cursor:bob={"line":12,"column":4}' \
    --set 'doc:tags=["planning","q3"]' \
    <"$work/b.in" >"$work/b.out" 2>"$work/b.err" &
pids+=($!)
exec 4>"$work/b.in"
wait_for "$work/a.err" 'synced' 1 10

"$scope" --connect "$address" --listen 127.0.0.1:0 >"$work/scope.out" 2>"$work/scope.err" &
pids+=($!)
scope_pid=$!
wait_for "$work/scope.out" '^listening ' 1 20
wait_for "$work/a.err" 'synced' 2 20
scope_address=$(sed -n 's/^listening //p' "$work/scope.out" | head -n1)

# An unsigned peer dials Scuttlescope: its keys show as unsigned.
"$sbpeer" connect "$scope_address" --name phone \
    --set 'user:carol={"name":"Carol","online":false}' \
    --set 'counter:edits=57' \
    --set 'session:carol=null' \
    >"$work/c.out" 2>"$work/c.err" &
pids+=($!)
wait_for "$work/c.err" 'synced' 1 20

# Live traffic from two sources, so rows flash and lanes fill.
for i in 1 2 3 4 5 6; do
    echo "set counter:views=$((1284 + i * 7))" >&3
    echo "set cursor:bob={\"line\":$((12 + i)),\"column\":$((4 + i * 3))}" >&4
    sleep 0.25
done
echo 'set user:alice={"name":"Alice","online":true,"role":"owner"}' >&3
echo 'set doc:title="Quarterly plan (draft 2)"' >&4
sleep 0.6

import -window root "$out"
echo "wrote $out"

# The Wire dock in front (View > Show the Wire): the sync from its first
# line (digests, history, SYNC), an update from the hub's history selected.
window=$(xdotool search --name '^Scuttlescope' | head -n1)
xdotool windowfocus --sync "$window"
xdotool key --clearmodifiers ctrl+shift+w
sleep 0.3
xdotool key --clearmodifiers ctrl+Home Down Down Down
sleep 0.5
import -window root "$wire_out"
echo "wrote $wire_out"

# The Sync Health dock in front (its tab, the last of the bottom dock area at
# this screen size), then some seconds of traffic at a changing rate so that
# the charts have a shape: the rates rise and fall, behind stays at 0.
xdotool mousemove --window "$window" 313 863 click 1
for i in $(seq 1 36); do
    echo "set counter:views=$((1400 + i))" >&3
    [ $((i % 3)) = 0 ] && echo "set cursor:bob={\"line\":$((20 + i)),\"column\":$i}" >&4
    sleep "0.$(( (i / 6) % 2 == 0 ? 1 : 4 ))"
done
sleep 1.2
import -window root "$health_out"
echo "wrote $health_out"

# Peers > Compare With... (Alt+P, W) against the offline file.
xdotool windowfocus --sync "$window"
xdotool key --clearmodifiers alt+p
sleep 0.3
xdotool key --clearmodifiers w
sleep 0.5
xdotool key --clearmodifiers ctrl+a   # the box offers the dialed hub first
xdotool type --delay 5 "$other"
xdotool key --clearmodifiers Return
sleep 1.5
import -window root "$compare_out"
echo "wrote $compare_out"

# A crdt Doc: a board of tasks in a file, synced with a live sbpeer that adds
# a row and edits a field. The first window goes, so this one is alone.
kill "$scope_pid" 2>/dev/null || true
wait "$scope_pid" 2>/dev/null || true
board=$work/board.sbreplica
mkfifo "$work/d.in"
"$sbpeer" serve --listen 127.0.0.1:0 --type doc --stdin --name board --id BOARD \
    --set 'plan={"list":"todo","title":"Write the plan","owner":"alice","_sort":"F"}' \
    --set 'review={"list":"todo","title":"Review the budget","owner":"bob","_sort":"V"}' \
    --set 'ship={"list":"done","title":"Ship 1.2","owner":"carol","_sort":"V"}' \
    --set 'call={"list":"todo","title":"Call the printer","owner":"dave","_sort":"k"}' \
    <"$work/d.in" >"$work/d.out" 2>"$work/d.err" &
pids+=($!)
exec 6>"$work/d.in"
wait_for "$work/d.out" '^listening ' 1 10
board_address=$(sed -n 's/^listening //p' "$work/d.out" | head -n1)
"$sbpeer" sync "$board_address" --type doc --file "$board" --id DESK \
    --set 'notes={"list":"todo","title":"Take notes","owner":"erin","_sort":"N","done":false}' \
    >/dev/null 2>"$work/e.err"
"$scope" "$board" --connect "$board_address" >"$work/scope2.out" 2>"$work/scope2.err" &
pids+=($!)
wait_for "$work/d.err" 'synced' 2 20
echo 'set review={"owner":"alice","done":true}' >&6
echo 'rm call' >&6
sleep 1.2
import -window root "$doc_out"
echo "wrote $doc_out"
