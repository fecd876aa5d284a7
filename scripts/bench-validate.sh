#!/usr/bin/env bash
# Throughput benchmark of `onboard validate`: generates varied valid forms with logos in a
# temporary folder, validates them offline, and compares the time with only reading and
# parsing the same files as TOML (examples/parse-only.rs). Prints the medians, forms per
# second, the ratio validate/parse-only and the peak memory of the validate run.
#
#   scripts/bench-validate.sh               # N = 1000 and 10000
#   BENCH_LARGE=1 scripts/bench-validate.sh # and 50000
#
# It also times examples/prescribed-only.rs: parse-only plus only the work the issue hands to
# third-party crates (read each logo; imagesize or roxmltree; phonenumber; validator), with
# none of onboard's own checks: the floor under validate, as a ratio to parse-only too.
#
# Beyond 10,950 forms one service runs out of disjoint areas: gen-forms then spreads the
# forms over benchmark services declared in DIR/onboard.toml, passed with --config.
#
# BENCH_SIZES="500 2000" picks other sizes; BENCH_RUNS (10) and BENCH_WARMUP (3) the runs;
# ONBOARD=/path/to/onboard times another build of onboard (before/after a change) against
# the same generated forms and baselines.
# Needs only the Rust toolchain. hyperfine is used when installed (otherwise a loop of
# BENCH_RUNS runs timed with `date +%s%N`); /usr/bin/time (GNU time) measures the memory.
# Targets on a 2-core machine: 10,000 forms in under 1 s, at most 2× parse-only.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

RUNS="${BENCH_RUNS:-10}"
WARMUP="${BENCH_WARMUP:-3}"
read -r -a SIZES <<<"${BENCH_SIZES:-1000 10000}"
if [[ "${BENCH_LARGE:-0}" == 1 ]]; then
    SIZES+=(50000)
fi

echo "== building (release)"
cargo build --release --examples --bins --quiet
ONBOARD="${ONBOARD:-target/release/onboard}"
PARSE_ONLY=target/release/examples/parse-only
PRESCRIBED_ONLY=target/release/examples/prescribed-only
GEN=target/release/examples/gen-forms

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onboard-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

HYPERFINE="$(hyperfine_version)"
echo "== $(nproc) cores, ${HYPERFINE:-no hyperfine (fallback: $RUNS timed runs after $WARMUP warm-up runs)}"

SUMMARY=()
for N in "${SIZES[@]}"; do
    DIR="$WORK/forms-$N"
    echo
    echo "== N=$N: generating"
    "$GEN" "$DIR" "$N"
    config=()
    if [[ -f "$DIR/onboard.toml" ]]; then
        config=(--config "$DIR/onboard.toml")
    fi

    VALIDATE="$ONBOARD validate --offline --format json ${config[*]} $DIR >/dev/null"
    PARSE="$PARSE_ONLY $DIR"
    FLOOR="$PRESCRIBED_ONLY $DIR"
    echo "   command: $VALIDATE"

    # One checked run first: every generated form must be valid.
    status=0
    "$ONBOARD" validate --offline --format json "${config[@]}" "$DIR" >"$WORK/result.json" || status=$?
    errors=$(tr -d ' \n' <"$WORK/result.json" | grep -o '"errors":[0-9]*' | tail -1 | cut -d: -f2)
    warnings=$(tr -d ' \n' <"$WORK/result.json" | grep -o '"warnings":[0-9]*' | tail -1 | cut -d: -f2)
    echo "   validate: exit $status, $errors errors, $warnings warnings"
    rm -f "$WORK/result.json"
    if ((status != 0 || errors != 0 || warnings != 0)); then
        echo "error: the generated forms should validate cleanly" >&2
        exit 1
    fi
    "$PARSE_ONLY" "$DIR" | sed 's/^/   parse-only: /'

    if [[ -n "$HYPERFINE" ]]; then
        hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
            --export-json "$WORK/hyperfine.json" \
            -n "validate (N=$N)" "$VALIDATE" -n "parse-only (N=$N)" "$PARSE" \
            -n "prescribed-only (N=$N)" "$FLOOR"
        mapfile -t medians < <(hyperfine_medians "$WORK/hyperfine.json")
        t_validate="${medians[0]}"
        t_parse="${medians[1]}"
        t_floor="${medians[2]}"
    else
        echo "   timing $RUNS runs each (hyperfine not installed)"
        t_validate=$(time_loop "$VALIDATE")
        t_parse=$(time_loop "$PARSE")
        t_floor=$(time_loop "$FLOOR")
    fi

    if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
        /usr/bin/time -v -o "$WORK/time.txt" \
            "$ONBOARD" validate --offline --format json "${config[@]}" "$DIR" >/dev/null
        peak=$(awk -F: '/Maximum resident set size/ { printf "%.1f MiB", $2 / 1024 }' "$WORK/time.txt")
    else
        echo "   /usr/bin/time (GNU time) is missing: peak memory not measured"
        peak="n/a"
    fi

    line=$(awk -v n="$N" -v v="$t_validate" -v p="$t_parse" -v f="$t_floor" -v m="$peak" 'BEGIN {
        printf "%6d forms  validate %8.1f ms  parse-only %8.1f ms  %8.0f forms/s  ratio %.2f  peak %s  prescribed-only %.1f ms (%.2f)",
            n, v * 1000, p * 1000, n / v, v / p, m, f * 1000, f / p
    }')
    echo "   $line"
    SUMMARY+=("$line")
done

echo
echo "== summary (medians; $(nproc) cores; ${HYPERFINE:-date loop})"
printf '%s\n' "${SUMMARY[@]}"
