#!/usr/bin/env bash
# Benchmark of `onboard validate --offline` in every output format, at 1,000 / 10,000 /
# 50,000 generated forms (examples/gen-forms.rs), plus a run heavy in cross-form findings,
# and — where installed — taplo and check-jsonschema on the same forms against
# schemas/order-form.v1.schema.json. Prints median wall time, forms per second, peak
# memory, and the ratios.
#
#   scripts/bench-formats.sh                    # 1000 10000 50000
#   BENCH_SIZES="1000 10000" scripts/bench-formats.sh
#
# Needs only the Rust toolchain; uses hyperfine and GNU time when installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

read -r -a SIZES <<<"${BENCH_SIZES:-1000 10000 50000}"
RUNS="${BENCH_RUNS:-5}"
FORMATS=(human json sarif junit github gitlab)

cargo build --release --examples --bins --quiet
ONBOARD="$PWD/target/release/onboard"
GEN="$PWD/target/release/examples/gen-forms"
SCHEMA="$PWD/schemas/order-form.v1.schema.json"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/onboard-formats.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

HYPERFINE="$(hyperfine_version)"
echo "== $(nproc) cores; ${HYPERFINE:-no hyperfine: timed loop}"

# Seconds of one run (for the slow foreign tools, where one run tells enough).
once() {
    local s e
    s=$(date +%s%N); sh -c "$1" >/dev/null 2>&1 || true; e=$(date +%s%N)
    awk "BEGIN{printf \"%.3f\", ($e - $s) / 1e9}"
}

# Median seconds of a command over $RUNS runs (after one warm-up).
median_time() {
    local cmd="$1"
    if [[ -n "$HYPERFINE" ]]; then
        hyperfine -N --warmup 1 --runs "$RUNS" -i --export-json "$WORK/h.json" "$cmd" >/dev/null 2>&1 \
            || hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$WORK/h.json" "$cmd" >/dev/null
        hyperfine_medians "$WORK/h.json" | head -1
    else
        sh -c "$cmd" >/dev/null 2>&1 || true
        for _ in $(seq "$RUNS"); do
            local s e
            s=$(date +%s%N); sh -c "$cmd" >/dev/null 2>&1 || true; e=$(date +%s%N)
            echo $(( e - s ))
        done | sort -n | awk '{v[NR]=$1} END {printf "%.6f\n", v[int((NR+1)/2)]/1e9}'
    fi
}

peak_mib() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v sh -c "$1 >/dev/null 2>&1" 2>&1 | awk -F: '/Maximum resident/ {printf "%.1f", $2/1024}'
    else
        echo "n/a"
    fi
}

rows=()
for N in "${SIZES[@]}"; do
    DIR="$WORK/forms-$N"
    "$GEN" "$DIR" "$N" 2>"$WORK/gen.txt"
    CONFIG=""
    [ -f "$DIR/onboard.toml" ] && CONFIG="--config $DIR/onboard.toml"
    for f in "${FORMATS[@]}"; do
        cmd="$ONBOARD validate --offline $CONFIG --format $f $DIR"
        t=$(median_time "$cmd")
        mem=$(peak_mib "$cmd")
        rows+=("$(printf '%-8s %6d forms  %8.3f s  %9.0f forms/s  %7s MiB' "$f" "$N" "$t" "$(awk "BEGIN{print $N / $t}")" "$mem")")
        echo "${rows[-1]}"
    done
done

echo
echo "== cross-form checks: 10,000 forms, every pair of forms claiming the same area"
DIR="$WORK/overlap"
"$GEN" "$DIR" 5000 2>/dev/null
"$GEN" "$DIR/copy" 5000 2>/dev/null   # the same areas again, other file names
t=$(median_time "$ONBOARD validate --offline --format json $DIR")
echo "$(printf 'overlap  %6d forms  %8.3f s  %9.0f forms/s  %7s MiB' 10000 "$t" "$(awk "BEGIN{print 10000 / $t}")" "$(peak_mib "$ONBOARD validate --offline --format json $DIR")")"

echo
echo "== other tools on the same 10,000 forms (schema checks only)"
DIR="$WORK/forms-10000"
[ -d "$DIR" ] || "$GEN" "$DIR" 10000 2>/dev/null
find "$DIR" -name '*.toml' ! -name onboard.toml | sort >"$WORK/list"
t_onboard=$(median_time "$ONBOARD validate --offline --format json $DIR")
printf 'onboard           %8.3f s\n' "$t_onboard"
if command -v taplo >/dev/null 2>&1; then
    t=$(once "xargs taplo check --schema file://$SCHEMA <$WORK/list")
    printf 'taplo %-11s %8.3f s  (%.1f× onboard)\n' "$(taplo --version | awk '{print $2}')" "$t" "$(awk "BEGIN{print $t / $t_onboard}")"
else
    echo "taplo: not installed (npm install -g @taplo/cli)"
fi
if command -v check-jsonschema >/dev/null 2>&1; then
    t=$(once "xargs check-jsonschema --schemafile $SCHEMA <$WORK/list")
    printf 'check-jsonschema  %8.3f s  (%.1f× onboard)\n' "$t" "$(awk "BEGIN{print $t / $t_onboard}")"
else
    echo "check-jsonschema: not installed (pip install check-jsonschema)"
fi
