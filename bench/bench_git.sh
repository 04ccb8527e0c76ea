#!/usr/bin/env bash
# Git layer benchmark, against the git CLI on identical copies, in the same run:
#   (a) first commit of 10,000 new small files: `hawkmoth sync` vs `git add -A && git commit -q`
#   (b) commit of 100 edited files in that repository, the same two ways
#   (c) push of (a) to git http-backend behind lighttpd on 127.0.0.1: `hawkmoth push` vs `git push`
# usage: bench/bench_git.sh [FILES]   (default 10000; BENCH_REPEAT=5 runs per figure)
#        BENCH_BASELINE=/path/to/an/older/hawkmoth adds that build's push of (c), alternating with
#        this one's, for a before/after in the same run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v lighttpd >/dev/null || { echo "bench: needs lighttpd (scripts/setup.sh --tests)" >&2; exit 1; }

files="${1:-10000}"
work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench-git.XXXXXX")"
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" HAWKMOTH_DATA_DIR="$work/data" HAWKMOTH_CACHE_DIR="$work/cache"
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
git config --global init.defaultBranch main
printf '{"autoSync": false}' >"$work/settings.json"

# Small text files, as a code base has: 10 % of them in each of 100 folders.
python3 - "$work/tree" "$files" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
words = [b"alpha", b"beta", b"gamma", b"delta", b"return", b"value", b"self", b"import", b"\n", b"    "]
for i in range(n):
    d = os.path.join(root, f"pkg{i % 100:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"mod{i:05d}.py"), "wb") as f:
        f.write(b" ".join(rng.choice(words) for _ in range(rng.randint(20, 200))))
PY

# A fresh workspace (HAWKMOTH) and a fresh repository (git) holding the tree: set up untimed.
fresh_workspace() {
    rm -rf "$HAWKMOTH_DATA_DIR"
    mkdir -p "$HAWKMOTH_DATA_DIR" && cp "$work/settings.json" "$HAWKMOTH_DATA_DIR/"
    "$HAWKMOTH" create-project w --no-switch >/dev/null
    cp -r "$work/tree/." "$HAWKMOTH_DATA_DIR/workspaces/w/"
}
fresh_repo() {
    rm -rf "$work/g" && mkdir -p "$work/g" && git -C "$work/g" init -q
    # No automatic gc: it would pack the objects in a detached process after (a), competing with
    # the next measurements and leaving git's copy no longer identical to HAWKMOTH's (loose objects).
    git -C "$work/g" config gc.auto 0
    cp -r "$work/tree/." "$work/g/"
}
edit_100() { # $1: folder; appends a line to the first 100 files (the same ones in both copies)
    local f
    for ((k = 0; k < 100; k++)); do
        f="$1/pkg$(printf '%02d' $((k % 100)))/mod$(printf '%05d' "$k").py"
        echo "# edited" >>"$f"
    done
}

a_hm=() a_git=() b_hm=() b_git=()
for ((i = 0; i < BENCH_REPEAT; i++)); do
    fresh_workspace; fresh_repo; sync
    a_hm+=("$(seconds "$HAWKMOTH" -w w sync)")
    a_git+=("$(seconds sh -c "git -C '$work/g' add -A && git -C '$work/g' commit -qm first")")
    edit_100 "$HAWKMOTH_DATA_DIR/workspaces/w"; edit_100 "$work/g"; sync
    b_hm+=("$(seconds "$HAWKMOTH" -w w sync)")
    b_git+=("$(seconds sh -c "git -C '$work/g' add -A && git -C '$work/g' commit -qm edit")")
done
[[ "$(git -C "$HAWKMOTH_DATA_DIR/workspaces/w" rev-list --count HEAD)" == 2 ]] || { echo "bench: hawkmoth did not commit" >&2; exit 1; }

# (c) smart HTTP push to lighttpd + git http-backend with basic auth.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/srv/repos" "$work/srv/www"
echo "bench:secret" >"$work/srv/users"
cat >"$work/srv/lighttpd.conf" <<CONF
server.modules = ("mod_access", "mod_alias", "mod_auth", "mod_authn_file", "mod_cgi", "mod_setenv")
server.document-root = "$work/srv/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$work/srv/error.log"
alias.url += ( "/git" => "/usr/lib/git-core/git-http-backend" )
\$HTTP["url"] =~ "^/git" {
  cgi.assign = ( "" => "" )
  setenv.add-environment = ( "GIT_PROJECT_ROOT" => "$work/srv/repos", "GIT_HTTP_EXPORT_ALL" => "" )
}
auth.backend = "plain"
auth.backend.plain.userfile = "$work/srv/users"
auth.require = ( "/git" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )
CONF
lighttpd -D -f "$work/srv/lighttpd.conf" &
server_pid=$!
sleep 0.5
export HAWKMOTH_GIT_USERNAME=bench HAWKMOTH_GIT_TOKEN=secret
new_remote() {
    rm -rf "$work/srv/repos/$1.git"
    git init -q --bare "$work/srv/repos/$1.git"
    git -C "$work/srv/repos/$1.git" config http.receivepack true
}
c_hm=() c_git=() c_packed=() c_base=() c_hm_packed=()
"$HAWKMOTH" -w w remote set "http://127.0.0.1:$port/git/hm.git" >/dev/null
git -C "$work/g" remote add origin "http://bench:secret@127.0.0.1:$port/git/cli.git"
for ((i = 0; i < BENCH_REPEAT; i++)); do
    new_remote hm; new_remote cli
    c_hm+=("$(seconds "$HAWKMOTH" -w w push)")
    c_git+=("$(seconds git -C "$work/g" push -q origin main)")
    if [[ -n "${BENCH_BASELINE:-}" ]]; then
        new_remote hm
        c_base+=("$(seconds "$BENCH_BASELINE" -w w push)")
    fi
done
[[ "$(git -C "$work/srv/repos/hm.git" rev-list --count main)" == 2 ]] || { echo "bench: hawkmoth did not push" >&2; exit 1; }
# For reference: git pushing from a packed repository reuses the compressed objects as they are,
# which libgit2's pack builder cannot do; HAWKMOTH pushing from a packed repository only reads
# its objects faster (it deltifies and compresses them anew all the same).
git -C "$work/g" gc -q
git -C "$HAWKMOTH_DATA_DIR/workspaces/w" gc -q
for ((i = 0; i < BENCH_REPEAT; i++)); do
    new_remote cli; new_remote hm
    c_packed+=("$(seconds git -C "$work/g" push -q origin main)")
    c_hm_packed+=("$(seconds "$HAWKMOTH" -w w push)")
done
[[ "$(git -C "$work/srv/repos/hm.git" rev-list --count main)" == 2 ]] || { echo "bench: hawkmoth did not push" >&2; exit 1; }

A_HM=$(median "${a_hm[@]}") A_GIT=$(median "${a_git[@]}")
B_HM=$(median "${b_hm[@]}") B_GIT=$(median "${b_git[@]}")
C_HM=$(median "${c_hm[@]}") C_GIT=$(median "${c_git[@]}") C_PACKED=$(median "${c_packed[@]}")
C_HM_PACKED=$(median "${c_hm_packed[@]}")
echo "## git — $(date -u +%Y-%m-%d), $files files, $(nproc) cores, median of $BENCH_REPEAT"
echo
echo "| measurement | HAWKMOTH | git CLI | ratio | goal |"
echo "|---|---|---|---|---|"
printf '| (a) first commit of %d files | %.3f s | %.3f s | %s | ≤ 1.0 |\n' "$files" "$A_HM" "$A_GIT" "$(ratio "$A_HM" "$A_GIT")"
printf '| (b) commit of 100 edited files | %.3f s | %.3f s | %s | ≤ 1.0 |\n' "$B_HM" "$B_GIT" "$(ratio "$B_HM" "$B_GIT")"
printf '| (c) push of (a) over smart HTTP | %.3f s | %.3f s | %s | ≤ 1.2 |\n' "$C_HM" "$C_GIT" "$(ratio "$C_HM" "$C_GIT")"
printf '| (c′) for reference: git pushing after `git gc` (packed) | %.3f s | %.3f s | %s | — |\n' "$C_HM" "$C_PACKED" "$(ratio "$C_HM" "$C_PACKED")"
printf '| (c″) both pushing after `git gc` of their repositories | %.3f s | %.3f s | %s | — |\n' "$C_HM_PACKED" "$C_PACKED" "$(ratio "$C_HM_PACKED" "$C_PACKED")"
if [[ -n "${BENCH_BASELINE:-}" ]]; then
    C_BASE=$(median "${c_base[@]}")
    printf '| (c) the same push by %s (before/after) | %.3f s | %.3f s | %s | — |\n' "$BENCH_BASELINE" "$C_HM" "$C_BASE" "$(ratio "$C_HM" "$C_BASE")"
fi
