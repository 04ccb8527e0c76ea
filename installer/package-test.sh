#!/usr/bin/env bash
# The Debian package's proof, run by ctest (label "installer") and so by CI: builds
# hawkmoth_<version>_amd64.deb with CPack, checks its desktop entry, AppStream file and version
# files, runs lintian (no error, no warning), then installs it with apt into a clean Debian 12
# root (debootstrap minbase from the Debian mirror this machine uses) and there, as a user:
# `hawkmoth --version`, a headless round trip, bash completion, hawkmoth-gui on the offscreen
# platform and a screenshot of its window; finally `apt-get purge` must leave no file behind.
# Needs root (debootstrap, chroot, mounts) and network access to the Debian mirror. Anything
# missing fails the test; nothing is skipped.
#
#   installer/package-test.sh [BUILD_DIR]        (default: build/ beside installer/)
#
# The debootstrap root is cached in $HAWKMOTH_CI_CACHE (default /var/cache/hawkmoth-ci), keyed by
# what makes it (suite, variant, mirror, debootstrap's version, the month), and so are the
# packages apt downloads into it. Each run works on a copy: the cached root stays clean.
# Output: BUILD_DIR/package-test/ (the lintian report, the screenshot, logs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(dirname "$here")"
build="$(realpath "${1:-$source_dir/build}")"
out="$build/package-test"
cache="${HAWKMOTH_CI_CACHE:-/var/cache/hawkmoth-ci}"
suite=bookworm
user=tester

fail() {
    echo "package-test: FAILED: $*" >&2
    exit 1
}
started=$SECONDS
step() { printf '\n== [%4ss] %s\n' "$((SECONDS - started))" "$*"; }

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot and mounts)"
for tool in cmake cpack lintian debootstrap desktop-file-validate appstreamcli dpkg-deb python3 chroot \
    mount umount findmnt gzip help2man file; do
    command -v "$tool" >/dev/null || fail "'$tool' is missing (scripts/setup.sh --tests installs it)"
done
[[ -f $build/CMakeCache.txt ]] || fail "no configured build in $build"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[[ -n $version ]] || fail "no project version in $build/CMakeCache.txt"
mkdir -p "$out"

step "version files name $version"
changelog_version="$(sed -n '1s/^hawkmoth (\([^)]*\)).*/\1/p' "$here/changelog")"
[[ $changelog_version == "$version" ]] ||
    fail "installer/changelog's newest entry is '$changelog_version', the project is $version"
metainfo="$source_dir/resources/io.github.hawkmoth.metainfo.xml"
release_version="$(grep -m1 -o '<release version="[^"]*"' "$metainfo" | cut -d'"' -f2)"
[[ $release_version == "$version" ]] ||
    fail "the metainfo's newest release is '$release_version', the project is $version"
desktop-file-validate "$source_dir/resources/hawkmoth.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate"

step "package (cpack)"
cmake --build "$build" --target hawkmoth hawkmoth-gui hawkmoth_package_files
rm -f "$build"/hawkmoth_*.deb
(cd "$build" && cpack -G DEB) >"$out/cpack.log" 2>&1 || {
    tail -30 "$out/cpack.log"
    fail "cpack"
}
deb="$build/hawkmoth_${version}_amd64.deb"
[[ -f $deb ]] || fail "cpack made no $deb"
dpkg-deb --info "$deb"
for binary in hawkmoth hawkmoth-gui; do
    dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/bin/$binary" >"$out/$binary"
    file "$out/$binary" | grep -q ', stripped' || fail "usr/bin/$binary is not stripped"
    rm -f "$out/$binary"
done

step "lintian"
# Infos are shown; any warning or error fails (installer/README.md explains the infos).
lintian_status=0
lintian --fail-on error,warning --display-info "$deb" >"$out/lintian.txt" 2>&1 || lintian_status=$?
sed -i '/^running with root privileges/d' "$out/lintian.txt"
cat "$out/lintian.txt"
((lintian_status == 0)) || fail "lintian found errors or warnings (above; exit $lintian_status)"
echo "lintian: no errors, no warnings ($(grep -c '^I:' "$out/lintian.txt" || true) infos)"

step "clean $suite root (debootstrap --variant=minbase)"
# The Debian mirror of this machine's apt sources (deb822 or one-line), unless given.
mirror="${HAWKMOTH_DEBIAN_MIRROR:-}"
security=""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do
    [[ -f $f ]] || continue
    while read -r uri; do
        if [[ $uri == *debian-security* ]]; then
            [[ -n $security ]] || security="$uri"
        elif [[ $uri == */debian || $uri == */debian/ ]]; then
            [[ -n $mirror ]] || mirror="${uri%/}"
        fi
    done < <(sed -nE 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$f")
done
[[ -n $mirror ]] || fail "no Debian mirror in /etc/apt/sources.list*; set HAWKMOTH_DEBIAN_MIRROR"
echo "mirror: $mirror${security:+, security: $security}"
sources="deb $mirror $suite main"$'\n'"deb $mirror $suite-updates main"
[[ -z $security ]] || sources+=$'\n'"deb $security $suite-security main"
# Everything the cached root is made of; "recipe 1" stands for the steps below (bump it when they change).
key_text="$suite minbase amd64 $(dpkg-query -W -f='${Version}' debootstrap) $(date -u +%Y-%m) user $user recipe 1 $sources"
key="$(sha256sum <<<"$key_text" | cut -c1-16)"
base="$cache/root-$suite-$key"
mkdir -p "$cache/apt-archives"
if [[ -f $base/.complete ]]; then
    echo "cached: $base (${key_text//$'\n'/; })"
else
    rm -rf "$base" "$base.new"
    debootstrap --variant=minbase --arch=amd64 "$suite" "$base.new" "$mirror" >"$out/debootstrap.log" 2>&1 || {
        tail -30 "$out/debootstrap.log"
        fail "debootstrap $suite from $mirror"
    }
    printf '%s\n' "$sources" >"$base.new/etc/apt/sources.list"
    # No service starts inside the root.
    printf '#!/bin/sh\nexit 101\n' >"$base.new/usr/sbin/policy-rc.d"
    chmod 755 "$base.new/usr/sbin/policy-rc.d"
    chroot "$base.new" useradd --create-home --shell /bin/bash "$user"
    rm -rf "$base.new"/var/cache/apt/archives/*.deb
    touch "$base.new/.complete"
    mv "$base.new" "$base"
    # Roots of other months or mirrors go.
    find "$cache" -maxdepth 1 -name "root-$suite-*" ! -name "root-$suite-$key" -exec rm -rf {} +
    echo "made: $base (${key_text//$'\n'/; })"
fi

root="$out/root"
unmount_all() {
    # Deepest first; a busy mount is detached lazily so the copy can still go.
    local m
    while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m"
    done < <(findmnt -rn -o TARGET | grep -F "$root/" | sort -r)
}
# Processes this script started in the root (a window left by a failed step, say).
kill_in_root() {
    local p
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
    done
    return 0
}
cleanup() {
    local code=$?
    kill_in_root
    unmount_all
    if findmnt -rn -o TARGET | grep -qF "$root/"; then
        echo "package-test: mounts under $root remain; left in place" >&2
    else
        rm -rf "$root"
    fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unmount_all
rm -rf "$root"
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" "$@"; }
# A command as the user; chroot and env exec it, so a background one's $! is its own pid.
user_env=(chroot --userspec="$user:$user" "$root" env -i HOME="/home/$user" USER="$user" LANG=C.UTF-8
    PATH=/usr/local/bin:/usr/bin:/bin XDG_RUNTIME_DIR="/tmp/runtime-$user")
as_user() { "${user_env[@]}" "$@"; }

step "apt-get update in the clean root"
cp "$deb" "$root/tmp/"
in_root apt-get update -q >"$out/apt.log" 2>&1 || {
    tail -20 "$out/apt.log"
    fail "apt-get update in the clean root"
}

step "apt-get install ./$(basename "$deb") (no recommends: Depends must suffice)"
# unsafe-io: no fsync per file in a root that is thrown away (a minute less on a slow disk).
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io \
    "/tmp/$(basename "$deb")" >>"$out/apt.log" 2>&1 || {
    tail -30 "$out/apt.log"
    fail "apt-get install of the package"
}
grep -E '^(Need to get|After this operation)' "$out/apt.log" || true
in_root dpkg -L hawkmoth | sort >"$out/files.txt"
in_root dpkg-query -W -f='${Status}\n' hawkmoth | grep -qx 'install ok installed' || fail "not installed"

step "as $user: hawkmoth --version"
as_user mkdir -m 700 -p "/tmp/runtime-$user"
version_line="$(as_user hawkmoth --version)" || fail "hawkmoth --version"
echo "$version_line"
[[ $version_line =~ ^hawkmoth\ $version\ \(git\ [0-9a-f]{12}(-dirty)?\)$ ||
    $version_line == "hawkmoth $version (git unknown)" ]] || fail "--version printed '$version_line'"

step "as $user: create-project, save, cat, sync with no remote, status --json"
as_user hawkmoth create-project demo || fail "hawkmoth create-project demo"
as_user sh -c 'echo "hello from the clean room" | hawkmoth save notes.txt' || fail "hawkmoth save"
content="$(as_user hawkmoth cat notes.txt)" || fail "hawkmoth cat"
[[ $content == "hello from the clean room" ]] || fail "cat gave '$content'"
as_user hawkmoth sync || fail "hawkmoth sync (no remote)"
as_user hawkmoth status --json >"$out/status.json" || fail "hawkmoth status --json"
python3 - "$out/status.json" <<'EOF' || fail "status --json after sync: $(cat "$out/status.json")"
import json, sys
status = json.load(open(sys.argv[1]))
git = status["git"]
assert git["repository"] and git["head"], "no commit"
assert git["uncommitted"] == 0, f"{git['uncommitted']} uncommitted"
assert git["remote"] == "", "a remote"
print(f"status: head {git['head'][:12]}, nothing uncommitted, no remote")
EOF

step "as $user: bash completion"
completion='source /usr/share/bash-completion/completions/hawkmoth
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _hawkmoth; echo "${COMPREPLY[*]}"; }
echo "subcommands: $(complete_words hawkmoth create)"
echo "workspaces: $(complete_words hawkmoth switch "")"
echo "layers: $(complete_words hawkmoth pin notes.txt "")"
echo "paths: $(complete_words hawkmoth cat no)"'
as_user bash -c "$completion" >"$out/completion.txt" || fail "bash completion: $(cat "$out/completion.txt")"
cat "$out/completion.txt"
diff -u - "$out/completion.txt" <<'EOF' || fail "bash completion"
subcommands: create-project create-repo
workspaces: default demo
layers: git hub session none
paths: notes.txt
EOF

step "as $user: hawkmoth-gui on the offscreen platform"
# The offscreen platform is what a headless session uses; its window has no outside view, so the
# screenshot below comes from the same executable on Qt's VNC platform.
# QT_DEBUG_PLUGINS: Qt names every plugin it loads, so the ones only Depends brings are checked.
"${user_env[@]}" QT_QPA_PLATFORM=offscreen QT_DEBUG_PLUGINS=1 hawkmoth-gui >"$out/gui-offscreen.log" 2>&1 &
gui_pid=$!
plugins=(platforms/libqoffscreen.so sqldrivers/libqsqlite.so iconengines/libqsvgicon.so imageformats/libqsvg.so)
loaded_all() {
    local plugin
    for plugin in "${plugins[@]}"; do
        grep -q "plugins/$plugin\" loaded library" "$out/gui-offscreen.log" || return 1
    done
}
# The window is built once the icons are loaded; up to 30 s on a slow machine.
for ((tries = 0; tries < 150; tries++)); do
    loaded_all && break
    kill -0 "$gui_pid" 2>/dev/null || break
    sleep 0.2
done
sleep 1
kill -0 "$gui_pid" 2>/dev/null || fail "hawkmoth-gui exited: $(grep -vE '^(qt\.core\.| |\{|\}|$)' "$out/gui-offscreen.log")"
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
gui_pid=""
if grep -iE 'not loaded|cannot load|could not (load|find)|failed to|no such file|undefined symbol' \
    "$out/gui-offscreen.log"; then
    fail "hawkmoth-gui on offscreen complained (above; $out/gui-offscreen.log)"
fi
for plugin in "${plugins[@]}"; do
    grep -q "plugins/$plugin\" loaded library" "$out/gui-offscreen.log" ||
        fail "hawkmoth-gui did not load $plugin ($out/gui-offscreen.log)"
    echo "loaded $plugin"
done
grep -vE '^(qt\.core\.| |\{|\}|$)' "$out/gui-offscreen.log" || true

step "as $user: hawkmoth-gui's window, a screenshot"
# Qt's VNC platform is the test's tool, not a dependency of the package.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io qt6-qpa-plugins >>"$out/apt.log" 2>&1 ||
    fail "apt-get install qt6-qpa-plugins (the VNC platform, for the screenshot)"
port=$((20000 + RANDOM % 20000))
"${user_env[@]}" QT_QPA_PLATFORM="vnc:size=1280x800:port=$port" hawkmoth-gui >"$out/gui-vnc.log" 2>&1 &
gui_pid=$!
python3 "$here/vnc-screenshot.py" "$port" "$out/hawkmoth-gui.png" 60 ||
    fail "no screenshot of hawkmoth-gui: $(cat "$out/gui-vnc.log")"
kill -0 "$gui_pid" 2>/dev/null || fail "hawkmoth-gui exited: $(cat "$out/gui-vnc.log")"
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
gui_pid=""

step "apt-get purge: no file of the package remains"
for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) != "$root" ]] || fail "a process still runs in the root: $(tr '\0' ' ' <"$p/cmdline")"
done
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q hawkmoth >>"$out/apt.log" 2>&1 ||
    fail "apt-get purge"
left=()
while read -r path; do
    [[ $path != /. ]] || continue
    [[ -e $root$path || -L $root$path ]] || continue
    # A folder stays when another package owns it too (/usr/share/man/man1, say).
    if [[ -d $root$path && ! -L $root$path ]] && in_root dpkg-query -S "$path" >/dev/null 2>&1; then
        continue
    fi
    left+=("$path")
done <"$out/files.txt"
((${#left[@]} == 0)) || fail "left behind after purge: ${left[*]}"
echo "none of the package's $(wc -l <"$out/files.txt") paths remain"

step "passed: $deb"
