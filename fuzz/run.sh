#!/usr/bin/env bash
# Runs every fuzz target for a fixed time, one after another (the machine has 2 cores
# shared with others), seeded from the project's own fixtures, and prints executions and
# findings per target. Usage: fuzz/run.sh [SECONDS per target, default 60] [TARGET…]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Exit status 1 when any target found a crash (its input is in fuzz/artifacts/TARGET/;
# copy it into tests/fixtures/fuzz/TARGET/, where tests/fuzz_regressions.rs replays it).
# Builds optimised with debug assertions and overflow checks (`-O -a`): an overflow that
# would wrap silently in a release build is a crash here. FUZZ_BUILD="-O" leaves them out.
set -euo pipefail
cd "$(dirname "$0")"
root=..
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(form svg raster http_response config verify_archive)

# Seeds: the fixtures of the project, copied into the (git-ignored) corpus folder, which
# keeps what libFuzzer learns between runs.
seed() {
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "corpus/$target/" || true; done
}
seed form "$root"/order-forms/*.toml "$root"/examples/mistakes/*.toml "$root"/tests/fixtures/forms/*.toml
seed svg "$root"/tests/fixtures/svg/*.svg "$root"/order-forms/logos/*.svg
seed raster "$root"/tests/fixtures/raster/* "$root"/order-forms/logos/*.png
seed http_response "$root"/tests/fixtures/http/*.bin
seed config "$root"/tests/fixtures/config/*.toml
seed verify_archive "$root"/tests/fixtures/bundle/*.tar.gz

read -r -a build <<<"${FUZZ_BUILD:--O -a}"
cargo +nightly fuzz build "${build[@]}" >/dev/null

declare -A dict=([form]=dict/form.dict [svg]=dict/svg.dict [config]=dict/config.dict)
declare -A max_len=([form]=16384 [svg]=16384 [raster]=4096 [http_response]=8192 [config]=8192 [verify_archive]=16384)
status=0
printf '%-14s %8s %14s %10s %12s %8s %8s\n' target seconds executions exec/s "slowest s" "peak MB" crashes
for t in "${targets[@]}"; do
  mkdir -p "artifacts/$t" logs
  touch "logs/$t.start"
  extra=()
  [ -n "${dict[$t]:-}" ] && extra+=("-dict=${dict[$t]}")
  # -timeout: one input running 10 s is a hang; -rss_limit_mb: a runaway allocation.
  cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
    -print_final_stats=1 "${extra[@]}" >"logs/$t.log" 2>&1 || true
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo 0)
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "$seconds")
  found=$(find "artifacts/$t" -type f -newer "logs/$t.start" | wc -l)
  [ "$found" -eq 0 ] || status=1
  slowest=$(grep -o 'stat::slowest_unit_time_sec: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo "?")
  rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo "?")
  printf '%-14s %8s %14s %10s %12s %8s %8s\n' "$t" "${secs:-$seconds}" "${execs:-0}" \
    "$(( ${execs:-0} / (${secs:-$seconds} > 0 ? ${secs:-$seconds} : 1) ))" "$slowest" "$rss" "$found"
  if [ "$found" -ne 0 ]; then
    find "artifacts/$t" -type f -newer "logs/$t.start" | sed 's/^/  new: /'
    grep -m1 -A3 'ERROR: libFuzzer\|panicked' "logs/$t.log" | sed 's/^/  /' || true
  fi
done
exit $status
