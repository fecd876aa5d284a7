#!/usr/bin/env bash
# Hardening benchmark: runs `onboard validate --offline` on each adversarial input of
# examples/gen-adversarial.rs (forms at and past every limit of src/limits.rs, the largest
# forms and logos allowed, every SVG and raster fixture as a logo), one process per input,
# measured with /usr/bin/time -v (GNU time). Prints every input's time, peak memory and
# findings, then the slowest single input and the peak memory; finally one run over all.
# Fails when any run panics, exits with status 2, or an input takes more than
# BENCH_MAX_SECONDS (default 5).
#
#   scripts/bench-adversarial.sh          # needs only the Rust toolchain and GNU time
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
MAX_SECONDS="${BENCH_MAX_SECONDS:-5}"

echo "== building (release)"
cargo build --release --quiet --bin onboard --example gen-adversarial
ONBOARD=target/release/onboard

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onboard-adversarial.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
target/release/examples/gen-adversarial "$WORK/cases"

# Seconds from GNU time's "h:mm:ss" or "m:ss.ss".
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'; }

printf '%-52s %8s %10s %5s  %s\n' input seconds "peak KiB" exit findings
status=0
: >"$WORK/results"
for dir in "$WORK"/cases/*/; do
    name="$(basename "$dir")"
    set +e
    /usr/bin/time -v "$ONBOARD" validate --offline --format json "$dir/form.toml" \
        >"$WORK/out.json" 2>"$WORK/time.txt"
    code=$?
    set -e
    elapsed="$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk '{print $NF}' | seconds)"
    rss="$(grep 'Maximum resident set size' "$WORK/time.txt" | awk '{print $NF}')"
    found="$({ grep -o '"code": "[a-z-]*"' "$WORK/out.json" || true; } |
        sed 's/"code": //; s/"//g' | sort | uniq -c |
        awk '{printf "%s%s×%s", sep, $2, $1; sep=" "}')"
    printf '%-52s %8s %10s %5s  %s\n' "$name" "$elapsed" "$rss" "$code" "${found:-—}"
    echo "$name $elapsed $rss" >>"$WORK/results"
    if grep -q panicked "$WORK/time.txt" || [[ $code -eq 2 || $code -gt 2 ]]; then
        echo "   !! $name: exit $code"; grep -m3 panicked "$WORK/time.txt" || true
        status=1
    fi
    if awk -v e="$elapsed" -v m="$MAX_SECONDS" 'BEGIN { exit !(e > m) }'; then
        echo "   !! $name took ${elapsed}s (limit ${MAX_SECONDS}s)"
        status=1
    fi
done

count="$(wc -l <"$WORK/results")"
echo
sort -k2 -n -r "$WORK/results" | head -1 |
    awk '{ printf "slowest single input: %s, %s s\n", $1, $2 }'
sort -k3 -n -r "$WORK/results" | head -1 |
    awk '{ printf "peak memory:          %s, %.1f MiB\n", $1, $3 / 1024 }'
/usr/bin/time -v "$ONBOARD" validate --offline --format json "$WORK"/cases/*/form.toml \
    >/dev/null 2>"$WORK/time.txt" || true
elapsed="$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk '{print $NF}' | seconds)"
rss="$(grep 'Maximum resident set size' "$WORK/time.txt" | awk '{print $NF}')"
echo "all $count inputs in one run: $elapsed s, peak $((rss / 1024)) MiB"
exit $status
