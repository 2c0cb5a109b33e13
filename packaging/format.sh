#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Lays out every tracked C++ file as the committed .clang-format says, or checks that
# they are:
#   packaging/format.sh          formats them in place
#   packaging/format.sh --check  lists the files clang-format would change, exits 1 if any
# clang-format 14 (Debian 12's) is the one that decides: another version lays some
# lines out differently. The files are the git-tracked ones (or, outside a git
# checkout, those under the source tree but not in a build directory).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=format
case ${1:-} in
--check) mode=check ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
format=${CLANG_FORMAT:-clang-format-14}
command -v "$format" >/dev/null || { echo "format.sh: $format is not installed (apt install clang-format-14)" >&2; exit 2; }

cd "$root"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
    mapfile -t files < <(find . -path './build*' -prune -o \( -name '*.cpp' -o -name '*.h' \) -print | sed 's#^\./##' | sort)
fi

if [ "$mode" = format ]; then
    printf '%s\0' "${files[@]}" | xargs -0 "$format" -i
    exit 0
fi
unformatted=()
for file in "${files[@]}"; do
    "$format" --dry-run --Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done
if [ ${#unformatted[@]} -gt 0 ]; then
    printf '%s\n' "${unformatted[@]}"
    echo "format.sh: ${#unformatted[@]} file(s) not laid out as .clang-format says; run packaging/format.sh" >&2
    exit 1
fi
echo "format.sh: ${#files[@]} files laid out as .clang-format says"
