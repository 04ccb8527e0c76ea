#!/usr/bin/env bash
# GUI responsiveness: the real main window (hawkmoth-guibench, offscreen) with a stall probe, a
# GUI-thread timer every 4 ms that records how late it is served:
#   (a) a drop on the project tree of FILES/10 small files (make_tree.py) and one large file
#       (LARGE_MIB, 1 GiB by default), imported, then synced to the test Hub with Sync Now:
#       p50 / p99 / max stall during the import, the sync and the whole run
#   (b) opening the window on a FILES-file workspace (`hawkmoth --workspace` as the window does it:
#       the core starts, switches, the window opens) to the first paint of the tree with rows
#   (c) switching from the switcher to a small workspace and back to the large one, to the first
#       paint of the new rows (5 round trips per run)
#   (d) peak RSS with the large workspace open
# The workspaces are prepared (imported or rescanned, and synced) before anything is timed.
# usage: bench/bench_gui.sh [FILES [LARGE_MIB]]   (default 100000 1024; BENCH_REPEAT runs of
#        (b)-(d), one of (a), which moves a gigabyte)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
GUIBENCH="${HAWKMOTH_BUILD_DIR:-$here/build}/bench/hawkmoth-guibench"
[[ -x "$GUIBENCH" ]] || { echo "bench: build hawkmoth-guibench first" >&2; exit 1; }
hubdir="$here/tests/hubserver"
[[ -d "$hubdir/node_modules" ]] || { echo "bench: needs the test Hub (scripts/setup.sh --tests)" >&2; exit 1; }

files="${1:-100000}"
large_mib="${2:-1024}"
small_files=$((files / 10))
switches=5
# BENCH_GUI_DIR: keep the prepared data there and measure again without rebuilding it.
if [[ -n "${BENCH_GUI_DIR:-}" ]]; then
    work="$BENCH_GUI_DIR"
    mkdir -p "$work"
else
    work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench-gui.XXXXXX")"
fi
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [[ -n "${BENCH_GUI_DIR:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" HF_TOKEN=hf_test_alice_write QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES="qt.qpa.*=false"
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost

# The test Hub, empty at each run of this script (its data stays in $work/hub).
rm -rf "$work/hub" "$work/port"
node "$hubdir/server.mjs" --port 0 --data "$work/hub" --port-file "$work/port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.05; done
export HF_ENDPOINT="http://127.0.0.1:$(cat "$work/port")"

# (b)-(d): a small workspace and the large one, synced (git committed, Hub uploaded), so that the
# window finds nothing to do. Opening never asks the Hub: a later run's fresh Hub does not matter.
open_data="$work/open-data"
hm_open() { HAWKMOTH_DATA_DIR="$open_data" HAWKMOTH_CACHE_DIR="$work/open-cache" "$HAWKMOTH" "$@" >/dev/null; }
if [[ ! -f "$work/open-prepared" ]]; then
    rm -rf "$open_data" "$work/open-cache"
    hm_open create-project small --template python --no-switch
    hm_open create-project big
    python3 "$here/bench/make_tree.py" "$open_data/workspaces/big" "$files" 7 >/dev/null
    for w in small big; do
        hm_open -w "$w" rescan
        hm_open -w "$w" sync
    done
    touch "$work/open-prepared"
fi

# (a): the files to drop, and an empty workspace to drop them on.
if [[ ! -f "$work/drop-prepared" ]]; then
    rm -rf "$work/drop-src"
    mkdir -p "$work/drop-src"
    python3 "$here/bench/make_tree.py" "$work/drop-src/small" "$small_files" 3 >/dev/null
    head -c $((large_mib << 20)) /dev/urandom >"$work/drop-src/large.bin"
    touch "$work/drop-prepared"
fi
rm -rf "$work/drop-data" "$work/drop-cache"
HAWKMOTH_DATA_DIR="$work/drop-data" HAWKMOTH_CACHE_DIR="$work/drop-cache" \
    "$HAWKMOTH" create-project drop >/dev/null

# run_bench OUT DATA CACHE ARGS... -> the "key value" lines in OUT, notes in OUT.log
run_bench() {
    local out="$1" data="$2" cache="$3"
    shift 3
    HAWKMOTH_DATA_DIR="$data" HAWKMOTH_CACHE_DIR="$cache" "$GUIBENCH" "$@" >"$out" 2>"$out.log" ||
        { echo "bench: hawkmoth-guibench $1 failed:" >&2; tail -n 20 "$out.log" >&2; exit 1; }
}

declare -A runs # key -> the values of every run, space-separated
for ((i = 0; i < BENCH_REPEAT; i++)); do
    sync
    run_bench "$work/open.out" "$open_data" "$work/open-cache" open big small "$switches"
    while read -r key value; do runs[$key]+="$value "; done <"$work/open.out"
done
# shellcheck disable=SC2086 # the values are split on purpose
m() { median ${runs[$1]}; }

sync
run_bench "$work/drop.out" "$work/drop-data" "$work/drop-cache" drop "$work/drop-src/small" "$work/drop-src/large.bin"
declare -A drop
while read -r key value; do drop[$key]=$value; done <"$work/drop.out"

met() { [[ $(echo "$1 < $2" | bc -l) == 1 ]] && echo yes || echo no; }
row() { printf '| %s | %.1f ms | < %s ms | %s |\n' "$1" "$2" "$3" "$(met "$2" "$3")"; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "## gui — $(date -u +%Y-%m-%d), $(nproc) cores, load average $load at the end"
echo
echo "(a) drop of ${drop[import.files]%.*} files ($small_files small, one of $large_mib MiB), then Sync Now; one run."
echo "(b)-(d) $files files; median of $BENCH_REPEAT runs, each switching $switches times."
echo
echo "| measurement | HAWKMOTH | goal | met |"
echo "|---|---|---|---|"
printf '| (a) import, drop to done | %.2f s | report | — |\n' "$(echo "${drop[import.ms]} / 1000" | bc -l)"
printf '| (a) sync, Sync Now to every job done | %.2f s | report | — |\n' "$(echo "${drop[sync.ms]} / 1000" | bc -l)"
for phase in import sync all; do
    row "(a) stall p50, $phase" "${drop[stall.$phase.p50_ms]}" 16
    row "(a) stall p99, $phase" "${drop[stall.$phase.p99_ms]}" 16
    row "(a) stall max, $phase" "${drop[stall.$phase.max_ms]}" 50
done
row "(b) open: core start, switch, window, to the first paint of rows" "$(m open.first_paint_ms)" 200
printf '| (b) of which the window, built to painted | %.1f ms | report | — |\n' "$(m open.window_to_paint_ms)"
printf '| (b) stall max while opening | %.1f ms | report | — |\n' "$(m stall.open.max_ms)"
row "(c) switch small → large, to the first paint (median)" "$(m switch.to_big_median_ms)" 100
row "(c) switch small → large, slowest of the run (median)" "$(m switch.to_big_max_ms)" 100
row "(c) switch large → small, to the first paint (median)" "$(m switch.to_small_median_ms)" 100
row "(c) switch large → small, slowest of the run (median)" "$(m switch.to_small_max_ms)" 100
printf '| (c) stall max while switching | %.1f ms | report | — |\n' "$(m stall.switch.max_ms)"
printf '| (d) peak RSS, large workspace open (after the first paint) | %.1f MB | report | — |\n' \
    "$(echo "$(m open.peak_rss_kib) * 1024 / 1000000" | bc -l)"
printf '| (d) peak RSS at the end of the run | %.1f MB | report | — |\n' \
    "$(echo "$(m end.peak_rss_kib) * 1024 / 1000000" | bc -l)"
echo
echo "Worst stalls of (a), with the time they ended (ms since the window opened):"
grep '^stall' "$work/drop.out.log" | head -n 5 | sed 's/^/    /'
