#!/usr/bin/env bash
# Formats the C++ sources with the .clang-format at the root; --check only reports (CI runs that).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v clang-format >/dev/null || { echo "format: needs clang-format (scripts/setup.sh --tests)" >&2; exit 1; }
# Tracked files and new ones not yet added (but not ignored ones, such as the build's).
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.h')
if [[ "${1:-}" == --check ]]; then
    clang-format --dry-run -Werror "${files[@]}"
else
    clang-format -i "${files[@]}"
fi
