#!/usr/bin/env bash
# Start-up time and idle memory of Ampel binaries, side by side, so a build
# profile change can be judged (run inside scripts/test-session.sh --display).
# Usage: startup-figures.sh SAMPLES BINARY... — each sample starts a binary on a
# fresh data folder, times exec → window mapped (xdotool), waits 3 s, then sums
# the proportional set size (Pss) of the app and its WebKit processes.
# Binaries are sampled in turn, so load on the machine affects them alike.
set -euo pipefail
samples=${1:?usage: startup-figures.sh SAMPLES BINARY...}
shift
[ $# -gt 0 ] || { echo "usage: startup-figures.sh SAMPLES BINARY..." >&2; exit 2; }
work=$(mktemp -d /tmp/ampel-figures.XXXXXX)
trap 'rm -rf "$work"' EXIT

. "$(dirname "$0")/../lib/proc-tree.sh"

for i in $(seq "$samples"); do
  n=0
  for bin in "$@"; do
    n=$((n + 1))
    data="$work/data-$n-$i"
    t0=$(date +%s%N)
    AMPEL_DATA_DIR="$data" AMPEL_KEYRING_SERVICE="dev.ampel.figures.$$" "$bin" >/dev/null 2>&1 &
    pid=$!
    until xdotool search --onlyvisible --pid "$pid" --name '^Ampel$' >/dev/null 2>&1; do sleep 0.01; done
    t1=$(date +%s%N)
    sleep 3
    echo "$n $(((t1 - t0) / 1000000)) $(tree_pss_kib "$pid")" >>"$work/samples"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done

p50() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
stats() { # column of a build's samples: p50 p95 max
  sort -n | awk '{v[NR] = $1} END {
    p50 = v[int((NR + 1) / 2)]; i95 = int(NR * 0.95 + 0.999); if (i95 > NR) i95 = NR;
    printf "p50 %d  p95 %d  max %d", p50, v[i95], v[NR] }'
}
ref_ms=$(awk '$1 == 1 {print $2}' "$work/samples" | p50)
ref_kib=$(awk '$1 == 1 {print $3}' "$work/samples" | p50)
n=0
for bin in "$@"; do
  n=$((n + 1))
  ms=$(awk -v n=$n '$1 == n {print $2}' "$work/samples" | p50)
  kib=$(awk -v n=$n '$1 == n {print $3}' "$work/samples" | p50)
  echo "$bin ($(stat -c %s "$bin") bytes), $samples samples"
  echo "  start → window mapped (ms): $(awk -v n=$n '$1 == n {print $2}' "$work/samples" | stats)"
  echo "  idle Pss after 3 s (KiB):   $(awk -v n=$n '$1 == n {print $3}' "$work/samples" | stats)"
  echo "  p50 ratio to the first binary: start $(awk -v a="$ms" -v b="$ref_ms" 'BEGIN {printf "%.2f", a / b}'), memory $(awk -v a="$kib" -v b="$ref_kib" 'BEGIN {printf "%.2f", a / b}')"
done
