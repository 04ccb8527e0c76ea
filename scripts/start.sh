#!/usr/bin/env bash
# Quick start: install what is missing, build, and start HAWKMOTH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
exec "${HAWKMOTH_BUILD_DIR:-$here/build}/hawkmoth" "$@"
