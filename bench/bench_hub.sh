#!/usr/bin/env bash
# Hub layer benchmark, against the official client (@huggingface/hub's uploadFiles, through
# tests/hubserver/hfclient.mjs) on the same files and the same test Hub, in the same run:
#   (a) upload of a 1 GiB workspace (8 × 100 MiB, 2,000 × 100 KiB): `hawkmoth sync` vs uploadFiles,
#       as throughput; each side gets a fresh Hub, so neither finds the other's objects there
#   (b) payload bytes a re-sync of the unchanged workspace sends (the Hub's own counters)
#   (c) HAWKMOTH's peak RSS during (a)
#   (d) download of the same set: `hawkmoth pull` in a clone of the workspace's code (every hub file
#       known from the manifest, none on disk) vs the official client's listFiles + downloadFile
#       (hfclient.mjs download-all), both verified by sha256 afterwards (untimed)
#   (e) HAWKMOTH's peak RSS during (d)
# usage: bench/bench_hub.sh [LARGE_MIB SMALL_COUNT]   (default 100 2000; BENCH_REPEAT=3 runs)
#        BENCH_HUB=upload or BENCH_HUB=download runs only (a)-(c) or (d)-(e)
set -euo pipefail
BENCH_REPEAT="${BENCH_REPEAT:-3}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
hubdir="$here/tests/hubserver"
[[ -d "$hubdir/node_modules/@huggingface/hub" ]] || { echo "bench: needs the npm client (scripts/setup.sh --tests)" >&2; exit 1; }

large_mib="${1:-100}"
small_count="${2:-2000}"
token=hf_test_alice_write
work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench-hub.XXXXXX")"
server_pid=""
stop_hub() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }
cleanup() { stop_hub; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" HAWKMOTH_DATA_DIR="$work/data" HAWKMOTH_CACHE_DIR="$work/cache" HF_TOKEN="$token"
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost

# A fresh, empty test Hub on a free port; sets HF_ENDPOINT.
start_hub() {
    stop_hub
    rm -rf "$work/hub" "$work/port"
    node "$hubdir/server.mjs" --port 0 --data "$work/hub" --port-file "$work/port" >/dev/null 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.05; done
    export HF_ENDPOINT="http://127.0.0.1:$(cat "$work/port")"
}
admin() { # admin PATH [POST] -> the test Hub's answer
    python3 -c "import sys, urllib.request as u; print(u.urlopen(u.Request(sys.argv[1], method=sys.argv[2], data=b'' if sys.argv[2] == 'POST' else None)).read().decode())" \
        "$HF_ENDPOINT/__admin/$1" "${2:-GET}"
}
stat_of() { admin stats | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# The files: random, so nothing compresses or deduplicates.
mkdir -p "$work/set/models" "$work/set/samples"
for ((i = 0; i < 8; i++)); do head -c $((large_mib << 20)) /dev/urandom >"$work/set/models/shard-$i.bin"; done
python3 - "$work/set/samples" "$small_count" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"{i // 200:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"s{i:05d}.bin"), "wb") as f:
        f.write(os.urandom(100 * 1024))
PY
total_bytes=$(find "$work/set" -type f -printf '%s\n' | awk '{s += $1} END {print s}')

# HAWKMOTH's workspace holding the set, prepared once (untimed) and copied for each run.
mkdir -p "$HAWKMOTH_DATA_DIR" && printf '{"autoSync": false}' >"$HAWKMOTH_DATA_DIR/settings.json"
"$HAWKMOTH" create-project w >/dev/null
"$HAWKMOTH" -w w import "$work/set/models" "$work/set/samples" >/dev/null
cp -a "$HAWKMOTH_DATA_DIR" "$work/data.template"
fresh_workspace() { rm -rf "$HAWKMOTH_DATA_DIR" && cp -a "$work/data.template" "$HAWKMOTH_DATA_DIR"; }

parts="${BENCH_HUB:-upload download}"
hm=() js=() rss=()
[[ "$parts" == *upload* ]] || BENCH_UPLOAD_RUNS=0
for ((i = 0; i < ${BENCH_UPLOAD_RUNS:-$BENCH_REPEAT}; i++)); do
    fresh_workspace; start_hub; sync
    rss_file="$work/rss"
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$rss_file" "$HAWKMOTH" -w w sync >/dev/null
    end=$(date +%s.%N)
    hm+=("$(echo "$end - $start" | bc -l)")
    rss+=("$(tail -n 1 "$rss_file")")
    [[ "$(stat_of lfsPayloadBytes)" -ge "$total_bytes" ]] || { echo "bench: hawkmoth did not upload the set" >&2; exit 1; }
    start_hub; node "$hubdir/hfclient.mjs" create-repo alice/bench >/dev/null; sync
    js+=("$(seconds node "$hubdir/hfclient.mjs" upload alice/bench "$work/set")")
    node "$hubdir/hfclient.mjs" list alice/bench | python3 -c "import json,sys; n=sum(f['path'].endswith('.bin') for f in json.load(sys.stdin)); sys.exit(0 if n == 8 + $small_count else 1)" ||
        { echo "bench: the official client did not upload the set" >&2; exit 1; }
done

# (b) against the Hub of the last HAWKMOTH run: a fresh one holding exactly that upload.
fresh_workspace; start_hub
"$HAWKMOTH" -w w sync >/dev/null
admin stats/reset POST >/dev/null
resync_s=$(seconds "$HAWKMOTH" -w w sync)
resync_lfs=$(stat_of lfsPayloadBytes)
resync_inline=$(stat_of inlinePayloadBytes)
# Requests HAWKMOTH made (the admin calls of this script are not counted).
resync_requests=$(admin "log?n=100000" | python3 -c "import json,sys; print(sum(not r['path'].startswith('/__admin') for r in json.load(sys.stdin)))")

# (d) The second machine: a clone of the workspace's code knows the set from its manifest, and
# `pull` fetches it. The workspace gets a git remote and pushes its manifest there; the Hub stays
# the one of (b), which holds the set, for every run of both sides.
if [[ "$parts" == *download* ]]; then
    git init -q --bare "$work/code.git"
    "$HAWKMOTH" -w w remote set "$work/code.git" >/dev/null
    "$HAWKMOTH" -w w push >/dev/null
    dataset=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['dataset'])" \
        "$HAWKMOTH_DATA_DIR/workspaces/w/.hawkmoth/manifest.json")
    mkdir -p "$work/clone.template/data" && printf '{"autoSync": false}' >"$work/clone.template/data/settings.json"
    HAWKMOTH_DATA_DIR="$work/clone.template/data" HAWKMOTH_CACHE_DIR="$work/clone.template/cache" \
        "$HAWKMOTH" clone-project "$work/code.git" c >/dev/null
    # sha256 of every file of the set below a folder, by path: what both sides are checked against.
    sums_of() { (cd "$1" && find models samples -type f -print0 | sort -z | xargs -0 sha256sum); }
    sums_of "$work/set" >"$work/set.sha256"
    dl_hm=() dl_js=() dl_rss=() dl_js_rss=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do
        # Each run writes into folders of its own, all removed at the end: files deleted just
        # before a run made this VM's ext4 (no journal) search its inode tables past the recently
        # deleted inodes for every file it created, a cost of the benchmark, not of either tool.
        run="$work/runs/$i"
        mkdir -p "$run" && cp -a "$work/clone.template" "$run/clone"; sync
        start=$EPOCHREALTIME
        HAWKMOTH_DATA_DIR="$run/clone/data" HAWKMOTH_CACHE_DIR="$run/clone/cache" \
            /usr/bin/time -f '%M' -o "$work/rss" "$HAWKMOTH" -w c pull >/dev/null
        end=$EPOCHREALTIME
        dl_hm+=("$(echo "$end - $start" | bc -l)")
        dl_rss+=("$(tail -n 1 "$work/rss")")
        sync
        start=$EPOCHREALTIME
        /usr/bin/time -f '%M' -o "$work/rss" node "$hubdir/hfclient.mjs" download-all "$dataset" "$run/js" >/dev/null
        end=$EPOCHREALTIME
        dl_js+=("$(echo "$end - $start" | bc -l)")
        dl_js_rss+=("$(tail -n 1 "$work/rss")")
        sync
        sums_of "$run/clone/data/workspaces/c" | cmp -s - "$work/set.sha256" ||
            { echo "bench: hawkmoth's pull does not match the set" >&2; exit 1; }
        sums_of "$run/js" | cmp -s - "$work/set.sha256" ||
            { echo "bench: the official client's download does not match the set" >&2; exit 1; }
    done
    rm -rf "$work/runs"
fi

mib=$(echo "$total_bytes / 1048576" | bc -l)
mb() { printf '%.1f MB' "$(echo "$1 * 1024 / 1000000" | bc -l)"; }
echo "## hub — $(date -u +%Y-%m-%d), $(printf '%.0f' "$mib") MiB in $((8 + small_count)) files, $(nproc) cores, median of $BENCH_REPEAT"
echo
echo "| measurement | HAWKMOTH | @huggingface/hub | ratio | goal |"
echo "|---|---|---|---|---|"
if [[ "$parts" == *upload* ]]; then
    HM=$(median "${hm[@]}") JS=$(median "${js[@]}") RSS=$(median "${rss[@]}")
    printf '| (a) upload, throughput | %.1f MiB/s (%.2f s) | %.1f MiB/s (%.2f s) | %s× | ≥ 1.5× |\n' \
        "$(echo "$mib / $HM" | bc -l)" "$HM" "$(echo "$mib / $JS" | bc -l)" "$JS" "$(ratio "$JS" "$HM")"
    printf '| (b) re-sync of the unchanged workspace | %d payload bytes (%d LFS + %d inline), %d requests, %.2f s | — | — | 0 bytes |\n' \
        "$((resync_lfs + resync_inline))" "$resync_lfs" "$resync_inline" "$resync_requests" "$resync_s"
    printf '| (c) peak RSS of (a) | %s | — | — | < 150 MB |\n' "$(mb "$RSS")"
fi
if [[ "$parts" == *download* ]]; then
    DH=$(median "${dl_hm[@]}") DJ=$(median "${dl_js[@]}")
    printf '| (d) download, throughput | %.1f MiB/s (%.2f s) | %.1f MiB/s (%.2f s) | %s× | ≥ 1.5× |\n' \
        "$(echo "$mib / $DH" | bc -l)" "$DH" "$(echo "$mib / $DJ" | bc -l)" "$DJ" "$(ratio "$DJ" "$DH")"
    printf '| (e) peak RSS of (d) | %s | %s | — | < 150 MB |\n' "$(mb "$(median "${dl_rss[@]}")")" "$(mb "$(median "${dl_js_rss[@]}")")"
    echo
    echo "(d) each run, in order: HAWKMOTH $(printf '%.2f ' "${dl_hm[@]}")s; official client $(printf '%.2f ' "${dl_js[@]}")s"
fi
