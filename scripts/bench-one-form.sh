#!/usr/bin/env bash
# The cost of one form, side by side with taplo: most real runs check one form (a pre-commit
# hook, a clerk, one request of the web page). For each form, times
#   onboard validate --offline FORM
#   taplo check --schema file://schemas/order-form.v1.schema.json FORM
# and prints the median wall time (hyperfine), the median CPU time (`perf stat` task-clock,
# which the noise of a shared machine disturbs less) and the median peak memory (GNU time,
# maximum resident set size), with onboard's share of taplo's.
#
#   scripts/bench-one-form.sh                      # the two shipped forms
#   BENCH_FORMS="a.toml b.toml" scripts/bench-one-form.sh
#   ONBOARD=/tmp/old/onboard scripts/bench-one-form.sh   # another build (before/after)
#
# The shipped forms: landkreis-osterholz.toml has no phone number, bremerhaven-jugendamt.toml
# has three (libphonenumber's metadata is loaded and its patterns compiled for them).
# BENCH_RUNS (100), BENCH_WARMUP (10) and BENCH_MEMORY_RUNS (15) pick the runs; BENCH_LANG
# (en) the language of onboard's output (`de` as for a clerk with a German locale).
# Needs hyperfine (`apt-get install hyperfine`; otherwise a loop timed with `date +%s%N`),
# GNU time for the memory, perf for the CPU time (each is skipped when missing), and taplo
# (`cargo install taplo-cli --locked`). Target: onboard no slower and no larger than taplo.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

RUNS="${BENCH_RUNS:-100}"
WARMUP="${BENCH_WARMUP:-10}"
MEMORY_RUNS="${BENCH_MEMORY_RUNS:-15}"
LANG_ARG="${BENCH_LANG:-en}"
read -r -a FORMS <<<"${BENCH_FORMS:-order-forms/landkreis-osterholz.toml order-forms/bremerhaven-jugendamt.toml}"
SCHEMA="$PWD/schemas/order-form.v1.schema.json"

if [[ -z "${ONBOARD:-}" ]]; then
    echo "== building (release)"
    cargo build --release --bin onboard --quiet
    ONBOARD=target/release/onboard
fi
TAPLO="$(command -v taplo || true)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onboard-one-form.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Both programs run from fresh copies in one folder: the peak memory counts the pages of the
# program's file that a run maps, and how many those are depends on how the file came into
# the page cache (the same binary measured 11.6 MiB as the linker wrote it, 12.4 MiB as a
# copy; taplo 13.3 as installed, 14.7 as a copy). Copies put both on the same footing.
cp "$ONBOARD" "$WORK/onboard"
ONBOARD="$WORK/onboard"
if [[ -n "$TAPLO" ]]; then
    cp "$TAPLO" "$WORK/taplo"
    TAPLO="$WORK/taplo"
fi

HYPERFINE="$(hyperfine_version)"
echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${HYPERFINE:-no hyperfine (fallback: $RUNS timed runs)}"
if [[ -n "$TAPLO" ]]; then
    echo "== $("$ONBOARD" --version), $("$TAPLO" --version)"
else
    echo "== $("$ONBOARD" --version); taplo is not installed (cargo install taplo-cli --locked)"
fi

# Median CPU milliseconds of a command (perf's task-clock, one `perf stat` per run, $RUNS
# runs), or n/a.
cpu_ms() {
    if command -v perf >/dev/null 2>&1 && perf stat -x, -e task-clock true >/dev/null 2>&1; then
        for ((i = 0; i < RUNS; i++)); do
            perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }'
        done | median | awk '{ printf "%.2f", $1 }'
    else
        echo "n/a"
    fi
}

# Median peak resident memory in MiB over $MEMORY_RUNS runs, or n/a.
peak_mib() {
    if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
        for ((i = 0; i < MEMORY_RUNS; i++)); do
            /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
            awk -F: '/Maximum resident set size/ { print $2 / 1024 }' "$WORK/time.txt"
        done | median | awk '{ printf "%.1f", $1 }'
    else
        echo "n/a"
    fi
}

# Median wall milliseconds of each command given (one command line each, run without a
# shell), in order.
wall_ms() {
    if [[ -n "$HYPERFINE" ]]; then
        hyperfine -N --warmup "$WARMUP" --runs "$RUNS" -i --style none \
            --export-json "$WORK/hyperfine.json" "$@" >/dev/null
        hyperfine_medians "$WORK/hyperfine.json" | awk '{ printf "%.2f\n", $1 * 1000 }'
    else
        local cmd
        for cmd in "$@"; do
            time_loop "$cmd" | awk '{ printf "%.2f\n", $1 * 1000 }'
        done
    fi
}

SUMMARY=()
for FORM in "${FORMS[@]}"; do
    echo
    echo "== $FORM"
    validate=("$ONBOARD" validate --offline --lang "$LANG_ARG" "$FORM")
    # One checked run first: the form must be one onboard accepts, or the times say nothing.
    status=0
    "${validate[@]}" >"$WORK/out.txt" 2>&1 || status=$?
    sed 's/^/   onboard: /' "$WORK/out.txt"
    commands=("${validate[*]}")
    if [[ -n "$TAPLO" ]]; then
        check=("$TAPLO" check --schema "file://$SCHEMA" "$FORM")
        "${check[@]}" >/dev/null 2>&1 || echo "   taplo: exit $? (the times are still taken)"
        commands+=("${check[*]}")
    fi
    if ((status != 0)); then
        echo "   onboard: exit $status (the times are still taken)"
    fi
    mapfile -t walls < <(wall_ms "${commands[@]}")
    o_wall="${walls[0]}" o_cpu="$(cpu_ms "${validate[@]}")" o_mem="$(peak_mib "${validate[@]}")"
    line=$(printf '%-32s onboard %6s ms wall %6s ms CPU %6s MiB' "$(basename "$FORM")" "$o_wall" "$o_cpu" "$o_mem")
    if [[ -n "$TAPLO" ]]; then
        t_wall="${walls[1]}" t_cpu="$(cpu_ms "${check[@]}")" t_mem="$(peak_mib "${check[@]}")"
        share() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else printf "n/a" }'; }
        line+=$(printf ' | taplo %6s ms wall %6s ms CPU %6s MiB | onboard/taplo %s wall %s CPU %s memory' \
            "$t_wall" "$t_cpu" "$t_mem" "$(share "$o_wall" "$t_wall")" "$(share "$o_cpu" "$t_cpu")" "$(share "$o_mem" "$t_mem")")
    fi
    echo "   $line"
    SUMMARY+=("$line")
done

echo
echo "== summary (medians; $(nproc) cores; ${HYPERFINE:-date loop}; --lang $LANG_ARG)"
printf '%s\n' "${SUMMARY[@]}"
