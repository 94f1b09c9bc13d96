#!/usr/bin/env bash
# Cargo target runner for `make test-clock`: starts a test binary under
# libfaketime at $AMPEL_FAKETIME (local time of $TZ), the clock then running on
# from there; monotonic clocks stay real so timeouts keep their length.
set -euo pipefail
: "${AMPEL_FAKETIME:?set by scripts/test-clock.sh}"
export FAKETIME_DONT_FAKE_MONOTONIC=1
exec faketime -m -f "@$AMPEL_FAKETIME" "$@"
