#!/usr/bin/env bash
# Hub layer benchmark, against the official client (@huggingface/hub's uploadFiles, through
# tests/hubserver/hfclient.mjs) on the same files and the same test Hub, in the same run:
#   (a) upload of a 1 GiB workspace (8 × 100 MiB, 2,000 × 100 KiB): `hawkmoth sync` vs uploadFiles,
#       as throughput; each side gets a fresh Hub, so neither finds the other's objects there
#   (b) payload bytes a re-sync of the unchanged workspace sends (the Hub's own counters)
#   (c) HAWKMOTH's peak RSS during (a)
# usage: bench/bench_hub.sh [LARGE_MIB SMALL_COUNT]   (default 100 2000; BENCH_REPEAT=3 runs)
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

hm=() js=() rss=()
for ((i = 0; i < BENCH_REPEAT; i++)); do
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

HM=$(median "${hm[@]}") JS=$(median "${js[@]}") RSS=$(median "${rss[@]}")
mib=$(echo "$total_bytes / 1048576" | bc -l)
echo "## hub — $(date -u +%Y-%m-%d), $(printf '%.0f' "$mib") MiB in $((8 + small_count)) files, $(nproc) cores, median of $BENCH_REPEAT"
echo
echo "| measurement | HAWKMOTH | @huggingface/hub | ratio | goal |"
echo "|---|---|---|---|---|"
printf '| (a) upload, throughput | %.1f MiB/s (%.2f s) | %.1f MiB/s (%.2f s) | %s× | ≥ 1.5× |\n' \
    "$(echo "$mib / $HM" | bc -l)" "$HM" "$(echo "$mib / $JS" | bc -l)" "$JS" "$(ratio "$JS" "$HM")"
printf '| (b) re-sync of the unchanged workspace | %d payload bytes (%d LFS + %d inline), %d requests, %.2f s | — | — | 0 bytes |\n' \
    "$((resync_lfs + resync_inline))" "$resync_lfs" "$resync_inline" "$resync_requests" "$resync_s"
printf '| (c) peak RSS of (a) | %.1f MB | — | — | < 150 MB |\n' "$(echo "$RSS * 1024 / 1000000" | bc -l)"
