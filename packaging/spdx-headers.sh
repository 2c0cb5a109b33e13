#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Puts the licence's SPDX identifier at the top of every tracked source file, or checks
# that it is there:
#   packaging/spdx-headers.sh          adds it where it is missing (idempotent)
#   packaging/spdx-headers.sh --check  lists the files without it, exits 1 if any
# The line is the file's first, in the file's own comment syntax; it comes second only
# where the first line must stay first: a #! line, an XML declaration. The AppStream
# metainfo is the one file under another licence: metadata is CC0-1.0, as AppStream
# recommends, and its <metadata_license> says so too. The files are the
# git-tracked ones (or, outside a git checkout, those under the source tree but not in
# a build directory), so a file added later is checked as soon as it is.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=add
case ${1:-} in
--check) mode=check ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
id="SPDX-License-Identifier: MIT"
metadata_id="SPDX-License-Identifier: CC0-1.0"

# header PATH FIRST_LINE: sets line to the SPDX line in the file's comment syntax, or
# to nothing for a file that takes none (data, images, JSON, which has no comments).
# Builtins only: it runs for every file of the tree.
header() {
    local name=${1##*/}
    name=${name%.in} # sblibConfig.cmake.in is CMake, foo.h.in would be C++
    line=
    case $name in
    *.cpp | *.h | *.js) line="// $id" ;;
    CMakeLists.txt | *.cmake | *.sh | *.desktop | *.service | *.conf) line="# $id" ;;
    *.metainfo.xml) line="<!-- $metadata_id -->" ;;
    *.xml) line="<!-- $id -->" ;;
    *.[1-9]) line=".\\\" $id" ;;
    *.*) ;;
    *) if [[ $2 == '#!'* ]]; then line="# $id"; fi ;; # scripts such as .ci/run
    esac
}

list_files() {
    if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$root" ls-files
    else
        (cd "$root" && find . -path ./.git -prune -o -path './build*' -prune -o -type f -print | sed 's:^\./::')
    fi
}

missing=0
while IFS= read -r path; do
    file=$root/$path
    [ -f "$file" ] || continue
    case $path in tests/fuzz/corpus/* | */node_modules/*) continue ;; esac
    first= second=
    { IFS= read -r first || true; IFS= read -r second || true; } <"$file"
    header "$path" "$first"
    [ -n "$line" ] || continue
    # The first line stays first when it must: a #! line, an XML declaration.
    position=1 found=$first
    if [[ $first == '#!'* || $first == '<?xml '* ]]; then position=2 found=$second; fi
    [ "$found" != "$line" ] || continue
    if [ $mode = check ]; then
        echo "$path: line $position is not '$line'"
        missing=$((missing + 1))
    elif [ $position = 1 ]; then
        sed -i "1i $(printf '%s' "$line" | sed 's/\\/\\\\/g')" "$file"
    else
        sed -i "1a $(printf '%s' "$line" | sed 's/\\/\\\\/g')" "$file"
    fi
done < <(list_files)

if [ $mode = check ] && [ $missing -gt 0 ]; then
    echo "$missing file(s) lack the licence line; packaging/spdx-headers.sh adds it" >&2
    exit 1
fi
exit 0
