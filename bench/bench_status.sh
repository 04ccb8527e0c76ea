#!/usr/bin/env bash
# What the window and the server call all the time, on a 100,000-file workspace:
#   (a) `hawkmoth status --json` vs `git status --porcelain` on the same tree, committed
#   (b) `hawkmoth ls DIR --json` of one folder (100 files) vs `ls -la DIR`
#   (c) `hawkmoth ls --json` of the first level (10 folders) vs `ls -la` of the root
#   (d) (b) and (c) beyond process start-up: minus `hawkmoth ls` of an empty folder of the same
#       workspace (same start, same index opened, nothing to list)
# The workspace is synced first (its git files committed), as a workspace in use is.
# usage: bench/bench_status.sh [FILES]   (default 100000; BENCH_REPEAT=5 runs per figure)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

files="${1:-100000}"
# BENCH_STATUS_DIR: keep the prepared workspace and repository there (made when missing) and
# measure again without rebuilding them; otherwise a temporary folder, removed at the end.
if [[ -n "${BENCH_STATUS_DIR:-}" ]]; then
    work="$BENCH_STATUS_DIR"
    mkdir -p "$work"
else
    work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
fi
export HAWKMOTH_DATA_DIR="$work/data" HAWKMOTH_CACHE_DIR="$work/cache"
ws="$HAWKMOTH_DATA_DIR/workspaces/bench"

if [[ ! -f "$work/prepared" ]]; then
    "$HAWKMOTH" create-project bench --no-switch >/dev/null
    python3 "$here/bench/make_tree.py" "$ws" "$files" >/dev/null
    mkdir -p "$ws/empty" "$work/committed"
    cp -al "$ws/." "$work/committed/"
    rm -rf "$work/committed/.hawkmoth" "$work/committed/.git"
    git -C "$work/committed" init -q
    git -C "$work/committed" config gc.auto 0
    git -C "$work/committed" add -A >/dev/null
    git -C "$work/committed" -c user.name=bench -c user.email=bench@localhost commit -qm tree
    "$HAWKMOTH" -w bench rescan >/dev/null
    "$HAWKMOTH" -w bench sync >/dev/null || true # hub files stay pending without a Hub, as in use
    touch "$work/prepared"
fi
git -C "$work/committed" status --porcelain >/dev/null # refresh git's racy stat data
"$HAWKMOTH" -w bench rescan >/dev/null
"$HAWKMOTH" -w bench status --json >/dev/null

status_hm() { "$HAWKMOTH" -w bench status --json; }
status_git() { git -C "$work/committed" status --porcelain; }
compare status_hm status_git
a_hm=$CMP_A a_git=$CMP_B

folder=d3/e4/f5
ls_folder_hm() { "$HAWKMOTH" -w bench ls "$folder" --json; }
ls_folder_peer() { ls -la "$ws/$folder"; }
compare ls_folder_hm ls_folder_peer
b_hm=$CMP_A b_ls=$CMP_B

ls_root_hm() { "$HAWKMOTH" -w bench ls --json; }
ls_root_peer() { ls -la "$ws"; }
compare ls_root_hm ls_root_peer
c_hm=$CMP_A c_ls=$CMP_B

ls_empty_hm() { "$HAWKMOTH" -w bench ls empty --json; }
compare ls_empty_hm ls_folder_peer
base=$CMP_A

ms() { echo "($1) * 1000" | bc -l; }
echo "## status — $(date -u +%Y-%m-%d), $files files, $(nproc) cores, median of $BENCH_REPEAT"
echo
echo "| measurement | HAWKMOTH | peer | ratio (HAWKMOTH / peer) | goal |"
echo "|---|---|---|---|---|"
printf '| (a) status --json vs git status (committed) | %.3f s | %.3f s | %s | ≤ 1.0 |\n' "$a_hm" "$a_git" "$(ratio "$a_hm" "$a_git")"
printf '| (b) ls of one folder (100 files) vs ls -la | %.1f ms | %.1f ms | %s | report |\n' "$(ms "$b_hm")" "$(ms "$b_ls")" "$(ratio "$b_hm" "$b_ls")"
printf '| (c) ls of the first level (10 folders) vs ls -la | %.1f ms | %.1f ms | %s | report |\n' "$(ms "$c_hm")" "$(ms "$c_ls")" "$(ratio "$c_hm" "$c_ls")"
printf '| (d) start-up: ls of an empty folder | %.1f ms | | | — |\n' "$(ms "$base")"
printf '| (d) one folder beyond start-up, (b) − start-up | %.1f ms | | | < 10 ms |\n' "$(ms "$b_hm - $base")"
printf '| (d) first level beyond start-up, (c) − start-up | %.1f ms | | | < 50 ms |\n' "$(ms "$c_hm - $base")"
