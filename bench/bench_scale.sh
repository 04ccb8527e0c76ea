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

# Nothing is deleted until the end: this VM's ext4 has no journal, and for a while after files
# are deleted (5 s once their inode tables are written back, 5 minutes before) every file created
# makes ext4 search past each recently deleted inode. A run right after the previous run's cleanup
# then pays for that cleanup: a cost of neither tool, up to 10x cp's time here, which pulls every
# ratio towards 1. Each run writes into new folders instead; start the script on a file system
# where nothing large was deleted in the last few minutes.
new_workspace() { # new_workspace NAME: a new, empty workspace
    "$HAWKMOTH" create-project "$1" --no-switch >/dev/null
    sync
}
read_tree() { # read_tree DIR: every file of DIR into the page cache
    find "$1" -type f -print0 | xargs -0 cat >/dev/null
}
# each_run -> the runs of hm and peer in the order they ran, as "HM/PEER" pairs: a median hides
# whether the goal held in most runs or in half of them.
each_run() {
    local i out=""
    for ((i = 0; i < ${#hm[@]}; i++)); do out+=$(printf ' %.2f/%.2f' "${hm[$i]}" "${peer[$i]}"); done
    echo "${out# }"
}
check_count() { # check_count WHAT EXPECTED ACTUAL
    [[ "$2" -eq "$3" ]] || { echo "bench: $1: expected $2 files, found $3" >&2; exit 1; }
}

declare -A result
for n in "${sizes[@]}"; do
    tree="$work/tree-$n"
    python3 "$here/bench/make_tree.py" "$tree" "$n" 7 >/dev/null
    sync

    # (a) import vs cp -r && sync; both sides start from an empty destination and a tree read just
    # before. This VM's page cache loses pages of the tree within seconds even with memory free
    # (a balloon), and the side that ran second found the pages the first one had read back.
    hm=() peer=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do
        new_workspace "imp$n-$i"
        read_tree "$tree"
        hm+=("$(seconds "$HAWKMOTH" -w "imp$n-$i" import "$tree" --to t)")
        check_count "import" "$n" "$(find "$(ws_dir "imp$n-$i")/t" -type f | wc -l)"
        copy() { cp -r "$tree" "$work/copy$n-$i" && sync; }
        read_tree "$tree"
        peer+=("$(seconds copy)")
    done
    result[a_hm_$n]=$(median "${hm[@]}") result[a_peer_$n]=$(median "${peer[@]}")
    result[a_runs_$n]=$(each_run)

    # (b) the first sync vs git's first commit; each run starts from a fresh import (untimed).
    hm=() peer=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do
        ws="syn$n-$i" repo="$work/repo$n-$i"
        new_workspace "$ws"
        "$HAWKMOTH" -w "$ws" import "$tree" --to t >/dev/null
        sync
        # Without a Hub the hub-layer files stay pending, so sync reports them: not a failure here.
        hm+=("$(seconds "$HAWKMOTH" -w "$ws" sync)")
        committed=$(git -C "$(ws_dir "$ws")" ls-tree -r --name-only HEAD | grep -c '^t/' || true)
        mkdir -p "$repo" && cp -al "$tree" "$repo/t"
        git -C "$repo" init -q && sync
        commit() { git -C "$repo" add -A && git -C "$repo" commit -qm tree; }
        peer+=("$(seconds commit)")
    done
    [[ "$committed" -gt $((n * 9 / 10)) ]] || { echo "bench: sync committed only $committed of $n files" >&2; exit 1; }
    result[b_hm_$n]=$(median "${hm[@]}") result[b_peer_$n]=$(median "${peer[@]}")
    result[b_runs_$n]=$(each_run)
    result[b_files_$n]=$committed

    # (c) status of the synced workspace vs git status of the committed repository.
    git -C "$repo" status --porcelain >/dev/null # refresh git's racy stat data
    "$HAWKMOTH" -w "$ws" status --json >/dev/null
    status_hm() { "$HAWKMOTH" -w "$ws" status --json; }
    status_git() { git -C "$repo" status --porcelain; }
    BENCH_REPEAT=5 compare status_hm status_git
    result[c_hm_$n]=$CMP_A result[c_peer_$n]=$CMP_B

    # (d) the whole listing, streamed: time and memory; the document must hold every file.
    listed=$("$HAWKMOTH" -w "$ws" ls --recursive --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['files']))")
    check_count "ls --recursive --json" "$n" "$listed"
    ls_all() { "$HAWKMOTH" -w "$ws" ls --recursive --json; }
    times=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do times+=("$(seconds ls_all)"); done
    result[d_s_$n]=$(median "${times[@]}")
    result[d_rss_$n]=$(peak_rss_kb "$HAWKMOTH" -w "$ws" ls --recursive --json)
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
echo
for n in "${sizes[@]}"; do
    echo "Each run at $n files (HAWKMOTH/peer, in seconds): (a) ${result[a_runs_$n]}; (b) ${result[b_runs_$n]}."
done
