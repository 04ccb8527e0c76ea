#!/usr/bin/env bash
# REST API benchmark (`hawkmoth serve` on 127.0.0.1), in one run:
#   (a) load: 50 concurrent keep-alive clients, 10,000 mixed requests (40 % save, 40 % load, 20 %
#       folder listing) over 1,000 files, then every saved file read back raw and compared;
#       requests per second and p99 latency
#   (b) ceiling: the same client GETting a small static file from lighttpd on the same machine
#   (c) a 1 GiB multipart upload with curl: wall time and the server's peak RSS (VmHWM)
# usage: bench/bench_rest.sh [REQUESTS] [CLIENTS]   (defaults 10000 and 50)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v lighttpd >/dev/null || { echo "bench: needs lighttpd (scripts/setup.sh --tests)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: needs node" >&2; exit 1; }

requests="${1:-10000}"
clients="${2:-50}"
work="$(mktemp -d "${BENCH_TMP:-/tmp}/hawkmoth-bench-rest.XXXXXX")"
server_pid="" static_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [[ -n "$static_pid" ]] && kill "$static_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" HAWKMOTH_DATA_DIR="$work/data" HAWKMOTH_CACHE_DIR="$work/cache"
mkdir -p "$HOME" "$HAWKMOTH_DATA_DIR"
# No automatic sync while measuring: the load test measures the API, not git.
printf '{"autoSync": false}' >"$HAWKMOTH_DATA_DIR/settings.json"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$HAWKMOTH" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")
[[ -n "$port" ]] || { echo "bench: serve did not start: $(cat "$work/serve.err")" >&2; exit 1; }
token=$(cat "$HAWKMOTH_DATA_DIR/server-token")

# (b) first, on an idle machine: lighttpd serving a 1 KiB file.
sport=$(free_port)
mkdir -p "$work/www"
head -c 1024 /dev/urandom >"$work/www/static.bin"
cat >"$work/lighttpd.conf" <<CONF
server.document-root = "$work/www"
server.bind = "127.0.0.1"
server.port = $sport
server.errorlog = "$work/lighttpd.log"
CONF
lighttpd -D -f "$work/lighttpd.conf" &
static_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$sport/static.bin" -o /dev/null && break; sleep 0.1; done
ceiling=$(node "$(dirname "$0")/rest_load.mjs" static "http://127.0.0.1:$sport/static.bin" "$requests" "$clients")

# (a)
load=$(node "$(dirname "$0")/rest_load.mjs" mixed "http://127.0.0.1:$port" "$token" "$requests" "$clients")
echo "load test: $load" >&2

# (c) a 1 GiB upload, streamed to disk by the server.
head -c $((1024 * 1024 * 1024)) /dev/urandom >"$work/big.bin"
start=$EPOCHREALTIME
code=$(curl -s -o "$work/upload.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -F path=big/big.bin -F "file=@$work/big.bin" "http://127.0.0.1:$port/storage/file/upload?wait=true")
end=$EPOCHREALTIME
upload_s=$(echo "$end - $start" | bc -l)
[[ "$code" == 200 || "$code" == 202 ]] || { echo "bench: upload answered $code: $(cat "$work/upload.json")" >&2; exit 1; }
cmp -s "$work/big.bin" "$HAWKMOTH_DATA_DIR/workspaces/default/big/big.bin" || { echo "bench: the uploaded file differs" >&2; exit 1; }
peak_kib=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
echo "REST API (bench_rest.sh): $requests requests, $clients clients, $(nproc) cores, load average $(cut -d" " -f1 /proc/loadavg)"
printf '| | requests/s | p50 ms | p99 ms | failures | files checked (wrong) |\n|---|---|---|---|---|---|\n'
printf '| (a) hawkmoth serve, mixed save/load/list | %s | %s | %s | %s | %s (%s) |\n' \
    "$(field "$load" rps)" "$(field "$load" p50ms)" "$(field "$load" p99ms)" "$(field "$load" failures)" \
    "$(field "$load" filesChecked)" "$(field "$load" filesWrong)"
printf '| (b) lighttpd, static 1 KiB file (ceiling) | %s | %s | %s | %s | — |\n' \
    "$(field "$ceiling" rps)" "$(field "$ceiling" p50ms)" "$(field "$ceiling" p99ms)" "$(field "$ceiling" failures)"
printf '(c) 1 GiB multipart upload: %.1f s, answer %s, server peak RSS %d MiB (goal < 150)\n' \
    "$upload_s" "$code" "$((peak_kib / 1024))"
