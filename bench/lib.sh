# Shared helpers for the benchmark scripts (sourced). Times are wall-clock seconds; each figure is
# the median of BENCH_REPEAT runs (default 5), and every peer runs in the same session.

BENCH_REPEAT="${BENCH_REPEAT:-5}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HAWKMOTH="${HAWKMOTH_BUILD_DIR:-$here/build}/hawkmoth"
[[ -x "$HAWKMOTH" ]] || { echo "bench: build HAWKMOTH first (scripts/setup.sh)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

# seconds CMD...  -> prints the wall time of one run. Read from bash's own clock: spawning `date`
# around the command would add ~8 ms of process start-up to every figure, both sides alike, which
# pulls the ratios of short commands towards 1.
# A command that fails is still timed (a sync without a Hub reports its pending uploads), but said
# on stderr: a peer that failed in 3 ms once passed for a 566x win.
seconds() {
    local start end rc=0
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || rc=$?
    end=$EPOCHREALTIME
    ((rc == 0)) || echo "bench: note: '$*' exited with $rc" >&2
    echo "$end - $start" | bc -l
}

# median VALUES... -> the median
median() {
    printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

# compare FUNC_A FUNC_B -> sets CMP_A and CMP_B to the medians of BENCH_REPEAT runs of each.
# The runs alternate (A B A B ...), so a load that comes and goes hits both sides alike.
compare() {
    local a=() b=()
    for ((i = 0; i < BENCH_REPEAT; i++)); do
        a+=("$(seconds "$1")")
        b+=("$(seconds "$2")")
    done
    CMP_A=$(median "${a[@]}")
    CMP_B=$(median "${b[@]}")
}

# peak_rss_kb CMD... -> maximum resident set size of the command, in KiB
peak_rss_kb() {
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
}

ratio() { echo "scale=3; $1 / $2" | bc -l; }
