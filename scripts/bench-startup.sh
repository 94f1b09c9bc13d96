#!/usr/bin/env bash
# Start-up, memory and idle-CPU benchmark of the release app against a bare Tauri
# window of the same Tauri version (benches/bare-window), in one run so the ratios
# compare like with like. Run inside scripts/test-session.sh --display (`make
# bench-startup` builds everything and does that).
# Usage: bench-startup.sh [SAMPLES [DATA_SAMPLES [IDLE_SECS]]]   (defaults 30 5 60)
#   1. SAMPLES rounds, app and bare window alternated: exec → window mapped (xdotool
#      polling by pid) and the Pss of the process tree (app + WebKit processes,
#      /proc/PID/smaps_rollup) 5 s after exec; each app start gets a copy of a data
#      folder the app created on a first start (the daily start, not the first ever). Pss
#      shares library pages with other processes mapping them (other WebKit apps on
#      the machine lower it), so the private memory is printed too.
#   2. DATA_SAMPLES rounds with 5,000 cached pull requests on the dashboard
#      (examples/seed_cache), Pss 10 s after exec, alternated with the bare window.
#   3. CPU time (utime + stime over the tree, /proc/PID/stat) during IDLE_SECS idle
#      seconds, from 10 s after exec, app with 5,000 PRs (its refresh interval is
#      longer than that) and the bare window, as % of one core.
# Environment: AMPEL_BIN, BARE_BIN, SEED_BIN override the binaries (default:
# target/release/{ampel,ampel-bare-window}, target/release/examples/seed_cache).
set -euo pipefail
samples=${1:-30}
data_samples=${2:-5}
idle_secs=${3:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
app=${AMPEL_BIN:-$root/target/release/ampel}
bare=${BARE_BIN:-$root/target/release/ampel-bare-window}
seed=${SEED_BIN:-$root/target/release/examples/seed_cache}
for bin in "$app" "$bare" "$seed"; do
  [ -x "$bin" ] || { echo "missing $bin (make bench-startup builds it)" >&2; exit 2; }
done
[ -n "${DISPLAY:-}" ] || { echo "no DISPLAY: run inside scripts/test-session.sh --display" >&2; exit 2; }
work=$(mktemp -d /tmp/ampel-bench-startup.XXXXXX)
running=
cleanup() {
  if [ -n "$running" ]; then kill "$running" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
hz=$(getconf CLK_TCK)

. "$root/scripts/lib/proc-tree.sh"
tree_private_kib() { # memory no other process shares (Private_Clean + Private_Dirty), in KiB:
  # unlike Pss it does not drop when other WebKit apps run on the machine
  local total=0 p
  for p in $(tree_pids "$1"); do
    total=$((total + $(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s + 0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
tree_ticks() { # utime + stime of a process and its descendants, in clock ticks
  local total=0 p t
  for p in $(tree_pids "$1"); do
    # Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts a binary (app with a data folder, or the bare window); sets $running and $t0.
start() {
  local kind=$1 data=${2:-}
  t0=$(now_ms)
  if [ "$kind" = app ]; then
    AMPEL_DATA_DIR="$data" AMPEL_KEYRING_SERVICE="dev.ampel.bench.$$" "$app" >/dev/null 2>&1 &
  else
    "$bare" >/dev/null 2>&1 &
  fi
  running=$!
}
wait_mapped() { # ms from exec to the window mapped
  until xdotool search --onlyvisible --pid "$running" >/dev/null 2>&1; do
    kill -0 "$running" 2>/dev/null || { echo "the process exited before mapping a window" >&2; exit 1; }
    sleep 0.005
  done
  echo $(($(now_ms) - t0))
}
sleep_until() { # sleeps until $1 ms after $t0
  local left=$(($1 - ($(now_ms) - t0)))
  [ "$left" -le 0 ] || sleep "$(awk -v ms="$left" 'BEGIN {printf "%.3f", ms / 1000}')"
}
stop() {
  kill "$running" 2>/dev/null || true
  wait "$running" 2>/dev/null || true
  running=
  sleep 0.3
}

stats() { # a column of numbers → "p50 X  p95 Y  max Z"
  sort -n | awk '{v[NR] = $1} END {
    i95 = int(NR * 0.95 + 0.999); if (i95 > NR) i95 = NR;
    printf "p50 %d  p95 %d  max %d", v[int((NR + 1) / 2)], v[i95], v[NR] }'
}
p50() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
col() { awk -v k="$1" -v c="$2" '$1 == k {print $c}' "$3"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k / 1024}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "app:  $app ($(stat -c %s "$app") bytes)"
echo "bare: $bare ($(stat -c %s "$bare") bytes)"

# The app's first start creates its database: done once, outside the figures.
start app "$work/profile"
wait_mapped >/dev/null
sleep_until 3000
stop

# 1. Start-up and idle Pss, alternated (which goes first alternates too).
for i in $(seq "$samples"); do
  order="app bare"
  [ $((i % 2)) = 0 ] && order="bare app"
  for kind in $order; do
    rm -rf "$work/data"
    cp -r "$work/profile" "$work/data"
    start "$kind" "$work/data"
    ms=$(wait_mapped)
    sleep_until 5000
    echo "$kind $ms $(tree_pss_kib "$running") $(tree_private_kib "$running")" >>"$work/start"
    stop
  done
done
echo
echo "start → window mapped and idle Pss 5 s after start, $samples rounds alternated:"
for kind in app bare; do
  echo "  $kind: mapped (ms) $(col "$kind" 2 "$work/start" | stats) · Pss (KiB) $(col "$kind" 3 "$work/start" | stats) · private (KiB) $(col "$kind" 4 "$work/start" | stats)"
done
app_ms=$(col app 2 "$work/start" | p50)
bare_ms=$(col bare 2 "$work/start" | p50)
app_kib=$(col app 3 "$work/start" | p50)
bare_kib=$(col bare 3 "$work/start" | p50)
app_priv=$(col app 4 "$work/start" | p50)
bare_priv=$(col bare 4 "$work/start" | p50)
echo "  ratio app/bare (p50): start $(ratio "$app_ms" "$bare_ms") (goal ≤ 1.05) · idle Pss $(ratio "$app_kib" "$bare_kib") (goal ≤ 1.10): $(mib "$app_kib") vs $(mib "$bare_kib") · private $(ratio "$app_priv" "$bare_priv"): $(mib "$app_priv") vs $(mib "$bare_priv")"

# A start on a fresh copy of the seeded data folder, 10 s after exec.
start_seeded() {
  rm -rf "$work/data"
  cp -r "$work/seeded" "$work/data"
  start "$1" "$work/data"
  wait_mapped >/dev/null
  sleep_until 10000
}

# 2. Pss with 5,000 cached pull requests shown.
"$seed" "$work/seeded" 5000 >/dev/null
for i in $(seq "$data_samples"); do
  for kind in app bare; do
    start_seeded "$kind"
    echo "$kind $(tree_pss_kib "$running") $(tree_private_kib "$running")" >>"$work/data-pss"
    stop
  done
done
data_kib=$(col app 2 "$work/data-pss" | p50)
bare_data_kib=$(col bare 2 "$work/data-pss" | p50)
echo
echo "Pss 10 s after start with 5,000 cached pull requests on the dashboard, $data_samples rounds:"
echo "  app (KiB) $(col app 2 "$work/data-pss" | stats) · bare (KiB) $(col bare 2 "$work/data-pss" | stats)"
data_priv=$(col app 3 "$work/data-pss" | p50)
bare_data_priv=$(col bare 3 "$work/data-pss" | p50)
echo "  ratio app/bare (p50): Pss $(ratio "$data_kib" "$bare_data_kib"): $(mib "$data_kib") vs $(mib "$bare_data_kib") · private $(ratio "$data_priv" "$bare_data_priv"): $(mib "$data_priv") vs $(mib "$bare_data_priv")"

# 3. Idle CPU between refreshes.
echo
echo "CPU time while idle for $idle_secs s (from 10 s after start), % of one core:"
for kind in app bare; do
  start_seeded "$kind"
  before=$(tree_ticks "$running")
  sleep "$idle_secs"
  after=$(tree_ticks "$running")
  pct=$(awk -v d=$((after - before)) -v hz="$hz" -v s="$idle_secs" 'BEGIN {printf "%.2f", 100 * d / hz / s}')
  label=$kind
  [ "$kind" = app ] && label="app with 5,000 PRs"
  echo "  $label: $pct% ($((after - before)) ticks of 1/$hz s) (goal for the app ≤ 0.5%)"
  stop
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
