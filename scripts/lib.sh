# shellcheck shell=bash
# Timing helpers shared by the benchmark scripts (sourced, not run), so that they all time
# and summarise runs the same way. Needs only bash, coreutils and awk; hyperfine is optional.

# hyperfine's version when it is installed, nothing otherwise (the scripts then fall back
# to `time_loop`).
hyperfine_version() {
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine --version
    fi
}

# Median of numbers, one a line.
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 }
    }'
}

# Median wall time in seconds of a shell command, without hyperfine: $WARMUP untimed runs,
# then $RUNS timed ones.
time_loop() {
    local cmd="$1" i start end
    for ((i = 0; i < WARMUP; i++)); do
        sh -c "$cmd" >/dev/null 2>&1 || true
    done
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        sh -c "$cmd" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        echo "$((end - start))"
    done | median | awk '{ printf "%.6f\n", $1 / 1e9 }'
}

# The medians (seconds) of the commands in a hyperfine JSON export, in command order.
hyperfine_medians() {
    tr -d ' \n' <"$1" | grep -o '"median":[0-9.eE+-]*' | cut -d: -f2
}
