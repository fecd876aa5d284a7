#!/usr/bin/env bash
# Benchmark of `onboard bundle` against `onboard validate`, both offline, over the same
# generated forms (examples/gen-forms.rs: varied valid forms with PNG and SVG logos).
# Prints the median wall times (and, with hyperfine, the mean CPU times) and the ratio
# bundle/validate for:
#
#   validate    onboard validate --offline --format json FORMS
#   bundle      onboard bundle --offline --out NEW FORMS      (a fresh output folder each run:
#                                                              every bundle is written and synced)
#   archive     the same with --archive                       (also the tar.gz files)
#   unchanged   onboard bundle --offline --out SAME FORMS     (the usual rerun: all unchanged)
#
#   scripts/bench-bundle.sh                      # N = 1000, in $TMPDIR (or /tmp)
#   BENCH_DIR=/dev/shm scripts/bench-bundle.sh   # on tmpfs: the tool's own cost, no disk
#
# BENCH_SIZES="500 2000" picks other sizes; BENCH_RUNS (10) and BENCH_WARMUP (2) the runs.
# Output folders of the fresh runs are kept until the end: deleting thousands of files
# between runs makes ext4 slow to allocate inodes for a while (it skips recently deleted
# ones), which would charge the benchmark's cleanup to the next run.
# Needs only the Rust toolchain; hyperfine is used when installed (otherwise a loop timed
# with `date +%s%N`). Target: bundle at most 3× validate.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

RUNS="${BENCH_RUNS:-10}"
WARMUP="${BENCH_WARMUP:-2}"
read -r -a SIZES <<<"${BENCH_SIZES:-1000}"

echo "== building (release)"
cargo build --release --examples --bins --quiet
ONBOARD="$PWD/target/release/onboard"
GEN="$PWD/target/release/examples/gen-forms"

WORK="$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/onboard-bench-bundle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FS="$(df -T "$WORK" | awk 'NR == 2 { print $2 }')"

HYPERFINE="$(hyperfine_version)"
echo "== $(nproc) cores, $FS at $WORK, ${HYPERFINE:-no hyperfine (fallback: $RUNS timed runs after $WARMUP warm-up runs)}"

# Mean CPU seconds (user + system) of each command in a hyperfine JSON export: on a machine
# shared with other work, wall time waits for the CPU, CPU time does not.
hyperfine_cpu() {
    tr -d ' \n' <"$1" | grep -o '"user":[0-9.eE+-]*,"system":[0-9.eE+-]*' |
        awk -F'[:,]' '{ printf "%.6f\n", $2 + $4 }'
}

SUMMARY=()
for N in "${SIZES[@]}"; do
    FORMS="$WORK/forms-$N"
    OUTS="$WORK/out-$N"
    mkdir -p "$OUTS"
    echo
    echo "== N=$N: generating"
    "$GEN" "$FORMS" "$N"

    # One checked run first: the forms must be valid and every bundle written and intact.
    status=0
    "$ONBOARD" bundle --offline --archive --out "$OUTS/check" "$FORMS" >"$WORK/bundle.txt" || status=$?
    tail -1 "$WORK/bundle.txt" | sed 's/^/   /'
    if ((status != 0)); then
        echo "error: bundling the generated forms failed (exit $status)" >&2
        exit 1
    fi
    bundles=$(find "$OUTS/check" -mindepth 1 -maxdepth 1 -type d | wc -l)
    first=$(find "$OUTS/check" -mindepth 1 -maxdepth 1 -type d | sort | awk 'NR == 1')
    "$ONBOARD" verify-bundle "$first" | sed 's/^/   /'
    echo "   $bundles bundles, $(du -sh "$OUTS/check" | cut -f1) with archives"

    VALIDATE="'$ONBOARD' validate --offline --format json '$FORMS' >/dev/null"
    BUNDLE="'$ONBOARD' bundle --offline --out \"\$(mktemp -d '$OUTS/run.XXXXXX')\" '$FORMS' >/dev/null"
    ARCHIVE="'$ONBOARD' bundle --offline --archive --out \"\$(mktemp -d '$OUTS/run.XXXXXX')\" '$FORMS' >/dev/null"
    UNCHANGED="'$ONBOARD' bundle --offline --archive --out '$OUTS/check' '$FORMS' >/dev/null"

    if [[ -n "$HYPERFINE" ]]; then
        hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
            --export-json "$WORK/hyperfine.json" \
            -n "validate (N=$N)" "$VALIDATE" \
            -n "bundle (N=$N)" "$BUNDLE" \
            -n "bundle --archive (N=$N)" "$ARCHIVE" \
            -n "bundle, unchanged (N=$N)" "$UNCHANGED"
        mapfile -t m < <(hyperfine_medians "$WORK/hyperfine.json")
        mapfile -t c < <(hyperfine_cpu "$WORK/hyperfine.json")
    else
        m=("$(time_loop "$VALIDATE")" "$(time_loop "$BUNDLE")" "$(time_loop "$ARCHIVE")" "$(time_loop "$UNCHANGED")")
        c=()
    fi

    row() {
        awk -v n="$N" -v what="$1" -v v="$2" -v b="$3" -v a="$4" -v u="$5" 'BEGIN {
            printf "%6d forms %-4s validate %6.1f ms  bundle %6.1f ms (%.2f×)  --archive %6.1f ms (%.2f×)  unchanged %6.1f ms (%.2f×)",
                n, what, v * 1000, b * 1000, b / v, a * 1000, a / v, u * 1000, u / v
        }'
    }
    line=$(row wall "${m[@]}")
    echo "   $line"
    SUMMARY+=("$line")
    if ((${#c[@]} == 4)); then
        line=$(row cpu "${c[@]}")
        echo "   $line"
        SUMMARY+=("$line")
    fi
done

echo
echo "== summary (wall: medians; cpu: mean user+system; $(nproc) cores; $FS; load $(cut -d' ' -f1-3 /proc/loadavg); ${HYPERFINE:-date loop})"
printf '%s\n' "${SUMMARY[@]}"
