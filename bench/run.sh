#!/usr/bin/env bash
# Runs the benchmarks (all, or those named: index status git hub gui rest scale) and prints their result tables.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(index status git hub gui rest scale)
for n in "${names[@]}"; do
    if [[ -x "bench_$n.sh" ]]; then
        "./bench_$n.sh"
        echo
    else
        echo "bench: no benchmark '$n' (bench_$n.sh)" >&2
    fi
done
