#!/usr/bin/env bash
# The web self-check under load: `POST /api/validate` offline with a typical form and logo
# (order-forms/landkreis-osterholz.toml and its PNG), from oha at 64 connections against a
# release build of `onboard serve --offline` on this machine. Prints requests per second and
# the p99 latency. Target (issue 14): >= 2,000 requests/s with p99 < 50 ms on 2 cores.
#
#   scripts/bench-serve.sh
#   BENCH_SECONDS=30 BENCH_CONNECTIONS=128 scripts/bench-serve.sh
#   ONBOARD=/tmp/old/onboard scripts/bench-serve.sh     # another build (before/after)
#
# oha and the server share the two cores, as a load generator on the same machine does.
# Needs oha (`cargo install oha --locked`, installed when missing) and curl.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_RUN="${BENCH_SECONDS:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
FORM=order-forms/landkreis-osterholz.toml
LOGO=order-forms/logos/landkreis-osterholz.png

if [[ -z "${ONBOARD:-}" ]]; then
    echo "== building (release)"
    cargo build --release --bin onboard --quiet
    ONBOARD=target/release/onboard
fi
if ! command -v oha >/dev/null 2>&1; then
    echo "== installing oha"
    cargo install oha --locked --quiet
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onboard-serve.XXXXXX")"
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]]; then
        kill -TERM "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The request body, as a browser's form upload sends it.
BOUNDARY=onboard-bench-boundary
{
    printf -- '--%s\r\nContent-Disposition: form-data; name="form"; filename="%s"\r\nContent-Type: application/toml\r\n\r\n' \
        "$BOUNDARY" "$(basename "$FORM")"
    cat "$FORM"
    printf '\r\n--%s\r\nContent-Disposition: form-data; name="logo"; filename="%s"\r\nContent-Type: image/png\r\n\r\n' \
        "$BOUNDARY" "$(basename "$LOGO")"
    cat "$LOGO"
    printf '\r\n--%s--\r\n' "$BOUNDARY"
} >"$WORK/body"

# A free port (the first line names it); the log line per request goes to a file, as the
# terminal would be the bottleneck.
"$ONBOARD" serve --offline --listen 127.0.0.1:0 2>"$WORK/server.log" &
SERVER=$!
BASE=""
for _ in $(seq 100); do
    BASE=$(grep -o 'http://[0-9.:]*' "$WORK/server.log" 2>/dev/null | head -1 || true)
    [[ -n "$BASE" ]] && break
    sleep 0.1
done
if [[ -z "$BASE" ]]; then
    echo "onboard serve did not start:" >&2
    cat "$WORK/server.log" >&2
    exit 1
fi
URL="$BASE/api/validate"

# One checked request first: the form must come back without findings, or the figures say
# nothing.
CONTENT_TYPE="multipart/form-data; boundary=$BOUNDARY"
status=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' -H "Content-Type: $CONTENT_TYPE" \
    --data-binary "@$WORK/body" "$URL")
if [[ "$status" != 200 ]] || ! grep -q '"errors": 0' "$WORK/answer.json"; then
    echo "the check answered $status:" >&2
    cat "$WORK/answer.json" >&2
    exit 1
fi

echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$ONBOARD" --version), $(oha --version)"
echo "== POST /api/validate ($(wc -c <"$WORK/body") bytes: $(basename "$FORM") + $(basename "$LOGO")), $CONNECTIONS connections, ${SECONDS_RUN}s"
oha --no-tui --output-format json -z "${SECONDS_RUN}s" -c "$CONNECTIONS" -m POST \
    -T "$CONTENT_TYPE" -D "$WORK/body" "$URL" >"$WORK/oha.json"

# oha's JSON: summary.requestsPerSec; latencyPercentiles in seconds; statusCodeDistribution.
JSON=$(tr -d ' \n' <"$WORK/oha.json")
object() { grep -o "\"$1\":{[^}]*}" <<<"$JSON" | head -1; }
number() { grep -o "\"$1\":[0-9.eE+-]*" | head -1 | cut -d: -f2; }
rps=$(object summary | number requestsPerSec)
p50=$(object latencyPercentiles | number p50)
p99=$(object latencyPercentiles | number p99)
statuses=$(object statusCodeDistribution | cut -d: -f2-)
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
printf 'requests/s %.0f   p50 %s ms   p99 %s ms   statuses %s\n' "$rps" "$(ms "$p50")" "$(ms "$p99")" "$statuses"
