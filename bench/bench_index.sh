#!/usr/bin/env bash
# Foundation benchmark: indexing and hashing against git and openssl, measured side by side.
#   (a) first index of a 100,000-file tree vs `git status --porcelain -uall` on an identical,
#       freshly initialised repository (all files untracked: git's first look at the tree)
#   (b) rescan with nothing changed vs `git status --porcelain -uall` on an identical repository
#       with every file committed (git's steady state, index refreshed)
#   (c) SHA-256 of a 1 GiB file: `hawkmoth hash` vs `openssl dgst -sha256` (throughput ratio)
#   (d) peak RSS of (a)
# usage: bench/bench_index.sh [FILES]   (default 100000; BENCH_REPEAT=5 runs per figure)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

files="${1:-100000}"
work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export HAWKMOTH_DATA_DIR="$work/data" HAWKMOTH_CACHE_DIR="$work/cache"

"$HAWKMOTH" create-project bench --no-switch >/dev/null
ws="$HAWKMOTH_DATA_DIR/workspaces/bench"
python3 "$here/bench/make_tree.py" "$ws" "$files" >/dev/null
# Identical trees: hard links share the inodes, so both tools see the same files and mtimes.
mkdir -p "$work/untracked" "$work/committed"
cp -al "$ws/." "$work/untracked/" && rm -rf "$work/untracked/.hawkmoth"
cp -al "$ws/." "$work/committed/" && rm -rf "$work/committed/.hawkmoth"
git -C "$work/untracked" init -q
git -C "$work/committed" init -q
# No automatic gc: after committing 100,000 objects git would pack them in a detached process
# that takes a core away from every measurement that follows.
git -C "$work/untracked" config gc.auto 0
git -C "$work/committed" config gc.auto 0
git -C "$work/committed" add -A >/dev/null
git -C "$work/committed" -c user.name=bench -c user.email=bench@localhost commit -qm tree
git -C "$work/committed" status --porcelain -uall >/dev/null # refresh git's racy stat data
"$HAWKMOTH" -w bench rescan >/dev/null                         # warm the page cache alike
git -C "$work/untracked" status --porcelain -uall >/dev/null

first_index() { rm -f "$ws/.hawkmoth/index.db"*; "$HAWKMOTH" -w bench rescan; }
git_untracked() { git -C "$work/untracked" status --porcelain -uall; }
compare first_index git_untracked
a_hm=$CMP_A a_git=$CMP_B
rss_kb=$(rm -f "$ws/.hawkmoth/index.db"*; peak_rss_kb "$HAWKMOTH" -w bench rescan)
"$HAWKMOTH" -w bench rescan >/dev/null # settle: the stamp snapshot is current from here on

rescan() { "$HAWKMOTH" -w bench rescan; }
git_committed() { git -C "$work/committed" status --porcelain -uall; }
compare rescan git_committed
b_hm=$CMP_A b_git=$CMP_B

head -c $((1024 * 1024 * 1024)) /dev/urandom >"$work/1GiB.bin"
hash_hm() { "$HAWKMOTH" hash "$work/1GiB.bin"; }
hash_ssl() { openssl dgst -sha256 "$work/1GiB.bin"; }
compare hash_hm hash_ssl
c_hm=$CMP_A c_ssl=$CMP_B

bytes=$(du -sb --exclude=.hawkmoth "$ws" | cut -f1)
echo "## index — $(date -u +%Y-%m-%d), $files files ($((bytes / 1048576)) MiB), $(nproc) cores, median of $BENCH_REPEAT"
echo
echo "| measurement | HAWKMOTH | peer | ratio (HAWKMOTH / peer) | goal |"
echo "|---|---|---|---|---|"
printf '| (a) first index vs git status (untracked) | %.3f s | %.3f s | %s | report |\n' "$a_hm" "$a_git" "$(ratio "$a_hm" "$a_git")"
printf '| (b) rescan, nothing changed vs git status (committed) | %.3f s | %.3f s | %s | ≤ 1.0 |\n' "$b_hm" "$b_git" "$(ratio "$b_hm" "$b_git")"
hm_rate=$(echo "1024 / $c_hm" | bc -l)
ssl_rate=$(echo "1024 / $c_ssl" | bc -l)
printf '| (c) SHA-256 of 1 GiB vs openssl dgst | %.0f MiB/s | %.0f MiB/s | %s of openssl | ≥ 0.90 |\n' "$hm_rate" "$ssl_rate" "$(ratio "$hm_rate" "$ssl_rate")"
printf '| (d) peak RSS of (a) | %d MB | | | < 200 MB |\n' $((rss_kb / 1024))
