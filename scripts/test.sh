#!/usr/bin/env bash
# Quick start: install what is missing (with the test tooling), build, and run every test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh" --tests
cd "${HAWKMOTH_BUILD_DIR:-$here/build}"
exec ctest --output-on-failure --timeout 900 "$@"
