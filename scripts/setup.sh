#!/usr/bin/env bash
# Installs what HAWKMOTH needs on Debian 12 and configures + builds it.
# Idempotent: when every package is present and the build is current it only runs the
# (incremental) build. Used by both quick-start commands and by CI.
#
#   scripts/setup.sh [--tests]    --tests also installs the test tooling (servers, npm client)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${HAWKMOTH_BUILD_DIR:-$here/build}"
with_tests=0
[[ "${1:-}" == "--tests" ]] && with_tests=1

build_packages=(
    cmake ninja-build g++ pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    libqt6opengl6-dev libxkbcommon-dev libvulkan-dev
    libqt6sql6-sqlite libsqlite3-dev libgl-dev libgit2-dev libqscintilla2-qt6-dev qtkeychain-qt6-dev libssl-dev
    libcpp-httplib-dev help2man
)
test_packages=(
    lighttpd xvfb xauth nodejs npm git-lfs util-linux mount procps time openssl gnome-keyring dbus dbus-daemon clang-format clang
    # installer/package-test.sh: the package, its checks and the clean Debian root
    dpkg-dev file binutils lintian desktop-file-utils appstream debootstrap python3
)

packages=("${build_packages[@]}")
((with_tests)) && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
    # nodejs may come from outside Debian (NodeSource); a working node counts as present.
    if [[ "$p" == nodejs || "$p" == npm ]] && command -v "$p" >/dev/null 2>&1; then continue; fi
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == installed ]] || missing+=("$p")
done

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
        as_root=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ((with_tests)); then
    # The official Hub client proves the test Hub faithful; the lock file pins its version.
    hub_dir="$here/tests/hubserver"
    if [[ -f "$hub_dir/package-lock.json" ]]; then
        stamp="$hub_dir/node_modules/.hawkmoth-lock"
        if ! cmp -s "$hub_dir/package-lock.json" "$stamp" 2>/dev/null; then
            (cd "$hub_dir" && npm ci --no-audit --no-fund --loglevel=error)
            cp "$hub_dir/package-lock.json" "$stamp"
        fi
    fi
fi

werror=OFF
[[ "${CI:-}" == true || "${HAWKMOTH_WERROR:-}" == 1 ]] && werror=ON
if [[ ! -f "$build_dir/build.ninja" ]]; then
    cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${HAWKMOTH_BUILD_TYPE:-RelWithDebInfo}" \
        -DHAWKMOTH_WERROR="$werror"
else
    cmake -S "$here" -B "$build_dir" -DHAWKMOTH_WERROR="$werror" >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)"
