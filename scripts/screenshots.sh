#!/usr/bin/env bash
# Writes the screenshots the widget tests take (the window, the dark palette, the editor, the
# stats and jobs panels, the command bar, the settings) as PNG files into DIR (default
# build/screenshots), for people to look at; the ones in docs/ are picked from there.
#
#   scripts/screenshots.sh [DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${HAWKMOTH_BUILD_DIR:-$here/build}"
out="$(realpath -m "${1:-$build_dir/screenshots}")"
mkdir -p "$out"
cd "$build_dir"
HAWKMOTH_SCREENSHOT_DIR="$out" QT_QPA_PLATFORM=offscreen \
    ctest -L ui -R 'main_window|editor_views|stats_panel|jobs_panel|command_bar|project_tree|history' \
    --output-on-failure
ls -1 "$out"
