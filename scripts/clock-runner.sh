#!/usr/bin/env bash
# Runs a command (a test binary, as cargo's target runner, or Vitest) under
# libfaketime at $AMPEL_FAKETIME, local time of $TZ; the clock then runs on from
# there in every process it starts (each from its own start), and monotonic
# clocks stay real so timeouts keep their length. LD_PRELOAD rather than the
# `faketime` wrapper: the wrapper waits for every process that inherited its
# pipe and trips over semaphores left by a killed earlier run.
set -euo pipefail
: "${AMPEL_FAKETIME:?set by scripts/test-clock.sh}"
lib=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$lib" ] || { echo "libfaketime is missing: run scripts/setup.sh test" >&2; exit 1; }
# The instant as seconds since the epoch, read in the run's own zone: libfaketime reads
# a date text in each process's local zone, so a child started with another TZ (the
# CLI tests set TZ per run) would otherwise start hours away from its parent.
epoch=$(date -d "$AMPEL_FAKETIME" +%s)
export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
export FAKETIME="@$epoch" FAKETIME_FMT=%s FAKETIME_DONT_FAKE_MONOTONIC=1
exec "$@"
