#!/usr/bin/env bash
# Scale: the same operations on a 10,000-file and a 100,000-file tree (make_tree.py, seed 7, about
# 10 KiB a file), each against its peer in the same run, with the growth from the smaller tree to
# the larger (10× the files: 10× the time is linear).
#   (a) `hawkmoth import TREE` into a fresh workspace vs `cp -r TREE DEST && sync` (import returns
#       only once the files and the index are on disk, so the peer flushes too)
#   (b) the first `hawkmoth sync` (commits the git-layer files) vs `git add -A && git commit` of
#       the same tree in a fresh repository
#   (c) `hawkmoth status --json` vs `git status --porcelain`, both committed
#   (d) `hawkmoth ls --recursive --json`: wall time and peak RSS (the listing is streamed)
# usage: bench/bench_scale.sh   (BENCH_FILES="10000 100000", BENCH_REPEAT=3 runs per figure;
#        BENCH_FILES=1000000 for the optional large run, not in CI)
set -euo pipefail
BENCH_REPEAT="${BENCH_REPEAT:-3}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

read -r -a sizes <<<"${BENCH_FILES:-10000 100000}"
work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench-scale.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" HAWKMOTH_DATA_DIR="$work/data" HAWKMOTH_CACHE_DIR="$work/cache"
mkdir -p "$HOME" "$HAWKMOTH_DATA_DIR"
git config --global user.name bench && git config --global user.email bench@localhost
git config --global gc.auto 0
# Automatic sync off, as for a user who imports first and syncs when ready.
printf '{"autoSync": false}' >"$HAWKMOTH_DATA_DIR/settings.json"
ws_dir() { echo "$HAWKMOTH_DATA_DIR/workspaces/$1"; }

fresh_workspace() { # fresh_workspace NAME: an empty workspace, nothing of it left in the cache
    "$HAWKMOTH" delete-project "$1" --yes >/dev/null 2>&1 || true
    "$HAWKMOTH" create-project "$1" --no-switch >/dev/null
    sync
}
check_count() { # check_count WHAT EXPECTED ACTUAL
    [[ "$2" -eq "$3" ]] || { echo "bench: $1: expected $2 files, found $3" >&2; exit 1; }
}

declare -A result
for n in "${sizes[@]}"; do
    tree="$work/tree-$n"
    python3 "$here/bench/make_tree.py" "$tree" "$n" 7 >/dev/null
    sync

    # (a) import vs cp -r && sync; both sides start from an empty destination.
    hm=() peer=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do
        fresh_workspace imp
        hm+=("$(seconds "$HAWKMOTH" -w imp import "$tree" --to t)")
        check_count "import" "$n" "$(find "$(ws_dir imp)/t" -type f | wc -l)"
        rm -rf "$work/copy" && sync
        copy() { cp -r "$tree" "$work/copy" && sync; }
        peer+=("$(seconds copy)")
    done
    result[a_hm_$n]=$(median "${hm[@]}") result[a_peer_$n]=$(median "${peer[@]}")

    # (b) the first sync vs git's first commit; each run starts from a fresh import (untimed).
    hm=() peer=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do
        fresh_workspace imp
        "$HAWKMOTH" -w imp import "$tree" --to t >/dev/null
        sync
        # Without a Hub the hub-layer files stay pending, so sync reports them: not a failure here.
        hm+=("$(seconds "$HAWKMOTH" -w imp sync)")
        committed=$(git -C "$(ws_dir imp)" ls-tree -r --name-only HEAD | grep -c '^t/' || true)
        rm -rf "$work/repo" && mkdir -p "$work/repo" && cp -al "$tree" "$work/repo/t"
        git -C "$work/repo" init -q && sync
        commit() { git -C "$work/repo" add -A && git -C "$work/repo" commit -qm tree; }
        peer+=("$(seconds commit)")
    done
    [[ "$committed" -gt $((n * 9 / 10)) ]] || { echo "bench: sync committed only $committed of $n files" >&2; exit 1; }
    result[b_hm_$n]=$(median "${hm[@]}") result[b_peer_$n]=$(median "${peer[@]}")
    result[b_files_$n]=$committed

    # (c) status of the synced workspace vs git status of the committed repository.
    git -C "$work/repo" status --porcelain >/dev/null # refresh git's racy stat data
    "$HAWKMOTH" -w imp status --json >/dev/null
    status_hm() { "$HAWKMOTH" -w imp status --json; }
    status_git() { git -C "$work/repo" status --porcelain; }
    BENCH_REPEAT=5 compare status_hm status_git
    result[c_hm_$n]=$CMP_A result[c_peer_$n]=$CMP_B

    # (d) the whole listing, streamed: time and memory; the document must hold every file.
    listed=$("$HAWKMOTH" -w imp ls --recursive --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['files']))")
    check_count "ls --recursive --json" "$n" "$listed"
    ls_all() { "$HAWKMOTH" -w imp ls --recursive --json; }
    times=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do times+=("$(seconds ls_all)"); done
    result[d_s_$n]=$(median "${times[@]}")
    result[d_rss_$n]=$(peak_rss_kb "$HAWKMOTH" -w imp ls --recursive --json)
    rm -rf "$tree" "$work/copy" "$work/repo"
    "$HAWKMOTH" delete-project imp --yes >/dev/null
done

small=${sizes[0]} large=${sizes[-1]}
growth() { [[ "$small" == "$large" ]] && echo "—" || printf '%.1f×' "$(ratio "${result[$1_$large]}" "${result[$1_$small]}")"; }
row() { # row LABEL KEY PEER_NAME GOAL
    local label=$1 key=$2 goal=$3 cells="" n
    for n in "${sizes[@]}"; do
        cells+=$(printf ' %.2f s / %.2f s = **%s** |' "${result[${key}_hm_$n]}" "${result[${key}_peer_$n]}" "$(ratio "${result[${key}_hm_$n]}" "${result[${key}_peer_$n]}")")
    done
    echo "| $label |$cells $(growth "${key}_hm") / $(growth "${key}_peer") | $goal |"
}
header="| measurement (HAWKMOTH / peer = ratio) |"
rule="|---|"
for n in "${sizes[@]}"; do header+=" $n files |"; rule+="---|"; done
echo "## scale — $(date -u +%Y-%m-%d), $(nproc) cores, median of $BENCH_REPEAT"
echo
echo "$header growth $small → $large (HAWKMOTH / peer) | goal |"
echo "$rule---|---|"
row "(a) import vs cp -r && sync" a "≤ 1.5"
row "(b) first sync vs git add -A && commit" b "≤ 1.0 at 100,000"
row "(c) status --json vs git status" c "≤ 1.0 at 100,000"
cells="" rss=""
for n in "${sizes[@]}"; do
    cells+=$(printf ' %.2f s, %.0f MB peak RSS |' "${result[d_s_$n]}" "$(echo "${result[d_rss_$n]} * 1024 / 1000000" | bc -l)")
done
echo "| (d) ls --recursive --json |$cells $(growth d_s) | < 100 MB |"
echo
for n in "${sizes[@]}"; do echo "(b) at $n files committed ${result[b_files_$n]} git-layer files."; done
