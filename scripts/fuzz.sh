#!/usr/bin/env bash
# `make fuzz`: builds the fuzz targets (nightly, cargo-fuzz, no sanitizer: the
# parsers are safe Rust, and the speed goes to executions), seeds them from the
# fake forge's answers, runs each for FUZZ_SECS seconds (default 75: the 16
# targets take about 20 minutes) under `nice`, at most 64 MiB of memory and 10 s
# an input, and prints one row per target: executions, exec/s, coverage (cov/ft of
# libFuzzer's last status line), crashes. FUZZ_TARGETS="a b" runs only those.
# FUZZ_RUNS=N runs each target until N executions instead (FUZZ_SECS then only
# bounds it; default a day), e.g. `make fuzz FUZZ_RUNS=10000000`.
# The dictionary fuzz/dicts/forge.dict holds header names, dates, JSON keys, URLs.
# Exits 1 when any target crashed; the inputs are in fuzz/artifacts/<target>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
runs=${FUZZ_RUNS:-}
if [[ -n $runs ]]; then
  secs=${FUZZ_SECS:-86400}
else
  secs=${FUZZ_SECS:-75}
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz (crates.io)…"
  cargo install cargo-fuzz --locked
fi
nice -n 19 cargo +nightly fuzz build -s none
bin="$root/fuzz/target/x86_64-unknown-linux-gnu/release"
targets=${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}
seeds="$root/target/fuzz-seeds"
rm -rf "$seeds"
scripts/fuzz-seeds.sh "$seeds"
logs="$root/target/fuzz-logs"
mkdir -p "$logs"
# Inputs longer than a target reads gain nothing and cost executions.
max_len() {
  case $1 in
    base_url | token_shape) echo 512 ;;
    links | link_rule | vault_envelope) echo 1024 ;;
    limits | settings | list_structured) echo 4096 ;;
    validate_*) echo 8192 ;;
    *) echo 16384 ;;
  esac
}
rows=()
failed=0
for t in $targets; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "$seeds/$t"
  echo "fuzzing $t for ${runs:+$runs executions or }${secs}s…"
  set +e
  nice -n 19 "$bin/$t" ${runs:+-runs="$runs"} -max_total_time="$secs" -rss_limit_mb=64 -malloc_limit_mb=64 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" \
    -dict=fuzz/dicts/forge.dict -max_len="$(max_len "$t")" \
    "fuzz/corpus/$t" "$seeds/$t" >"$logs/$t.log" 2>&1
  code=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$logs/$t.log" | tail -1 | tr -s ' ' | sed 's/cov: //; s/ ft: /\//')
  crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)
  if [[ $code -ne 0 || $crashes -ne 0 ]]; then failed=1; fi
  rows+=("$(printf '%-20s %12s %10s %14s %8s' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$crashes")")
done
echo
printf '%-20s %12s %10s %14s %8s\n' target executions exec/s 'cov/ft' crashes
printf '%s\n' "${rows[@]}"
echo "(logs: target/fuzz-logs/; inputs that crashed: fuzz/artifacts/<target>/)"
exit "$failed"
