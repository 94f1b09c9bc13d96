# Sourced by the start-up benchmarks: memory and CPU of a process and its descendants
# (the app and its WebKit processes), read from /proc.
tree_pids() { echo "$1"; local c; for c in $(pgrep -P "$1" || true); do tree_pids "$c"; done; }
tree_pss_kib() { # Pss of a process and its descendants, in KiB
  local total=0 p
  for p in $(tree_pids "$1"); do
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
